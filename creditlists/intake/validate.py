"""Check a read table against the submission template, row by row.

All problems are collected; a row with any error is rejected, a row with only
warnings is accepted. Merge problems (a 新增 of an existing entry …) are added
later by ``merge``, which needs the history of the department.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from creditlists.intake import identifiers as ids
from creditlists import schema as s
from creditlists import settings
from creditlists.intake.normalize import add_years, clean_code, clean_text, looks_like_number, parse_date
from creditlists.intake.problems import Problem, problem
from creditlists.intake.reading import Cell, RawTable, cell_text, read_table
from creditlists.intake.vocab import Vocabulary


@dataclass
class SubmittedRow:
    """A row that passed validation, normalised, waiting to be merged."""

    file: str
    row: int
    operation: str
    department: str
    values: dict[str, str]  # template column -> normalised text
    start: dt.date | None
    end: dt.date | None
    withdrawal_reason: str

    @property
    def identifier(self) -> str:
        return self.values[s.ID_NUMBER] if self.values[s.SUBJECT_TYPE] == s.PERSON else self.values[s.USCC]

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies an entry: department, decision number, code or ID number."""
        return (self.department, self.values[s.DECISION], self.identifier)


@dataclass
class FileReport:
    """What happened to one file: its problems and its valid rows."""

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

    def add(self, found: Problem) -> None:
        """Record a problem, keeping at most the configured number listed.

        Errors beyond the cap still count: they reject rows or the file and
        make the file invalid even when only warnings made it into the list.
        """
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

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "department": self.department,
            "encoding": self.encoding,
            "rows": self.rows_read,
            "accepted": self.rows_read - self.rejected,
            "rejected": self.rejected,
            "errors": [_public_problem(p) for p in self.errors],
            "warnings": [_public_problem(p) for p in self.warnings],
        }


def _public_problem(found: Problem) -> dict:
    return {"row": found.row, "column": found.column, "code": found.code, "message": found.message}


@dataclass(frozen=True)
class Context:
    """What validation checks against."""

    vocabulary: Vocabulary
    as_of: dt.date


def validate_table(table: RawTable, department: str, display_path: str, context: Context) -> FileReport:
    """Validate every row of ``table``; never stops at the first problem."""
    report = FileReport(path=display_path, department=department, encoding=table.encoding)
    for found in table.problems:
        report.add(found)
    if not table.readable:
        return report
    columns = check_header(table.header, table.rows, report)
    for number, cells in data_rows(table, report):
        submitted = _validate_row(number, cells, columns, len(table.header), department, display_path, context, report)
        if submitted is not None:
            report.accepted.append(submitted)
    return report


def data_rows(table: RawTable, report: FileReport) -> Iterator[tuple[int, list[Cell]]]:
    """The rows worth checking, counting each non-blank row as read.

    Blank rows, a repeated header and exact duplicates are reported here, for
    every kind of file alike; a file rejected as a whole yields nothing.
    """
    seen: dict[tuple[str, ...], int] = {}
    for number, cells in table.rows:
        if all(cell_text(c).strip() == "" for c in cells):
            report.add(problem("blank-row", row=number))
            continue
        report.rows_read += 1
        if report.file_rejected:
            continue
        fingerprint = tuple(cell_text(c).strip() for c in cells)
        if [clean_text(c) for c in fingerprint[: len(table.header)]] == table.header:
            report.add(problem("repeated-header", row=number))
        elif fingerprint in seen:
            report.add(problem("duplicate-row", row=number, first_row=seen[fingerprint]))
        else:
            seen[fingerprint] = number
            yield number, cells
    if report.rows_read == 0 and not report.file_rejected:
        report.add(problem("no-data-rows"))


def check_header(
    header: list[str], rows: list[tuple[int, list[Cell]]], report: FileReport,
    known: tuple[str, ...] = s.TEMPLATE_COLUMNS, required: tuple[str, ...] = s.REQUIRED_COLUMNS,
) -> dict[str, int]:
    """Map known columns to positions; report blank, duplicate, missing and extra labels.

    Shared by every kind of file (``tabular`` passes its own columns).
    """
    columns: dict[str, int] = {}
    for index, label in enumerate(header):
        if label == "":
            if any(index < len(cells) and cell_text(cells[index]).strip() for _, cells in rows):
                report.add(problem("blank-header", column_number=index + 1))
        elif label not in known:
            report.add(problem("extra-label", column=label))
        elif label in columns:
            report.add(problem("duplicate-label", column=label))
        else:
            columns[label] = index
    for column in required:
        if column not in columns:
            report.add(problem("missing-column", column=column))
    return columns


def _validate_row(
    number: int, cells: list[Cell], columns: dict[str, int], width: int,
    department: str, display_path: str, context: Context, report: FileReport,
) -> SubmittedRow | None:
    problems: list[Problem] = []
    for index in range(width, len(cells)):
        if cell_text(cells[index]).strip():
            problems.append(problem("extra-cell", row=number, column_number=index + 1))
            break
    raw = {name: (cells[i] if i < len(cells) else None) for name, i in columns.items()}
    remember_id_numbers(report, [cell_text(c) for c in cells], cell_text(raw.get(s.ID_NUMBER)))
    checker = _RowChecker(number, raw, context, problems)
    values, start, end, reason = checker.check()
    for found in problems:
        report.add(found)
    if any(p.is_error for p in problems):
        return None
    return SubmittedRow(display_path, number, values[s.OPERATION], department, values, start, end, reason)


def remember_id_numbers(report: FileReport, texts: list[str], id_cell: str = "") -> None:
    """Note the region code and birth date of every ID number in a row, and of its ID cell even if mistyped."""
    report.seen_id_prefixes.update(number[:14] for number in ids.id_numbers_in(texts))
    prefix = ids.id_prefix(id_cell)
    if prefix:
        report.seen_id_prefixes.add(prefix)


def reject_id_parts(reports: list[FileReport]) -> None:
    """Reject accepted rows whose published text holds the first 14 digits of anybody's submitted ID number.

    A full ID number is caught row by row; its first 14 digits (region code and
    birth date) can only be recognised once every file has been read.
    """
    prefixes = set().union(*(report.seen_id_prefixes for report in reports))
    if not prefixes:
        return
    for report in reports:
        for row in list(report.accepted):
            for column in s.PUBLISHED_CHECKED_COLUMNS:
                if ids.id_prefixes_in([row.values[column]], prefixes):
                    report.reject_row(problem("id-number-part-in-text", row=row.row, column=column))


class _RowChecker:
    """The rules of one row, in the order a clerk would fix them."""

    def __init__(self, number: int, raw: dict[str, Cell], context: Context, problems: list[Problem]):
        self.number = number
        self.raw = raw
        self.context = context
        self.problems = problems
        self.values: dict[str, str] = {name: "" for name in s.TEMPLATE_COLUMNS}
        self.cleaned = {name: clean_text(cell_text(raw.get(name))) for name in s.TEMPLATE_COLUMNS}

    def report(self, code: str, column: str | None = None, **params: object) -> None:
        self.problems.append(problem(code, row=self.number, column=column, **params))

    def text(self, column: str) -> str:
        """The cell trimmed, digits and letters half-width (cleaned once per row)."""
        return self.cleaned[column]

    def check(self) -> tuple[dict[str, str], dt.date | None, dt.date | None, str]:
        for column in s.TEMPLATE_COLUMNS:
            if column not in s.IDENTIFIER_COLUMNS:
                self.values[column] = self.text(column)
        operation = self._choice(s.OPERATION, s.OPERATIONS, "bad-operation", default=s.ADD)
        subject_type = self._choice(s.SUBJECT_TYPE, s.SUBJECT_TYPES, "bad-subject-type")
        list_type = self._choice(s.LIST_TYPE, s.LIST_TYPES, "bad-list-type")
        self._require(operation, list_type, subject_type)
        self._identifiers(subject_type)
        self._no_id_number_in_text()
        self._name()
        self._vocabulary(list_type)
        start, end = self._dates(list_type)
        reason = self._withdrawal_reason(operation)
        return self.values, start, end, reason

    def _choice(self, column: str, allowed: tuple[str, ...], code: str, default: str = "") -> str:
        value = self.values[column] or default
        if value and value not in allowed:
            self.report(code, column, value=value)
            return ""
        self.values[column] = value
        return value

    def _require(self, operation: str, list_type: str, subject_type: str) -> None:
        """Report empty cells that this row's operation, list and subject need."""
        needed: list[tuple[str, str]] = [(s.SUBJECT_TYPE, ""), (s.DECISION, "")]
        if operation == s.WITHDRAW:
            needed.append((s.WITHDRAWAL_REASON, "（操作为“移出”时）"))
        else:
            needed += [(c, "") for c in (s.LIST_TYPE, s.NAME, s.CATEGORY, s.REASON, s.START)]
            if list_type == s.BLACK:
                needed += [(s.BASIS, "（黑名单必填）"), (s.END, "（黑名单必填）")]
        if subject_type == s.PERSON:
            needed.append((s.ID_NUMBER, "（自然人必填）"))
        elif subject_type:
            needed.append((s.USCC, "（法人及非法人组织、个体工商户必填）"))
        for column, condition in needed:
            if self.text(column) == "":
                self.report("missing-value", column, condition=condition)

    def _identifiers(self, subject_type: str) -> None:
        """Check the identifier the subject type calls for; ignore (and say so) the other."""
        if subject_type == s.PERSON:
            self._ignored(s.USCC, "uscc-ignored")
            self._id_number()
        else:
            self._uscc()
            if subject_type:
                self._ignored(s.ID_NUMBER, "id-number-ignored")
            else:
                self._id_number()

    def _ignored(self, column: str, code: str) -> None:
        if cell_text(self.raw.get(column)).strip():
            self.report(code, column)

    def _uscc(self) -> None:
        uscc = self._identifier_text(s.USCC)
        if uscc:
            if ids.is_resident_id(uscc):  # about 1 ID number in 31 also passes the USCC check
                self.report("uscc-is-id-number", s.USCC)
            elif not ids.uscc_format_ok(uscc):
                self.report("bad-uscc-format", s.USCC, value=uscc)
            elif not ids.uscc_checksum_ok(uscc):
                self.report("bad-uscc-checksum", s.USCC, value=uscc, expected=ids.uscc_check_char(uscc[:17]))
            self.values[s.USCC] = uscc

    def _id_number(self) -> None:
        number = self._identifier_text(s.ID_NUMBER)
        if number:
            if not ids.id_format_ok(number):
                self.report("bad-id-format", s.ID_NUMBER)
            elif not _born_by(number, self.context.as_of):
                self.report("bad-id-birthdate", s.ID_NUMBER)
            elif not ids.id_checksum_ok(number):
                self.report("bad-id-checksum", s.ID_NUMBER)
            self.values[s.ID_NUMBER] = number

    def _identifier_text(self, column: str) -> str:
        """An identifier cell as text; a number cell or a float-like text is reported."""
        cell = self.raw.get(column)
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            self.report("identifier-as-number", column, value=cell_text(cell))
            return ""
        text = clean_code(cell_text(cell))
        # A well-formed USCC may be digits and one E ("9142010612E0000032"), which reads as a number.
        if text and looks_like_number(text) and not ids.uscc_format_ok(text):
            self.report("identifier-as-number", column, value=text)
            return ""
        if column == s.ID_NUMBER:  # 420106-19750315-1235, 4201.0619…: the groups a clerk may write
            return ids.strip_separators(text)
        return text

    def _no_id_number_in_text(self) -> None:
        """No published column may carry anybody's ID number, however it is grouped or glued."""
        for column in s.PUBLISHED_CHECKED_COLUMNS:
            if ids.id_numbers_in([self.values[column]]):
                self.report("id-number-in-text", column)

    def _name(self) -> None:
        length = len(self.values[s.NAME])
        if length > s.MAX_NAME_LENGTH:
            self.report("name-too-long", s.NAME, length=length)

    def _vocabulary(self, list_type: str) -> None:
        category = self.values[s.CATEGORY]
        terms = self.context.vocabulary.categories.get(list_type)
        if category and terms is not None and category not in terms:
            self.report("unknown-category", s.CATEGORY, value=category, list_type=list_type, options="、".join(terms))
        domain = self.values[s.DOMAIN]
        if domain and domain not in self.context.vocabulary.domains:
            self.report("unknown-domain", s.DOMAIN, value=domain, options="、".join(self.context.vocabulary.domains))

    def _date(self, column: str) -> dt.date | None:
        cell = self.raw.get(column)
        if isinstance(cell, dt.datetime):
            return cell.date()
        if isinstance(cell, dt.date):
            return cell
        text = self.values[column]
        if not text:
            return None
        parsed = parse_date(text)
        if parsed is None:
            self.report("bad-date", column, value=text)
        return parsed

    def _dates(self, list_type: str) -> tuple[dt.date | None, dt.date | None]:
        start, end = self._date(s.START), self._date(s.END)
        if start and start > self.context.as_of:
            self.report("date-in-future", s.START, value=start.isoformat(), as_of=self.context.as_of.isoformat())
        if start and end and end <= start:
            self.report("end-before-start", s.END, start=start.isoformat(), end=end.isoformat())
        elif start and end and list_type == s.BLACK and end > add_years(start, settings.BLACK_LIST_WARN_YEARS):
            self.report("long-publication-period", s.END, start=start.isoformat(), end=end.isoformat())
        for column, day in ((s.START, start), (s.END, end)):
            if day:
                self.values[column] = day.isoformat()
        return start, end

    def _withdrawal_reason(self, operation: str) -> str:
        reason = self.values[s.WITHDRAWAL_REASON]
        if reason and operation != s.WITHDRAW:
            self.report("withdrawal-reason-not-needed", s.WITHDRAWAL_REASON)
            return ""
        if reason and reason not in s.WITHDRAWAL_REASONS:
            self.report("bad-withdrawal-reason", s.WITHDRAWAL_REASON, value=reason)
        return reason


def _born_by(number: str, as_of: dt.date) -> bool:
    """True when the birth date in ``number`` is real, not before 1900 and not after ``as_of``."""
    born = ids.id_birth_date(number)
    return born is not None and ids.ID_BIRTH_YEARS[0] <= born.year and born <= as_of


def read_and_validate(path: Path, department: str, display_path: str, context: Context) -> FileReport:
    """Read one submission file and validate it."""
    return validate_table(read_table(path), department, display_path, context)
