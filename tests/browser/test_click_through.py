"""A visitor's path through the built site in a real browser, a phone-sized
screen, and the static filters with JavaScript switched off."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.browser.harness import ROOT

SITENAME = "武昌区信用红黑名单公示"
ENTRY_FACTS = ["列入事由", "认定依据", "决定文书号", "认定部门", "认定日期", "公示截止日期"]
PHONE_WIDTH, PHONE_HEIGHT = 360, 740


def department_phones() -> dict[str, str]:
    with (ROOT / "data" / "departments.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {r["部门名称"]: r["联系电话"] for r in csv.DictReader(handle)}


def facts(article) -> dict[str, str]:
    """The <dt>/<dd> pairs of a dl.facts inside ``article``."""
    return article.locator("dl.facts").first.evaluate(
        """dl => Object.fromEntries([...dl.querySelectorAll('dt')].map(dt => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()]))"""
    )


def test_home_to_black_list_to_subject_to_department_to_policy(page, site_url, browser_problems):
    page.goto(site_url)
    assert page.title() == SITENAME
    assert page.locator("h1").inner_text() == SITENAME
    black_count = int(page.locator(".card-black .card-count").inner_text())
    assert black_count > 0
    assert "示例" in page.locator(".sample-notice").inner_text()

    # 黑名单 from the main navigation.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="黑名单", exact=True).click()
    page.wait_for_url(re.compile(r"/black/$"))
    assert "黑名单" in page.locator("h1").inner_text()
    assert f"共 {black_count} 条在列" in page.locator("main").inner_text()
    assert page.locator("table.entries tbody tr").count() > 0

    # A category filter: the filters are folded (the table comes first on a phone); unfold them.
    page.locator("details.filters summary").click()
    categories = page.locator("details.filters section", has=page.locator("h2", has_text="类别")).get_by_role("link")
    assert categories.count() > 0
    category = categories.first.inner_text()
    categories.first.click()
    page.wait_for_url(re.compile(r"/black/category/[a-z0-9-]+/$"))
    assert page.locator("h1").inner_text().endswith(category)
    assert f"类别：{category}" in page.locator("nav.crumbs").inner_text()
    assert page.locator("section.policy-quote blockquote").inner_text().strip()
    shown = page.locator("table.entries tbody td[data-label='类别']").all_inner_texts()
    assert shown and all(c == category for c in shown)

    # The first subject of that category.
    subject_link = page.locator("table.entries tbody td[data-label='主体名称'] a").first
    subject = subject_link.inner_text()
    subject_link.click()
    page.wait_for_url(re.compile(r"/subject/[^/]+/$"))
    assert page.locator("h1").inner_text() == subject
    entry = page.locator("article.entry-black", has=page.locator("h2", has_text=category)).first
    entry_facts = facts(entry)
    for name in ENTRY_FACTS:
        assert entry_facts.get(name), f"{name} missing on the subject page: {entry_facts}"
    department = entry.locator("dd a[href*='department/']").first.inner_text()
    phone = department_phones()[department]
    assert entry_facts["认定部门"] == f"{department}，电话 {phone}"
    start, end = entry_facts["认定日期"], entry_facts["公示截止日期"][:10]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", start) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", end)
    assert start < end

    # The department that decided it.
    entry.locator("dd a[href*='department/']").first.click()
    page.wait_for_url(re.compile(r"/department/[^/]+/$"))
    assert page.locator("h1").inner_text() == department
    assert facts(page.locator("main"))["联系电话"] == phone

    # The policy text, with the stable anchors that subject pages link to:
    # the section heading (五) and its item 2, the black-list measures.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政策", exact=True).click()
    page.wait_for_url(re.compile(r"/policy/$"))
    assert page.get_by_role("heading", name="健全约束和惩戒失信行为机制").get_attribute("id") == "s2-5"
    anchor = page.locator("#s2-5-2")
    assert anchor.count() == 1
    assert "建立健全失信约束和惩戒机制" in anchor.locator("strong").first.inner_text()

    assert not browser_problems, str(browser_problems)


@pytest.mark.parametrize("path", ["", "black/", "red/"])
def test_no_horizontal_scrolling_on_a_phone(new_page, site_url, browser_problems, path):
    page = new_page(viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT})
    page.goto(urljoin(site_url, path))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"/{path} scrolls sideways at {PHONE_WIDTH} px: {width} px wide"
    assert not browser_problems, str(browser_problems)


FILTER_KINDS = {"category": "类别", "department": "认定部门", "year": "认定年份"}


def filter_links(built_site: Path, list_slug: str) -> dict[str, list[str]]:
    """Every filter page linked from a list's first page, by kind, as URLs relative to the site root."""
    html = (built_site / list_slug / "index.html").read_text(encoding="utf-8")
    links = {kind: re.findall(rf'href="(?:\.\./)*({list_slug}/{kind}/[^"/]+/)"', html) for kind in FILTER_KINDS}
    assert all(links.values()), f"/{list_slug}/ lacks a kind of filter: {links}"
    return links


@pytest.mark.parametrize("list_slug", ["red", "black"])
def test_every_filter_works_without_javascript(new_page, built_site, site_url, browser_problems, list_slug):
    links = filter_links(built_site, list_slug)
    # Every filter is a static page with its entries in the HTML itself …
    for link in (link for kind in links.values() for link in kind):
        html = (built_site / link / "index.html").read_text(encoding="utf-8")
        assert '<table class="entries">' in html, f"/{link} has no table of entries in its HTML"
    # … and a browser without JavaScript shows them and moves between them.
    page = new_page(java_script_enabled=False)
    for kind, name in FILTER_KINDS.items():
        page.goto(urljoin(site_url, links[kind][0]))
        assert f"{name}：" in page.locator("nav.crumbs").inner_text()
        assert page.locator("table.entries tbody tr").count() > 0, f"/{links[kind][0]} shows no entries"
        # Filters are folded away on a filtered page; <details> opens without script.
        filters = page.locator("details.filters")
        assert filters.get_attribute("open") is None
        filters.locator("summary").click()
        other = filters.locator("section", has=page.locator("h2", has_text=name)).get_by_role("link").last
        expected = urljoin(page.url, other.get_attribute("href"))
        other.click()
        page.wait_for_url(expected)
        assert page.locator("table.entries tbody tr").count() > 0
    assert not browser_problems, str(browser_problems)
