"""Search in Chromium against the built sample site: every query of the table, exactly."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

TABLE = json.loads((Path(__file__).resolve().parents[1] / "search" / "queries.json").read_text(encoding="utf-8"))


def run_query(page, query: str, extra: str = "") -> list[list[str]]:
    """Open the search page for ``query``, show every result, return (decision, name) pairs."""
    page.goto(f"search/?q={quote(query)}{extra}")
    page.wait_for_selector("#search-results[data-state=done]")
    while page.locator("button.more").count():
        page.click("button.more")
    items = page.locator("li.result")
    pairs = items.evaluate_all("els => els.map(e => [e.getAttribute('data-decision'), e.getAttribute('data-name')])")
    return sorted(pairs)


def test_every_query_of_the_table_gives_exactly_its_expected_results(page):
    wrong = {}
    for row in TABLE:
        found = run_query(page, row["query"])
        if found != row["expect"]:
            missing = [p for p in row["expect"] if p not in found]
            extra = [p for p in found if p not in row["expect"]]
            wrong[row["query"]] = {"missing": missing[:5], "extra": extra[:5], "counts": (len(found), len(row["expect"]))}
    # recall and precision of 100 %: no query misses or adds a single result
    assert wrong == {}


SEARCHED = ("主体名称", "统一社会信用代码", "法定代表人", "决定文书号", "认定部门", "类别", "领域")


def test_wuchang_shows_every_current_entry_that_holds_it_names_first(page, built_site):
    records = json.loads((built_site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]
    holding = sorted([r["决定文书号"], r["主体名称"]] for r in records if any("武昌" in r[c] for c in SEARCHED))
    named = sum(1 for r in records if "武昌" in r["主体名称"])
    assert 100 < named < len(holding)
    assert run_query(page, "武昌") == holding
    assert page.locator("#result-count").inner_text() == f"找到 {len(holding)} 条在列条目"
    names = page.locator("li.result").evaluate_all("els => els.map(e => e.getAttribute('data-name'))")
    assert ["武昌" in n for n in names] == [True] * named + [False] * (len(names) - named)  # a match in the name first
    assert set(page.locator("li.result mark").all_inner_texts()) == {"武昌"}


def test_list_filter_keeps_one_list(page):
    everything = run_query(page, "示例")
    black = run_query(page, "示例", "&list=" + quote("黑名单"))
    badges = set(page.locator("li.result .result-title .badge").all_inner_texts())
    assert badges == {"黑名单"} and 0 < len(black) < len(everything)


def test_pages_shown_live_in_the_address_and_an_empty_list_is_not_a_link(page):
    page.goto(f"search/?q={quote('示例')}")
    page.wait_for_selector("#search-results[data-state=done]")
    assert page.locator("li.result").count() == 50
    page.click("button.more")
    page.wait_for_function("document.querySelectorAll('li.result').length === 100")
    assert "page=2" in page.url
    page.goto(page.url)  # a shared link, or Back from a result: the same view
    page.wait_for_selector("#search-results[data-state=done]")
    assert page.locator("li.result").count() == 100
    page.goto(f"search/?q={quote('逃税骗税')}")  # a black-list category: no red entry
    page.wait_for_selector("#search-results[data-state=done]")
    assert page.locator(".list-filter span.empty").all_inner_texts() == ["红名单（0）"]
    assert page.locator(".list-filter a").all_inner_texts() == ["黑名单（29）"]


def test_no_result_says_so_with_tips(page):
    assert run_query(page, "不存在的名称") == []
    text = page.locator("#search-results").inner_text()
    assert "没有找到与“不存在的名称”相符的在列条目" in text and "有限公司" in text


def test_index_loads_only_when_search_is_used(new_page):
    page = new_page()
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/search/" in r.url and r.url.endswith(".json") else None)
    page.goto("")
    page.goto("search/")
    page.wait_for_load_state("networkidle")
    assert fetched == []
    page.fill("#q-page", "黄鹤")
    page.click(".search-large button")
    page.wait_for_selector("#search-results[data-state=done]")
    assert sorted(u.split("/search/", 1)[-1] for u in fetched) == ["meta.json", "shard/0.json", "store/0.json", "texts/0.json"]


def test_search_box_on_every_page_leads_to_results(page):
    page.goto("black/")
    page.fill("#q-top", "黄鹤")
    page.press("#q-top", "Enter")
    page.wait_for_selector("#search-results[data-state=done]")
    assert page.locator("li.result").count() == next(len(r["expect"]) for r in TABLE if r["query"] == "黄鹤")


def test_results_link_to_subject_pages(page):
    run_query(page, "黄鹤")
    first = page.locator("li.result a").first
    name = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == name


@pytest.fixture(scope="module")
def split_site_url(tmp_path_factory):
    """The sample site with its index split as a large site's is (many shards, frequent tokens apart)."""
    from creditlists import settings
    from creditlists.publish.build import build_site
    from tests.browser.harness import AS_OF, ROOT, serve

    folder = tmp_path_factory.mktemp("split")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "SEARCH_SINGLE_INDEX_MAX_DOCS", 0)
        patch.setattr(settings, "SEARCH_SHARD_POSTINGS", 300)
        patch.setattr(settings, "SEARCH_FREQUENT_MIN_DOCS", 20)
        build_site(ROOT / "data", folder / "output", folder / "reports", AS_OF)
    meta = json.loads((folder / "output" / "search" / "meta.json").read_text(encoding="utf-8"))
    assert meta["shards"] > 10 and len(meta["frequent"]) > 10
    with serve(folder / "output") as url:
        yield url


def test_every_query_of_the_table_on_a_split_index(browser, split_site_url):
    """The same table on the split index; a very common word lists its first results with the exact total."""
    context = browser.new_context(base_url=split_site_url)
    page = context.new_page()
    wrong = {}
    for row in TABLE:
        found = run_query(page, row["query"])
        count = page.locator("#result-count").inner_text() if page.locator("#result-count").count() else "找到 0 条"
        total_ok = f"找到 {len(row['expect'])} 条" in count
        if found == row["expect"] and (total_ok or not row["expect"]):
            continue
        if total_ok and "列出前" in count and set(map(tuple, found)) <= set(map(tuple, row["expect"])):
            continue  # a very common word: exact total, the first results listed
        wrong[row["query"]] = {"found": len(found), "expected": len(row["expect"]), "status": count}
    context.close()
    assert wrong == {}


def test_a_result_shows_its_columns_as_meta_json_says(page, built_site):
    """Badge, title, the line of columns and the matched code, as the site showed them before
    search.js read column names and list types from meta.json (creditlists/search/index.py)."""
    from creditlists import schema as s

    records = json.loads((built_site / "data" / "entries.json").read_text(encoding="utf-8"))["entries"]
    codes = [r[s.USCC] for r in records]
    for kind, badge in ((s.RED, "badge-red"), (s.BLACK, "badge-black")):
        entry = next(r for r in records if r[s.LIST_TYPE] == kind and r[s.USCC] and codes.count(r[s.USCC]) == 1)
        assert run_query(page, entry[s.USCC]) == [[entry[s.DECISION], entry[s.NAME]]]
        item = page.locator("li.result")
        assert item.locator(".badge").get_attribute("class") == f"badge {badge}"
        assert item.locator(".result-title").inner_text() == f"{kind} {entry[s.NAME]}"
        assert item.locator(".result-meta").inner_text() == " · ".join(
            [entry[s.CATEGORY], entry[s.DEPARTMENT_NAME], f"{s.START} {entry[s.START]}", f"{s.END} {entry[s.END]}",
                 entry[s.DECISION]])
        assert item.locator(".result-match").all_inner_texts() == [f"{s.USCC}：{entry[s.USCC]}"]
        counts = {s.RED: 0, s.BLACK: 0} | {kind: 1}
        assert page.locator(".list-filter").inner_text().split() == ["全部（1）"] + [f"{k}（{counts[k]}）" for k in s.LIST_TYPES]
