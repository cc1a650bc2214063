"""Read a submission file (CSV or xlsx) into rows numbered as Excel numbers them.

Reading never raises on bad bytes: whatever cannot be read becomes a problem
with a code, so one bad file costs that file and nothing else. What a file
really is (an encrypted workbook, an old .xls, UTF-16 text) is told before it
is parsed, and an xlsx is only opened once its unpacked size is known to be
within the limits (``containers``). Reading costs time and memory in
proportion to the file's bytes: rows stop at ``MAX_ROWS``, an xlsx sheet's
cells (with the empty ones openpyxl adds left of each row's last cell) at
``MAX_XLSX_CELLS``.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from creditlists import settings
from creditlists.intake.containers import ole2_problem, xlsx_problem
from creditlists.intake.normalize import clean_text
from creditlists.intake.problems import Problem, problem
from creditlists.schema import TEMPLATE_EXTRA_SHEETS

Cell = str | int | float | dt.date | dt.datetime | None


@dataclass
class RawTable:
    """A file's header and rows; row numbers count the header as row 1."""

    path: Path
    encoding: str | None = None
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """False when a problem of the whole file (no row) stops it from being read."""
        return not any(p.is_error and p.row is None for p in self.problems)


def read_table(path: Path) -> RawTable:
    """Read ``path`` by its suffix; unreadable files come back with problems, never raise."""
    try:
        return _read_table(path)
    except Exception as exc:  # a last guard: any bytes give a coded problem, not a traceback
        table = RawTable(path=path)
        table.problems.append(problem("format-error", detail=f"文件无法解析（{type(exc).__name__}）"))
        return table


def _read_table(path: Path) -> RawTable:
    table = RawTable(path=path)
    suffix = path.suffix.lower()
    if suffix not in settings.SUBMISSION_SUFFIXES:
        table.problems.append(problem("unsupported-file-type", suffix=suffix or "无扩展名"))
        return table
    size = path.stat().st_size
    if size > settings.MAX_FILE_BYTES:
        table.problems.append(problem("file-too-large", size=size, limit=settings.MAX_FILE_BYTES))
        return table
    if size == 0:
        table.problems.append(problem("empty-file"))
        return table
    container = ole2_problem(path)  # a password-protected workbook or an .xls, whatever its suffix
    if container:
        table.problems.append(container)
        return table
    if suffix == ".csv":
        _take_records(_read_csv(path, table), table)
        _check_delimiter(table)
    else:
        sheet = _read_xlsx(path, table)
        _take_records(sheet.records if sheet else None, table)
        if sheet:
            _report_formulas(sheet.formulas, table)
    return table


def _take_records(records: list[list[Cell]] | None, table: RawTable) -> None:
    """Split records into header and numbered rows (the readers stop at the row limit)."""
    if records is None:
        return
    if not records or all(_is_blank(r) for r in records):
        table.problems.append(problem("empty-file"))
        return
    table.header = _header(records[0])
    table.rows = [(number, cells) for number, cells in enumerate(records[1:], start=2)]


def _header(cells: list[Cell]) -> list[str]:
    """The labels, without trailing empty ones.

    An xlsx row comes padded to the sheet's widest row, so a stray cell right of
    the table gives the header empty labels at the end; dropping them makes that
    cell an ``extra-cell`` of its row (as in CSV), not a ``blank-header`` that
    rejects the whole file.
    """
    labels = [_header_label(c) for c in cells]
    while labels and labels[-1] == "":
        labels.pop()
    return labels


def _header_label(cell: Cell) -> str:
    return clean_text(cell_text(cell))


def _is_blank(cells: list[Cell]) -> bool:
    return all(cell_text(c).strip() == "" for c in cells)


def cell_text(cell: Cell) -> str:
    """A cell as text: numbers without a spurious ``.0``, dates as ISO dates."""
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    return str(cell)


# --- CSV ---------------------------------------------------------------------

def decode_submission(data: bytes) -> tuple[str, str] | None:
    """Decode by BOM, then strict UTF-8, then strict GB18030; None when none fits.

    Never decodes with replacement characters: a wrong guess would publish
    garbled names. (charset detectors misread short GBK text, so none is used.)
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", data)]
    else:
        candidates = [("utf-8", data), ("gb18030", data)]
    for encoding, raw in candidates:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


# A UTF-8 character of two to four bytes, and a CJK ideograph (U+3400–U+9FFF) in UTF-8.
_UTF8_CHAR = rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})"
_UTF8_IDEOGRAPH = rb"(?:\xe3[\x90-\xbf][\x80-\xbf]|[\xe4-\xe9][\x80-\xbf]{2})"
# A whole run of non-ASCII bytes that is UTF-8 and holds an ideograph. Possessive and
# anchored at both ends of the run, so that the search is linear in the file.
_UTF8_RUN = re.compile(rb"(?<![\x80-\xff])(?=" + _UTF8_CHAR + rb"*?" + _UTF8_IDEOGRAPH + rb")"
                       + _UTF8_CHAR + rb"++(?![\x80-\xff])")
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")
_LINE_BREAK = re.compile(rb"[\r\n]")
_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
# Scripts that GBK bytes misread as UTF-8 often give and Chinese lists never hold:
# Hebrew to Tibetan, Hangul, Yi, private use, Arabic presentation forms.
_NOT_IN_A_LIST = re.compile("[\u0590-\u0fff\u1100-\u11ff\u3130-\u318f\ua000-\ua4cf\uac00-\ud7ff\ue000-\uf8ff"
                            "\ufb1d-\ufdff\ufe70-\ufeff]")


def utf8_lines(data: bytes) -> list[int]:
    """The lines (from 1; a line ends at CR LF, CR or LF, as csv counts them) that hold UTF-8 Chinese text.

    For a file read as GB18030, where such text would be published as mojibake
    ("武汉示例" read as GBK is "姝︽眽绀轰緥"). A line holds it when one of its
    stretches of GBK text (``_holds_utf8_text``) is valid UTF-8 with at least
    one ideograph. Real GBK text of the 3,755 common characters (GB2312 level 1)
    never is: their lead bytes B0–D7 can only start two-byte UTF-8 sequences,
    which are not ideographs. The measured rate for rarer characters is in
    tests/test_reading_hazards.py. Each line is looked at once, and every
    search stops at the line it is about: linear in the file.
    """
    found: list[int] = []
    position = line_start = breaks = 0
    while match := _UTF8_RUN.search(data, position):
        # the line's start: after the last line break between the previous line's end and the match
        start = max(data.rfind(b"\n", position, match.start()), data.rfind(b"\r", position, match.start()), line_start - 1) + 1
        breaks += _line_breaks(data, line_start, start)
        line_start = start
        end = _LINE_BREAK.search(data, match.end())
        position = end.start() if end else len(data)
        if _holds_utf8_text(data[start:position]):
            found.append(breaks + 1)
    return found


def _line_breaks(data: bytes, start: int, end: int) -> int:
    """Line breaks in data[start:end] (both ends at the start of a line): CR LF counts once."""
    return data.count(b"\n", start, end) + data.count(b"\r", start, end) - data.count(b"\r\n", start, end)


def _holds_utf8_text(line: bytes) -> bool:
    """True when a stretch of the line that GBK would read as one piece of text is UTF-8 Chinese.

    GBK pairs bytes: a run of non-ASCII bytes of odd length ends with a lead
    byte that takes the next byte as its second, and that byte may be ASCII
    (40–7E). Runs joined so make one stretch; a stretch is UTF-8 Chinese when
    every run of it decodes as UTF-8, it holds an ideograph and no script that
    misread GBK gives but no list holds.
    """
    stretch: list[bytes] = []
    end = -2
    for run in _NON_ASCII_RUN.finditer(line):
        joined = bool(stretch) and end + 1 == run.start() and len(stretch[-1]) % 2 == 1 and 0x40 <= line[end] <= 0x7E
        if not joined:
            if _utf8_chinese(stretch):
                return True
            stretch = []
        stretch.append(run.group())
        end = run.end()
    return _utf8_chinese(stretch)


def _utf8_chinese(runs: list[bytes]) -> bool:
    try:
        text = "".join(run.decode("utf-8") for run in runs)
    except UnicodeDecodeError:
        return False
    return bool(_IDEOGRAPH.search(text)) and not _NOT_IN_A_LIST.search(text)


def mixed_encoding_lines(data: bytes) -> tuple[int, int] | None:
    """Line numbers (from 1) of a line with UTF-8 text and of a line that is not UTF-8, when a file has both."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        found = utf8_lines(data)
        start = max(data.rfind(b"\n", 0, exc.start), data.rfind(b"\r", 0, exc.start)) + 1
        return (found[0], _line_breaks(data, 0, start) + 1) if found else None
    return None


def is_utf16(data: bytes) -> bool:
    """UTF-16 text, as Excel's "Unicode 文本" writes it: a BOM (FF FE, FE FF), or NUL as every other byte.

    Without a BOM, the NULs of the ASCII characters (tabs, line breaks, digits)
    stand on one side of each byte pair: at least one byte in 20 of the first
    4 KB, four times as many as on the other side; the whole file must then
    decode as UTF-16 to text without control characters.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:4096]
    low, high = sample[0::2].count(0), sample[1::2].count(0)
    if not max(low, high) or max(low, high) * 20 < len(sample) or min(low, high) * 4 > max(low, high) or len(data) % 2:
        return False
    try:
        text = data.decode("utf-16-le" if high > low else "utf-16-be")
    except UnicodeDecodeError:
        return False
    return not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)


def _read_csv(path: Path, table: RawTable) -> list[list[Cell]] | None:
    data = path.read_bytes()
    if is_utf16(data):
        table.problems.append(problem("utf-16-text"))
        return None
    if b"\x00" in data:
        table.problems.append(problem("format-error", detail="文件含有二进制内容，不是文本格式的 CSV"))
        return None
    decoded = decode_submission(data)
    if decoded is None:
        mixed = mixed_encoding_lines(data)
        where = f"第 {mixed[0]} 行等处" if mixed else ""
        table.problems.append(problem("mixed-encoding", where=where, effect="整个文件未处理") if mixed else problem("encoding-error"))
        return None
    text, table.encoding = decoded
    parsed = _parse_csv(text, table)
    if parsed and table.encoding == "gb18030":
        _report_utf8_rows(utf8_lines(data), parsed[1], table)
    return parsed[0] if parsed else None


def _parse_csv(text: str, table: RawTable) -> tuple[list[list[Cell]], list[int]] | None:
    """The records, and the line each ends on; None (the problem noted) for quotes that do not pair or too many rows.

    csv's field size limit is lifted while reading (the file is at most
    MAX_FILE_BYTES), so that a long cell is reported as such (``cell-too-long``,
    with its row) and the other rows are still read, instead of the whole file
    being blamed on its quotes; the limit is restored afterwards.
    """
    records: list[list[Cell]] = []
    line_ends: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    previous_limit = csv.field_size_limit(max(len(text) + 1, csv.field_size_limit()))
    try:
        for record in reader:
            if len(records) > settings.MAX_ROWS:  # the header and MAX_ROWS rows already read
                table.problems.append(problem("too-many-rows", limit=settings.MAX_ROWS))
                return None
            _check_cell_lengths(len(records) + 1, record, table)
            records.append(list(record))
            line_ends.append(reader.line_num)
    except csv.Error as exc:
        # A problem of the whole file (no row): nothing of it is read, so no row can be rejected.
        row = len(records) + 1
        table.problems.append(problem("format-error", detail=f"第 {row} 行附近的引号或分隔符不成对（{exc}）"))
        return None
    finally:
        csv.field_size_limit(previous_limit)
    return records, line_ends


def _check_cell_lengths(number: int, cells: list[str], table: RawTable) -> None:
    """``cell-too-long`` for the first cell of the row longer than MAX_CELL_CHARS (row 1, the header: the file)."""
    if cells and max(map(len, cells)) > settings.MAX_CELL_CHARS:
        index = next(i for i, cell in enumerate(cells) if len(cell) > settings.MAX_CELL_CHARS)
        table.problems.append(problem("cell-too-long", row=number if number > 1 else None, column_number=index + 1,
                                      length=len(cells[index]), limit=settings.MAX_CELL_CHARS))


def _report_utf8_rows(lines: list[int], line_ends: list[int], table: RawTable) -> None:
    """``mixed-encoding`` for each row (as Excel numbers them) holding one of ``lines``; in the header, for the file."""
    rows = sorted({bisect.bisect_left(line_ends, line) + 1 for line in lines})
    for row in rows:
        if row == 1:
            table.problems.append(problem("mixed-encoding", where="第 1 行（表头）", effect="整个文件未处理"))
        elif row <= len(line_ends):
            table.problems.append(problem("mixed-encoding", row=row, where="本行", effect="本行未公示"))


_DELIMITERS = (";", "\t", "；", "，", "|")


def _check_delimiter(table: RawTable) -> None:
    """A header read as one cell holding another delimiter: the file was saved with the wrong one."""
    if len(table.header) == 1:
        found = [d for d in _DELIMITERS if d in table.header[0]]
        if found:
            shown = {"\t": "制表符"}.get(found[0], found[0])
            table.problems.append(problem("wrong-delimiter", delimiter=shown))


# --- xlsx --------------------------------------------------------------------

@dataclass
class Sheet:
    """The first worksheet's cells, and where formulas stood (row, column index)."""

    records: list[list[Cell]]
    formulas: list[tuple[int, int]]


def _read_xlsx(path: Path, table: RawTable) -> Sheet | None:
    table.encoding = "xlsx"
    if not zipfile.is_zipfile(path):
        utf16 = is_utf16(path.read_bytes())
        table.problems.append(problem("utf-16-text") if utf16 else problem(
            "format-error", detail="文件不是 Excel 工作簿（.xlsx 实为 zip 压缩格式，本文件不是）"))
        return None
    refused = xlsx_problem(path)
    if refused:
        table.problems.append(refused)
        return None
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
        try:
            sheet = _first_sheet(workbook, table)
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        table.problems.append(problem("format-error", detail=f"Excel 工作簿已损坏或不是 .xlsx（{type(exc).__name__}）"))
        return None
    return sheet


def _first_sheet(workbook: Any, table: RawTable) -> Sheet | None:
    """Cells of the first sheet; formulas are blanked and noted, merged cells reject the file."""
    worksheet = workbook.worksheets[0]
    others = [name for name in workbook.sheetnames[1:] if name not in TEMPLATE_EXTRA_SHEETS]  # the template's own: no warning
    if others:
        table.problems.append(problem("extra-sheets", sheet=workbook.sheetnames[0], others="、".join(others)))
    merged = _merged_ranges(workbook, worksheet)
    if merged:
        table.problems.append(problem("merged-cells", ranges="、".join(merged[:10])))
        return None
    # Read-only mode trusts the sheet's <dimension> record, which some
    # writers get wrong (A1:A1 would hide every other cell).
    worksheet.reset_dimensions()
    return _sheet_rows(worksheet, table)


def _sheet_rows(worksheet: Any, table: RawTable) -> Sheet | None:
    """Every row's values, up to MAX_ROWS rows and MAX_XLSX_CELLS cells; None (the problem noted) beyond.

    openpyxl fills in a row for every missing row number and an empty cell
    left of each row's last cell: a few bytes of XML can stand for millions
    of cells, so those count too.
    """
    sheet = Sheet([], [])
    cells = 0
    for number, row in enumerate(worksheet.iter_rows(min_row=1, min_col=1), start=1):
        cells += len(row)
        if number > settings.MAX_ROWS + 1:
            table.problems.append(problem("too-many-rows", limit=settings.MAX_ROWS))
            return None
        if cells > settings.MAX_XLSX_CELLS:
            table.problems.append(problem("xlsx-too-large", detail=f"第一个工作表超过 {settings.MAX_XLSX_CELLS} 个单元格"
                                          "（含每行最后一个有内容的单元格左边的空单元格），多半是右侧很远处有零星的内容或格式"))
            return None
        sheet.records.append(_row_values(number, row, sheet.formulas, table))
    return sheet


def _row_values(number: int, row: Any, formulas: list[tuple[int, int]], table: RawTable) -> list[Cell]:
    """The row's values, formulas blanked (and noted), a text cell over MAX_CELL_CHARS reported."""
    values: list[Cell] = []
    longest = 0
    for index, cell in enumerate(row):
        if getattr(cell, "data_type", None) == "f":
            formulas.append((number, index))
            values.append(None)
            continue
        value = cell.value
        if isinstance(value, str):
            longest = max(longest, len(value))
        values.append(value)
    if longest > settings.MAX_CELL_CHARS:
        _check_cell_lengths(number, [v if isinstance(v, str) else "" for v in values], table)
    return values


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_MERGE_TAIL = 256  # longer than any match of _MERGE


def _merged_ranges(workbook: Any, worksheet: Any) -> list[str]:
    """The first ten merged ranges of a sheet, from its XML read in chunks (read-only mode does not parse them)."""
    found: list[str] = []
    tail = b""
    with workbook._archive.open(worksheet._worksheet_path) as source:
        while len(found) < 10 and (chunk := source.read(1 << 20)):
            block = tail + chunk
            found += [m.group(1).decode("ascii") for m in _MERGE.finditer(block) if m.end() > len(tail)]
            tail = block[-_MERGE_TAIL:]
    return found


def _report_formulas(formulas: list[tuple[int, int]], table: RawTable) -> None:
    for row, index in formulas:
        column = table.header[index] if index < len(table.header) else None
        table.problems.append(problem("formula-cell", row=row if row > 1 else None, column=column or None, column_number=index + 1))
