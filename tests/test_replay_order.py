"""Replay by the date in the file name, not by its spelling; undated and future files are refused (a file a clerk checks: an undated name is a warning); dates in range.

Departments start each name with the hand-in date (README 报送指南), but a
clerk writes ``2024-9-1`` as often as ``2024-09-01``: as text, ``2024-9-1-…``
sorts after ``2024-10-01-…``, and a 移出 handed in later would be replayed
before the entry it withdraws.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from credit_rows import AS_OF, black_org, flat, withdrawal, write_csv
from creditlists.cli import main
from creditlists.intake.datafiles import DataFolderError
from creditlists.intake.filedates import name_date, replay_key
from creditlists.intake.usage import parse_quarter
from creditlists.pipeline import check_files, compile_dataset

LISTING = "2024-9-1-黑名单.csv"
WITHDRAWAL = "2024-10-01-移出.csv"


def submit(data_dir: Path, name: str, rows: list, department: str = "scjgj") -> Path:
    return write_csv(data_dir / "submissions" / department / name, rows)


def test_name_order_puts_the_later_withdrawal_first():
    """The hazard: sorted as text, the withdrawal of 1 October comes before the listing of 1 September."""
    assert sorted([LISTING, WITHDRAWAL]) == [WITHDRAWAL, LISTING]
    assert sorted([LISTING, WITHDRAWAL], key=replay_key) == [LISTING, WITHDRAWAL]


def test_a_withdrawal_dated_later_withdraws_whatever_the_spelling(data_dir):
    submit(data_dir, LISTING, [black_org()])
    submit(data_dir, WITHDRAWAL, [withdrawal()])
    dataset = compile_dataset(data_dir, AS_OF)
    assert dataset.merged.entries == [] and dataset.merged.rejections == []
    assert [(c.date, c.action) for c in dataset.merged.changes] == [(dt.date(2024, 9, 1), "新增"), (dt.date(2024, 10, 1), "移出")]
    assert dict(dataset.department_states("scjgj")) == {
        "read": 2, "published": 0, "rejected": 0, "withdrawn": 1, "superseded": 1, "expired": 0, "repeated": 0}


def test_a_withdrawal_dated_before_its_listing_is_an_unknown_key(data_dir):
    """``2024-9-1-移出.csv`` beside ``2024-10-01-黑名单.csv``: by date the 移出 comes first and finds nothing."""
    submit(data_dir, "2024-9-1-移出.csv", [withdrawal()])
    submit(data_dir, "2024-10-01-黑名单.csv", [black_org()])
    dataset = compile_dataset(data_dir, AS_OF)
    assert [(r.path, r.problem.row, r.problem.code) for r in dataset.merged.rejections] == [
        ("submissions/scjgj/2024-9-1-移出.csv", 2, "unknown-key")]
    assert [(c.date, c.action) for c in dataset.merged.changes] == [(dt.date(2024, 10, 1), "新增")]


def test_validate_replays_the_history_by_date(data_dir):
    """The listing of 1 September is history for the withdrawal of 1 October (as text it would come after)."""
    submit(data_dir, LISTING, [black_org()])
    path = submit(data_dir, WITHDRAWAL, [withdrawal()])
    run = check_files([path], data_dir, AS_OF)
    assert run.flatten() == [] and run.valid


@pytest.mark.parametrize(("name", "day"), [
    ("2024-03-31-黑名单.csv", dt.date(2024, 3, 31)),
    ("2024-3-5-黑名单.csv", dt.date(2024, 3, 5)),
    ("2024-01-01.csv", dt.date(2024, 1, 1)),
    ("2024.3.5-黑名单.xlsx", dt.date(2024, 3, 5)),
    ("2024_03_05黑名单.csv", dt.date(2024, 3, 5)),
    ("20240305黑名单.csv", dt.date(2024, 3, 5)),
    ("2024年3月5日报送.csv", dt.date(2024, 3, 5)),
    ("1949-01-01-a.csv", dt.date(1949, 1, 1)),
    ("2100-12-31-a.csv", dt.date(2100, 12, 31)),
    ("黑名单.csv", None),
    ("a.csv", None),
    ("2024-13-01-黑名单.csv", None),  # no 13th month
    ("2024-02-30-黑名单.csv", None),
    ("2024-3.5-黑名单.csv", None),  # two separators
    ("2024-03-011-黑名单.csv", None),  # a third digit of the day
    ("202403051.csv", None),
    ("1948-12-31-a.csv", None),  # a typing error of the year
    ("2101-01-01-a.csv", None),
    ("报送2024-03-05.csv", None),  # the date must come first
])
def test_the_date_of_a_name(name, day):
    assert name_date(name) == day


NOT_REPLAYED = {
    "黑名单.csv": "file-name-without-date",
    "2024-13-01-黑名单.csv": "file-name-without-date",
    "1900-01-01-黑名单.csv": "file-name-without-date",
    "2099-01-01-黑名单.csv": "file-date-in-future",
    "2026-11-30-黑名单.csv": "file-date-in-future",  # the day after the build
}


def test_undated_and_future_files_are_file_errors_and_nothing_of_them_is_replayed(data_dir):
    submit(data_dir, "2024-01-01-黑名单.csv", [black_org()])
    for number, name in enumerate(NOT_REPLAYED, start=2):
        submit(data_dir, name, [black_org(决定文书号=f"武昌市监罚〔2024〕{number}号")])
    submit(data_dir, "2026-11-29-黑名单.csv", [black_org(决定文书号="武昌市监罚〔2024〕99号")])  # the build date itself is fine
    dataset = compile_dataset(data_dir, AS_OF)
    found = {r.path.rsplit("/", 1)[-1]: r for r in dataset.reports}
    assert {name: flat(found[name]) for name in NOT_REPLAYED} == {name: [(None, None, code)] for name, code in NOT_REPLAYED.items()}
    assert all(found[name].rows_read == 0 and found[name].accepted == [] for name in NOT_REPLAYED)  # not read
    assert sorted(e.values["决定文书号"] for e in dataset.merged.entries) == ["武昌市监罚〔2024〕1号", "武昌市监罚〔2024〕99号"]
    assert {c.date for c in dataset.merged.changes} == {dt.date(2024, 1, 1), AS_OF}  # no change dated 2099
    future = found["2099-01-01-黑名单.csv"].problems[0].message
    assert future == ("文件名“2099-01-01-黑名单.csv”开头的报送日期 2099-01-01 晚于本次发布日期 2026-11-29，整个文件未处理。"
                      "请核对后把文件名开头改为实际报送的日期（不晚于 2026-11-29），再重新报送。")
    undated = found["黑名单.csv"].problems[0].message
    assert "“黑名单.csv”" in undated and "2024-03-31-黑名单.csv" in undated and "data/" not in undated


def test_the_department_report_of_a_build_says_why(data_dir, tmp_path):
    submit(data_dir, "2024-01-01-黑名单.csv", [black_org()])
    submit(data_dir, "2099-01-01-黑名单.csv", [black_org(决定文书号="武昌市监罚〔2024〕2号")])
    code = main(["build", "--data", str(data_dir), "--output", str(tmp_path / "site"), "--reports", str(tmp_path / "reports"),
                 "--as-of", AS_OF.isoformat()])
    assert code == 0
    report = (tmp_path / "reports" / "scjgj.json").read_text(encoding="utf-8")
    assert '"code": "file-date-in-future"' in report and "2099-01-01" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "2099" not in (tmp_path / "site" / "changes" / "index.html").read_text(encoding="utf-8")


def test_validate_warns_of_an_undated_name_and_checks_the_file_as_handed_in_today(data_dir, tmp_path):
    """A clerk checks 黑名单.csv on the desktop (issue 13): a warning that says why the date matters, the rows checked.

    The build refuses the same name (``file-name-without-date``, above); ``validate``
    checks the file as if handed in on the day checked, after all the department's
    files, so its 更新 finds the entry an earlier file listed.
    """
    submit(data_dir, "2024-01-01-黑名单.csv", [black_org()])
    path = write_csv(tmp_path / "scjgj" / "黑名单.csv", [
        black_org(操作="更新", 列入事由="更正后的事由"), black_org(名单类型="白名单", 决定文书号="2号"),
    ])
    run = check_files([path], data_dir, AS_OF)
    assert run.flatten() == [(str(path), None, None, "file-name-needs-date"), (str(path), 3, "名单类型", "bad-list-type")]
    assert [r.row for r in run.files[0].accepted] == [2] and run.stats()["accepted"] == 1
    warning = run.files[0].ordered_problems[0]
    assert not warning.is_error
    assert warning.message == (
        "文件名“黑名单.csv”没有以报送日期开头。区信用办按文件名开头的日期先后处理本部门的文件，这样“更新”和“移出”行才能找到它们要改的条目；"
        "没有日期的文件正式报送时整个不被处理。本次检查把它当作今天报送的文件，各行照常检查。"
        "报送前请把文件改名为“2026-11-29-黑名单.csv”（报送日期-内容）。")


def test_validate_of_an_undated_file_alone_exits_zero(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "桌面" / "黑名单.csv", [black_org()])
    code = main(["validate", "--json", "--department", "scjgj", "--data", str(data_dir), "--as-of", AS_OF.isoformat(), str(path)])
    (result,) = json.loads(capsys.readouterr().out)["files"]
    assert (code, result["errors"], [p["code"] for p in result["warnings"]], result["accepted"]) == (0, [], ["file-name-needs-date"], 1)


def test_validate_still_refuses_to_replay_a_file_dated_after_the_day(data_dir, tmp_path):
    path = write_csv(tmp_path / "scjgj" / "2099-01-01-黑名单.csv", [black_org()])
    run = check_files([path], data_dir, AS_OF)
    assert run.flatten() == [(str(path), None, None, "file-date-in-future")]
    assert run.files[0].accepted == [] and not run.valid


def test_a_build_with_only_undated_files_stops(data_dir):
    submit(data_dir, "黑名单.csv", [black_org()])
    with pytest.raises(DataFolderError, match="没有一个可读的报送文件"):
        compile_dataset(data_dir, AS_OF)


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("认定日期", "1900-01-01", [(2, "认定日期", "date-out-of-range")]),
    ("认定日期", "1948-12-31", [(2, "认定日期", "date-out-of-range")]),
    ("认定日期", "1949-01-01", [(2, "公示截止日期", "long-publication-period")]),  # in range: only the long period
    ("公示截止日期", "2100-12-31", [(2, "公示截止日期", "long-publication-period")]),
    ("公示截止日期", "2101-01-01", [(2, "公示截止日期", "date-out-of-range")]),
    ("公示截止日期", "9999年1月1日", [(2, "公示截止日期", "date-out-of-range")]),
])
def test_dates_before_1949_or_after_2100_are_errors(validate_csv, column, value, expected):
    report = validate_csv([black_org(**{column: value})])
    assert flat(report) == expected
    if expected and expected[0][2] == "date-out-of-range":
        assert report.problems[0].message == f"“{column}”的日期 {value if '-' in value else '9999-01-01'} 不在 1949 年至 2100 年之间，多半是年份输错了。请核对后改正。"


def test_an_excel_date_cell_out_of_range_is_an_error(validate_xlsx):
    report = validate_xlsx([black_org(认定日期=dt.datetime(1900, 1, 1), 公示截止日期=dt.date(1901, 1, 1))])
    assert flat(report) == [(2, "认定日期", "date-out-of-range"), (2, "公示截止日期", "date-out-of-range")]


@pytest.mark.parametrize(("folder", "year"), [("2026Q3", 2026), ("1949Q1", 1949), ("2100Q4", 2100), ("1900Q1", None), ("2101Q1", None)])
def test_quarter_folders_out_of_range_are_no_quarters(folder, year):
    quarter = parse_quarter(folder)
    assert (quarter.year if quarter else None) == year
