"""Quarterly usage reports (使用情况季报) received, and whether each department sent them.

The files are read and checked by ``creditlists.intake.usage``; this module
collects the valid reports of a data folder, tells which are missing (the
district office's supervision, 三（三）) and turns them into open records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from creditlists import settings
from creditlists.intake.datafiles import FilesRead, shown_path
from creditlists.intake.departments import Department
from creditlists.intake.files import refusal
from creditlists.intake.report import FileReport
from creditlists.intake.usage import (
    CONSTRAINTS,
    COUNT_COLUMNS,
    INCENTIVES,
    MATTER,
    QUERIES,
    REPORTS,
    Quarter,
    UsageRow,
    parse_quarter,
    quarter_of,
    quarter_range,
    usage_files,
    validate_usage_file,
)
from creditlists.policy.matters import MatterLists


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

    def add(self, report: FileReport, quarter: Quarter, rows: list[UsageRow]) -> None:
        """A file of a quarter folder that was checked: received if readable, else unreadable."""
        if quarter not in self.quarters:
            self.quarters.append(quarter)
        if report.file_rejected:
            self.unreadable[report.department, quarter] = report.path
        else:
            self.received[report.department, quarter] = UsageReport(report.department, quarter, report.path, rows)


def load_usage(data_dir: Path, departments: dict[str, Department], matters: MatterLists, as_of: dt.date,
               files_read: FilesRead | None = None) -> UsageData:
    """Check every usage report; one file per department and quarter."""
    data = UsageData()
    files_read = files_read or FilesRead(data_dir)
    first_file: dict[object, str] = {}
    for folder, department, path in usage_files(data_dir):
        shown = shown_path(data_dir, path)
        report = refusal(path, department, shown, departments, files_read, first_file, (folder, department), f" data/usage/{folder}/ ")
        quarter: Quarter | None = None
        rows: list[UsageRow] = []
        if report is None:
            report, quarter, rows = validate_usage_file(path, department, shown, folder, matters.names(department), as_of)
        data.reports.append(report)
        if quarter is not None:
            data.add(report, quarter, rows)
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
