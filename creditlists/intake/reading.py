"""Read a submission file (CSV or xlsx) into rows numbered as Excel numbers them.

Reading never raises on bad bytes: whatever cannot be read becomes a problem
with a code, so one bad file costs that file and nothing else.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from creditlists import settings
from creditlists.intake.normalize import clean_text
from creditlists.intake.problems import Problem, problem

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
    """Split records into header and numbered rows, enforcing the row limit."""
    if records is None:
        return
    if not records or all(_is_blank(r) for r in records):
        table.problems.append(problem("empty-file"))
        return
    if len(records) - 1 > settings.MAX_ROWS:
        table.problems.append(problem("too-many-rows", rows=len(records) - 1, limit=settings.MAX_ROWS))
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


def mixed_encoding_lines(data: bytes) -> tuple[int, int] | None:
    """Line numbers (1-based) of a UTF-8 line and a non-UTF-8 line, when a file has both.

    GB18030 decodes almost any bytes, so a file pasted together from a GBK and
    a UTF-8 export would otherwise publish the UTF-8 part as mojibake. A line
    counts as UTF-8 only with three or more non-ASCII characters: a GBK line that
    happens to be valid UTF-8 that long is very unlikely.
    """
    utf8_line = other_line = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other_line = other_line or number
        else:
            if sum(not c.isascii() for c in text) >= 3:
                utf8_line = utf8_line or number
        if utf8_line and other_line:
            return utf8_line, other_line
    return None


def _read_csv(path: Path, table: RawTable) -> list[list[Cell]] | None:
    data = path.read_bytes()
    if b"\x00" in data:
        table.problems.append(problem("format-error", detail="文件含有二进制内容，不是文本格式的 CSV"))
        return None
    decoded = decode_submission(data)
    mixed = mixed_encoding_lines(data) if decoded is None or decoded[1] == "gb18030" else None
    if mixed:
        table.problems.append(problem("mixed-encoding", utf8_line=mixed[0], other_line=mixed[1]))
        return None
    if decoded is None:
        table.problems.append(problem("encoding-error"))
        return None
    text, table.encoding = decoded
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[Cell]] = []
    try:
        for record in reader:
            records.append(list(record))
    except csv.Error as exc:
        # A problem of the whole file (no row): nothing of it is read, so no row can be rejected.
        row = len(records) + 1
        table.problems.append(problem("format-error", detail=f"第 {row} 行附近的引号或分隔符不成对（{exc}）"))
        return None
    return records


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
    detail = _xlsx_container_problem(path)
    if detail:
        table.problems.append(problem("format-error", detail=detail))
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
    if len(workbook.sheetnames) > 1:
        table.problems.append(problem("extra-sheets", sheet=workbook.sheetnames[0], others="、".join(workbook.sheetnames[1:])))
    merged = _merged_ranges(workbook, worksheet)
    if merged:
        table.problems.append(problem("merged-cells", ranges="、".join(merged[:10])))
        return None
    # Read-only mode trusts the sheet's <dimension> record, which some
    # writers get wrong (A1:A1 would hide every other cell).
    worksheet.reset_dimensions()
    records: list[list[Cell]] = []
    formulas: list[tuple[int, int]] = []
    for number, row in enumerate(worksheet.iter_rows(min_row=1, min_col=1), start=1):
        values: list[Cell] = []
        for index, cell in enumerate(row):
            if getattr(cell, "data_type", None) == "f":
                formulas.append((number, index))
                values.append(None)
            else:
                values.append(cell.value)
        records.append(values)
    return Sheet(records, formulas)


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _merged_ranges(workbook: Any, worksheet: Any) -> list[str]:
    """The merged ranges of a sheet, from its XML (read-only mode does not parse them)."""
    with workbook._archive.open(worksheet._worksheet_path) as source:
        content = source.read(settings.MAX_XLSX_UNCOMPRESSED_BYTES)
    return [m.decode("ascii") for m in _MERGE.findall(content)]


def _report_formulas(formulas: list[tuple[int, int]], table: RawTable) -> None:
    for row, index in formulas:
        column = table.header[index] if index < len(table.header) else None
        table.problems.append(problem("formula-cell", row=row if row > 1 else None, column=column or None, column_number=index + 1))


def _xlsx_container_problem(path: Path) -> str | None:
    """Why the zip container cannot be an xlsx we are willing to open, or None."""
    if not zipfile.is_zipfile(path):
        return "文件不是 Excel 工作簿（.xlsx 实为 zip 压缩格式，本文件不是）"
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "压缩结构已损坏"
    if "xl/workbook.xml" not in names:
        return "压缩包里没有 Excel 工作簿"
    if unpacked > settings.MAX_XLSX_UNCOMPRESSED_BYTES:
        return f"解压后大小 {unpacked} 字节，超过上限 {settings.MAX_XLSX_UNCOMPRESSED_BYTES} 字节"
    return None
