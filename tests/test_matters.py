"""Matter lists (data/matters/<部门代码>.csv): every rule failing and passing.

Assertions are on the flattened report ``[(row, column, code)]`` as in
test_rules.py; row 1 is the header, ``None`` the file as a whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from credit_rows import flat, make_data_dir
from creditlists.intake.departments import load_departments
from creditlists.intake.matters import USAGE_METHODS, load_matter_types, split_methods, validate_matter_file
from creditlists.policy.matters import load_matters
from policy_rows import MATTER_HEADER, matter, write_matters

KINDS = ("准入审批", "财政税收", "公共资源交易", "重点领域监管", "其他领域监管服务", "人事评优", "其他事项")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return make_data_dir(tmp_path / "data")


@pytest.fixture
def check(data: Path):
    """Write rows as scjgj's matter list and check it; returns (report, matters)."""
    types = load_matter_types(data, needed=True)

    def run(rows, header=MATTER_HEADER, suffix=".csv", encoding="utf-8"):
        path = write_matters(data, "scjgj", rows, header, suffix, encoding)
        return validate_matter_file(path, "scjgj", f"matters/{path.name}", types)

    return run


FAILING = [
    *[pytest.param(matter(**{column: ""}), [(2, column, "missing-value")], id=f"{column}-empty")
      for column in ("事项名称", "事项类型", "使用方式", "设定依据")],
    pytest.param(matter(事项类型="行政许可"), [(2, "事项类型", "bad-matter-type")], id="kind-not-one-of-seven"),
    pytest.param(matter(事项类型="准入审批类"), [(2, "事项类型", "bad-matter-type")], id="kind-with-suffix"),
    pytest.param(matter(使用方式="信用评估"), [(2, "使用方式", "bad-usage-method")], id="unknown-method"),
    pytest.param(matter(使用方式="查询信用记录、信用评估；信用监管"), [(2, "使用方式", "bad-usage-method")], id="two-unknown-methods-one-problem"),
    pytest.param(matter(使用方式="查询信用记录,使用信用报告"), [(2, "使用方式", "bad-usage-method")], id="comma-is-not-a-separator"),
]

PASSING = [
    *[pytest.param(matter(事项类型=kind), id=f"kind-{kind}") for kind in KINDS],
    *[pytest.param(matter(使用方式=method), id=f"method-{method}") for method in USAGE_METHODS],
    pytest.param(matter(使用方式="查询信用记录；使用信用报告"), id="full-width-semicolon"),
    pytest.param(matter(使用方式="查询信用记录;联合奖惩"), id="half-width-semicolon"),
    pytest.param(matter(使用方式="查询信用记录、使用信用报告、信用承诺、联合奖惩"), id="all-four-methods"),
    pytest.param(matter(使用方式="查询信用记录、"), id="trailing-separator"),
    pytest.param(matter(事项名称="\u3000企业登记注册 ", 事项类型=" 准入审批"), id="spaces-trimmed"),
    pytest.param(matter(备注=""), id="remark-optional"),
]


@pytest.mark.parametrize(("row", "expected"), FAILING)
def test_matter_row_breaking_a_rule_is_reported_exactly(check, row, expected):
    report, matters = check([row])
    assert flat(report) == expected
    assert matters == [] and report.rejected == 1


@pytest.mark.parametrize("row", PASSING)
def test_matter_row_keeping_the_rules_passes(check, row):
    report, matters = check([row])
    assert flat(report) == []
    assert len(matters) == 1 and report.valid


def test_methods_are_split_deduplicated_and_kept_in_order():
    assert split_methods("使用信用报告；查询信用记录、使用信用报告;") == ["使用信用报告", "查询信用记录"]


def test_passing_matter_is_normalised(check):
    _, (only,) = check([matter(事项名称=" 企业登记注册\u3000", 使用方式="查询信用记录；信用承诺")])
    assert (only.department, only.name, only.kind, only.methods) == ("scjgj", "企业登记注册", "准入审批", ("查询信用记录", "信用承诺"))


def test_same_matter_twice_is_rejected_the_second_time(check):
    report, matters = check([matter(), matter(使用方式="联合奖惩")])
    assert flat(report) == [(3, "事项名称", "duplicate-matter")]
    assert [m.methods for m in matters] == [("查询信用记录", "信用承诺")]


def test_different_matters_pass(check):
    report, matters = check([matter(), matter(事项名称="食品经营许可", 事项类型="重点领域监管")])
    assert flat(report) == [] and len(matters) == 2


def test_identical_rows_are_a_duplicate_row(check):
    assert flat(check([matter(), matter()])[0]) == [(3, None, "duplicate-row")]


def test_blank_row_is_skipped_with_a_warning(check):
    report, matters = check([matter(), ["", "", "", "", ""], matter(事项名称="食品经营许可")])
    assert flat(report) == [(3, None, "blank-row")] and len(matters) == 2


def test_cell_right_of_the_header_is_an_extra_cell(check):
    assert flat(check([list(matter().values()) + ["多出的"]])[0]) == [(2, None, "extra-cell")]


def test_missing_required_column_rejects_the_file(check):
    header = tuple(c for c in MATTER_HEADER if c != "设定依据")
    report, matters = check([matter()], header=header)
    assert flat(report) == [(None, "设定依据", "missing-column")]
    assert matters == [] and report.file_rejected


def test_missing_remark_column_is_fine_and_unknown_column_is_a_warning(check):
    header = ("事项名称", "事项类型", "使用方式", "设定依据", "联系人")
    report, matters = check([matter(联系人="张示例")], header=header)
    assert flat(report) == [(None, "联系人", "extra-label")] and len(matters) == 1


def test_header_only_is_a_warning(check):
    assert flat(check([])[0]) == [(None, None, "no-data-rows")]


def test_xlsx_and_gbk_lists_pass(check):
    assert flat(check([matter()], suffix=".xlsx")[0]) == []
    report, _ = check([matter()], encoding="gb18030")
    assert flat(report) == [] and report.encoding == "gb18030"


def test_unregistered_department_and_second_file_are_reported(data: Path):
    write_matters(data, "scjgj", [matter()])
    write_matters(data, "scjgj", [matter()], suffix=".xlsx")
    write_matters(data, "nobody", [matter()])
    lists = load_matters(data, load_departments(data))
    assert {r.path: flat(r) for r in lists.reports} == {
        "matters/nobody.csv": [(None, None, "unknown-department")],
        "matters/scjgj.csv": [],
        "matters/scjgj.xlsx": [(None, None, "duplicate-department-file")],
    }
    assert list(lists.by_department) == ["scjgj"] and lists.names("scjgj") == {"企业登记注册"}
    assert lists.names("rsj") is None


def test_no_matters_folder_gives_empty_lists(data: Path):
    lists = load_matters(data, load_departments(data))
    assert lists.reports == [] and lists.by_department == {} and len(lists.types) == 7


def test_the_seven_kinds_come_from_the_vocabulary_with_their_sections(data: Path):
    types = load_matter_types(data, needed=True)
    assert list(types) == list(KINDS)
    assert [t.section for t in types.values()] == [f"二（三）{n}" for n in range(1, 8)]
