"""No script from data runs: hostile names and texts reach every page, feed,
search result and open-data file as inert text."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest

from credit_rows import DEPARTMENTS_CSV, black_org, red_person, uscc, write_csv
from creditlists.publish.build import build_site
from tests.browser.harness import AS_OF, ROOT, serve

HOSTILE_NAMES = [
    "<script>window.__xss='script'</script>注入示例甲",
    '"><img src=x onerror="window.__xss=\'img\'">注入示例乙',
    "注入示例丙</script><script>window.__xss='close'</script>",
    "注入示例丁{{ 7*7 }}${7*7}",
    "注入示例戊\\u2028第二行\u2029",  # a JSON escape as text; U+2028 itself is refused in a name (tests/test_hidden_text.py)
    "=HYPERLINK(\"http://example.invalid\",\"注入示例己\")",
]
HOSTILE_TEXT = "javascript:window.__xss='link' <a href=\"javascript:window.__xss='a'\">点我</a>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(ROOT / "data" / "vocab", data / "vocab")
    (data / "departments.csv").write_text(DEPARTMENTS_CSV.replace("市场监管（示例）", "<b>市场监管</b>（示例）"), encoding="utf-8")
    rows = [black_org(主体名称=name, 统一社会信用代码=uscc(f"91420106MA4K0{n:04d}"), 决定文书号=f"武昌市监罚〔2024〕{n}号",
                      列入事由=HOSTILE_TEXT, 认定依据=HOSTILE_TEXT, 法定代表人="<i>张示例</i>")
            for n, name in enumerate(HOSTILE_NAMES, start=1)]
    write_csv(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", rows)
    write_csv(data / "submissions" / "rsj" / "2024-01-01-红名单.csv", [red_person(主体名称="<svg onload=alert(1)>注入示例庚")])
    output = data.parent / "output"
    build_site(data, output, data.parent / "reports", AS_OF)
    return output


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    with serve(hostile_site) as url:
        yield url


def inert(page) -> dict:
    """What injected code would have left behind on the current page."""
    return page.evaluate("""() => ({
        xss: window.__xss === undefined ? null : String(window.__xss),
        imgs: document.querySelectorAll('img[src="x"], img[onerror]').length,
        svgs: document.querySelectorAll('svg[onload]').length,
        bold: document.querySelectorAll('main b, main i').length,
        scripts: Array.from(document.scripts).filter(s => !s.src).length,
        jsLinks: Array.from(document.querySelectorAll('a[href]')).filter(a => a.getAttribute('href').trim().toLowerCase().startsWith('javascript')).length,
    })""")


CLEAN = {"xss": None, "imgs": 0, "svgs": 0, "bold": 0, "scripts": 0, "jsLinks": 0}


def visit_everything(page, base: str, site: Path) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    paths = ["", "black/", "red/", "changes/", "department/", "department/scjgj/"]
    paths += [p.parent.relative_to(site).as_posix() + "/" for p in sorted((site / "subject").glob("*/index.html"))]
    seen = {}
    for path in paths:
        page.goto(base + path)
        seen[path] = inert(page)
    page.goto(base + "search/?q=" + quote("注入示例"))
    page.wait_for_selector("#search-results[data-state=done]")
    seen["search"] = inert(page)
    seen["search-results"] = page.locator("li.result").count()
    assert {k: v for k, v in seen.items() if k != "search-results" and v != CLEAN} == {}
    assert seen["search-results"] == len(HOSTILE_NAMES) + 1  # the red-list person too
    assert dialogs == []
    return paths


def test_hostile_text_stays_text_on_every_page_and_in_search(browser, hostile_site, hostile_url):
    context = browser.new_context()
    page = context.new_page()
    paths = visit_everything(page, hostile_url, hostile_site)
    assert len([p for p in paths if p.startswith("subject/")]) == len(HOSTILE_NAMES) + 1
    page.goto(hostile_url + "black/")
    shown = page.locator("table.entries").inner_text()
    assert "<script>window.__xss='script'</script>注入示例甲" in shown
    assert '"><img src=x onerror=' in shown and "{{ 7*7 }}${7*7}" in shown
    context.close()


def test_search_results_show_the_names_literally(browser, hostile_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(hostile_url + "search/?q=" + quote("注入示例乙"))
    page.wait_for_selector("#search-results[data-state=done]")
    assert page.locator("li.result a").inner_text() == HOSTILE_NAMES[1]
    assert inert(page) == CLEAN
    context.close()


def test_feeds_and_open_data_carry_the_text_escaped(hostile_site):
    feed = (hostile_site / "feeds" / "changes.atom.xml").read_text(encoding="utf-8")
    root = ET.fromstring(feed)  # well-formed XML
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("注入示例甲" in (t or "") for t in titles)
    assert "<script>" not in feed and "&lt;script&gt;" in feed
    records = json.loads((hostile_site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]
    # as submitted, trimmed (U+2029 at the end counts as white space; the text \u2028 inside stays text)
    assert sorted(r["主体名称"] for r in records if r["名单类型"] == "黑名单") == sorted(n.strip() for n in HOSTILE_NAMES)
    docs = json.loads((hostile_site / "search" / "store" / "0.json").read_text(encoding="utf-8"))
    assert sum(1 for d in docs if d[0] in {n.strip() for n in HOSTILE_NAMES}) == len(HOSTILE_NAMES)
