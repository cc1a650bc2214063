"""The full build: Pelican pages, open data, reports, reproducibility, atomic publishing."""

from __future__ import annotations

import datetime as dt
import html.parser
import json
import shutil
from pathlib import Path

import pytest

from credit_rows import id_number, row, uscc, write_csv
from creditlists.publish import build as build_module
from creditlists.publish.build import build_site

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 29)


PERSON_ID = id_number("42010619750315123")
PUBLISHED_ORG = uscc("91420106MA4K00001")
EXPIRED_ORG = uscc("91420106MA4K00002")
WITHDRAWN_ORG = uscc("91420106MA4K00003")


def black(name: str, code: str, decision: str, start: str, end: str, **more: str) -> dict[str, str]:
    return row(名单类型="黑名单", 主体类型="法人及非法人组织", 主体名称=name, 统一社会信用代码=code, 类别="虚假广告",
               列入事由="发布虚假广告", 认定依据="《广告法》第五十五条", 决定文书号=decision, 认定日期=start, 公示截止日期=end, **more)


@pytest.fixture
def small_data(tmp_path: Path) -> Path:
    """Two departments: one published, one expired, one withdrawn entry, a person, a rejected row."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocab", data / "vocab")
    shutil.copyfile(ROOT / "data" / "SAMPLE-DATA.txt", data / "SAMPLE-DATA.txt")  # fictional, every name says 示例
    (data / "departments.csv").write_text("部门代码,部门名称,联系电话\nscjgj,市场监管（示例）,027-1\nrsj,人社（示例）,027-2\n", encoding="utf-8")
    write_csv(data / "submissions" / "scjgj" / "2024-01-01-黑名单.csv", [
        black("=在列示例公司", PUBLISHED_ORG, "武昌市监罚〔2024〕1号", "2024-01-01", "2026-12-31"),
        black("到期示例公司", EXPIRED_ORG, "武昌市监罚〔2024〕2号", "2024-01-01", "2025-01-01"),
        black("移出示例公司", WITHDRAWN_ORG, "武昌市监罚〔2024〕3号", "2024-01-01", "2026-12-31"),
        black("错误示例公司", PUBLISHED_ORG[:-1] + "0", "武昌市监罚〔2024〕4号", "2024-01-01", "2026-12-31"),
    ])
    write_csv(data / "submissions" / "scjgj" / "2024-06-01-移出.csv", [
        row(主体类型="法人及非法人组织", 统一社会信用代码=WITHDRAWN_ORG, 决定文书号="武昌市监罚〔2024〕3号", 操作="移出", 移出原因="信用修复"),
    ])
    write_csv(data / "submissions" / "rsj" / "2025-01-01-红名单.csv", [
        row(名单类型="红名单", 主体类型="自然人", 主体名称="李示例", 身份证件号码=PERSON_ID, 类别="优秀青年志愿者",
            列入事由="志愿服务", 决定文书号="武昌人社〔2025〕1号", 认定日期="2025-01-01"),
    ], encoding="gb18030")
    return data


def build(data: Path, out: Path, reports: Path) -> str:
    return build_site(data, out, reports, AS_OF)


def all_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_home_lists_and_open_data(small_data, tmp_path):
    out = tmp_path / "output"
    summary = build(small_data, out, tmp_path / "reports")
    home = (out / "index.html").read_text(encoding="utf-8")
    black_page = (out / "black" / "index.html").read_text(encoding="utf-8")
    red_page = (out / "red" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in home and "数据更新至 2026-11-29" in home
    assert home.count('<span class="card-count">1</span>') == 2
    assert "=在列示例公司" in black_page and "李示例" in red_page
    assert "示例数据" in home  # the sample-data notice is on
    lines = summary.splitlines()
    assert lines[0] == "构建日期 2026-11-29：红名单 1 条，黑名单 1 条在列。"
    assert [line.split() for line in lines[1:]] == [
        ["部门", "读取", "公示", "拒绝", "移出", "取代", "到期", "重复"],
        ["rsj", "1", "1", "0", "0", "0", "0", "0"],  # the person
        ["scjgj", "5", "1", "1", "1", "1", "1", "0"],  # 4 rows and the 移出 row: each state once but repeated
    ]


def test_expired_withdrawn_and_rejected_entries_appear_nowhere_in_output(small_data, tmp_path):
    out = tmp_path / "output"
    build(small_data, out, tmp_path / "reports")
    for name, content in all_bytes(out).items():
        text = content.decode("utf-8", errors="ignore")
        for absent in ("到期示例公司", "移出示例公司", "错误示例公司", PERSON_ID):
            assert absent not in text, f"{absent} in {name}"
    assert "420106***********" + PERSON_ID[-1] in (out / "data" / "entries.csv").read_text(encoding="utf-8-sig")


TEXT_TAGS = ("h1", "h2", "h3", "p", "li", "summary")


class _ReportPage(html.parser.HTMLParser):
    """A department report page as (tag, text) for every h1, h2, h3, p, li and summary, and ("tr", [cell texts]) for every table row."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[tuple[str, object]] = []
        self.text: list[str] | None = None
        self.row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row = []
        elif tag in (*TEXT_TAGS, "td", "th"):
            self.text = []
        elif tag == "details":
            self.parts.append(("details", ""))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None and self.text is not None:
            self.row.append("".join(self.text).strip())
        elif tag in TEXT_TAGS and self.text is not None:
            self.parts.append((tag, "".join(self.text).strip()))
        elif tag == "tr" and self.row is not None:
            self.parts.append(("tr", self.row))
            self.row = None
        if tag in (*TEXT_TAGS, "td", "th"):
            self.text = None

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)


def report_page(path: Path) -> list[tuple[str, object]]:
    parser = _ReportPage()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.parts


BAD_CHECKSUM = (f"统一社会信用代码“{PUBLISHED_ORG[:-1]}0”的校验位（第 18 位）与前 17 位对不上，说明代码中至少有一位抄错了，不一定是最后一位。"
                "请拿营业执照逐位核对整个代码后重新填写；不要只改最后一位，那样可能把抄错的代码变成另一家单位的代码。")


def test_reports_stay_outside_output_and_count_every_row(small_data, tmp_path):
    reports, out = tmp_path / "reports", tmp_path / "output"
    build(small_data, out, reports)
    assert sorted(p.name for p in reports.iterdir()) == ["index.json", "rsj.html", "rsj.json", "scjgj.html", "scjgj.json"]
    wrong_code = (PUBLISHED_ORG[:-1] + "0").encode()  # quoted by the report, never published
    assert [name for name, content in all_bytes(out).items() if wrong_code in content or name.endswith("scjgj.json")] == []
    scjgj = json.loads((reports / "scjgj.json").read_text(encoding="utf-8"))
    states = {"read": 5, "published": 1, "rejected": 1, "withdrawn": 1, "superseded": 1, "expired": 1, "repeated": 0}
    fix_row_5 = ("第 5 行被拒绝，没有公示：请只把以下被拒绝的行按下表的说明改正后，另存为一个新文件报送（文件名以报送日期开头），"
                 "“操作”照原样填写（原来是“新增”的仍填“新增”）。其余的行已经处理，不必再报送。")
    assert scjgj == {"department": "scjgj", "as_of": "2026-11-29", "previous_as_of": None, "states": states, "notices": [], "files": [
        {"path": "submissions/scjgj/2024-06-01-移出.csv", "department": "scjgj", "encoding": "utf-8", "encoding_label": "UTF-8",
         "rows": 1, "accepted": 1, "rejected": 0, "errors": [], "warnings": [],
         "kind": "submission", "name": "2024-06-01-移出.csv", "date": "2024-06-01", "new": True,
         "states": {"published": 0, "rejected": 0, "withdrawn": 1, "superseded": 0, "expired": 0, "repeated": 0},
         "next_steps": ["全部 1 行已处理，无需再做什么。"]},
        {"path": "submissions/scjgj/2024-01-01-黑名单.csv", "department": "scjgj", "encoding": "utf-8", "encoding_label": "UTF-8",
         "rows": 4, "accepted": 3, "rejected": 1, "warnings": [],
         "errors": [{"row": 5, "column": "统一社会信用代码", "column_number": 4, "code": "bad-uscc-checksum", "message": BAD_CHECKSUM}],
         "kind": "submission", "name": "2024-01-01-黑名单.csv", "date": "2024-01-01", "new": False,
         "states": {"published": 1, "rejected": 1, "withdrawn": 0, "superseded": 1, "expired": 1, "repeated": 0},
         "next_steps": [fix_row_5]},
    ]}
    rsj_states = {"read": 1, "published": 1, "rejected": 0, "withdrawn": 0, "superseded": 0, "expired": 0, "repeated": 0}
    assert json.loads((reports / "rsj.json").read_text(encoding="utf-8")) == {
        "department": "rsj", "as_of": "2026-11-29", "previous_as_of": None, "states": rsj_states, "notices": [], "files": [
            {"path": "submissions/rsj/2025-01-01-红名单.csv", "department": "rsj", "encoding": "gb18030", "encoding_label": "GBK/GB18030",
             "rows": 1, "accepted": 1, "rejected": 0, "errors": [], "warnings": [],
             "kind": "submission", "name": "2025-01-01-红名单.csv", "date": "2025-01-01", "new": True,
             "states": {"published": 1, "rejected": 0, "withdrawn": 0, "superseded": 0, "expired": 0, "repeated": 0},
             "next_steps": ["全部 1 行已处理，无需再做什么。"]}]}
    assert json.loads((reports / "index.json").read_text(encoding="utf-8")) == {
        "as_of": "2026-11-29", "departments": {"rsj": rsj_states, "scjgj": states}}
    totals = [("h2", "全部文件合计（历年）"), ("tr", ["读取行数", "公示中", "被拒绝", "已移出", "被更新取代", "已到期", "重复报送（无需改动）"])]
    assert report_page(reports / "scjgj.html") == [
        ("h1", "市场监管（示例） 报送校验报告"),
        ("p", "内部文件，含报送原文（可能包括身份证件号码），不得公开。构建日期：2026-11-29。"),
        ("h2", "最新报送的文件"),  # no earlier report: the newest file is this build's
        ("h3", "2024-06-01-移出.csv"),
        ("p", "编码：UTF-8；数据行 1，接受 1，拒绝 0。"),
        ("p", "下一步："),
        ("li", "全部 1 行已处理，无需再做什么。"),
        ("p", "没有发现问题。"),
        ("h2", "以前报送的文件（只列行数）"),
        ("details", ""),
        ("summary", "2024-01-01-黑名单.csv：数据行 4，接受 3，拒绝 1"),  # folded: counts only, not the problem
        ("p", "编码：UTF-8；错误 1 条，提示 0 条；公示中 1，被拒绝 1，已移出 0，被更新取代 1，已到期 1，重复报送（无需改动） 0。"),
        *totals,
        ("tr", ["5", "1", "1", "1", "1", "1", "0"]),
    ]
    assert report_page(reports / "rsj.html")[2:] == [
        ("h2", "最新报送的文件"),
        ("h3", "2025-01-01-红名单.csv"),
        ("p", "编码：GBK/GB18030；数据行 1，接受 1，拒绝 0。"),
        ("p", "下一步："),
        ("li", "全部 1 行已处理，无需再做什么。"),
        ("p", "没有发现问题。"),
        *totals,
        ("tr", ["1", "1", "0", "0", "0", "0", "0"]),
    ]


def test_each_count_of_the_report_stands_under_its_heading(small_data, tmp_path):
    """Counts that all differ, so that two columns swapped on the page or in the JSON show:
    published 1, rejected 2, withdrawn 3, superseded 4, expired 5 (15 rows read)."""
    from creditlists.pipeline import compile_dataset
    from creditlists.publish.reports import write_reports

    shutil.rmtree(small_data / "submissions")
    folder = small_data / "submissions" / "scjgj"
    codes = [uscc(f"91420106MA4K1{n:04d}") for n in range(12)]
    added = [black(f"在列{n}示例公司", codes[n], f"武昌市监罚〔2024〕{n}号", "2024-01-01", "2026-12-31") for n in range(4)]
    expired = [black(f"到期{n}示例公司", codes[4 + n], f"武昌市监罚〔2024〕{4 + n}号", "2024-01-01", "2025-01-01") for n in range(5)]
    rejected = [black("错误示例公司", codes[9], "武昌市监罚〔2024〕9号", "2024-13-01", "2026-12-31"),
                black("错误示例公司", codes[10][:-1] + ("1" if codes[10][-1] != "1" else "2"), "武昌市监罚〔2024〕10号", "2024-01-01", "2026-12-31")]
    write_csv(folder / "2024-01-01-黑名单.csv", added + expired + rejected)
    write_csv(folder / "2024-06-01-变更.csv", [
        black("在列0示例公司", codes[0], "武昌市监罚〔2024〕0号", "2024-01-01", "2027-06-30", 操作="更新"),
        *[row(主体类型="法人及非法人组织", 统一社会信用代码=codes[n], 决定文书号=f"武昌市监罚〔2024〕{n}号", 操作="移出", 移出原因="信用修复")
          for n in (1, 2, 3)],
    ])
    dataset = compile_dataset(small_data, AS_OF)
    assert build_module.summary(dataset).splitlines()[0] == "构建日期 2026-11-29：红名单 0 条，黑名单 1 条在列。"
    assert [line.split() for line in build_module.summary(dataset).splitlines()[1:]] == [
        ["部门", "读取", "公示", "拒绝", "移出", "取代", "到期", "重复"], ["scjgj", "15", "1", "2", "3", "4", "5", "0"]]
    write_reports(dataset, tmp_path / "reports")
    states = {"read": 15, "published": 1, "rejected": 2, "withdrawn": 3, "superseded": 4, "expired": 5, "repeated": 0}
    assert json.loads((tmp_path / "reports" / "scjgj.json").read_text(encoding="utf-8"))["states"] == states
    assert report_page(tmp_path / "reports" / "scjgj.html")[-2:] == [
        ("tr", ["读取行数", "公示中", "被拒绝", "已移出", "被更新取代", "已到期", "重复报送（无需改动）"]),
        ("tr", ["15", "1", "2", "3", "4", "5", "0"]),
    ]


def test_same_data_and_date_give_byte_identical_output(small_data, tmp_path):
    build(small_data, tmp_path / "a", tmp_path / "ra")
    build(small_data, tmp_path / "b", tmp_path / "rb")
    assert all_bytes(tmp_path / "a") == all_bytes(tmp_path / "b")
    assert all_bytes(tmp_path / "ra") == all_bytes(tmp_path / "rb")


def test_datapackage_passes_frictionless_and_catches_a_changed_byte(small_data, tmp_path):
    from frictionless import validate

    out = tmp_path / "output"
    build(small_data, out, tmp_path / "reports")
    package = out / "data" / "datapackage.json"
    assert validate(str(package)).valid
    csv_path = out / "data" / "entries.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace("示例".encode(), "实例".encode(), 1))
    assert not validate(str(package)).valid


def test_a_failing_step_leaves_the_previous_output_untouched(small_data, tmp_path, monkeypatch):
    out = tmp_path / "output"
    build(small_data, out, tmp_path / "reports")
    before = all_bytes(out)

    def broken(*args, **kwargs):
        raise RuntimeError("render failed")

    monkeypatch.setattr(build_module, "run_pelican", broken)
    write_csv(small_data / "submissions" / "scjgj" / "2024-07-01-黑名单.csv",
              [black("新增示例公司", uscc("91420106MA4K00004"), "武昌市监罚〔2024〕5号", "2024-07-01", "2026-12-31")])
    with pytest.raises(RuntimeError):
        build(small_data, out, tmp_path / "reports")
    assert all_bytes(out) == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_two_builds_of_the_sample_data_are_byte_identical(tmp_path):
    """The whole bundled data folder, every page, feed, chart and index included."""
    for name in ("a", "b"):
        build_site(ROOT / "data", tmp_path / name, tmp_path / f"r{name}", AS_OF)
    first, second = all_bytes(tmp_path / "a"), all_bytes(tmp_path / "b")
    assert len(first) > 500
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_a_build_over_two_processes_writes_the_same_bytes(tmp_path, monkeypatch):
    """Large builds render pages and lunr shards in forked workers; the result must not change."""
    from creditlists import settings

    build_site(ROOT / "data", tmp_path / "one", tmp_path / "r1", AS_OF)
    monkeypatch.setattr(settings, "PARALLEL_MIN_ENTRIES", 0)
    monkeypatch.setattr(settings, "BUILD_PROCESSES", 2)
    build_site(ROOT / "data", tmp_path / "two", tmp_path / "r2", AS_OF)
    one, two = all_bytes(tmp_path / "one"), all_bytes(tmp_path / "two")
    assert sorted(one) == sorted(two) and [name for name in one if one[name] != two[name]] == []
