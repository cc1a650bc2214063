"""One way to check a table, for every kind of file (lists, matter lists, usage reports).

``check_table`` runs the header check, the data-row loop (blank rows, repeated
headers, duplicate rows, cells right of the header), checks every cell for
hidden characters and its length (``text``), remembers every ID number
it sees and rejects a row that carries one in a published cell; what a row
means is left to the kind's row checker, which all share one interface
(``RowChecker``): called with the Excel row number, the row's cells by column
and a list to append problems to, it returns what the row means (or None).
A row with an error is never kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from creditlists.intake.identifiers import id_numbers_in, id_prefix
from creditlists.intake.normalize import clean_text
from creditlists.intake.problems import Problem, problem
from creditlists.intake.reading import Cell, RawTable, cell_text
from creditlists.intake.report import FileReport
from creditlists.intake.text import cell_problems

T = TypeVar("T", covariant=True)
Row = list[tuple[int, list[Cell]]]


class RowChecker(Protocol[T]):
    """The rules of one kind of row."""

    def __call__(self, number: int, cells: dict[str, Cell], problems: list[Problem]) -> T | None: ...


@dataclass(frozen=True)
class TableSpec:
    """The columns of one kind of file; ``required`` columns must be present.

    Every column but the ``internal`` ones (never published) and the
    ``identifiers`` (which have rules of their own) is checked for ID numbers;
    ``id_column`` holds a person's ID number, remembered even when mistyped.
    A hidden character is removed with a warning in the ``free_text`` columns
    and an error in every other; every column but those in ``own_length_rule``
    (whose row rules check it) has a length limit (``text.cell_problems``).
    """

    columns: tuple[str, ...]
    required: tuple[str, ...]
    internal: tuple[str, ...] = ("备注",)
    identifiers: tuple[str, ...] = ()
    id_column: str | None = None
    free_text: tuple[str, ...] = ("备注",)
    own_length_rule: tuple[str, ...] = ()

    @property
    def published(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.internal and c not in self.identifiers)


def check_table(table: RawTable, spec: TableSpec, report: FileReport, checker: RowChecker[T]) -> list[T]:
    """Check every row with ``checker``; return what it made of the rows without errors."""
    columns = start_table(table, spec, report)
    if columns is None:
        return []
    refused = refused_rows(table)
    kept: list[T] = []
    for number, cells in data_rows(table, report):
        made = check_row(number, cells, columns, table, spec, report, checker)
        if made is not None and number not in refused:
            kept.append(made)
    return kept


def start_table(table: RawTable, spec: TableSpec, report: FileReport) -> dict[str, int] | None:
    """Report what reading found and check the header; the spec's columns by position, or None for an unreadable file."""
    report.encoding = table.encoding
    report.locate(table.header)
    for found in table.problems:
        report.add(found)
    if not table.readable:
        return None
    return check_header(table.header, table.rows, spec, report)


def refused_rows(table: RawTable) -> set[int]:
    """Rows that reading already refused (mixed-encoding, formula-cell …): never kept, whatever their cells say."""
    return {p.row for p in table.problems if p.is_error and p.row is not None}


def check_row(number: int, cells: list[Cell], columns: dict[str, int], table: RawTable, spec: TableSpec,
              report: FileReport, checker: RowChecker[T]) -> T | None:
    """The checks of one data row, its problems added to ``report``: what ``checker`` made of it, or None when it has an error.

    The reference for every row: ``creditlists.intake_fast`` decides from whole
    columns which rows need nothing of this, and sends every other row here.
    """
    problems = extra_cells(number, cells, len(table.header))
    raw = {name: (cells[i] if i < len(cells) else None) for name, i in columns.items()}
    ids = [id_numbers_in([cell_text(c)]) for c in cells]  # once per cell, for both uses below
    remember_id_numbers(report, ids, cell_text(raw.get(spec.id_column or "")))
    problems += text_problems(number, raw, spec)
    made = checker(number, raw, problems)
    problems += id_numbers_in_published(number, {name: ids[i] for name, i in columns.items() if i < len(ids)}, spec)
    for found in problems:
        report.add(found)
    return None if any(p.is_error for p in problems) else made


def check_header(header: list[str], rows: Row, spec: TableSpec, report: FileReport) -> dict[str, int]:
    """Map the spec's columns to positions; report blank, duplicate, missing and extra labels."""
    columns: dict[str, int] = {}
    filled = blank_labels_with_content(header, rows)
    for index, label in enumerate(header):
        if label == "":
            if index in filled:
                report.add(problem("blank-header", column_number=index + 1))
        elif label not in spec.columns:
            report.add(problem("extra-label", column=label, column_number=index + 1))
        elif label in columns:
            report.add(problem("duplicate-label", column=label, column_number=index + 1))
        else:
            columns[label] = index
    for column in spec.required:
        if column not in columns:
            report.add(problem("missing-column", column=column))
    return columns


def blank_labels_with_content(header: list[str], rows: Row) -> set[int]:
    """Positions of the blank labels that have content below them.

    One pass over the rows that looks, in each, at the fewer of its cells and
    of the blank labels not yet found filled: linear in the file, where asking
    every blank label about every row cost labels × rows (a header of a million
    blank labels over 200,000 rows took hours).
    """
    pending = {index for index, label in enumerate(header) if label == ""}
    found: set[int] = set()
    for _, cells in rows:
        if not pending:
            break
        if len(pending) < len(cells):
            hits = {index for index in pending if index < len(cells) and cell_text(cells[index]).strip()}
        else:
            hits = {index for index in range(len(cells)) if index in pending and cell_text(cells[index]).strip()}
        found |= hits
        pending -= hits
    return found


def data_rows(table: RawTable, report: FileReport) -> Iterator[tuple[int, list[Cell]]]:
    """The rows worth checking, counting each non-blank row as read.

    Blank rows, a repeated header and exact duplicates are reported here; a
    file rejected as a whole yields nothing. A row is compared with the header
    only when it is as long, one cleaned cell at a time (the first cell's
    cleaning remembered): cleaning every cell of every row cost more than all
    the rest of this loop.
    """
    seen: dict[tuple[str, ...], int] = {}
    header = table.header
    cleaned: dict[str, str] = {}  # a first cell -> clean_text of it
    for number, cells in table.rows:
        fingerprint = stripped_cells(cells)
        if not any(fingerprint):
            report.add(problem("blank-row", row=number))
            continue
        report.rows_read += 1
        if report.file_rejected:
            continue
        if _is_header(fingerprint, header, cleaned):
            report.add(problem("repeated-header", row=number))
        elif fingerprint in seen:
            report.add(problem("duplicate-row", row=number, first_row=seen[fingerprint]))
        else:
            seen[fingerprint] = number
            yield number, cells
    if report.rows_read == 0 and not report.file_rejected:
        report.add(problem("no-data-rows"))


def stripped_cells(cells: list[Cell]) -> tuple[str, ...]:
    """Every cell as text, trimmed: what tells a blank row and a duplicate row."""
    try:
        return tuple(map(str.strip, cells))  # type: ignore[arg-type]  # a CSV row: every cell a str
    except TypeError:  # an xlsx row with numbers, dates or empty cells
        return tuple(cell_text(c).strip() for c in cells)


def _is_header(fingerprint: tuple[str, ...], header: list[str], cleaned: dict[str, str]) -> bool:
    """``[clean_text(c) for c in fingerprint[:len(header)]] == header``, stopping at the first cell that differs."""
    if len(fingerprint) < len(header):
        return False
    if header:
        first = fingerprint[0]
        if first not in cleaned:
            cleaned[first] = clean_text(first)
        if cleaned[first] != header[0]:
            return False
    return all(clean_text(c) == label for c, label in zip(fingerprint[1:], header[1:]))


def extra_cells(number: int, cells: list[Cell], width: int) -> list[Problem]:
    """``extra-cell`` for a row with content right of the header's last label."""
    for index in range(width, len(cells)):
        if cell_text(cells[index]).strip():
            return [problem("extra-cell", row=number, column_number=index + 1)]
    return []


def remember_id_numbers(report: FileReport, found: Sequence[set[str]], id_cell: str = "") -> None:
    """Note the region code and birth date of every ID number found in a row, and of its ID cell even if mistyped."""
    report.seen_id_prefixes.update(number[:14] for numbers in found for number in numbers)
    prefix = id_prefix(id_cell)
    if prefix:
        report.seen_id_prefixes.add(prefix)


def text_problems(number: int, raw: dict[str, Cell], spec: TableSpec) -> list[Problem]:
    """Hidden characters and over-long text in the row's cells, found in the text as typed."""
    found: list[Problem] = []
    for column, cell in raw.items():
        text = cell_text(cell)
        if text:
            found += cell_problems(number, column, text, column in spec.free_text, column not in spec.own_length_rule)
    return found


def id_numbers_in_published(number: int, found: dict[str, set[str]], spec: TableSpec) -> list[Problem]:
    """Every published cell of the row (``found``: the ID numbers of each column's cell) that holds one."""
    return [problem("id-number-in-text", row=number, column=column) for column in spec.published if found.get(column)]


def row_values(raw: dict[str, Cell]) -> dict[str, str]:
    """Every cell as cleaned text (half-width digits, trimmed)."""
    return {name: clean_text(cell_text(cell)) for name, cell in raw.items()}


def require(number: int, values: dict[str, str], columns: tuple[str, ...], problems: list[Problem], condition: str = "") -> None:
    """Report each of ``columns`` that is empty in this row."""
    for column in columns:
        if values.get(column, "") == "":
            problems.append(problem("missing-value", row=number, column=column, condition=condition))
