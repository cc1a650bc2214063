"""Every validation rule: one submission that breaks it, one that keeps it.

Assertions are on the flattened report ``[(row, column, code)]``; row 1 is the
header, ``None`` means the file as a whole.
"""

from __future__ import annotations

import datetime as dt

import pytest

from credit_rows import (
    AS_OF,
    ID_AS_USCC,
    ORG_USCC,
    PERSON_ID,
    accepted_rows,
    black_org,
    cells,
    csv_bytes,
    flat,
    id_number,
    red_person,
    uscc,
    withdrawal,
    write_csv,
)
from creditlists import settings
from creditlists.intake.departments import load_departments
from creditlists.intake.files import validate_files
from creditlists.intake.submissions import Context
from creditlists.schema import ID_NUMBER, TEMPLATE_COLUMNS, USCC


def red_org(**changes):
    """A valid 红名单 row for an organisation: no 认定依据, no 公示截止日期, no 领域."""
    return black_org(**{"名单类型": "红名单", "类别": "诚信纳税", "认定依据": "", "公示截止日期": "", "领域": "", **changes})


WRONG_CHECK = ORG_USCC[:-1] + ("0" if ORG_USCC[-1] != "0" else "1")

FAILING_ROWS = [
    # missing-value, each condition
    pytest.param(black_org(认定依据=""), [(2, "认定依据", "missing-value")], id="basis-missing-on-black"),
    pytest.param(black_org(公示截止日期=""), [(2, "公示截止日期", "missing-value")], id="end-missing-on-black"),
    pytest.param(black_org(统一社会信用代码=""), [(2, USCC, "missing-value")], id="uscc-missing-for-organisation"),
    pytest.param(black_org(主体类型="个体工商户", 统一社会信用代码=""), [(2, USCC, "missing-value")], id="uscc-missing-for-sole-trader"),
    pytest.param(red_person(身份证件号码=""), [(2, ID_NUMBER, "missing-value")], id="id-missing-for-person"),
    pytest.param(withdrawal(移出原因=""), [(2, "移出原因", "missing-value")], id="reason-missing-on-withdrawal"),
    pytest.param(black_org(主体名称=""), [(2, "主体名称", "missing-value")], id="name-missing-on-add"),
    pytest.param(withdrawal(决定文书号=""), [(2, "决定文书号", "missing-value")], id="decision-missing-on-withdrawal"),
    pytest.param(
        withdrawal(操作="更新", 移出原因=""),
        [(2, c, "missing-value") for c in ("名单类型", "主体名称", "类别", "列入事由", "认定日期")],
        id="update-needs-the-whole-row",
    ),
    # closed lists
    pytest.param(black_org(名单类型="白名单"), [(2, "名单类型", "bad-list-type")], id="bad-list-type"),
    pytest.param(black_org(主体类型="企业"), [(2, "主体类型", "bad-subject-type")], id="bad-subject-type"),
    pytest.param(black_org(操作="删除"), [(2, "操作", "bad-operation")], id="bad-operation"),
    pytest.param(withdrawal(移出原因="其它"), [(2, "移出原因", "bad-withdrawal-reason")], id="bad-withdrawal-reason"),
    pytest.param(black_org(移出原因="撤销"), [(2, "移出原因", "withdrawal-reason-not-needed")], id="withdrawal-reason-not-needed"),
    # name
    pytest.param(black_org(主体名称="甲" * 101), [(2, "主体名称", "name-too-long")], id="name-of-101"),
    # identifiers
    pytest.param(black_org(统一社会信用代码="9.14201E+17"), [(2, USCC, "identifier-as-number")], id="uscc-as-float-text"),
    pytest.param(red_person(身份证件号码="420106197503151235.0"), [(2, ID_NUMBER, "identifier-as-number")], id="id-with-trailing-point-zero"),
    pytest.param(black_org(统一社会信用代码="91420106MA4K0000I5"), [(2, USCC, "bad-uscc-format")], id="uscc-with-letter-i"),
    pytest.param(black_org(统一社会信用代码="91420106MA4K0001"), [(2, USCC, "bad-uscc-format")], id="uscc-of-16"),
    pytest.param(black_org(统一社会信用代码=WRONG_CHECK), [(2, USCC, "bad-uscc-checksum")], id="uscc-wrong-check"),
    pytest.param(red_person(身份证件号码="42010619750315123"), [(2, ID_NUMBER, "bad-id-format")], id="id-of-17"),
    pytest.param(red_person(身份证件号码="4201061975031512Y5"), [(2, ID_NUMBER, "bad-id-format")], id="id-with-letter"),
    pytest.param(red_person(身份证件号码="420106197502301238"), [(2, ID_NUMBER, "bad-id-birthdate")], id="id-born-30-february"),
    pytest.param(red_person(身份证件号码=id_number("42010620300101123")), [(2, ID_NUMBER, "bad-id-birthdate")], id="id-born-in-future"),
    pytest.param(red_person(身份证件号码="420106197503151234"), [(2, ID_NUMBER, "bad-id-checksum")], id="id-wrong-check"),
    pytest.param(red_person(身份证件号码=id_number("42010618991231123")), [(2, ID_NUMBER, "bad-id-birthdate")], id="id-born-before-1900"),
    pytest.param(black_org(主体类型="个体工商户", 统一社会信用代码=ID_AS_USCC), [(2, USCC, "uscc-is-id-number")], id="uscc-that-is-an-id-number"),
    pytest.param(black_org(统一社会信用代码=PERSON_ID), [(2, USCC, "uscc-is-id-number")], id="id-number-typed-as-uscc"),
    pytest.param(black_org(主体名称=f"甲示例{PERSON_ID[:6]} {PERSON_ID[6:14]} {PERSON_ID[14:]}"), [(2, "主体名称", "id-number-in-text")], id="id-in-name-with-spaces"),
    pytest.param(black_org(法定代表人=f"张示例{PERSON_ID[:6]}-{PERSON_ID[6:14]}-{PERSON_ID[14:]}"), [(2, "法定代表人", "id-number-in-text")], id="id-in-legal-rep-with-hyphens"),
    pytest.param(black_org(列入事由=f"身份证ID{PERSON_ID}x号"), [(2, "列入事由", "id-number-in-text")], id="id-in-reason-glued-to-letters"),
    pytest.param(black_org(认定依据="".join(chr(ord(c) + 0xFEE0) for c in PERSON_ID)), [(2, "认定依据", "id-number-in-text")], id="id-in-basis-full-width"),
    pytest.param(black_org(决定文书号=f"武昌市监罚〔2024〕{PERSON_ID[:9]}\u00a0{PERSON_ID[9:]}号"), [(2, "决定文书号", "id-number-in-text")], id="id-in-decision-with-no-break-space"),
    pytest.param(black_org(身份证件号码=PERSON_ID), [(2, ID_NUMBER, "id-number-ignored")], id="id-number-on-organisation"),
    pytest.param(black_org(身份证件号码="4.20106E+17"), [(2, ID_NUMBER, "id-number-ignored")], id="id-number-as-float-on-organisation-is-only-ignored"),
    pytest.param(red_person(统一社会信用代码=ORG_USCC), [(2, USCC, "uscc-ignored")], id="uscc-on-person"),
    # vocabulary
    pytest.param(black_org(类别="诚信纳税"), [(2, "类别", "unknown-category")], id="red-category-on-black"),
    pytest.param(red_org(类别="虚假广告"), [(2, "类别", "unknown-category")], id="black-category-on-red"),
    pytest.param(black_org(领域="体育"), [(2, "领域", "unknown-domain")], id="unknown-domain"),
    # dates
    pytest.param(black_org(认定日期="2024-02-30"), [(2, "认定日期", "bad-date")], id="start-30-february"),
    pytest.param(black_org(公示截止日期="明年三月"), [(2, "公示截止日期", "bad-date")], id="end-in-words"),
    pytest.param(black_org(认定日期="2026-11-30", 公示截止日期="2029-11-29"), [(2, "认定日期", "date-in-future")], id="start-after-as-of"),
    pytest.param(black_org(公示截止日期="2024-03-05"), [(2, "公示截止日期", "end-before-start")], id="end-equals-start"),
    pytest.param(black_org(公示截止日期="2023-03-05"), [(2, "公示截止日期", "end-before-start")], id="end-before-start"),
    pytest.param(black_org(公示截止日期="2027-03-06"), [(2, "公示截止日期", "long-publication-period")], id="black-three-years-and-a-day"),
]

PASSING_ROWS = [
    pytest.param(black_org(), id="complete-black-organisation"),
    pytest.param(red_org(), id="red-without-basis-or-end"),
    pytest.param(red_person(), id="person-without-uscc"),
    pytest.param(withdrawal(), id="withdrawal-without-name-list-or-category"),
    pytest.param(black_org(名单类型=" 黑名单 ", 主体类型="个体工商户"), id="list-type-with-spaces-and-sole-trader"),
    pytest.param(black_org(操作="新增"), id="explicit-add"),
    pytest.param(black_org(操作="更新"), id="update-passes-validation"),
    *[pytest.param(withdrawal(移出原因=reason), id=f"withdrawal-reason-{reason}") for reason in ("信用修复", "撤销", "其他")],
    pytest.param(black_org(主体名称="甲" * 100), id="name-of-100"),
    pytest.param(black_org(主体名称="\u3000 " + "甲" * 100 + " \u3000"), id="name-of-100-after-trimming"),
    pytest.param(black_org(统一社会信用代码="N2420106MJ1234560P"), id="uscc-starting-with-n"),
    pytest.param(black_org(统一社会信用代码="Y1420106MJ1234560J"), id="uscc-starting-with-y"),
    pytest.param(black_org(统一社会信用代码="91350100M000100Y43"), id="published-uscc"),
    pytest.param(black_org(统一社会信用代码=uscc("9142010612E000003")), id="uscc-of-digits-and-one-e"),
    pytest.param(red_person(身份证件号码=PERSON_ID), id="id-wuchang-born-1975"),
    pytest.param(red_person(身份证件号码="11010519491231002x"), id="id-with-lower-case-x"),
    pytest.param(red_person(身份证件号码="4201 0619 7503 1512 35"), id="id-grouped-with-spaces"),
    pytest.param(red_person(身份证件号码="420106-19750315-1235"), id="id-grouped-with-hyphens"),
    pytest.param(black_org(统一社会信用代码="914201068205200011"), id="all-digit-uscc-whose-birth-year-would-be-682"),
    pytest.param(black_org(列入事由="罚款 1,234,567.89 元，联系电话 027-87654321、13912345678，案号 （2024）鄂0106执552号"), id="amounts-and-phone-numbers-in-text"),
    pytest.param(red_org(类别="诚信纳税"), id="red-category-on-red"),
    pytest.param(black_org(领域=""), id="no-domain"),
    pytest.param(black_org(认定日期="2026-11-29", 公示截止日期="2029-11-29"), id="start-on-as-of-three-years"),
    pytest.param(black_org(公示截止日期="2024-03-06"), id="end-the-day-after-start"),
    pytest.param(black_org(公示截止日期="2027-03-05"), id="black-exactly-three-years"),
    pytest.param(red_org(公示截止日期="2029-03-05"), id="red-five-years"),
]


@pytest.mark.parametrize(("submitted", "expected"), FAILING_ROWS)
def test_row_breaking_a_rule_is_reported_exactly(validate_csv, submitted, expected):
    report = validate_csv([submitted])
    assert flat(report) == expected
    errors = any(code for _, _, code in expected if code not in ("long-publication-period", "id-number-ignored", "uscc-ignored", "withdrawal-reason-not-needed"))
    assert accepted_rows(report) == ([] if errors else [2])
    assert report.rows_read == 1


@pytest.mark.parametrize("submitted", PASSING_ROWS)
def test_row_keeping_the_rules_passes(validate_csv, submitted):
    report = validate_csv([submitted])
    assert flat(report) == []
    assert accepted_rows(report) == [2]


def test_id_number_of_an_organisation_is_dropped(validate_csv):
    report = validate_csv([black_org(身份证件号码=PERSON_ID)])
    assert report.valid
    assert report.accepted[0].values[ID_NUMBER] == ""


def test_several_problems_in_one_row_are_all_reported_in_rule_order(validate_csv):
    report = validate_csv([black_org(操作="删除", 统一社会信用代码=WRONG_CHECK, 领域="体育", 认定日期="2024-02-30")])
    assert flat(report) == [
        (2, "操作", "bad-operation"), (2, USCC, "bad-uscc-checksum"), (2, "领域", "unknown-domain"), (2, "认定日期", "bad-date"),
    ]


def test_rows_are_checked_independently(validate_csv):
    report = validate_csv([black_org(), black_org(名单类型="白名单", 决定文书号="2号"), black_org(决定文书号="3号")])
    assert flat(report) == [(3, "名单类型", "bad-list-type")]
    assert accepted_rows(report) == [2, 4]
    assert (report.rows_read, report.rejected) == (3, 1)


# --- identifier stored as a number in xlsx -------------------------------------

@pytest.mark.parametrize("number", [420106197503151235, 4.20106197503151e17], ids=["int-cell", "float-cell"])
def test_numeric_id_cell_in_xlsx_is_reported(validate_xlsx, number):
    report = validate_xlsx([red_person(身份证件号码=number)])
    assert flat(report) == [(2, ID_NUMBER, "identifier-as-number")]


def test_text_id_cell_in_xlsx_passes(validate_xlsx):
    assert flat(validate_xlsx([red_person(身份证件号码=PERSON_ID)])) == []


# --- the header ---------------------------------------------------------------

WITHOUT_START = tuple(c for c in TEMPLATE_COLUMNS if c != "认定日期")


def test_missing_column_rejects_the_file_and_counts_every_row(validate_csv):
    report = validate_csv([black_org(), black_org(名单类型="白名单", 决定文书号="2号"), ["" for _ in WITHOUT_START]], header=WITHOUT_START)
    assert flat(report) == [(None, "认定日期", "missing-column"), (4, None, "blank-row")]
    assert (report.rows_read, report.rejected, report.accepted) == (2, 2, [])
    assert report.file_rejected and not report.valid


def test_header_of_required_columns_only_passes(validate_csv):
    header = ("名单类型", "主体类型", "主体名称", "统一社会信用代码", "类别", "列入事由", "决定文书号", "认定日期")
    report = validate_csv([black_org(名单类型="红名单", 类别="诚信纳税")], header=header)
    assert flat(report) == []
    assert accepted_rows(report) == [2]


def test_duplicate_label_rejects_the_file(validate_csv):
    header = TEMPLATE_COLUMNS + ("主体名称",)
    report = validate_csv([cells(black_org(), TEMPLATE_COLUMNS) + ["乙示例公司"]], header=header)
    assert flat(report) == [(None, "主体名称", "duplicate-label")]
    assert (report.rows_read, report.rejected) == (1, 1)


BLANK_THIRD = TEMPLATE_COLUMNS[:3] + ("",) + TEMPLATE_COLUMNS[3:]


def with_blank_third(value: str) -> list:
    values = cells(black_org(), TEMPLATE_COLUMNS)
    return values[:3] + [value] + values[3:]


def test_blank_header_over_filled_cells_rejects_the_file(validate_csv):
    report = validate_csv([with_blank_third("备注内容")], header=BLANK_THIRD)
    assert flat(report) == [(None, None, "blank-header")]
    assert (report.rows_read, report.rejected) == (1, 1)


def test_blank_header_over_empty_cells_is_ignored(validate_csv):
    report = validate_csv([with_blank_third("")], header=BLANK_THIRD)
    assert flat(report) == []
    assert accepted_rows(report) == [2]


def test_extra_label_is_a_warning_and_its_column_ignored(validate_csv):
    report = validate_csv([{**black_org(), "联系人": "王示例"}], header=TEMPLATE_COLUMNS + ("联系人",))
    assert flat(report) == [(None, "联系人", "extra-label")]
    assert report.valid and accepted_rows(report) == [2]


def test_template_header_passes(validate_csv):
    assert flat(validate_csv([black_org()])) == []


# --- whole rows ---------------------------------------------------------------

def test_extra_cell_rejects_the_row(validate_csv):
    report = validate_csv([cells(black_org(), TEMPLATE_COLUMNS) + ["多余"], black_org(决定文书号="2号")])
    assert flat(report) == [(2, None, "extra-cell")]
    assert accepted_rows(report) == [3]


def test_empty_extra_cell_passes(validate_csv):
    report = validate_csv([cells(black_org(), TEMPLATE_COLUMNS) + ["", " "]])
    assert flat(report) == []


def test_blank_row_is_a_warning_and_not_a_row(validate_csv):
    report = validate_csv([black_org(), [""] * len(TEMPLATE_COLUMNS), black_org(决定文书号="2号")])
    assert flat(report) == [(3, None, "blank-row")]
    assert report.valid
    assert (report.rows_read, accepted_rows(report)) == (2, [2, 4])


def test_empty_line_is_a_blank_row(validate_bytes):
    content = csv_bytes([black_org()]) + b"\r\n" + csv_bytes([black_org(决定文书号="2号")]).split(b"\r\n", 1)[1]
    report = validate_bytes(content)
    assert flat(report) == [(3, None, "blank-row")]
    assert accepted_rows(report) == [2, 4]


def test_no_blank_row_no_warning(validate_csv):
    report = validate_csv([black_org(), black_org(决定文书号="2号")])
    assert flat(report) == []
    assert report.rows_read == 2


def test_duplicate_row_is_rejected_and_the_first_kept(validate_csv):
    report = validate_csv([black_org(), red_person(), black_org()])
    assert flat(report) == [(4, None, "duplicate-row")]
    assert accepted_rows(report) == [2, 3]
    assert report.problems[0].message == "与第 2 行完全相同。请删除重复的行。"


def test_rows_differing_in_one_cell_are_not_duplicates(validate_csv):
    report = validate_csv([black_org(), black_org(备注="另一条")])
    assert flat(report) == []


# --- the file as a whole --------------------------------------------------------

@pytest.mark.parametrize("name", ["submission.xls", "submission.txt", "submission"])
def test_unsupported_file_type(validate_bytes, name):
    report = validate_bytes(csv_bytes([black_org()]), name=name)
    assert flat(report) == [(None, None, "unsupported-file-type")]
    assert not report.valid


def test_csv_suffix_in_capitals_is_supported(validate_bytes):
    assert flat(validate_bytes(csv_bytes([black_org()]), name="SUBMISSION.CSV")) == []


def neither_utf8_nor_gb18030() -> bytes:
    """GBK text with a truncated four-byte GB18030 sequence (0x81 0x30) inside a cell."""
    header = csv_bytes([], encoding="gbk")
    body = csv_bytes([black_org()], encoding="gbk").split(b"\r\n", 1)[1]
    return header + body.replace("甲示例".encode("gbk"), "甲".encode("gbk") + b"\x81\x30" + "示例".encode("gbk"), 1)


def test_bytes_neither_utf8_nor_gb18030_are_an_encoding_error(validate_bytes):
    content = neither_utf8_nor_gb18030()
    for encoding in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            content.decode(encoding)
    report = validate_bytes(content)
    assert flat(report) == [(None, None, "encoding-error")]
    assert report.encoding is None and report.rows_read == 0


def test_gbk_file_is_not_an_encoding_error(validate_bytes):
    report = validate_bytes(csv_bytes([black_org()], encoding="gbk"))
    assert flat(report) == []
    assert report.encoding == "gb18030"


@pytest.mark.parametrize("content", [b"", b",,,\r\n\r\n , \r\n"], ids=["zero-bytes", "only-blank-lines"])
def test_empty_file(validate_bytes, content):
    report = validate_bytes(content)
    assert flat(report) == [(None, None, "empty-file")]
    assert not report.valid


def test_empty_xlsx_is_an_empty_file(validate_xlsx):
    assert flat(validate_xlsx([], header=[])) == [(None, None, "empty-file")]


def test_header_only_is_not_an_empty_file_but_has_no_data_rows(validate_csv):
    report = validate_csv([])
    assert flat(report) == [(None, None, "no-data-rows")]
    assert report.valid and report.rows_read == 0


def test_header_and_blank_rows_have_no_data_rows(validate_csv):
    report = validate_csv([[""] * len(TEMPLATE_COLUMNS)])
    assert flat(report) == [(None, None, "no-data-rows"), (2, None, "blank-row")]


def test_one_data_row_is_not_no_data_rows(validate_csv):
    assert flat(validate_csv([red_person()])) == []


def test_unterminated_quote_is_a_format_error_of_the_file(validate_bytes):
    content = csv_bytes([black_org()]) + '乙示例,"未闭合\r\n'.encode()
    report = validate_bytes(content)
    assert flat(report) == [(None, None, "format-error")]
    assert report.problems[0].message == ("无法读取文件：第 3 行附近的引号或分隔符不成对（unexpected end of data）。"
                                          "请用 Excel 打开并另存为 .xlsx 或 CSV UTF-8 后重新报送。")
    assert (report.rows_read, report.rejected) == (0, 0)


def test_nul_bytes_are_a_format_error(validate_bytes):
    report = validate_bytes(csv_bytes([black_org()]).replace(b",", b",\x00", 3))
    assert flat(report) == [(None, None, "format-error")]


def test_utf16_text_is_named_as_such(validate_bytes):
    report = validate_bytes(csv_bytes([black_org()], encoding="utf-16"))
    assert flat(report) == [(None, None, "utf-16-text")]


def test_csv_renamed_to_xlsx_is_a_format_error(validate_bytes):
    report = validate_bytes(csv_bytes([black_org()]), name="submission.xlsx")
    assert flat(report) == [(None, None, "format-error")]


def test_file_over_the_size_limit(validate_bytes, monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILE_BYTES", 100)
    assert flat(validate_bytes(csv_bytes([black_org()]))) == [(None, None, "file-too-large")]


def test_file_over_the_row_limit(validate_csv, monkeypatch):
    monkeypatch.setattr(settings, "MAX_ROWS", 1)
    assert flat(validate_csv([black_org(), black_org(决定文书号="2号")])) == [(None, None, "too-many-rows")]


def test_file_at_the_row_limit(validate_csv, monkeypatch):
    monkeypatch.setattr(settings, "MAX_ROWS", 2)
    assert flat(validate_csv([black_org(), black_org(决定文书号="2号")])) == []


@pytest.mark.parametrize(("department", "expected"), [("xyz", [(None, None, "unknown-department")]), ("scjgj", [])])
def test_department_must_be_registered(data_dir, vocabulary, department, expected):
    path = write_csv(data_dir / "submissions" / department / "2024-04-01-a.csv", [black_org()])
    reports = validate_files([(department, path)], data_dir, load_departments(data_dir), Context(vocabulary, AS_OF))
    assert flat(reports[0]) == expected
    assert reports[0].path == f"submissions/{department}/2024-04-01-a.csv"


# --- the cap on listed problems ---------------------------------------------------

def bad_list_rows(count: int) -> list[dict]:
    return [black_org(名单类型="白名单", 决定文书号=f"{n}号") for n in range(count)]


def test_problems_beyond_the_cap_are_counted_not_listed(validate_csv, monkeypatch):
    monkeypatch.setattr(settings, "MAX_PROBLEMS_PER_FILE", 2)
    report = validate_csv(bad_list_rows(3))
    assert flat(report) == [(None, None, "too-many-problems"), (2, "名单类型", "bad-list-type"), (3, "名单类型", "bad-list-type")]
    assert report.problem_count == 3
    assert (report.rows_read, report.rejected) == (3, 3)


def test_problems_up_to_the_cap_are_all_listed(validate_csv, monkeypatch):
    monkeypatch.setattr(settings, "MAX_PROBLEMS_PER_FILE", 2)
    report = validate_csv(bad_list_rows(2))
    assert flat(report) == [(2, "名单类型", "bad-list-type"), (3, "名单类型", "bad-list-type")]


def test_an_error_beyond_the_cap_still_makes_the_file_invalid(validate_csv, monkeypatch):
    monkeypatch.setattr(settings, "MAX_PROBLEMS_PER_FILE", 2)
    warnings_only = [black_org(移出原因="撤销", 决定文书号=f"{n}号") for n in range(2)]
    report = validate_csv(warnings_only + [black_org(名单类型="白名单")])
    assert [code for _, _, code in flat(report)] == ["too-many-problems", "withdrawal-reason-not-needed", "withdrawal-reason-not-needed"]
    assert report.rejected == 1
    assert not report.valid


def test_a_file_error_beyond_the_cap_still_rejects_the_file(validate_csv, monkeypatch):
    monkeypatch.setattr(settings, "MAX_PROBLEMS_PER_FILE", 1)
    header = ("甲", "乙") + WITHOUT_START
    report = validate_csv([black_org()], header=header)
    assert flat(report) == [(None, "甲", "extra-label"), (None, None, "too-many-problems")]
    assert report.file_rejected and report.rejected == 1 and report.accepted == []
    assert not report.valid


def test_as_of_decides_what_is_in_the_future(validate_csv):
    submitted = [black_org(认定日期="2026-12-01", 公示截止日期="2027-12-01")]
    assert flat(validate_csv(submitted, as_of=dt.date(2026, 12, 1))) == []
    assert flat(validate_csv(submitted, as_of=dt.date(2026, 11, 30))) == [(2, "认定日期", "date-in-future")]
