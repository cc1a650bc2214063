"""What clerks type becomes one canonical form before it is checked and published."""

from __future__ import annotations

import datetime as dt

import pytest

from credit_rows import ORG_USCC, black_org, flat, red_person
from creditlists.intake.normalize import add_years, clean_code, clean_text, looks_like_number, parse_date
from creditlists.schema import ID_NUMBER, NAME, START, USCC


def fullwidth(text: str) -> str:
    """ASCII digits and letters as their full-width forms (what a Chinese IME in 全角 mode types)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


@pytest.mark.parametrize("written", [
    pytest.param(fullwidth(ORG_USCC), id="full-width"),
    pytest.param(ORG_USCC.lower(), id="lower-case"),
    pytest.param(f" {ORG_USCC[:4]} {ORG_USCC[4:8]}\u3000{ORG_USCC[8:]} ", id="grouped-with-spaces"),
    pytest.param(ORG_USCC[:9] + "\u00a0" + ORG_USCC[9:], id="no-break-space"),  # a zero-width space is an error: test_hidden_text.py
])
def test_uscc_is_normalised_before_checking(validate_csv, written):
    report = validate_csv([black_org(统一社会信用代码=written)])
    assert flat(report) == []
    assert report.accepted[0].values[USCC] == ORG_USCC


def test_id_number_with_spaces_and_lower_case_x_is_normalised(validate_csv):
    report = validate_csv([red_person(身份证件号码="110105 19491231 002x")])
    assert flat(report) == []
    assert report.accepted[0].values[ID_NUMBER] == "11010519491231002X"


@pytest.mark.parametrize("written", [
    "2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305", "2024-3-5",
    fullwidth("2024-03-05"), fullwidth("2024") + "年" + fullwidth("3") + "月" + fullwidth("5") + "日",
    "2024-03-05 00:00:00", "2024/3/5 0:00", " 2024/03/05 ",
    "２０２４／３／５", "２０２４－０３－０５", "２０２４．３．５",  # typed entirely in full-width mode
])
def test_date_forms_in_csv_become_iso(validate_csv, written):
    report = validate_csv([black_org(认定日期=written)])
    assert flat(report) == []
    assert report.accepted[0].values[START] == "2024-03-05"
    assert report.accepted[0].start == dt.date(2024, 3, 5)


@pytest.mark.parametrize("cell", [dt.date(2024, 3, 5), dt.datetime(2024, 3, 5), dt.datetime(2024, 3, 5, 14, 30)],
                         ids=["date", "midnight", "afternoon"])
def test_xlsx_date_cell_becomes_iso(validate_xlsx, cell):
    report = validate_xlsx([black_org(认定日期=cell, 公示截止日期=dt.date(2027, 3, 4))])
    assert flat(report) == []
    values = report.accepted[0].values
    assert (values[START], values["公示截止日期"]) == ("2024-03-05", "2027-03-04")


def test_full_width_chinese_punctuation_in_text_stays(validate_csv):
    name = "甲示例（武昌）商贸有限公司，第一分公司"
    report = validate_csv([black_org(主体名称=name, 列入事由="发布虚假广告；情节严重。")])
    values = report.accepted[0].values
    assert (values[NAME], values["列入事由"], values["决定文书号"]) == (name, "发布虚假广告；情节严重。", "武昌市监罚〔2024〕1号")


def test_full_width_letters_in_a_name_become_half_width(validate_csv):
    report = validate_csv([black_org(主体名称="ＡＢＣ示例１号店")])
    assert report.accepted[0].values[NAME] == "ABC示例1号店"


def test_clean_text_trims_ideographic_spaces_and_keeps_inner_ones():
    assert clean_text("\u3000甲 乙\u3000") == "甲 乙"


def test_clean_code_removes_all_whitespace_and_upper_cases():
    assert clean_code(" 91 42\t01\u300006ma ") == "9142010 6MA".replace(" ", "")


@pytest.mark.parametrize("text", ["2024-13-01", "2024-02-30", "24-3-5", "2024年3月", "三月五日", "", "2024-03-05T00:00"])
def test_parse_date_refuses_what_is_no_date(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("9.14201E+17", True), ("420106197503151235.0", True), ("4.20106197503151e17", True),
    ("420106197503151235", False), ("91420106MA4K00001X", False), ("", False),
])
def test_looks_like_number(text, expected):
    assert looks_like_number(text) is expected


def test_add_years_on_29_february_falls_back_to_28():
    assert add_years(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)
    assert add_years(dt.date(2024, 3, 5), 3) == dt.date(2027, 3, 5)
