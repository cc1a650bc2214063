"""Quarterly usage reports (data/usage/<YYYY>Q<n>/<部门代码>.csv): every rule
failing and passing, quarters and due days, the supervision cells, the charts."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from credit_rows import flat, make_data_dir
from creditlists.intake.departments import load_departments
from creditlists.intake.usage import Quarter, parse_count, parse_quarter, quarter_of, validate_usage_file
from creditlists.policy.matters import load_matters
from creditlists.policy.usage import MISSING, load_usage, status_of, supervised_quarters, supervision
from creditlists.publish import charts
from policy_rows import AS_OF, USAGE_HEADER, matter, usage, write_matters, write_usage

SVG = "{http://www.w3.org/2000/svg}"
LISTED = {"企业登记注册", "食品经营许可"}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return make_data_dir(tmp_path / "data")


@pytest.fixture
def check(data: Path):
    """Write rows as scjgj's report for ``quarter`` and check it; returns (report, quarter, rows)."""

    def run(rows, quarter="2026Q3", header=USAGE_HEADER, names=LISTED, as_of=AS_OF, suffix=".csv"):
        path = write_usage(data, quarter, "scjgj", rows, header, suffix)
        return validate_usage_file(path, "scjgj", f"usage/{quarter}/{path.name}", quarter, names, as_of)

    return run


COUNT_COLUMNS = ("查询信用记录次数", "使用信用报告份数", "失信约束次数", "守信激励次数")

FAILING = [
    pytest.param(usage(事项名称=""), [(2, "事项名称", "missing-value")], id="matter-empty"),
    *[pytest.param(usage(**{column: ""}), [(2, column, "missing-value")], id=f"{column}-empty") for column in COUNT_COLUMNS],
    *[pytest.param(usage(**{column: "-3"}), [(2, column, "bad-count")], id=f"{column}-negative") for column in COUNT_COLUMNS],
    pytest.param(usage(查询信用记录次数="12次"), [(2, "查询信用记录次数", "bad-count")], id="count-with-unit"),
    pytest.param(usage(查询信用记录次数="3.5"), [(2, "查询信用记录次数", "bad-count")], id="count-with-fraction"),
    pytest.param(usage(查询信用记录次数="十二"), [(2, "查询信用记录次数", "bad-count")], id="count-in-words"),
    pytest.param(usage(查询信用记录次数="12,00"), [(2, "查询信用记录次数", "bad-count")], id="count-with-misplaced-comma"),
]

PASSING = [
    pytest.param(usage(), id="complete"),
    pytest.param(usage(查询信用记录次数="0", 使用信用报告份数="0", 失信约束次数="0", 守信激励次数="0"), id="all-zero"),
    pytest.param(usage(查询信用记录次数="1,200"), id="thousands-separator"),
    pytest.param(usage(查询信用记录次数="１２"), id="full-width-digits"),
    pytest.param(usage(查询信用记录次数=" 12 "), id="spaces-trimmed"),
    pytest.param(usage(备注="含容缺受理 3 件"), id="remark"),
]


@pytest.mark.parametrize(("row", "expected"), FAILING)
def test_usage_row_breaking_a_rule_is_reported_exactly(check, row, expected):
    report, _, rows = check([row])
    assert flat(report) == expected
    assert rows == [] and report.rejected == 1


@pytest.mark.parametrize("row", PASSING)
def test_usage_row_keeping_the_rules_passes(check, row):
    report, quarter, rows = check([row])
    assert flat(report) == []
    assert quarter == Quarter(2026, 3) and len(rows) == 1


def test_counts_are_read_as_numbers(check):
    _, _, (row,) = check([usage(查询信用记录次数="1,200", 守信激励次数="０")])
    assert (row.matter, row.counts, row.listed) == ("企业登记注册", (1200, 8, 3, 0), True)


@pytest.mark.parametrize("value", [12, 12.0], ids=["int-cell", "float-cell"])
def test_numeric_cells_in_xlsx_pass(check, value):
    report, _, (row,) = check([usage(查询信用记录次数=value)], suffix=".xlsx")
    assert flat(report) == [] and row.counts[0] == 12


def test_fractional_cell_in_xlsx_is_a_bad_count(check):
    assert flat(check([usage(查询信用记录次数=2.5)], suffix=".xlsx")[0]) == [(2, "查询信用记录次数", "bad-count")]


def test_matter_not_in_the_list_is_a_warning_and_still_counted(check):
    report, _, (row,) = check([usage(事项名称="退休人员资格认证")])
    assert flat(report) == [(2, "事项名称", "unknown-matter")]
    assert report.valid and row.listed is False


def test_matter_in_the_list_passes(check):
    assert flat(check([usage(事项名称="食品经营许可")])[0]) == []


def test_without_a_matter_list_the_file_gets_one_warning(check):
    report, _, rows = check([usage(), usage(事项名称="食品经营许可")], names=None)
    assert flat(report) == [(None, None, "no-matter-list")]
    assert len(rows) == 2 and not any(r.listed for r in rows)


def test_same_matter_twice_is_rejected_the_second_time(check):
    report, _, rows = check([usage(), usage(查询信用记录次数="5")])
    assert flat(report) == [(3, "事项名称", "duplicate-matter")] and len(rows) == 1


def test_missing_count_column_rejects_the_file(check):
    header = tuple(c for c in USAGE_HEADER if c != "守信激励次数")
    report, _, rows = check([usage()], header=header)
    assert flat(report) == [(None, "守信激励次数", "missing-column")] and rows == []


@pytest.mark.parametrize("folder", ["2026-Q3", "2026Q5", "2026q3", "第三季度"])
def test_folder_that_is_not_a_quarter_rejects_the_file(check, folder):
    report, quarter, _ = check([usage()], quarter=folder)
    assert flat(report) == [(None, None, "bad-quarter-folder")] and quarter is None


def test_report_for_a_quarter_not_over_is_rejected(check):
    report, quarter, _ = check([usage()], quarter="2026Q4")
    assert flat(report) == [(None, None, "quarter-not-over")] and quarter is None


def test_report_the_day_after_the_quarter_ends_passes(check):
    report, quarter, _ = check([usage()], quarter="2026Q3", as_of=dt.date(2026, 10, 1))
    assert flat(report) == [] and quarter == Quarter(2026, 3)


def test_parse_count():
    assert [parse_count(t) for t in ("0", "7", "1,200", "12,345,678", "-1", "1.0", "1,20", "")] == [0, 7, 1200, 12345678, None, None, None, None]


# --- quarters and due days -------------------------------------------------------

def test_quarters_and_their_due_days():
    q3 = parse_quarter("2026Q3")
    assert (q3.start, q3.end, q3.due()) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30), dt.date(2026, 10, 15))
    q4 = Quarter(2026, 4)
    assert (q4.end, q4.due(), q4.next()) == (dt.date(2026, 12, 31), dt.date(2027, 1, 15), Quarter(2027, 1))
    assert Quarter(2026, 1).end == dt.date(2026, 3, 31) and Quarter(2026, 1).due(30) == dt.date(2026, 4, 30)
    assert quarter_of(AS_OF) == q4 and q3.label == "2026Q3" and q3.title == "2026 年第 3 季度"


# --- supervision -------------------------------------------------------------------

@pytest.fixture
def layout(data: Path) -> Path:
    """scjgj reports 2026Q2 and 2026Q3; rsj reports 2026Q2 only and sends an unreadable 2026Q1."""
    write_matters(data, "scjgj", [matter()])
    write_matters(data, "rsj", [matter()])
    for quarter, department in (("2026Q2", "scjgj"), ("2026Q3", "scjgj"), ("2026Q2", "rsj")):
        write_usage(data, quarter, department, [usage()])
    write_usage(data, "2026Q1", "scjgj", [usage()])
    (data / "usage" / "2026Q1" / "rsj.csv").write_bytes(b"\x00\x01binary")
    return data


def cells(data: Path, as_of: dt.date) -> dict[str, list[str]]:
    departments = load_departments(data)
    usage_data = load_usage(data, departments, load_matters(data, departments), as_of)
    return {d.code: [f"{c.quarter.label} {c.status}{'（' + c.note + '）' if c.note else ''}" for c in row]
            for d, row in supervision(usage_data, departments, as_of)}


def test_supervision_cells_after_the_due_day(layout: Path):
    assert cells(layout, AS_OF) == {
        "scjgj": ["2026Q1 已报送", "2026Q2 已报送", "2026Q3 已报送", "2026Q4 未到期"],
        "rsj": ["2026Q1 未报送（文件无法处理）", "2026Q2 已报送", "2026Q3 未报送", "2026Q4 未到期"],
    }


def test_supervision_on_the_due_day_shows_not_yet_due(layout: Path):
    on_due_day = cells(layout, dt.date(2026, 10, 15))
    assert on_due_day["rsj"][-1] == "2026Q4 未到期" and on_due_day["rsj"][-2] == "2026Q3 未到期"
    assert cells(layout, dt.date(2026, 10, 16))["rsj"][-2] == "2026Q3 未报送"


def test_supervised_quarters_start_at_the_first_folder_or_the_setting(layout: Path):
    departments = load_departments(layout)
    usage_data = load_usage(layout, departments, load_matters(layout, departments), AS_OF)
    assert [q.label for q in supervised_quarters(usage_data, AS_OF)] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert [q.label for q in supervised_quarters(usage_data, AS_OF, first="2025Q4")][:2] == ["2025Q4", "2026Q1"]
    status = status_of(usage_data, "rsj", Quarter(2025, 4), AS_OF)
    assert (status.status, status.due) == (MISSING, dt.date(2026, 1, 15))
    assert [(s.status, s.due, s.note) for s in (status_of(usage_data, department, quarter, AS_OF) for department, quarter in (
        ("scjgj", Quarter(2026, 3)), ("rsj", Quarter(2026, 3)), ("rsj", Quarter(2026, 1)), ("rsj", Quarter(2026, 4))))] == [
        ("已报送", dt.date(2026, 10, 15), ""), ("未报送", dt.date(2026, 10, 15), ""),
        ("未报送", dt.date(2026, 4, 15), "文件无法处理"), ("未到期", dt.date(2027, 1, 15), "")]


def test_second_file_for_a_quarter_and_unregistered_department_are_reported(data: Path):
    write_usage(data, "2026Q3", "scjgj", [usage()])
    write_usage(data, "2026Q3", "scjgj", [usage()], suffix=".xlsx")
    write_usage(data, "2026Q3", "nobody", [usage()])
    departments = load_departments(data)
    usage_data = load_usage(data, departments, load_matters(data, departments), AS_OF)
    assert {r.path: flat(r) for r in usage_data.reports} == {
        "usage/2026Q3/nobody.csv": [(None, None, "unknown-department")],
        "usage/2026Q3/scjgj.csv": [(None, None, "no-matter-list")],
        "usage/2026Q3/scjgj.xlsx": [(None, None, "duplicate-department-file")],
    }
    assert list(usage_data.received) == [("scjgj", Quarter(2026, 3))]


# --- charts ------------------------------------------------------------------------

def svg_texts(content: bytes) -> list[str]:
    root = ET.fromstring(content)
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]


def test_bar_chart_is_svg_with_every_number_and_name_as_text():
    series = [charts.Series("查询信用记录次数", (1234, None)), charts.Series("守信激励次数", (56, None))]
    content = charts.grouped_bars("测试", ["甲部门（示例）", "乙部门（示例）"], series)
    texts = svg_texts(content)
    # after the axis ticks: the departments, each bar's number (未报送 for a department without one), the legend
    assert texts[-7:] == ["甲部门（示例）", "乙部门（示例）", "1234", "56", "未报送", "查询信用记录次数", "守信激励次数"]
    assert b"<script" not in content


def test_line_chart_labels_every_point_and_leaves_gaps():
    series = [charts.Series("查询信用记录次数", (10, None, 37)), charts.Series("失信约束次数", (0, None, 4))]
    texts = svg_texts(charts.lines("测试", ["2026Q1", "2026Q2", "2026Q3"], series))
    # the quarters first; after the axis ticks (0, 10, … themselves), one label per point, none for the gap, the legend
    assert texts[:3] == ["2026Q1", "2026Q2", "2026Q3"]
    assert texts[-6:] == ["10", "37", "0", "4", "查询信用记录次数", "失信约束次数"]


def test_charts_are_byte_identical_for_the_same_numbers():
    series = [charts.Series("查询信用记录次数", (3, 5))]
    assert charts.grouped_bars("同", ["甲", "乙"], series) == charts.grouped_bars("同", ["甲", "乙"], series)
    assert charts.lines("同", ["a", "b"], series) == charts.lines("同", ["a", "b"], series)


def test_all_zero_chart_still_draws():
    texts = svg_texts(charts.grouped_bars("零", ["甲"], [charts.Series("次数", (0,))]))
    assert texts[-3:] == ["甲", "0", "次数"]  # the department, its bar's 0 (not 未报送), the legend


# --- the validate command ------------------------------------------------------------

def run_validate(capsys, data: Path, *paths: Path) -> tuple[int, list[dict]]:
    from creditlists.cli import main

    code = main(["validate", "--json", "--data", str(data), "--as-of", AS_OF.isoformat(), *map(str, paths)])
    return code, json.loads(capsys.readouterr().out)["files"]


def found(files: list[dict]) -> dict[str, list[tuple]]:
    return {f["path"].rsplit("/", 2)[-2] + "/" + f["path"].rsplit("/", 1)[-1]: [(p["row"], p["column"], p["code"]) for p in f["errors"] + f["warnings"]]
            for f in files}


def test_validate_decides_the_kind_by_the_folder(data: Path, tmp_path: Path, capsys):
    inbox = tmp_path / "inbox"
    matters = write_matters(inbox, "scjgj", [matter(), matter(事项名称="食品经营许可", 事项类型="行政许可")])
    report = write_usage(inbox, "2026Q3", "scjgj", [usage(), usage(事项名称="食品经营许可", 查询信用记录次数="12次")])
    code, files = run_validate(capsys, data, report, matters)
    assert code == 1
    assert found(files) == {
        "matters/scjgj.csv": [(3, "事项类型", "bad-matter-type")],
        # the matter list named in the same command is the one checked against (its rejected row is not in it)
        "2026Q3/scjgj.csv": [(3, "查询信用记录次数", "bad-count"), (3, "事项名称", "unknown-matter")],
    }
    assert [f["department"] for f in files] == ["scjgj", "scjgj"]


def test_validate_checks_a_usage_report_against_the_list_in_data(data: Path, tmp_path: Path, capsys):
    write_matters(data, "scjgj", [matter(), matter(事项名称="食品经营许可")])
    report = write_usage(tmp_path / "inbox", "2026Q3", "scjgj", [usage(), usage(事项名称="食品经营许可")])
    assert run_validate(capsys, data, report) == (0, [{
        "path": str(report), "department": "scjgj", "encoding": "utf-8", "encoding_label": "UTF-8", "rows": 2, "accepted": 2, "rejected": 0, "errors": [], "warnings": [],
    }])
    write_usage(tmp_path / "other", "2026Q3", "rsj", [usage()])
    code, files = run_validate(capsys, data, tmp_path / "other" / "usage" / "2026Q3" / "rsj.csv")
    assert code == 0 and found(files) == {"2026Q3/rsj.csv": [(None, None, "no-matter-list")]}


def test_validate_reports_a_bad_quarter_folder_and_an_unknown_department(data: Path, tmp_path: Path, capsys):
    bad_folder = write_usage(tmp_path, "2026-Q3", "scjgj", [usage()])
    unknown = write_matters(tmp_path, "nobody", [matter()])
    code, files = run_validate(capsys, data, bad_folder, unknown)
    assert code == 1
    assert found(files) == {"matters/nobody.csv": [(None, None, "unknown-department")], "2026-Q3/scjgj.csv": [(None, None, "bad-quarter-folder")]}
