"""A site with no entry in force (every entry withdrawn) in Chromium: pages load, search answers "nothing".

``site_url`` is overridden for this module: the pages come from a build of a
small data folder whose only entry was withdrawn. The guards of conftest.py
fail a test on any console error (a search.js that chokes on an empty index)
or request to another host.
"""

from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest

from credit_rows import black_org, make_data_dir, withdrawal, write_csv
from tests.browser.harness import AS_OF, ROOT, serve


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    from creditlists.publish.build import build_site

    folder = tmp_path_factory.mktemp("empty")
    data = make_data_dir(folder / "data")
    shutil.copyfile(ROOT / "data" / "SAMPLE-DATA.txt", data / "SAMPLE-DATA.txt")  # every name carries 示例
    write_csv(data / "submissions" / "scjgj" / "2024-9-1-黑名单.csv", [black_org()])
    write_csv(data / "submissions" / "scjgj" / "2024-10-01-移出.csv", [withdrawal()])
    build_site(data, folder / "output", folder / "reports", AS_OF)
    with serve(folder / "output") as url:
        yield url


@pytest.mark.parametrize("query", ["示例", "甲示例商贸", "91420106MA4K00001"])
def test_search_on_an_empty_index_finds_nothing_and_says_so(page, query):
    page.goto(f"search/?q={quote(query)}")
    page.wait_for_selector("#search-results[data-state=done]")
    assert page.locator("li.result").count() == 0
    assert f"没有找到与“{query}”相符的在列条目" in page.locator("#search-results").inner_text()


@pytest.mark.parametrize("path", ["", "red/", "black/", "changes/", "data/"])
def test_pages_of_an_empty_site_load(page, path):
    page.goto(path)
    assert page.locator("h1").count() == 1
