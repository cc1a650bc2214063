"""Quarterly usage reports (使用情况季报) and whether each department sent them.

武昌信用办〔2018〕3号 三（三）: every department reports each quarter how it used
credit records and reports in its matters; the district credit office
supervises that. A department hands in ``data/usage/<YYYY>Q<n>/<部门代码>.csv``
(or .xlsx), one row per matter of its matter list.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from creditlists import settings
from creditlists.intake.datafiles import visible_entries, visible_folders
from creditlists.intake.problems import Problem, problem
from creditlists.intake.reading import Cell, read_table
from creditlists.intake.report import FileReport
from creditlists.intake.table import TableSpec, check_table, require, row_values

MATTER = "事项名称"
QUERIES = "查询信用记录次数"
REPORTS = "使用信用报告份数"
CONSTRAINTS = "失信约束次数"
INCENTIVES = "守信激励次数"
REMARK = "备注"
COUNT_COLUMNS = (QUERIES, REPORTS, CONSTRAINTS, INCENTIVES)
SPEC = TableSpec(columns=(MATTER, *COUNT_COLUMNS, REMARK), required=(MATTER, *COUNT_COLUMNS))

QUARTER_FOLDER = re.compile(r"^(\d{4})Q([1-4])$")
_COUNT = re.compile(r"^(\d+|\d{1,3}(,\d{3})+)$")


# --- quarters ----------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1–4

    @property
    def label(self) -> str:
        """As in folder names and URLs: ``2026Q3``."""
        return f"{self.year}Q{self.number}"

    @property
    def title(self) -> str:
        return f"{self.year} 年第 {self.number} 季度"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        return self.next().start - dt.timedelta(days=1)

    def due(self, days: int | None = None) -> dt.date:
        """The last day to hand the report in: ``days`` (default settings.USAGE_DUE_DAYS) after the quarter ends."""
        return self.end + dt.timedelta(days=settings.USAGE_DUE_DAYS if days is None else days)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)


def parse_quarter(text: str) -> Quarter | None:
    """``2026Q3`` as a quarter; None for anything else, or a year outside settings.DATE_YEARS (1900Q1 is a typo)."""
    match = QUARTER_FOLDER.match(text)
    if not match or not settings.DATE_YEARS[0] <= int(match.group(1)) <= settings.DATE_YEARS[1]:
        return None
    return Quarter(int(match.group(1)), int(match.group(2)))


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def quarter_range(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters, current = [], first
    while current <= last:
        quarters.append(current)
        current = current.next()
    return quarters


# --- rows ---------------------------------------------------------------------

@dataclass(frozen=True)
class UsageRow:
    """One matter's counts in one quarter."""

    matter: str
    counts: tuple[int, int, int, int]  # in COUNT_COLUMNS order
    listed: bool  # the matter is in the department's matter list


def parse_count(text: str) -> int | None:
    """A non-negative whole number as clerks write it (``12``, ``1,200``), or None."""
    return int(text.replace(",", "")) if _COUNT.match(text) else None


class UsageChecker:
    """The rules of a usage report's rows."""

    def __init__(self, department: str, matter_names: set[str] | None):
        self.department = department
        self.matter_names = matter_names
        self.first_row: dict[str, int] = {}

    def __call__(self, number: int, cells: dict[str, Cell], problems: list[Problem]) -> UsageRow:
        values = row_values(cells)
        require(number, values, (MATTER,), problems)
        counts = tuple(self._count(number, column, values.get(column, ""), problems) for column in COUNT_COLUMNS)
        name = values.get(MATTER, "")
        if name in self.first_row:
            problems.append(problem("duplicate-matter", row=number, column=MATTER, value=name, first_row=self.first_row[name]))
        elif name:
            self.first_row[name] = number
        listed = self.matter_names is not None and name in self.matter_names
        if name and self.matter_names is not None and not listed:
            problems.append(problem("unknown-matter", row=number, column=MATTER, value=name, department=self.department))
        return UsageRow(name, counts, listed)  # type: ignore[arg-type]

    @staticmethod
    def _count(number: int, column: str, text: str, problems: list[Problem]) -> int:
        if text == "":
            problems.append(problem("missing-value", row=number, column=column, condition="（没有请填 0）"))
            return 0
        value = parse_count(text)
        if value is None:
            problems.append(problem("bad-count", row=number, column=column, value=text))
            return 0
        return value


def validate_usage_file(path: Path, department: str, shown: str, folder: str, matter_names: set[str] | None,
                        as_of: dt.date) -> tuple[FileReport, Quarter | None, list[UsageRow]]:
    """Check one usage report in quarter folder ``folder``; return its report, its quarter and its valid rows.

    The quarter is None when the folder is not a quarter or the quarter is not over yet.
    """
    report = FileReport(path=shown, department=department)
    quarter = parse_quarter(folder)
    if quarter is None:
        report.add(problem("bad-quarter-folder", folder=folder))
        return report, None, []
    if as_of <= quarter.end:
        report.add(problem("quarter-not-over", quarter=quarter.title, end=quarter.end.isoformat()))
        return report, None, []
    table = read_table(path)
    if matter_names is None and table.readable:
        report.add(problem("no-matter-list", department=department))
    rows = check_table(table, SPEC, report, UsageChecker(department, matter_names))
    return report, quarter, rows


def usage_files(data_dir: Path) -> list[tuple[str, str, Path]]:
    """Every file under data/usage/<folder>/ as (folder name, department code from the file name, path)."""
    root = data_dir / settings.USAGE_FOLDER
    return [(folder.name, path.stem, path) for folder in visible_folders(root) for path in visible_entries(folder)]
