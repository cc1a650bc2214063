"""Header and row checks shared by the matter lists and the usage reports.

The list submissions have their own, richer checker in ``validate``; these two
smaller kinds of file reuse its report (``FileReport``), its codes and its row
numbers, so a clerk sees the same messages whatever file they hand in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from creditlists.intake.identifiers import id_numbers_in
from creditlists.intake.normalize import clean_text
from creditlists.intake.problems import Problem, problem
from creditlists.intake.reading import Cell, RawTable, cell_text
from creditlists.intake.validate import FileReport
from creditlists.intake.validate import check_header as validate_header
from creditlists.intake.validate import data_rows, remember_id_numbers

# (row number, the row's cells as text by column, problems to append to) -> what the row means, or None
RowChecker = Callable[[int, dict[str, str], list[Problem]], object]


@dataclass(frozen=True)
class TableSpec:
    """The columns of one kind of file; ``required`` columns must be present."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    internal: tuple[str, ...] = ("备注",)  # never published, so not checked for ID numbers


def row_values(raw: dict[str, Cell]) -> dict[str, str]:
    """Every cell as cleaned text (half-width digits, trimmed)."""
    return {name: clean_text(cell_text(cell)) for name, cell in raw.items()}


def check_header(header: list[str], rows: list[tuple[int, list[Cell]]], spec: TableSpec, report: FileReport) -> dict[str, int]:
    """Map the spec's columns to positions; report blank, duplicate, missing and extra labels."""
    return validate_header(header, rows, report, spec.columns, spec.required)


def check_table(table: RawTable, spec: TableSpec, report: FileReport, check_row: RowChecker) -> list:
    """Check every row with ``check_row``; return what it made of the rows without errors.

    Blank rows are skipped with a warning, repeated rows rejected, and cells
    right of the header rejected, as in the list submissions.
    """
    for found in table.problems:
        report.add(found)
    if not table.readable:
        return []
    columns = check_header(table.header, table.rows, spec, report)
    kept: list = []
    for number, cells in data_rows(table, report):
        problems = _extra_cells(number, cells, len(table.header))
        raw = {name: (cells[i] if i < len(cells) else None) for name, i in columns.items()}
        values = row_values(raw)
        remember_id_numbers(report, [cell_text(c) for c in cells])
        made = check_row(number, values, problems)
        problems += _id_numbers_in_published(number, values, spec)
        for found in problems:
            report.add(found)
        if made is not None and not any(p.is_error for p in problems):
            kept.append(made)
    return kept


def _id_numbers_in_published(number: int, values: dict[str, str], spec: TableSpec) -> list[Problem]:
    """Every published cell of the row (all but the internal ones) that holds an ID number."""
    return [problem("id-number-in-text", row=number, column=column)
            for column, value in values.items() if column not in spec.internal and id_numbers_in([value])]


def _extra_cells(number: int, cells: list[Cell], width: int) -> list[Problem]:
    for index in range(width, len(cells)):
        if cell_text(cells[index]).strip():
            return [problem("extra-cell", row=number, column_number=index + 1)]
    return []


def require(number: int, values: dict[str, str], columns: tuple[str, ...], problems: list[Problem], condition: str = "") -> None:
    """Report each of ``columns`` that is empty in this row."""
    for column in columns:
        if values.get(column, "") == "":
            problems.append(problem("missing-value", row=number, column=column, condition=condition))
