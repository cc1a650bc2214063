"""The pages for matter lists, usage reports, supervision and measures, built
by the full build from a small data folder of their own."""

from __future__ import annotations

import csv
import html.parser
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from credit_rows import ORG_USCC, black_org, make_data_dir, red_person, write_csv
from creditlists.publish.build import build_site
from creditlists.publish.policy_pages import section_anchor, section_title
from policy_rows import AS_OF, matter, usage, write_matters, write_usage

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


def make_policy_data(folder: Path) -> Path:
    """scjgj: a black entry, a matter list (one formula-like name), reports for 2026Q2 and 2026Q3;
    rsj: a red entry, a matter list, a report for 2026Q2 only (so 2026Q3 is 未报送)."""
    data = make_data_dir(folder)
    write_csv(data / "submissions" / "scjgj" / "2024-03-31-黑名单.csv", [black_org()])
    write_csv(data / "submissions" / "rsj" / "2025-01-31-红名单.csv", [red_person()])
    write_matters(data, "scjgj", [
        matter(备注="内部备注不公开"),
        matter(事项名称="=食品经营许可", 事项类型="重点领域监管", 使用方式="查询信用记录、联合奖惩", 设定依据="《中华人民共和国食品安全法》"),
    ])
    write_matters(data, "rsj", [matter(事项名称="人力资源服务许可", 设定依据="《人力资源市场暂行条例》")])
    write_usage(data, "2026Q2", "scjgj", [usage(查询信用记录次数="101"), usage(事项名称="=食品经营许可", 查询信用记录次数="202", 备注="内部备注不公开")])
    write_usage(data, "2026Q3", "scjgj", [usage(查询信用记录次数="404", 使用信用报告份数="31", 失信约束次数="7", 守信激励次数="9")])
    write_usage(data, "2026Q2", "rsj", [usage(事项名称="人力资源服务许可", 查询信用记录次数="44"), usage(事项名称="不在清单的事项", 查询信用记录次数="1")])
    return data


def build(data: Path, out: Path, reports: Path) -> Path:
    build_site(data, out, reports, AS_OF)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("policy")
    return build(make_policy_data(folder / "data"), folder / "output", folder / "reports")


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


class _Table(html.parser.HTMLParser):
    """The text of every cell of the first <table>, row by row, and each cell's data-label."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str | None, str]]] = []
        self.depth = 0
        self.cell: list[str] | None = None
        self.label: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.depth += 1
        elif self.depth == 1 and tag == "tr":
            self.rows.append([])
        elif self.depth == 1 and tag in ("td", "th"):
            self.cell, self.label = [], dict(attrs).get("data-label")

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth = -1 if self.depth == 1 else self.depth - 1
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append((self.label, "".join(self.cell).strip()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(text: str) -> list[list[tuple[str | None, str]]]:
    parser = _Table()
    parser.feed(text)
    return parser.rows


# --- pages exist and link to each other -----------------------------------------

PAGES = [
    "matters", "matters/type/zhunrushenpi", "matters/department/scjgj", "matters/department/rsj", "usage", "usage/2026Q2",
    "usage/2026Q3", "usage/department/scjgj", "usage/department/rsj", "usage/supervision", "measures",
    "measures/xianzhichujing", "measures/youxianbanli",
]


NAVIGATION = ["red", "black", "department", "changes", "stats", "measures", "matters", "usage", "data", "policy", "repair", "guide", "check"]


@pytest.mark.parametrize("url", PAGES)
def test_page_exists_in_chinese_with_the_navigation(site, url):
    text = page(site, url)
    assert '<html lang="zh-CN">' in text
    nav = text.split('<nav aria-label="主导航">', 1)[1].split("</nav>", 1)[0]
    up = "../" * (url.count("/") + 1)
    assert re.findall(r'href="([^"]*)"', nav) == [f"{up}{target}/" for target in NAVIGATION]


def test_no_quarter_page_for_a_quarter_not_over(site):
    assert not (site / "usage" / "2026Q4").exists()
    assert not (site / "usage" / "2026Q4" / "chart.svg").exists()


def test_district_matter_list_is_filterable_without_javascript(site):
    text = page(site, "matters")
    assert "<script" not in text.split("<main", 1)[1]
    for link in ("matters/type/zhunrushenpi/", "matters/type/zhongdianlingyujianguan/", "matters/department/scjgj/", "matters/department/rsj/"):
        assert link in text
    rows = table(text)
    assert [dict(r)["事项名称"] for r in rows[1:]] == ["企业登记注册", "=食品经营许可", "人力资源服务许可"]
    # every cell carries its column's heading, for the narrow-screen layout
    assert [[label for label, _ in r] for r in rows[1:]] == [[heading for _, heading in rows[0]]] * 3
    kind = table(page(site, "matters/type/zhongdianlingyujianguan"))
    assert [dict(r)["事项名称"] for r in kind[1:]] == ["=食品经营许可"]
    assert "内部备注不公开" not in text


def test_department_page_links_to_its_matter_list_and_usage(site):
    text = page(site, "department/scjgj")
    assert "matters/department/scjgj/" in text and "usage/department/scjgj/" in text
    own = page(site, "matters/department/scjgj")
    assert [dict(r)["事项名称"] for r in table(own)[1:]] == ["企业登记注册", "=食品经营许可"]


# --- usage and supervision ----------------------------------------------------------

def test_supervision_table_reads_reported_missing_and_not_due(site):
    rows = table(page(site, "usage/supervision"))
    header = [text.split("截止")[0] for _, text in rows[0]]
    assert header == ["部门", "2026Q2", "2026Q3", "2026Q4"]
    body = {cells[0][1]: [text for _, text in cells[1:]] for cells in rows[1:-1]}
    assert body == {"市场监管（示例）": ["已报送", "已报送", "未到期"], "人社（示例）": ["已报送", "未报送", "未到期"]}
    assert [label for label, _ in rows[1]] == ["部门", "2026Q2", "2026Q3", "2026Q4"]
    assert "截止 2026-10-15" in page(site, "usage/supervision")


def test_quarter_page_has_a_table_per_department_and_district_totals(site):
    text = page(site, "usage/2026Q2")
    totals = table(text)
    assert [dict(r).get("查询信用记录次数") for r in totals[1:]] == ["303", "45", "348"]
    assert dict(totals[-1])["部门"] == "全区合计"
    assert 'id="d-scjgj"' in text and 'id="d-rsj"' in text
    assert "不在清单的事项" in text and "不在事项清单中" in text
    assert '<img src="../../usage/2026Q2/chart.svg" alt="' in text


def test_department_history_shows_each_quarter(site):
    rows = table(page(site, "usage/department/rsj"))
    assert [(dict(r)["季度"], dict(r)["报送情况"], dict(r)["查询信用记录次数"]) for r in rows[1:]] == [
        ("2026 年第 2 季度", "已报送", "45"), ("2026 年第 3 季度", "未报送", "—"),
    ]


def svg_texts(path: Path) -> set[str]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return {"".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")}


def test_chart_files_are_svg_carrying_the_numbers_they_plot(site):
    charts = sorted(p.relative_to(site).as_posix() for p in (site / "usage").rglob("*.svg"))  # the statistics' charts: tests/test_stats.py
    assert charts == ["usage/2026Q2/chart.svg", "usage/2026Q3/chart.svg", "usage/chart.svg",
                      "usage/department/rsj/chart.svg", "usage/department/scjgj/chart.svg"]
    q2 = svg_texts(site / "usage/2026Q2/chart.svg")
    assert {"303", "45", "市场监管（示例）", "人社（示例）", "查询信用记录次数", "守信激励次数"} <= q2 and "未报送" not in q2
    assert {"404", "31", "7", "9", "未报送"} <= svg_texts(site / "usage/2026Q3/chart.svg")
    assert {"348", "404", "2026Q2", "2026Q3"} <= svg_texts(site / "usage/chart.svg")
    assert {"303", "404"} <= svg_texts(site / "usage/department/scjgj/chart.svg")
    assert {"45", "2026Q3"} <= svg_texts(site / "usage/department/rsj/chart.svg")


# --- measures -------------------------------------------------------------------------

def subject_page(site: Path, name: str) -> str:
    for path in sorted((site / "subject").glob("*/index.html")):
        text = path.read_text(encoding="utf-8")
        if name in text:
            return text
    raise AssertionError(f"no subject page for {name}")


def test_black_list_subject_page_shows_measures_with_section_and_links(site):
    text = subject_page(site, "甲示例商贸有限公司")  # 虚假广告, an organisation: 19 measures less the six for 有履行能力但拒不履行
    assert "可适用的失信约束和惩戒措施（13 项）" in text
    assert 'href="../../policy/#s2-5-2">第二部分（五）2</a>' in text
    for slug, name in (("congyanshenhexingzhengxukeshenpixiangmu", "从严审核行政许可审批项目"),
                       ("xianzhicanyuyouguangonggongziyuanjiaoyih", "限制参与有关公共资源交易活动")):
        assert f'<a href="../../measures/{slug}/">{name}</a>' in text
    assert "优先办理" not in text and "限制出境" not in text


def test_red_list_subject_page_shows_incentives(site):
    text = subject_page(site, "李示例")
    assert '<a href="../../measures/youxianbanli/">优先办理</a>' in text and "第二部分（四）2" in text
    assert "限制出境" not in text


def test_category_page_shows_the_measures_that_apply(site):
    text = page(site, "black/category/xujiaguanggao")
    assert "可适用的失信约束和惩戒措施（13 项）" in text and 'href="../../../measures/lieweizhongdianjianguanduixiang/"' in text
    assert 'href="../../../measures/xianzhichujing/"' not in text
    assert "第二部分（五）2" in text and "第二部分二" not in text


def test_measure_page_gives_section_condition_and_entry_count(site):
    text = page(site, "measures/xianzhichujing")
    assert "对有履行法定义务能力但拒不履行的严重失信主体" in text
    assert 'href="../../policy/#s2-5-2">第二部分（五）2</a>' in text
    assert "黑名单 1 条" in text


def test_section_anchor_and_title():
    assert [section_anchor(s) for s in ("二（三）1", "二（五）2", "三（三）", "别的")] == ["s2-3-1", "s2-5-2", "s3-3", "opinions"]
    assert section_title("二（四）2") == "第二部分（四）2" and section_title("三（三）") == "第三部分（三）"


# --- open data and reproducibility -------------------------------------------------------

def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_matters_and_usage_open_data_are_neutralised_and_without_remarks(site):
    matters = read_csv(site / "data" / "matters.csv")
    assert [(m["部门代码"], m["事项名称"], m["政策条款"]) for m in matters] == [
        ("scjgj", "企业登记注册", "二（三）1"), ("scjgj", "'=食品经营许可", "二（三）4"), ("rsj", "人力资源服务许可", "二（三）1")]
    usage_rows = read_csv(site / "data" / "usage.csv")
    assert [(u["季度"], u["部门代码"], u["事项名称"], u["查询信用记录次数"], u["在事项清单中"]) for u in usage_rows] == [
        ("2026Q2", "scjgj", "企业登记注册", "101", "是"), ("2026Q2", "scjgj", "'=食品经营许可", "202", "是"),
        ("2026Q2", "rsj", "人力资源服务许可", "44", "是"), ("2026Q2", "rsj", "不在清单的事项", "1", "否"),
        ("2026Q3", "scjgj", "企业登记注册", "404", "是")]
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".json", ".html", ".svg"):
            assert "内部备注不公开" not in path.read_text(encoding="utf-8", errors="ignore"), path


def test_datapackage_lists_the_new_files_and_passes_frictionless(site):
    from frictionless import validate

    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"] if not r["path"].startswith("stats/")] == ["entries.csv", "entries.xlsx", "entries.json", "changes.csv", "changes.xlsx", "changes.json",
                                                                                                    "matters.csv", "matters.xlsx", "usage.csv", "usage.xlsx"]  # stats/: tests/test_stats.py
    assert validate(str(site / "data" / "datapackage.json")).valid
    assert "matters.csv" in page(site, "data") and "usage.csv" in page(site, "data")


def test_reports_include_matter_and_usage_problems(site):
    def files(department: str) -> dict[str, tuple]:
        report = json.loads((site.parent / "reports" / f"{department}.json").read_text(encoding="utf-8"))
        return {f["path"]: (f["rows"], f["accepted"], [(p["row"], p["column"], p["code"]) for p in f["errors"] + f["warnings"]])
                for f in report["files"]}

    assert files("rsj") == {
        "submissions/rsj/2025-01-31-红名单.csv": (1, 1, []),
        "matters/rsj.csv": (1, 1, []),
        "usage/2026Q2/rsj.csv": (2, 2, [(3, "事项名称", "unknown-matter")]),  # a warning: the row still counts
    }
    assert files("scjgj") == {
        "submissions/scjgj/2024-03-31-黑名单.csv": (1, 1, []),
        "matters/scjgj.csv": (2, 2, []),
        "usage/2026Q2/scjgj.csv": (2, 2, []),
        "usage/2026Q3/scjgj.csv": (1, 1, []),
    }


def test_same_data_and_date_give_byte_identical_pages_charts_and_data(tmp_path):
    data = make_policy_data(tmp_path / "data")
    first = build(data, tmp_path / "a", tmp_path / "ra")
    second = build(data, tmp_path / "b", tmp_path / "rb")
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}  # noqa: E731
    a, b = files(first), files(second)
    assert "usage/2026Q3/chart.svg" in a and "data/usage.csv" in a
    assert a == b


def test_a_site_without_matters_or_usage_still_builds(tmp_path):
    data = make_data_dir(tmp_path / "data")
    write_csv(data / "submissions" / "scjgj" / "2024-03-31-黑名单.csv", [black_org()])
    out = build(data, tmp_path / "out", tmp_path / "reports")
    assert "目前还没有已结束的季度可以报告" in page(out, "usage")
    assert "本部门尚未报送事项清单" in page(out, "matters/department/scjgj")
    assert not list((out / "usage").rglob("*.svg"))
    black = page(out, "black")
    assert [dict(r) for r in table(black)[1:]] == [{
        "主体名称": "甲示例商贸有限公司", "主体类型": "法人及非法人组织", "类别": "虚假广告", "认定部门": "市场监管（示例）",
        "认定日期": "2024-03-05", "公示截止日期": "2027-03-04"}]
    assert f'<a href="../subject/{ORG_USCC}/">甲示例商贸有限公司</a>' in black
