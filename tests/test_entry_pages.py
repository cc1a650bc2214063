"""Entry pages say only what applies (issue 15): each measure's scope held
against the policy's words, pages that list only the measures of their entry,
red-list pages without credit repair, and the small things of the lists."""

from __future__ import annotations

import csv
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from credit_rows import ROOT
from creditlists.intake.vocab import load_vocabulary
from creditlists.publish.site import tel_href
from tests.browser.harness import build_once
from tools.serve import server

POLICY = ROOT / "content" / "pages" / "policy.md"  # the policy's full text, as the site publishes it
ABLE_BUT_REFUSING = "有履行能力但拒不履行、逃避执行"
ORG, TRADER, PERSON = "法人及非法人组织", "个体工商户", "自然人"


def scope_from_the_words(name: str, condition: str) -> tuple[frozenset[str], frozenset[str]]:
    """What the policy's own wording gives as a measure's (categories, subject types); empty = all.

    二（五）2: "对有履行法定义务能力但拒不履行的严重失信主体实施限制出境…高消费行为等措施";
    "对严重失信企业及其法定代表人…实施市场和行业禁入措施" / "撤销…荣誉称号"; 二（四）2:
    "对诚信个人…重点支持和优先便利", "诚信市场主体" for 优先考虑 and 优化检查频次.
    """
    words = name + condition
    if "有履行法定义务能力但拒不履行" in words:
        return frozenset({ABLE_BUT_REFUSING}), frozenset()
    if "诚信个人" in words:
        return frozenset(), frozenset({PERSON})
    if "市场主体" in words:
        return frozenset(), frozenset({ORG, TRADER})
    if "严重失信企业" in words:
        return frozenset(), frozenset({ORG})
    return frozenset(), frozenset()


def test_every_measure_quotes_the_policy_and_has_the_scope_its_words_give():
    policy = re.sub(r"\s+", "", POLICY.read_text(encoding="utf-8"))
    vocabulary = load_vocabulary(ROOT / "data")
    measures = [m for items in vocabulary.measures.values() for m in items]
    assert len(measures) == 26
    for measure in measures:
        assert re.sub(r"\s+", "", measure.condition).removeprefix("对") in policy, measure.name  # 撤销荣誉称号: "及时撤销严重失信企业…"
        assert (measure.categories, measure.subject_types) == scope_from_the_words(measure.name, measure.condition), measure.name
    high_consumption = [m.name for m in measures if m.categories == {ABLE_BUT_REFUSING}]
    assert len(high_consumption) == 6 and "限制乘坐飞机" in high_consumption


def test_a_scope_naming_an_unknown_category_stops_the_build(tmp_path):
    import shutil

    from creditlists.intake.datafiles import DataFolderError

    shutil.copytree(ROOT / "data" / "vocab", tmp_path / "vocab")
    path = tmp_path / "vocab" / "measures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("youlvxingnenglidanjubulvxing-taobizhixing", "no-such-category", 1), encoding="utf-8")
    with pytest.raises(DataFolderError, match="“适用类别”：“no-such-category”无效"):
        load_vocabulary(tmp_path)


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory.mktemp("site"))


def entries_by_category(output: Path) -> dict[str, list[dict[str, str]]]:
    with (output / "data" / "entries.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        found.setdefault(row["类别"], []).append(row)
    return found


def subject_page(output: Path, row: dict[str, str]) -> str:
    """The page of the subject of an entries.csv row (its code; persons are found by their masked id on the page)."""
    if row["统一社会信用代码"]:
        return (output / "subject" / row["统一社会信用代码"] / "index.html").read_text(encoding="utf-8")
    pages = [p for p in (output / "subject").glob("p-*/index.html") if row["决定文书号"] in p.read_text(encoding="utf-8")]
    return pages[0].read_text(encoding="utf-8")


def measures_block(page: str) -> str:
    return "".join(re.findall(r'<details class="measures">.*?</details>', page, re.S))


def test_a_false_advertising_entry_lists_no_flight_ban_and_a_refusing_one_does(output):
    by_category = entries_by_category(output)
    advertising = [r for r in by_category["虚假广告"] if r["名单类型"] == "黑名单"]
    refusing = by_category[ABLE_BUT_REFUSING]
    assert advertising and refusing
    for row in advertising:
        page = subject_page(output, row)
        if ABLE_BUT_REFUSING not in page:
            assert "限制乘坐飞机" not in measures_block(page) and "列为重点监管对象" in measures_block(page)
    for row in refusing:
        assert "限制乘坐飞机" in measures_block(subject_page(output, row))


def test_a_red_list_page_has_no_credit_repair_and_persons_get_their_own_measure(output):
    red = [r for rows in entries_by_category(output).values() for r in rows if r["名单类型"] == "红名单"]
    only_red = [r for r in red if "黑名单" not in subject_page(output, r).split("<h1>")[1].split("</dl>")[0]]
    assert only_red
    for row in only_red:
        page = subject_page(output, row)
        assert "信用修复" not in page.split("<main")[1].split("</main>")[0]
        assert "<h2>异议</h2>" in page
        assert ("重点支持和优先便利" in measures_block(page)) == (row["主体类型"] == PERSON)


def test_the_black_list_heading_says_it_once_and_the_order_is_stated(output):
    page = (output / "black" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1>\s*黑名单\s*</h1>", page)
    assert "排列顺序：按认定部门，同一部门内按认定日期从早到晚，再按决定文书号。" in page
    assert 'class="date">20' in page


def test_department_phones_are_tel_links(output):
    page = (output / "department" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="tel:0\d{9,11}">027-', page)
    assert tel_href("027-8888 8888（工作日）") == "tel:0278888"
    assert tel_href("未提供") == "" and tel_href('027-1"><script>') == "tel:0271"


def test_the_preview_server_answers_unknown_paths_with_the_sites_404_page(output):
    running = server(output, port=0)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    try:
        port = running.server_address[1]
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no/such/page/")
        assert missing.value.code == 404
        assert missing.value.read() == (output / "404.html").read_bytes()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/black/") as found:
            assert found.status == 200
    finally:
        running.shutdown()
        running.server_close()
