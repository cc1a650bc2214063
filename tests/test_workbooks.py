"""The open-data workbooks (creditlists/publish/workbooks.py): their data rows are
written as XML by hand, not by openpyxl's cells; read back with openpyxl, every
text is still a text cell formatted as text, every count a number, and the bytes
are those openpyxl's own writer gives the same cells.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.exceptions import IllegalCharacterError

from creditlists.publish import workbooks
from creditlists.publish.workbooks import DATA_SHEET, About, table_xlsx

FIELDS = (("代码", "string", "a code"), ("名称", "string", "a name"), ("次数", "integer", "a count"), ("日期", "date", "a date"))
HOSTILE = ["=1+1", "+1", "-1", "@SUM(A1)", "=", "914201061966600936", "91420106090E794209", "9E42010", "2026-11-29", "1/2",
           "&<>\"'", "武昌区市场监督管理局（示例）", "", " 前后有空格 ", "\u3000全角", "两\n行", "#N/A", "TRUE", "0012", "1e5", "{0}{1}", " ", "行尾\n", "\x85前", "x" * 40_000]
TEXT_FIELDS = tuple(f for f in FIELDS if f[1] != "integer")  # rows of texts only: written by a template unless hostile
ABOUT = About("hostile.xlsx", "标题", "说明", dt.date(2026, 11, 29), "/data/")


def hostile_records() -> list[dict[str, Any]]:
    """Every hostile text in each text column, beside counts from 0 to beyond 2**53."""
    n = len(HOSTILE)
    return [{"代码": text, "名称": HOSTILE[(i + 7) % n], "次数": [0, 7, 10**6, 2**53 + 1][i % 4], "日期": HOSTILE[(i + 3) % n]}
            for i, text in enumerate(HOSTILE)]


def cell_problems(content: bytes, fields: tuple[tuple[str, str, str], ...], records: list[dict[str, Any]]) -> list[str]:
    """What differs from the rules in a workbook's data sheet: a text not a text cell formatted ``@``, a count not a number."""
    sheet = openpyxl.load_workbook(io.BytesIO(content))[DATA_SHEET]
    rows = list(sheet.iter_rows())
    problems = [f"header {c.coordinate}" for c, (name, _, _) in zip(rows[0], fields, strict=True)
                if (c.value, c.data_type, c.number_format, c.font.b) != (name, "s", "@", True)]
    for row, record in zip(rows[1:], records, strict=True):
        for cell, (name, kind, _) in zip(row, fields, strict=True):
            value = record[name]
            if kind == "integer":
                expected = (value, "n") if abs(value) < 2**53 else (float(f"{value:.16g}"), "n")  # as openpyxl writes a big int
                got: tuple[object, ...] = (cell.value, cell.data_type)
            elif value:
                expected, got = (value[:32_767], "s", "@"), (cell.value, cell.data_type, cell.number_format)
            else:  # an empty cell formatted as text (openpyxl reads its type as written, inlineStr)
                expected, got = (None, "@"), (cell.value, cell.number_format)
            if got != expected:
                problems.append(f"{cell.coordinate}: {got!r:.80} for {value!r:.40}")
    return problems + [f"{len(rows) - 1} rows"] * (len(rows) != len(records) + 1)


def test_hostile_texts_stay_text_cells_and_counts_numbers():
    content = table_xlsx(ABOUT, FIELDS, hostile_records())
    assert cell_problems(content, FIELDS, hostile_records()) == []
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["说明", DATA_SHEET]
    sheet = book[DATA_SHEET]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:D{len(HOSTILE) + 1}" == sheet.dimensions
    assert [sheet.column_dimensions[c].width for c in "ABCD"] == [60, 60, 18, 60]
    assert isinstance(sheet["C3"].value, int) and sheet["A2"].value == "=1+1" and sheet["A7"].value == "914201061966600936"
    assert book.properties.created == book.properties.modified == dt.datetime(2026, 11, 29)
    assert table_xlsx(ABOUT, FIELDS, hostile_records()) == content  # same table and date, same bytes


def test_the_check_can_fail():
    """A workbook whose code is a number, or whose text cell is not formatted as text, is caught."""
    for wrong in ("number", "general"):
        book = openpyxl.Workbook()
        book.active.title = "说明"
        sheet = book.create_sheet(DATA_SHEET)
        for column, (name, _, _) in enumerate(FIELDS, start=1):
            workbooks.text_cell(sheet, 1, column, name)
            sheet.cell(row=1, column=column).font = openpyxl.styles.Font(bold=True)
        for column, text in ((1, "914201061966600936"), (2, "甲"), (4, "2026-11-29")):
            workbooks.text_cell(sheet, 2, column, text)
        sheet.cell(row=2, column=3, value=1)
        if wrong == "number":
            sheet["A2"].value = 914201061966600936  # what a spreadsheet makes of the code: 9.14201061966601E+17
        else:
            sheet["A2"].number_format = "General"
        out = io.BytesIO()
        book.save(out)
        records = [{"代码": "914201061966600936", "名称": "甲", "次数": 1, "日期": "2026-11-29"}]
        assert [problem.split(":")[0] for problem in cell_problems(out.getvalue(), FIELDS, records)] == ["A2"], wrong


def openpyxl_written(about: About, fields: workbooks.Fields, records: list[dict[str, Any]]) -> bytes:
    """The workbook as openpyxl's writer gives it when every data cell is an openpyxl cell (the way it was written before)."""
    book = openpyxl.Workbook()
    book.active.title = workbooks.ABOUT_SHEET
    workbooks.write_about(book.active, about, fields, len(records))
    sheet = book.create_sheet(DATA_SHEET)
    workbooks.write_header(sheet, fields, records)
    for number, record in enumerate(records, start=2):
        for column, (name, kind, _) in enumerate(fields, start=1):
            if kind == "integer":
                sheet.cell(row=number, column=column).value = int(record[name])
            else:
                workbooks.text_cell(sheet, number, column, str(record[name]))
    when = dt.datetime.combine(about.as_of, dt.time())
    book.properties.creator, book.properties.title = workbooks.settings.OPEN_DATA_PUBLISHER, about.title
    book.properties.created = book.properties.modified = when
    return workbooks.saved(book, when)


@pytest.mark.parametrize("fields", [FIELDS, TEXT_FIELDS], ids=["with-counts", "texts-only"])
@pytest.mark.parametrize("count", [0, 1, 3_000])
def test_the_rows_are_the_xml_openpyxl_writes(count, fields, monkeypatch):
    """Byte for byte, whatever the rows, however many are joined at a time; plain rows among them."""
    hostile = hostile_records() * (1 + count // len(HOSTILE))
    plain = [{"代码": f"91420106MA4K{n:05d}X", "名称": "武昌示例公司" * (n % 3), "次数": n, "日期": "2026-11-29"} for n in range(count)]
    records = [r for pair in zip(hostile, plain) for r in pair][:count]
    monkeypatch.setattr(workbooks, "CHUNK_ROWS", 7)
    assert table_xlsx(ABOUT, fields, records) == openpyxl_written(ABOUT, fields, records)


@pytest.mark.parametrize("fields", [FIELDS, TEXT_FIELDS], ids=["with-counts", "texts-only"])
@pytest.mark.parametrize("character", ["\x00", "\x01", "\x0b", "\x1f"])
def test_a_control_character_is_refused_as_openpyxl_refuses_it(character, fields):
    records = [{"代码": "a", "名称": "乙", "次数": 1, "日期": ""}, {"代码": "a", "名称": f"甲{character}乙", "次数": 1, "日期": ""}]
    for write in (table_xlsx, openpyxl_written):
        with pytest.raises(IllegalCharacterError):
            write(ABOUT, fields, records)
