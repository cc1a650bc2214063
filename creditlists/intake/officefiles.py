"""The office's own CSV files (the department register, the vocabularies): read strictly or stop the build.

Departments' files are checked row by row and their problems reported; the
files the district credit office keeps decide what every department's rows
mean, so anything wrong with one (an encoding, a missing column, a short or a
long row, a repeated key) stops the build with a DataFolderError that names
the file, the row (header = row 1, as in Excel) and the column. Never a
traceback: ``build`` prints the message and exits 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from creditlists.intake.datafiles import DataFolderError
from creditlists.intake.reading import decode_submission, mixed_encoding_lines


@dataclass(frozen=True)
class OfficeRow:
    """One data row: its Excel row number and the trimmed text of each wanted column."""

    number: int
    values: dict[str, str]


def read_office_csv(path: Path, what: str, columns: Sequence[str]) -> list[OfficeRow]:
    """Every non-blank row after the header, as ``columns`` (each must be in the header).

    ``what`` names the file in messages, e.g. "部门登记表 departments.csv".
    Other columns are ignored; a cell right of the header, or a row without a
    cell for one of ``columns``, stops the build.
    """
    records = _records(_text(path, what), what)
    if not records:
        raise DataFolderError(f"{what} 为空或缺少列：{'、'.join(columns)}")
    header = [label.strip() for label in records[0]]
    positions = _positions(header, columns, what)
    rows = []
    for number, record in enumerate(records[1:], start=2):
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        _check_width(cells, header, positions, number, what)
        rows.append(OfficeRow(number, {column: cells[index] for column, index in positions.items()}))
    return rows


def _text(path: Path, what: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFolderError(f"{what} 无法读取（{exc.strerror or exc}）") from None
    decoded = decode_submission(data)
    if decoded is None:
        raise DataFolderError(f"{what} 的编码无法识别")
    mixed = mixed_encoding_lines(data) if decoded[1] == "gb18030" else None
    if mixed:
        raise DataFolderError(f"{what} 第 {mixed[1]} 行不是 UTF-8，第 {mixed[0]} 行是：文件混用了两种编码。请另存为“CSV UTF-8（逗号分隔）”")
    if "\x00" in decoded[0]:
        raise DataFolderError(f"{what} 含有二进制内容，不是文本格式的 CSV。请另存为“CSV UTF-8（逗号分隔）”")
    return decoded[0]


def _records(text: str, what: str) -> list[list[str]]:
    """The CSV records; trailing blank lines dropped, so an empty file has none."""
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), strict=True):
            records.append(record)
    except csv.Error as exc:
        raise DataFolderError(f"{what} 第 {len(records) + 1} 行附近的引号或分隔符不成对（{exc}）") from None
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()
    return records


def _positions(header: list[str], columns: Sequence[str], what: str) -> dict[str, int]:
    """Column -> index in the header; a missing or repeated column stops the build."""
    for column in columns:
        if header.count(column) > 1:
            raise DataFolderError(f"{what} 第 1 行（表头）：列名“{column}”出现了不止一次。请删除重复的列")
    missing = [column for column in columns if column not in header]
    if missing:
        raise DataFolderError(f"{what} 第 1 行（表头）缺少列：{'、'.join(missing)}。列名须为 {','.join(columns)}")
    return {column: header.index(column) for column in columns}


def _check_width(cells: list[str], header: list[str], positions: dict[str, int], number: int, what: str) -> None:
    """A row must have a cell for every wanted column and nothing right of the header or under a blank label."""
    short = [column for column, index in positions.items() if index >= len(cells)]
    if short:
        raise DataFolderError(f"{what} 第 {number} 行“{short[0]}”：本行只有 {len(cells)} 个单元格，表头有 {len(header)} 列，"
                              "多半是少了逗号。请补齐该行")
    for index, cell in enumerate(cells):
        if cell and (index >= len(header) or header[index] == ""):
            raise DataFolderError(f"{what} 第 {number} 行第 {index + 1} 列：有内容“{cell[:20]}”但没有列名，"
                                  "多半是多了逗号。请删除多余的单元格")


def unique(row: OfficeRow, column: str, seen: dict[str, int], what: str) -> None:
    """Remember ``row``'s value of ``column``; one already seen stops the build, naming both rows."""
    value = row.values[column]
    if value in seen:
        raise DataFolderError(f"{what} 第 {row.number} 行“{column}”：“{value}”与第 {seen[value]} 行重复。每个值只能出现一次")
    seen[value] = row.number
