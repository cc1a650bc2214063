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
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from creditlists import settings

ABOUT_SHEET = "说明"
DATA_SHEET = "数据"
MIN_WIDTH, MAX_WIDTH = 8, 60  # column widths, in characters (a Han character counts two)
ZIP_MODE = 0o644 << 16
MAX_TEXT = 32_767  # characters of a cell's text (openpyxl cuts a longer one)
CHUNK_ROWS = 1_000  # rows joined at a time
SPACE = re.compile(r"\s")
EDGE_SPACE = re.compile(r"\A\s|\s\Z|\s\0|\0\s")  # in a row's texts joined by NUL: a text that begins or ends with a space
EMPTY_TEXT = '><is><t></t></is></c>'  # an empty text in a row_template, for openpyxl's empty cell

Fields = tuple[tuple[str, str, str], ...]  # (name, Table Schema type, description)


@dataclass(frozen=True)
class About:
    """What the first sheet says about the file."""

    file_name: str
    title: str
    description: str
    as_of: dt.date
    data_page: str  # the /data/ page's address (absolute, or relative to the site root)


class CharacterWidths(dict[str, int]):
    """The columns of each character met so far: two for a wide (Han, full-width) one."""

    def __missing__(self, character: str) -> int:
        self[character] = width = 2 if unicodedata.east_asian_width(character) in "WF" else 1
        return width


CHARACTER_WIDTHS = CharacterWidths()


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: two for each wide (Han, full-width) character."""
    return len(text) if text.isascii() else sum(map(CHARACTER_WIDTHS.__getitem__, text))


def widest(texts: Iterable[str], start: int, enough: int) -> int:
    """The largest ``display_width`` of ``texts`` and ``start``, or one of at least ``enough``.

    The texts are measured longest first, until none left could be wider than
    the widest so far (a character takes at most two columns); texts of one
    length all ASCII are as wide as long: a column of 100,000 cells takes a
    few measures.
    """
    found = start
    for length, group in itertools.groupby(sorted(set(texts), key=len, reverse=True), key=len):
        if found >= enough or 2 * length <= found:
            break
        same = list(group)
        if "".join(same).isascii():
            found = max(found, length)
            continue
        for text in same:
            found = max(found, display_width(text))
            if found >= 2 * length:
                break
    return found


def column_widths(fields: Fields, records: Sequence[dict[str, Any]]) -> list[int]:
    """The width of each column: its widest cell or header, within MIN_WIDTH and MAX_WIDTH."""
    widths = []
    for name, _, _ in fields:
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, widest((str(r[name]) for r in records), display_width(name), MAX_WIDTH - 2) + 2)))
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


def write_header(sheet: Any, fields: Fields, records: Sequence[dict[str, Any]]) -> str:
    """The data sheet without its data rows: the bold header, column widths, frozen header, auto-filter.

    Returns the auto-filter's reference, the whole table, which is also the
    sheet's dimension once ``data_rows`` are in it (``spliced``).
    """
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for column, (name, _, _) in enumerate(fields, start=1):
        text_cell(sheet, 1, column, name)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for column, width in enumerate(column_widths(fields, records), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{len(records) + 1}"
    return str(sheet.auto_filter.ref)


def text_element(text: str) -> str:
    """A text's ``<t>`` element as openpyxl writes a string cell's: cut at 32,767 characters, ``&<>`` escaped,
    ``xml:space="preserve"`` when it begins or ends with white space (openpyxl's ``whitespace``)."""
    text = text[:MAX_TEXT]
    stripped = text.strip()
    preserve = bool(stripped) and stripped != text
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return f'<t xml:space="preserve">{text}</t>' if preserve else f"<t>{text}</t>"


def row_xml(columns: Sequence[tuple[str, bool]], values: Sequence[Any], number: int, text_style: int) -> str:
    """One data row's XML, cell by cell, as openpyxl writes the cells of ``text_cell`` and of an int.

    ``columns`` are each column's letter and whether it is an integer field.
    """
    cells = [f'<row r="{number}">']
    for (letter, integer), value in zip(columns, values, strict=True):
        if integer:
            cells.append(f'<c r="{letter}{number}" t="n"><v>{int(value):.16g}</v></c>')
        elif text := str(value):
            cells.append(f'<c r="{letter}{number}" s="{text_style}" t="inlineStr"><is>{text_element(text)}</is></c>')
        else:
            cells.append(f'<c r="{letter}{number}" s="{text_style}" t="inlineStr" />')
    return "".join(cells) + "</row>"


def row_template(columns: Sequence[tuple[str, bool]], text_style: int) -> str:
    """``row_xml`` of a row of texts as a ``str.format`` template: ``{0}`` the row's number, ``{1}``… its texts.

    Right for texts with nothing to escape, cut or preserve; an empty text gives
    ``<t></t>``, which ``EMPTY_TEXT`` finds.
    """
    cells = "".join(f'<c r="{letter}{{0}}" s="{text_style}" t="inlineStr"><is><t>{{{n}}}</t></is></c>'
                    for n, (letter, _) in enumerate(columns, start=1))
    return f'<row r="{{0}}">{cells}</row>'


def plain_texts(texts: str, count: int) -> bool:
    """Whether ``count`` texts joined by NUL are for ``row_template``: none to escape, cut or preserve, none holding a NUL."""
    if len(texts) > MAX_TEXT or "&" in texts or "<" in texts or ">" in texts or texts.count("\0") != count - 1:
        return False
    return not (SPACE.search(texts) and EDGE_SPACE.search(texts))  # most rows have no space at all


def data_rows(fields: Fields, records: Sequence[dict[str, Any]], text_style: int) -> Iterator[str]:
    """The data rows' XML, some rows at a time, as openpyxl writes the cells of ``text_cell`` and of an int.

    A text, whatever it looks like, is an inline string in the text style
    ``text_style`` (``@``): never a number, a date or a formula; an empty text
    is an empty cell in that style. An integer field is a number cell. A control
    character XML 1.0 forbids is refused with openpyxl's error, as openpyxl does.
    A row of plain texts (most rows) is written by ``row_template``, any other
    by ``row_xml``.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import IllegalCharacterError

    names = [name for name, _, _ in fields]
    columns = [(get_column_letter(n), kind == "integer") for n, (_, kind, _) in enumerate(fields, start=1)]
    plain = None if any(integer for _, integer in columns) else row_template(columns, text_style).format
    chunk: list[str] = []
    for number, record in enumerate(records, start=2):
        values = [record[name] for name in names]
        texts = "\0".join(map(str, values))  # a text with a NUL goes to row_xml, and is refused below
        if plain and plain_texts(texts, len(names)):
            chunk.append(plain(number, *texts.split("\0")))
        else:
            chunk.append(row_xml(columns, values, number, text_style))
        if len(chunk) >= CHUNK_ROWS or number == len(records) + 1:
            rows = "".join(chunk).replace(EMPTY_TEXT, ' />')
            if illegal := ILLEGAL_CHARACTERS_RE.search(rows):  # the markup has none: a cell's text has it
                raise IllegalCharacterError(f"{illegal.group()!r} cannot be used in worksheets.")
            yield rows
            chunk = []


@dataclass(frozen=True)
class Rows:
    """Rows to put into a sheet openpyxl wrote without them.

    ``xml`` is called once openpyxl has written the workbook: a sheet's path,
    and a style's number, are given by its writer (reading a cell's style id
    earlier would number that style first, and change styles.xml).
    """

    sheet: Any
    dimension: str  # the sheet's dimension with the rows
    xml: Callable[[], Iterable[str]]


def table_xlsx(about: About, fields: Fields, records: Sequence[dict[str, Any]]) -> bytes:
    """The workbook of one open-data table: the about sheet, then the data sheet.

    openpyxl writes the workbook, its styles and the data sheet's header; the
    data rows are written here, in the XML openpyxl would give them (a Python
    object for each of a million cells made openpyxl slow).
    """
    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = ABOUT_SHEET
    write_about(first, about, fields, len(records))
    data = workbook.create_sheet(DATA_SHEET)
    reference = write_header(data, fields, records)
    when = dt.datetime.combine(about.as_of, dt.time())
    workbook.properties.creator = settings.OPEN_DATA_PUBLISHER
    workbook.properties.title = about.title
    workbook.properties.created = workbook.properties.modified = when
    plain = first["B1"]  # a text cell without font (column B of the about sheet): its style is the text format only
    return saved(workbook, when, [Rows(data, reference, lambda: data_rows(fields, records, plain.style_id))])


def spliced(sheet_xml: bytes, rows: Rows) -> Iterator[bytes]:
    """A sheet's XML as openpyxl wrote it (header row only) with ``rows`` after its last row, in parts."""
    head, end_of_rows, tail = sheet_xml.partition(b"</sheetData>")
    before, dimension, after = head.partition(b"<dimension ref=")
    if not end_of_rows or not dimension:
        raise ValueError("openpyxl wrote a sheet without <dimension> or </sheetData>")
    yield before + dimension + f'"{rows.dimension}"'.encode() + after[after.index(b" />"):]
    for part in rows.xml():
        yield part.encode("utf-8")
    yield end_of_rows + tail


def saved(workbook: Any, when: dt.datetime, rows: Sequence[Rows] = ()) -> bytes:
    """The workbook's bytes, its document dates and every zip member dated ``when``; ``rows`` put into the sheets they name.

    openpyxl's ``save_workbook`` stamps the clock into the properties, and its
    zip members carry the time they were written: its writer runs on a zip in
    memory (uncompressed), whose members are then compressed in the same order
    with the date given, a sheet named in ``rows`` streamed with its rows.
    """
    from openpyxl.writer.excel import ExcelWriter

    written = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(written, "w", zipfile.ZIP_STORED)).save()  # closes the zip
    streamed = {r.sheet.path[1:]: r for r in rows}  # a sheet's path is known once written
    dated = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(dated, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=(when.year, when.month, when.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ZIP_MODE
            content = source.read(member)
            if member.filename not in streamed:
                target.writestr(info, content)
                continue
            with target.open(info, "w") as stream:
                for part in spliced(content, streamed[member.filename]):
                    stream.write(part)
    return dated.getvalue()
