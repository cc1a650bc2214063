"""What the browser, HTML and link checks share: one built site, a local
server for it, Debian's chromium driven by Playwright, the node tools.

Used by tests/browser/conftest.py, tests/test_links.py, tests/test_html_valid.py
and tools/screenshots.py. The site is built at most once per process, so the
whole test session shares one build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 29)
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
LOCAL_HOST = "127.0.0.1"

# The pages every whole-site check looks at (URLs relative to the site root);
# a subject and a department page are added from the built output.
FIXED_PAGES = ["", "black/", "policy/", "changes/", "data/", "guide/", "guide/check/", "stats/", "check/"]
# Matter lists, usage reports, supervision and measures (creditlists/publish/policy_pages.py).
POLICY_PAGES = ["matters/", "usage/", "usage/supervision/", "measures/"]

_built: dict[str, Path] = {}


def chromium_path() -> str:
    """Debian's chromium; Playwright's own browser download is never used."""
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not found:
        raise RuntimeError("chromium is missing: run `make setup` (it installs Debian's chromium)")
    return found


def require(path: Path) -> Path:
    if not path.exists():
        raise RuntimeError(f"{path.relative_to(ROOT)} is missing: run `make setup` (npm ci)")
    return path


def build_once(folder: Path) -> Path:
    """Build the site from the repository's data/ into ``folder``/output, once per process.

    Later calls return the first build, whatever folder they pass.
    """
    if "output" not in _built:
        from creditlists.publish.build import build_site

        output = folder / "output"
        build_site(ROOT / "data", output, folder / "reports", AS_OF)
        _built["output"] = output
    return _built["output"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser that drops a connection (navigating on) is no error; anything else is."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port in a background thread; yields the base URL ending in /."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch(playwright):
    """A headless chromium from Debian with the flags that keep it off the network."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


def is_local(url: str) -> bool:
    """True for requests to the test server (and for data:, blob:, about: URLs, which go nowhere)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == LOCAL_HOST


@dataclass
class Traffic:
    """Every request a guarded context made, those the guard refused, and the page's console errors."""

    requests: list[tuple[str, str, bytes | None]] = field(default_factory=list)  # method, URL, body
    refused: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def guarded_context(browser, site_url: str, traffic: Traffic, **options):
    """A browser context whose every request goes through the guard: another host, or not a GET, is aborted and recorded.

    The pages that promise "nothing is uploaded" (the file checker, the batch check)
    are tested in such a context; each module's guard test first shows the guard
    catching a foreign request and a POST.
    """
    context = browser.new_context(base_url=site_url, **options)

    def guard(route) -> None:
        request = route.request
        traffic.requests.append((request.method, request.url, request.post_data_buffer))
        if is_local(request.url) and request.method == "GET":
            route.continue_()
        else:
            traffic.refused.append(f"{request.method} {request.url}")
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    context.on("console", lambda message: traffic.console_errors.append(message.text) if message.type == "error" else None)
    context.on("weberror", lambda error: traffic.console_errors.append(f"uncaught: {error.error}"))
    return context


def refused_by_the_guard(browser, site_url: str, page_url: str, same_site_file: str, body: str) -> Traffic:
    """The hazard a guarded page's tests first show: from ``page_url``, a GET to another host
    and a POST of ``body`` to the site's own ``same_site_file`` are both caught and refused."""
    seen = Traffic()
    context = guarded_context(browser, site_url, seen, bypass_csp=True)  # the CSP would stop the foreign request first
    page = context.new_page()
    page.goto(page_url)
    page.evaluate("""([file, body]) => Promise.allSettled([
        fetch('http://example.invalid/collect'),
        fetch(file, {method: 'POST', body: body}),
    ])""", [same_site_file, body])
    context.close()
    return seen


def first_page(output: Path, pattern: str, containing: str = "") -> str:
    """The URL (relative to the site root) of the first ``pattern``/index.html, in sorted order,
    whose HTML contains ``containing``."""
    for path in sorted(output.glob(f"{pattern}/index.html")):
        if containing in path.read_text(encoding="utf-8"):
            return path.parent.relative_to(output).as_posix() + "/"
    raise AssertionError(f"the built site has no page matching {pattern}/ that contains {containing!r}")


def checked_pages(output: Path) -> list[str]:
    """The pages the accessibility and HTML checks cover, as URLs relative to the site root."""
    return FIXED_PAGES + [
        first_page(output, "subject/*"),
        first_page(output, "department/*"),
        first_page(output, "red/category/*", containing='<table class="entries">'),
    ] + POLICY_PAGES + [
        first_page(output, "usage/20*"),
        first_page(output, "usage/department/*"),
        first_page(output, "matters/department/*"),
        first_page(output, "measures/*"),
    ]
