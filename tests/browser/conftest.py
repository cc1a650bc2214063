"""Fixtures for tests that drive a real browser over the built site.

- ``built_site``: Path of the output folder, built once per session from the
  repository's data/ as of 2026-11-29 (shared with test_links and test_html_valid).
- ``site_url``: the base URL (ending in ``/``) of a local server for it.
- ``browser``: one headless Debian chromium for the session.
- ``new_page(**context_options)``: a page in a fresh context (viewport,
  ``java_script_enabled``, ``bypass_csp`` …) with the guards below.
- ``page``: ``new_page()`` with the defaults.
- ``browser_problems``: what the guards saw in this test, for tests to assert on.

Guards on every page made here: a request to any host other than 127.0.0.1 is
aborted and recorded; console errors (CSP violations show up there) and
uncaught page errors are recorded. A test that ends with any of them recorded
fails at teardown, even if it did not assert on ``browser_problems`` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.harness import build_once, is_local, launch, serve


@dataclass
class BrowserProblems:
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.external_requests or self.console_errors)

    def __str__(self) -> str:
        lines = [f"request to another host: {u}" for u in self.external_requests]
        lines += [f"console error: {e}" for e in self.console_errors]
        return "\n".join(lines)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def new_page(browser, site_url: str, browser_problems: BrowserProblems) -> Iterator[Callable[..., object]]:
    contexts = []

    def make(**context_options):
        context = browser.new_context(base_url=site_url, **context_options)
        contexts.append(context)

        def guard(route) -> None:
            if is_local(route.request.url):
                route.continue_()
            else:
                route.abort("blockedbyclient")

        context.route("**/*", guard)
        context.on("request", lambda request: None if is_local(request.url) else browser_problems.external_requests.append(request.url))
        context.on("console", lambda message: browser_problems.console_errors.append(f"{message.text} ({message.location.get('url', '')})")
                   if message.type == "error" else None)
        context.on("weberror", lambda error: browser_problems.console_errors.append(f"uncaught: {error.error}"))
        context.set_default_timeout(10_000)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    assert not browser_problems, f"the browser saw problems:\n{browser_problems}"


@pytest.fixture
def page(new_page):
    return new_page()
