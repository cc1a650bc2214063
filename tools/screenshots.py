#!/usr/bin/env python3
"""Screenshots of the site for the README: docs/screenshots/desktop.png (home
page, 1280x900), docs/screenshots/phone.png (黑名单, 360x740) and
docs/screenshots/checker.png (the file checker with the findings of a bad file, 1280 wide).

    .venv/bin/python tools/screenshots.py          # from output/ (built first if missing)
    .venv/bin/python tools/screenshots.py --build  # from a fresh build as of 2026-11-29 (what `make screenshots` does)

Uses the same local server and Debian chromium as the browser tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.harness import AS_OF, build_once, launch, serve  # noqa: E402

TARGET = ROOT / "docs" / "screenshots"
SHOTS = [
    ("desktop.png", "", {"width": 1280, "height": 900}),
    ("phone.png", "black/", {"width": 360, "height": 740}),
]
# The file checker after checking this file for scjgj (Pyodide starts first: a few seconds).
CHECKED_FILE = ROOT / "tests" / "fixtures" / "bad" / "ragged-rows.csv"


def checker_shot(browser, url: str, target: Path) -> Path:
    """The whole checker page with the findings of CHECKED_FILE."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1, locale="zh-CN")
    page = context.new_page()
    page.goto(url + "guide/check/")
    page.select_option("#check-department", "scjgj")
    page.set_input_files("#check-file", str(CHECKED_FILE))
    page.wait_for_selector("#check-result:not([hidden])", timeout=60_000)
    page.screenshot(path=str(target / "checker.png"), full_page=True)
    context.close()
    return target / "checker.png"


def take(site: Path, target: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    target.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        for name, path, viewport in SHOTS:
            context = browser.new_context(viewport=viewport, device_scale_factor=1, locale="zh-CN")
            page = context.new_page()
            page.goto(url + path)
            page.screenshot(path=str(target / name), full_page=False)
            context.close()
            written.append(target / name)
        written.append(checker_shot(browser, url, target))
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help=f"build the site from data/ as of {AS_OF} into a temporary folder first")
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="the built site to photograph (default output/)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as scratch:
        if args.build:
            site = build_once(Path(scratch))
        elif (args.output / "index.html").is_file():
            site = args.output
        else:
            from creditlists.publish.build import build_site

            build_site(ROOT / "data", args.output, ROOT / "reports", AS_OF)
            site = args.output
        for path in take(site, TARGET):
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
