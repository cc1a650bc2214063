"""axe-core (from node_modules, locked in package-lock.json) on the main kinds
of page: no violation of serious or critical impact.

axe is injected as a script tag, which the site's Content-Security-Policy
(no inline scripts) would block, so these pages open in a context that
bypasses CSP. Nothing is excluded: problems are fixed in the theme.
"""

from __future__ import annotations

import json
from urllib.parse import urljoin

import pytest

from tests.browser.harness import AXE_JS, checked_pages, require

BLOCKING = {"serious", "critical"}


def pages_to_check(built_site) -> list[str]:
    return checked_pages(built_site)


@pytest.fixture(scope="module")
def axe_script() -> str:
    return str(require(AXE_JS))


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}")
            lines.append(f"      {node['html'][:200]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def run_axe(page, script: str) -> list[dict]:
    page.add_script_tag(path=script)
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations;
    }""")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 360, "height": 740}], ids=["desktop", "phone"])
def test_no_serious_accessibility_violations(new_page, built_site, site_url, axe_script, browser_problems, viewport):
    page = new_page(bypass_csp=True, viewport=viewport)
    found = {}
    for path in pages_to_check(built_site):
        page.goto(urljoin(site_url, path))
        blocking = [v for v in run_axe(page, axe_script) if v["impact"] in BLOCKING]
        if blocking:
            found[path] = describe(blocking)
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(f"/{p}\n{text}" for p, text in found.items())
    assert not browser_problems, str(browser_problems)


def test_axe_is_the_locked_version(new_page, site_url, axe_script):
    """The axe that ran is the one in package-lock.json, not something else on the path."""
    lock = json.loads((AXE_JS.parents[2] / "package-lock.json").read_text(encoding="utf-8"))
    page = new_page(bypass_csp=True)
    page.goto(site_url)
    page.add_script_tag(path=axe_script)
    assert page.evaluate("axe.version") == lock["packages"]["node_modules/axe-core"]["version"]
