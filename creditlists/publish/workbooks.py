"""The open data as Excel workbooks, for spreadsheet users: codes and dates stay text.

A spreadsheet that opens entries.csv turns an all-digit 统一社会信用代码
(914201061966600936) into 9.14201061966601E+17 and one like 91420106090E794209
into a number in E notation. In these workbooks every text and date column is
a string cell formatted as text (``@``), so no spreadsheet converts it and no
text becomes a formula; counts are numbers. The first sheet says what the file
is, its date, its licence and every column; the second holds the data under a
frozen header.

The same table and date give the same bytes: the document properties and the
zip members carry the build date, never the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from creditlists import settings

ABOUT_SHEET = "说明"
DATA_SHEET = "数据"
MIN_WIDTH, MAX_WIDTH = 8, 60  # column widths, in characters (a Han character counts two)
ZIP_MODE = 0o644 << 16

Fields = tuple[tuple[str, str, str], ...]  # (name, Table Schema type, description)


@dataclass(frozen=True)
class About:
    """What the first sheet says about the file."""

    file_name: str
    title: str
    description: str
    as_of: dt.date
    data_page: str  # the /data/ page's address (absolute, or relative to the site root)


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: two for each wide (Han, full-width) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def column_widths(fields: Fields, records: Sequence[dict[str, Any]]) -> list[int]:
    """The width of each column: its widest cell or header, within MIN_WIDTH and MAX_WIDTH."""
    widths = []
    for name, _, _ in fields:
        widest = max([display_width(name), *(display_width(str(r[name])) for r in records)])
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, widest + 2)))
    return widths


def text_cell(sheet: Any, row: int, column: int, value: str) -> None:
    """A string cell formatted as text: never a number, a date or a formula, whatever it looks like."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    cell.data_type = "s"  # openpyxl would take a leading "=" for a formula
    cell.number_format = "@"


def write_about(sheet: Any, about: About, fields: Fields, rows: int) -> None:
    from openpyxl.styles import Font

    license_ = settings.OPEN_DATA_LICENSE
    lines = [
        (about.title, ""), ("", ""), ("文件", about.file_name), ("内容", about.description), ("数据日期", about.as_of.isoformat()),
        ("数据行数", str(rows)), ("发布者", settings.OPEN_DATA_PUBLISHER),
        ("许可", f"{settings.OPEN_DATA_LICENSE_TITLE}（{license_['name']}），{license_['path']}：使用时请注明来源和数据日期"),
        ("说明与其他格式", about.data_page), ("", ""), ("字段", "说明"),
    ]
    lines += [(name, description) for name, _, description in fields]
    for number, (label, text) in enumerate(lines, start=1):
        text_cell(sheet, number, 1, label)
        text_cell(sheet, number, 2, text)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.cell(row=len(lines) - len(fields), column=1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 100


def write_data(sheet: Any, fields: Fields, records: Sequence[dict[str, Any]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for column, (name, _, _) in enumerate(fields, start=1):
        text_cell(sheet, 1, column, name)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for number, record in enumerate(records, start=2):
        for column, (name, kind, _) in enumerate(fields, start=1):
            if kind == "integer":
                sheet.cell(row=number, column=column).value = int(record[name])
            else:
                text_cell(sheet, number, column, str(record[name]))
    for column, width in enumerate(column_widths(fields, records), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{len(records) + 1}"


def table_xlsx(about: About, fields: Fields, records: Sequence[dict[str, Any]]) -> bytes:
    """The workbook of one open-data table: the about sheet, then the data sheet."""
    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = ABOUT_SHEET
    write_about(first, about, fields, len(records))
    write_data(workbook.create_sheet(DATA_SHEET), fields, records)
    when = dt.datetime.combine(about.as_of, dt.time())
    workbook.properties.creator = settings.OPEN_DATA_PUBLISHER
    workbook.properties.title = about.title
    workbook.properties.created = workbook.properties.modified = when
    return saved(workbook, when)


def saved(workbook: Any, when: dt.datetime) -> bytes:
    """The workbook's bytes, its document dates and every zip member dated ``when``.

    openpyxl's ``save_workbook`` stamps the clock into the properties, and its
    zip members carry the time they were written: its writer runs on a zip in
    memory, whose members are then copied in the same order with the date given.
    """
    from openpyxl.writer.excel import ExcelWriter

    written = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED)).save()  # closes the zip
    dated = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(dated, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=(when.year, when.month, when.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ZIP_MODE
            target.writestr(info, source.read(member))
    return dated.getvalue()
