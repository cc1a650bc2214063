"""Replaying submissions into the lists: keys, updates, withdrawals, expiry, accounting."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from credit_rows import AS_OF, ORG_USCC, OTHER_USCC, PERSON_ID, black_org, flat, red_person, withdrawal, write_csv
from creditlists.merge import merge, publication_end
from creditlists.pipeline import compile_dataset
from creditlists.publish.opendata import published_records

DECISION = "武昌市监罚〔2024〕1号"


def rejected(result) -> list[tuple[str, int | None, str | None, str]]:
    """The merge's rejections as (file, row, column, code)."""
    return [(r.path, r.problem.row, r.problem.column, r.problem.code) for r in result.rejections]


def test_adding_the_same_key_twice_rejects_the_second_row(validate_csv):
    report = validate_csv([black_org(), black_org(列入事由="重复报送")], name="2024-04-01-a.csv")
    result = merge([report], AS_OF)
    assert rejected(result) == [("2024-04-01-a.csv", 3, "决定文书号", "duplicate-key")]
    assert flat(report) == [] and [r.row for r in report.accepted] == [2, 3]  # the merge leaves the report as it was
    result.apply_rejections([report])
    assert flat(report) == [(3, "决定文书号", "duplicate-key")] and [r.row for r in report.accepted] == [2]
    assert "2024-04-01-a.csv 第 2 行" in report.problems[0].message
    assert [e.version.row for e in result.entries] == [2]
    assert result.states["2024-04-01-a.csv"]["rejected"] == 1


def test_adding_again_in_a_later_file_is_a_duplicate_key(validate_csv):
    first = validate_csv([black_org()], name="2024-04-01-a.csv")
    second = validate_csv([black_org(列入事由="再次报送")], name="2024-05-01-b.csv")
    result = merge([first, second], AS_OF)
    assert rejected(result) == [("2024-05-01-b.csv", 2, "决定文书号", "duplicate-key")]
    result.apply_rejections([first, second])
    assert (flat(first), flat(second)) == ([], [(2, "决定文书号", "duplicate-key")])


def test_same_decision_for_another_subject_is_another_entry(validate_csv):
    report = validate_csv([black_org(), black_org(统一社会信用代码=OTHER_USCC, 主体名称="乙示例公司")])
    result = merge([report], AS_OF)
    assert rejected(result) == [] and len(result.entries) == 2


@pytest.mark.parametrize("changing", [
    pytest.param(black_org(操作="更新"), id="update"),
    pytest.param(withdrawal(), id="withdrawal"),
])
def test_changing_an_entry_that_is_not_there_is_an_unknown_key(validate_csv, changing):
    report = validate_csv([changing])
    result = merge([report], AS_OF)
    assert rejected(result) == [("submission.csv", 2, "决定文书号", "unknown-key")]
    result.apply_rejections([report])
    assert (result.entries, report.accepted, report.rejected) == ([], [], 1)


def test_withdrawing_with_another_decision_number_is_an_unknown_key(validate_csv):
    report = validate_csv([black_org(), withdrawal(决定文书号="武昌市监罚〔2024〕9号")])
    result = merge([report], AS_OF)
    assert rejected(result) == [("submission.csv", 3, "决定文书号", "unknown-key")]
    assert [e.version.row for e in result.entries] == [2]


def submit(data_dir, department: str, name: str, rows: list, encoding: str = "utf-8"):
    return write_csv(data_dir / "submissions" / department / name, rows, encoding=encoding)


def test_update_replaces_the_published_values(data_dir):
    submit(data_dir, "scjgj", "2024-04-01-a.csv", [black_org()])
    submit(data_dir, "scjgj", "2024-06-01-b.csv", [black_org(操作="更新", 列入事由="发布虚假广告，经复核改为情节较轻")])
    dataset = compile_dataset(data_dir, AS_OF)
    records = published_records(dataset)
    assert [r["列入事由"] for r in records] == ["发布虚假广告，经复核改为情节较轻"]
    assert [(c.date, c.action) for c in dataset.merged.changes] == [(dt.date(2024, 4, 1), "新增"), (dt.date(2024, 6, 1), "更新")]
    assert dataset.merged.states["submissions/scjgj/2024-04-01-a.csv"]["superseded"] == 1


def test_withdrawal_takes_the_entry_off_and_logs_no_name(data_dir):
    submit(data_dir, "rsj", "2025-01-01-a.csv", [red_person()])
    submit(data_dir, "rsj", "2025-06-01-b.csv", [
        {"主体类型": "自然人", "身份证件号码": PERSON_ID, "决定文书号": "武昌人社〔2025〕1号", "操作": "移出", "移出原因": "撤销"},
    ])
    dataset = compile_dataset(data_dir, AS_OF)
    assert dataset.merged.entries == [] and dataset.merged.expired == []
    withdrawn = [c for c in dataset.merged.changes if c.action == "移出"]
    assert [(c.date, c.department, c.decision, c.list_type, c.reason) for c in withdrawn] == [
        (dt.date(2025, 6, 1), "rsj", "武昌人社〔2025〕1号", "红名单", "撤销"),
    ]
    for change in dataset.merged.changes:
        shown = repr(change) + " ".join(str(v) for v in dataclasses.asdict(change).values())
        assert "李示例" not in shown
    assert dataset.department_states("rsj")["withdrawn"] == 1


def black_ending(end: str, **changes) -> dict:
    return black_org(认定日期="2024-03-05", 公示截止日期=end, **changes)


@pytest.mark.parametrize(("end", "published"), [
    ("2026-11-28", False),  # ended the day before the build
    ("2026-11-29", True),  # ends on the build day: still shown that day
    ("2026-11-30", True),
])
def test_black_entry_is_published_through_its_last_day(validate_csv, end, published):
    report = validate_csv([black_ending(end)])
    result = merge([report], AS_OF)
    assert (len(result.entries), len(result.expired)) == ((1, 0) if published else (0, 1))
    assert result.states["submission.csv"]["published" if published else "expired"] == 1


def test_expiry_is_logged_the_day_after_the_last_day(validate_csv):
    result = merge([validate_csv([black_ending("2026-11-28")])], AS_OF)
    assert [(c.date, c.action) for c in result.changes if c.action == "到期"] == [(dt.date(2026, 11, 29), "到期")]


def test_red_entry_without_end_runs_three_years(validate_csv):
    report = validate_csv([red_person(认定日期="2023-11-30")])
    assert publication_end(report.accepted[0]) == dt.date(2026, 11, 29)


@pytest.mark.parametrize(("as_of", "published"), [
    (dt.date(2026, 11, 29), True),  # the day before the third anniversary
    (dt.date(2026, 11, 30), False),  # the third anniversary
])
def test_red_entry_without_end_expires_on_the_third_anniversary(validate_csv, as_of, published):
    report = validate_csv([red_person(认定日期="2023-11-30")], as_of=as_of)
    result = merge([report], as_of)
    assert len(result.entries) == (1 if published else 0)
    assert len(result.expired) == (0 if published else 1)


def test_red_entry_with_an_end_uses_it(validate_csv):
    report = validate_csv([red_person(公示截止日期="2025-06-30")])
    assert publication_end(report.accepted[0]) == dt.date(2025, 6, 30)
    assert merge([report], AS_OF).entries == []


def test_states_of_every_file_add_up_to_the_rows_read(validate_csv):
    first = validate_csv([
        black_org(),  # 2: updated later -> superseded
        black_ending("2025-01-01", 统一社会信用代码=OTHER_USCC, 主体名称="乙示例公司"),  # 3: expired
        black_org(决定文书号="武昌市监罚〔2024〕3号"),  # 4: withdrawn later -> superseded
        black_org(列入事由="同一条目再报"),  # 5: duplicate-key -> rejected
        black_org(名单类型="白名单", 决定文书号="5号"),  # 6: bad-list-type -> rejected
        ["", ""],  # 7: blank, not a row
        red_person(),  # 8: published
    ], name="2024-04-01-a.csv")
    second = validate_csv([
        black_org(操作="更新", 列入事由="更新后的事由"),  # 2: published
        withdrawal(决定文书号="武昌市监罚〔2024〕3号"),  # 3: withdrawn
        black_org(操作="更新", 决定文书号="9号"),  # 4: unknown-key -> rejected
        withdrawal(决定文书号="8号"),  # 5: unknown-key -> rejected
        red_person(备注="再次报送"),  # 6: the person's entry again, same published values -> repeated
    ], name="2024-06-01-b.csv")
    result = merge([first, second], AS_OF)
    counts = {path: dict(c) for path, c in result.states.items()}
    assert counts == {
        "2024-04-01-a.csv": {"published": 1, "rejected": 2, "withdrawn": 0, "superseded": 2, "expired": 1, "repeated": 0},
        "2024-06-01-b.csv": {"published": 1, "rejected": 2, "withdrawn": 1, "superseded": 0, "expired": 0, "repeated": 1},
    }
    assert [sum(c.values()) for c in counts.values()] == [first.rows_read, second.rows_read] == [6, 5]
    assert sorted(e.values["列入事由"] for e in result.entries) == ["志愿服务满 1000 小时", "更新后的事由"]


def test_a_rejected_file_counts_all_its_rows_rejected(validate_csv):
    header = tuple(c for c in black_org() if c != "类别")
    report = validate_csv([black_org(), red_person()], header=header)
    result = merge([report], AS_OF)
    assert dict(result.states["submission.csv"]) == {"published": 0, "rejected": 2, "withdrawn": 0, "superseded": 0, "expired": 0, "repeated": 0}


def test_a_file_with_a_broken_quote_does_not_break_the_accounting(validate_bytes):
    report = validate_bytes("名单类型,主体名称\r\n黑名单,\"未闭合\r\n".encode())
    result = merge([report], AS_OF)
    assert flat(report) == [(None, None, "format-error")]
    assert sum(result.states["submission.csv"].values()) == report.rows_read == 0


def test_entries_are_in_a_stable_order(validate_csv):
    report = validate_csv([
        black_org(统一社会信用代码=OTHER_USCC, 认定日期="2024-05-01", 公示截止日期="2027-04-30"),
        red_person(),
        black_org(),
    ])
    result = merge([report], AS_OF)
    assert [(e.list_type, e.version.row) for e in result.entries] == [("红名单", 3), ("黑名单", 4), ("黑名单", 2)]


def test_key_of_a_person_is_the_id_number_and_of_an_organisation_the_uscc(validate_csv):
    report = validate_csv([red_person(), black_org()])
    assert [r.key for r in report.accepted] == [
        ("scjgj", "武昌人社〔2025〕1号", PERSON_ID), ("scjgj", DECISION, ORG_USCC),
    ]
