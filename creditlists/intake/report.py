"""The report of one file and of a whole run: problems as data, counts, and their forms.

Modelled on frictionless-py's report: each problem has a stable code, the row
and the column as the department sees them, and a message; a report counts
what it does not list (at most ``settings.MAX_PROBLEMS_PER_FILE`` a file) and
flattens itself for tests and scripts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from creditlists import settings
from creditlists.intake.problems import Problem, problem

if TYPE_CHECKING:
    from creditlists.intake.submissions import SubmittedRow

PROBLEM_FIELDS = ("row", "column", "column_number", "code", "message")
# The encodings as a clerk knows them (Excel's 另存为 names them so); the machine
# value stays in the JSON's "encoding", the label goes beside it.
ENCODING_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8（带 BOM）", "gb18030": "GBK/GB18030", "xlsx": "Excel 工作簿（.xlsx）"}
# A file with no encoding: why, by the problem that stopped it being read as text.
UNREAD_ENCODING_LABELS = {"utf-16-text": "UTF-16（不能读取）", "encoding-error": "无法识别", "mixed-encoding": "无法识别（混用两种编码）"}
NOT_READ = "—"  # never read as text: refused before reading, empty, binary


@dataclass
class FileReport:
    """What happened to one file: its problems and, for list submissions, its valid rows."""

    path: str
    department: str
    encoding: str | None = None
    rows_read: int = 0
    rejected_rows: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    error_count: int = 0  # listed or not
    file_error: bool = False  # an error of the file as a whole, listed or not
    accepted: list[SubmittedRow] = field(default_factory=list)
    # Region code and birth date (14 digits) of every ID number seen in the file, valid
    # or not and in any cell, so that neither the rows nor the build publish them.
    seen_id_prefixes: set[str] = field(default_factory=set)
    # The file's header: label -> column number (from 1), to locate problems by either.
    columns: dict[str, int] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)

    def locate(self, header: Sequence[str]) -> None:
        """Remember the header, so that problems gain the column number of their label (and the reverse)."""
        for number, label in enumerate(header, start=1):
            if label:
                self.columns.setdefault(label, number)
                self.labels[number] = label

    def add(self, found: Problem) -> None:
        """Record a problem, keeping at most the configured number listed.

        Errors beyond the cap still count: they reject rows or the file and
        make the file invalid even when only warnings made it into the list.
        """
        found = self._located(found)
        self.problem_count += 1
        if found.is_error:
            self.error_count += 1
            if found.row is None:
                self.file_error = True
            else:
                self.rejected_rows.add(found.row)
        if len(self.problems) < settings.MAX_PROBLEMS_PER_FILE:
            self.problems.append(found)
        elif len(self.problems) == settings.MAX_PROBLEMS_PER_FILE:
            self.problems.append(problem("too-many-problems", limit=settings.MAX_PROBLEMS_PER_FILE))

    def _located(self, found: Problem) -> Problem:
        if found.column and found.column_number is None and found.column in self.columns:
            return dataclasses.replace(found, column_number=self.columns[found.column])
        if found.column_number and found.column is None and found.column_number in self.labels:
            return dataclasses.replace(found, column=self.labels[found.column_number])
        return found

    def reject_row(self, found: Problem) -> None:
        """A merge problem: the row, accepted by validation, is rejected after all."""
        self.add(found)
        self.accepted = [r for r in self.accepted if r.row != found.row]

    @property
    def ordered_problems(self) -> list[Problem]:
        """File problems first, then by row, each row's in the order found."""
        return sorted(self.problems, key=lambda p: -1 if p.row is None else p.row)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.ordered_problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.ordered_problems if not p.is_error]

    @property
    def file_rejected(self) -> bool:
        """True when a problem with the file as a whole rejected every row."""
        return self.file_error

    @property
    def rejected(self) -> int:
        return self.rows_read if self.file_rejected else len(self.rejected_rows)

    @property
    def valid(self) -> bool:
        return self.error_count == 0

    @property
    def encoding_label(self) -> str:
        """The encoding for people: "UTF-8（带 BOM）", "GBK/GB18030" rather than utf-8-sig, gb18030."""
        if self.encoding:
            return ENCODING_LABELS.get(self.encoding, self.encoding)
        return next((UNREAD_ENCODING_LABELS[p.code] for p in self.problems if p.code in UNREAD_ENCODING_LABELS), NOT_READ)

    def flatten(self, fields: Sequence[str] = ("row", "column", "code")) -> list[tuple[object, ...]]:
        """The listed problems in order, each as a tuple of ``fields`` (names from PROBLEM_FIELDS)."""
        return [tuple(getattr(p, name) for name in fields) for p in self.ordered_problems]

    def stats(self) -> dict[str, int]:
        return {"rows": self.rows_read, "accepted": self.rows_read - self.rejected, "rejected": self.rejected,
                "errors": self.error_count, "warnings": self.problem_count - self.error_count}

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "department": self.department,
            "encoding": self.encoding,
            "encoding_label": self.encoding_label,
            "rows": self.rows_read,
            "accepted": self.rows_read - self.rejected,
            "rejected": self.rejected,
            "errors": [public_problem(p) for p in self.errors],
            "warnings": [public_problem(p) for p in self.warnings],
        }


def public_problem(found: Problem) -> dict[str, object]:
    return {"row": found.row, "column": found.column, "column_number": found.column_number, "code": found.code,
            "message": found.message}


@dataclass
class RunReport:
    """Every file of one ``validate`` or ``build`` run: valid or not, counts, problems."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return all(report.valid for report in self.files)

    def stats(self) -> dict[str, int]:
        totals = {"files": len(self.files), "rows": 0, "accepted": 0, "rejected": 0, "errors": 0, "warnings": 0}
        for report in self.files:
            for key, value in report.stats().items():
                totals[key] += value
        return totals

    @property
    def errors(self) -> list[tuple[str, Problem]]:
        return [(report.path, p) for report in self.files for p in report.errors]

    @property
    def warnings(self) -> list[tuple[str, Problem]]:
        return [(report.path, p) for report in self.files for p in report.warnings]

    def flatten(self, fields: Sequence[str] = ("row", "column", "code")) -> list[tuple[object, ...]]:
        """Every listed problem of every file, as (path, *fields)."""
        return [(report.path, *row) for report in self.files for row in report.flatten(fields)]

    def to_dict(self) -> dict[str, object]:
        return {"valid": self.valid, "stats": self.stats(), "files": [report.to_dict() for report in self.files]}

    def format(self) -> str:
        """A plain table a clerk can read in a terminal."""
        lines = []
        for report in self.files:
            lines.append(f"{report.path}（部门 {report.department}，编码 {report.encoding_label}）："
                         f"数据行 {report.rows_read}，接受 {report.rows_read - report.rejected}，拒绝 {report.rejected}")
            for found in report.ordered_problems:
                where = f"第 {found.row} 行" if found.row else "整个文件"
                kind = "错误" if found.is_error else "提示"
                column = f"［{found.column}］" if found.column else ""
                lines.append(f"  {where:<8} {kind} {found.code:<26} {column}{found.message}")
        return "\n".join(lines)
