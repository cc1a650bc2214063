#!/usr/bin/env python3
"""Screenshots of the site for the README: docs/screenshots/desktop.png (home
page, 1280x900) and docs/screenshots/phone.png (黑名单, 360x740).

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
