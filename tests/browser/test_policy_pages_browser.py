"""The matter, usage, supervision and measure pages in a real browser: the
charts load as images, the supervision table reads right on a phone, the
matter list filters without JavaScript, and a black-list entry leads to its
measures."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

PHONE = {"width": 360, "height": 740}


def test_usage_charts_load_as_images_with_alt_text(page, site_url, browser_problems):
    for path in ("usage/", "usage/2026Q3/", "usage/department/wmb/"):
        page.goto(urljoin(site_url, path))
        chart = page.locator("figure.chart img")
        assert chart.count() == 1, path
        chart.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
        assert "数据见下表" in chart.get_attribute("alt")
        assert page.locator("table.usage").count() >= 1
    assert not browser_problems, str(browser_problems)


def test_supervision_shows_the_missing_quarter_on_a_phone(new_page, site_url, browser_problems):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(urljoin(site_url, "usage/supervision/"))
    row = page.locator("table.supervision tbody tr", has=page.get_by_role("link", name=re.compile("精神文明")))
    cells = row.locator("td").evaluate_all("tds => tds.map(td => [td.dataset.label, td.innerText.trim()])")
    assert cells == [["2025Q3", "已报送"], ["2025Q4", "已报送"], ["2026Q1", "已报送"], ["2026Q2", "未报送"], ["2026Q3", "已报送"], ["2026Q4", "未到期"]]
    # On a phone each cell shows its quarter before the status (the data-label).
    label = row.locator("td").nth(3).evaluate("td => getComputedStyle(td, '::before').content")
    assert "2026Q2" in label
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not browser_problems, str(browser_problems)


@pytest.mark.parametrize("path", ["matters/", "usage/2026Q3/", "measures/"])
def test_no_horizontal_scrolling_on_a_phone(new_page, site_url, browser_problems, path):
    page = new_page(viewport=PHONE)
    page.goto(urljoin(site_url, path))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    assert not browser_problems, str(browser_problems)


def test_matter_list_filters_by_kind_and_department_without_javascript(new_page, site_url, browser_problems):
    page = new_page(java_script_enabled=False)
    page.goto(urljoin(site_url, "matters/"))
    total = page.locator("table.matters tbody tr").count()
    page.locator("details.filters section", has=page.locator("h2", has_text="事项类型")).get_by_role("link", name="公共资源交易").click()
    page.wait_for_url(re.compile(r"/matters/type/gonggongziyuanjiaoyi/$"))
    kinds = page.locator("table.matters td[data-label='事项类型']").all_inner_texts()
    assert kinds and set(kinds) == {"公共资源交易"} and len(kinds) < total
    assert "第二部分（三）3" in page.locator("section.policy-quote").inner_text()
    page.goto(urljoin(site_url, "department/scjgj/"))
    page.get_by_role("link", name="本部门使用信用记录和信用报告的事项清单").click()
    page.wait_for_url(re.compile(r"/matters/department/scjgj/$"))
    assert page.locator("table.matters tbody tr").count() >= 5
    assert not browser_problems, str(browser_problems)


def test_black_list_entry_leads_to_its_measures(page, site_url, browser_problems):
    page.goto(urljoin(site_url, "black/"))
    page.locator("table.entries tbody td[data-label='主体名称'] a").first.click()
    page.wait_for_url(re.compile(r"/subject/[^/]+/$"))
    measures = page.locator("article.entry-black details.measures").first
    measures.locator("summary").click()
    assert "第二部分（五）2" in measures.inner_text()
    # a measure every black-list entry can be given (限制出境 is only for 有履行能力但拒不履行、逃避执行)
    measures.get_by_role("link", name="列为重点监管对象").click()
    page.wait_for_url(re.compile(r"/measures/lieweizhongdianjianguanduixiang/$"))
    assert page.locator("h1").inner_text().endswith("列为重点监管对象")
    assert not browser_problems, str(browser_problems)
