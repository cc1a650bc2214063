"""Quarterly usage reports (使用情况季报) and whether each department sent them.

武昌信用办〔2018〕3号 三（三）: every department reports each quarter how it used
credit records and reports in its matters; the district credit office
supervises that. A department hands in ``data/usage/<YYYY>Q<n>/<部门代码>.csv``
(or .xlsx), one row per matter of its matter list.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from creditlists import settings
from creditlists.intake.departments import Department
from creditlists.policy.matters import MatterLists
from creditlists.intake.problems import Problem, problem
from creditlists.intake.reading import read_table
from creditlists.intake.datafiles import FilesRead, shown_path, visible_entries, visible_folders
from creditlists.intake.table import TableSpec, check_table, require
from creditlists.intake.validate import FileReport

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
    match = QUARTER_FOLDER.match(text)
    return Quarter(int(match.group(1)), int(match.group(2))) if match else None


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def quarter_range(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters, current = [], first
    while current <= last:
        quarters.append(current)
        current = current.next()
    return quarters


# --- reading and checking ------------------------------------------------------

@dataclass(frozen=True)
class UsageRow:
    """One matter's counts in one quarter."""

    matter: str
    counts: tuple[int, int, int, int]  # in COUNT_COLUMNS order
    listed: bool  # the matter is in the department's matter list


@dataclass
class UsageReport:
    """A department's report for a quarter that was received and could be read."""

    department: str
    quarter: Quarter
    path: str
    rows: list[UsageRow]

    @property
    def totals(self) -> tuple[int, int, int, int]:
        return tuple(sum(r.counts[i] for r in self.rows) for i in range(len(COUNT_COLUMNS)))  # type: ignore[return-value]


@dataclass
class UsageData:
    reports: list[FileReport] = field(default_factory=list)  # every file, readable or not
    received: dict[tuple[str, Quarter], UsageReport] = field(default_factory=dict)
    unreadable: dict[tuple[str, Quarter], str] = field(default_factory=dict)  # files rejected as a whole
    quarters: list[Quarter] = field(default_factory=list)  # quarter folders found, in order

    def reports_of(self, department: str) -> list[FileReport]:
        return [r for r in self.reports if r.department == department]


def parse_count(text: str) -> int | None:
    """A non-negative whole number as clerks write it (``12``, ``1,200``), or None."""
    return int(text.replace(",", "")) if _COUNT.match(text) else None


class UsageChecker:
    """The rules of a usage report's rows."""

    def __init__(self, department: str, matter_names: set[str] | None):
        self.department = department
        self.matter_names = matter_names
        self.first_row: dict[str, int] = {}

    def __call__(self, number: int, values: dict[str, str], problems: list[Problem]) -> UsageRow:
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
    report.encoding = table.encoding
    if matter_names is None and table.readable:
        report.add(problem("no-matter-list", department=department))
    rows = check_table(table, SPEC, report, UsageChecker(department, matter_names))
    return report, quarter, rows


def usage_files(data_dir: Path) -> list[tuple[str, str, Path]]:
    """Every file under data/usage/<folder>/ as (folder name, department code from the file name, path)."""
    root = data_dir / settings.USAGE_FOLDER
    return [(folder.name, path.stem, path) for folder in visible_folders(root) for path in visible_entries(folder)]


def load_usage(data_dir: Path, departments: dict[str, Department], matters: MatterLists, as_of: dt.date,
               files_read: FilesRead | None = None) -> UsageData:
    """Check every usage report; one file per department and quarter."""
    data = UsageData()
    files_read = files_read or FilesRead(data_dir)
    first_file: dict[tuple[str, str], str] = {}
    for folder, department, path in usage_files(data_dir):
        shown = shown_path(data_dir, path)
        report, quarter, rows = FileReport(path=shown, department=department), None, []
        unsafe = files_read.problem(path)
        if unsafe:
            report.add(unsafe)
        elif department not in departments:
            report.add(problem("unknown-department", department=department))
        elif (folder, department) in first_file:
            report.add(problem("duplicate-department-file", department=department, where=f" data/usage/{folder}/ ", first=first_file[folder, department]))
        else:
            first_file[folder, department] = shown
            report, quarter, rows = validate_usage_file(path, department, shown, folder, matters.names(department), as_of)
        data.reports.append(report)
        if quarter is None:
            continue
        if quarter not in data.quarters:
            data.quarters.append(quarter)
        if report.file_rejected:
            data.unreadable[department, quarter] = shown
        else:
            data.received[department, quarter] = UsageReport(department, quarter, shown, rows)
    data.quarters.sort()
    return data


# --- supervision ---------------------------------------------------------------

REPORTED = "已报送"
MISSING = "未报送"
NOT_DUE = "未到期"


@dataclass(frozen=True)
class Status:
    """Whether a department's report for a quarter is in, missing or not yet due."""

    department: str
    quarter: Quarter
    status: str  # REPORTED, MISSING or NOT_DUE
    due: dt.date
    note: str = ""  # e.g. that a file came but could not be read


def status_of(data: UsageData, department: str, quarter: Quarter, as_of: dt.date) -> Status:
    """A report counts once a readable file is in; missing only after the due day has passed."""
    due = quarter.due()
    if (department, quarter) in data.received:
        return Status(department, quarter, REPORTED, due)
    note = "文件无法处理" if (department, quarter) in data.unreadable else ""
    return Status(department, quarter, MISSING if as_of > due else NOT_DUE, due, note)


def supervised_quarters(data: UsageData, as_of: dt.date, first: str | None = None) -> list[Quarter]:
    """From the first quarter (settings or the earliest folder) to the quarter of ``as_of``."""
    last = quarter_of(as_of)
    start = parse_quarter(first or settings.USAGE_FIRST_QUARTER or "") or min(data.quarters, default=last)
    return quarter_range(min(start, last), last)


def supervision(data: UsageData, departments: dict[str, Department], as_of: dt.date) -> list[tuple[Department, list[Status]]]:
    """Every registered department against every supervised quarter."""
    quarters = supervised_quarters(data, as_of)
    return [(d, [status_of(data, code, q, as_of) for q in quarters]) for code, d in departments.items()]


# --- open data -----------------------------------------------------------------

QUARTER = "季度"
DEPARTMENT_CODE = "部门代码"
DEPARTMENT_NAME = "部门名称"
LISTED = "在事项清单中"
OPEN_FIELDS: tuple[tuple[str, str, str], ...] = (
    (QUARTER, "string", "报告所属季度，如 2026Q3"),
    (DEPARTMENT_CODE, "string", "报送部门的代码"),
    (DEPARTMENT_NAME, "string", "报送部门的名称"),
    (MATTER, "string", "事项名称"),
    (QUERIES, "integer", "该季度在该事项中查询信用记录的次数"),
    (REPORTS, "integer", "该季度在该事项中使用信用报告的份数"),
    (CONSTRAINTS, "integer", "该季度在该事项中对失信主体实施约束的次数"),
    (INCENTIVES, "integer", "该季度在该事项中对守信主体给予激励的次数"),
    (LISTED, "string", "“是”：事项在该部门的事项清单中；“否”：不在"),
)


def open_records(data: UsageData, departments: dict[str, Department]) -> list[dict[str, str]]:
    """Every valid row of every received report, by quarter, then register order (备注 stays internal)."""
    records = []
    for quarter in data.quarters:
        for code, department in departments.items():
            received = data.received.get((code, quarter))
            for row in received.rows if received else []:
                record = {QUARTER: quarter.label, DEPARTMENT_CODE: code, DEPARTMENT_NAME: department.name, MATTER: row.matter}
                record.update({column: str(value) for column, value in zip(COUNT_COLUMNS, row.counts)})
                record[LISTED] = "是" if row.listed else "否"
                records.append(record)
    return records
