"""List submissions (红名单 and 黑名单 rows): the template's rules, row by row.

All problems are collected; a row with any error is rejected, a row with only
warnings is accepted. The table-wide checks (header, blank and duplicate rows,
ID numbers in published cells) are ``table.check_table``'s, as for every kind of
file. Merge problems (a 新增 of an existing entry …) are found later by
``creditlists.merge``, which needs the history of the department.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from creditlists import schema as s
from creditlists import settings
from creditlists.intake import identifiers as ids
from creditlists.intake.filedates import valid_year
from creditlists.intake.normalize import add_years, clean_code, clean_text, looks_like_number, parse_date
from creditlists.intake.problems import Problem, problem
from creditlists.intake.reading import Cell, RawTable, cell_text, read_table
from creditlists.intake.report import FileReport
from creditlists.intake.table import TableSpec, check_table
from creditlists.intake.vocab import Vocabulary, closest_terms

SPEC = TableSpec(columns=s.TEMPLATE_COLUMNS, required=s.REQUIRED_COLUMNS, internal=(s.REMARK,),
                 identifiers=s.IDENTIFIER_COLUMNS, id_column=s.ID_NUMBER, free_text=s.FREE_TEXT_COLUMNS, own_length_rule=(s.NAME,))


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


@dataclass(frozen=True)
class Context:
    """What validation checks against, and how a whole table is checked.

    ``check_table`` is ``table.check_table`` (row by row, the standard library
    only: what the browser's file checker runs) unless the caller gives
    another with the same report: the build gives ``intake_fast``'s, which
    checks large tables over whole columns. ``intake`` never imports it.
    """

    vocabulary: Vocabulary
    as_of: dt.date
    check_table: TableCheck | None = None


TableCheck = Callable[[RawTable, TableSpec, FileReport, "SubmissionChecker"], list[SubmittedRow]]


class SubmissionChecker:
    """The row checker of list submissions (``table.RowChecker``)."""

    def __init__(self, department: str, path: str, context: Context) -> None:
        self.department = department
        self.path = path
        self.context = context

    def __call__(self, number: int, cells: dict[str, Cell], problems: list[Problem]) -> SubmittedRow:
        return _RowRules(number, cells, self.context, problems).check(self.department, self.path)


def validate_table(table: RawTable, department: str, display_path: str, context: Context) -> FileReport:
    """Validate every row of ``table``; never stops at the first problem."""
    report = FileReport(path=display_path, department=department)
    checked = context.check_table or check_table
    report.accepted = checked(table, SPEC, report, SubmissionChecker(department, display_path, context))
    return report


def read_and_validate(path: Path, department: str, display_path: str, context: Context) -> FileReport:
    """Read one submission file and validate it."""
    return validate_table(read_table(path), department, display_path, context)


def reject_id_parts(reports: list[FileReport]) -> None:
    """Reject accepted rows whose published text holds the first 14 digits of anybody's submitted ID number.

    A full ID number is caught row by row; its first 14 digits (region code and
    birth date) can only be recognised once every file has been read. Only
    the cells holding a long digit run are looked at closely, found in one
    search of all the file's published cells (``identifiers.texts_with_digit_runs``):
    a search in each of them cost more than the rest of merging.
    """
    prefixes = set().union(*(report.seen_id_prefixes for report in reports))
    if not prefixes:
        return
    published = SPEC.published
    for report in reports:
        rows = list(report.accepted)
        cells = [(row, column) for row in rows for column in published]
        for place in ids.texts_with_digit_runs([row.values[column] for row, column in cells]):
            row, column = cells[place]
            if ids.id_prefixes_in([row.values[column]], prefixes):
                report.reject_row(problem("id-number-part-in-text", row=row.row, column=column))


class _RowRules:
    """The rules of one row, in the order a clerk would fix them."""

    def __init__(self, number: int, raw: dict[str, Cell], context: Context, problems: list[Problem]) -> None:
        self.number = number
        self.raw = raw
        self.context = context
        self.problems = problems
        self.values: dict[str, str] = {name: "" for name in s.TEMPLATE_COLUMNS}
        self.cleaned = {name: clean_text(cell_text(raw.get(name))) for name in s.TEMPLATE_COLUMNS}

    def report(self, code: str, column: str | None = None, **params: object) -> None:
        self.problems.append(problem(code, self.number, column, None, **params))

    def text(self, column: str) -> str:
        """The cell trimmed, digits and letters half-width (cleaned once per row)."""
        return self.cleaned[column]

    def check(self, department: str, path: str) -> SubmittedRow:
        """What the row means; the caller keeps it only if no error was reported."""
        for column in s.TEMPLATE_COLUMNS:
            if column not in s.IDENTIFIER_COLUMNS:
                self.values[column] = self.text(column)
        operation = self._choice(s.OPERATION, s.OPERATIONS, "bad-operation", default=s.ADD)
        subject_type = self._choice(s.SUBJECT_TYPE, s.SUBJECT_TYPES, "bad-subject-type")
        list_type = self._choice(s.LIST_TYPE, s.LIST_TYPES, "bad-list-type")
        self._require(operation, list_type, subject_type)
        self._identifiers(subject_type)
        self._name()
        self._vocabulary(list_type)
        start, end = self._dates(list_type)
        reason = self._withdrawal_reason(operation)
        return SubmittedRow(path, self.number, self.values[s.OPERATION], department, self.values, start, end, reason)

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
                self.report("bad-uscc-checksum", s.USCC, value=uscc)  # never the right character: see the message
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
        if column == s.ID_NUMBER:  # 420106-YYYYMMDD-NNNX, 4201.0619…: the groups a clerk may write (no real-looking number here: this code is published)
            return ids.strip_separators(text)
        return text

    def _name(self) -> None:
        length = len(self.values[s.NAME])
        if length > s.MAX_NAME_LENGTH:
            self.report("name-too-long", s.NAME, length=length)

    def _vocabulary(self, list_type: str) -> None:
        categories = self.context.vocabulary.categories
        category = self.values[s.CATEGORY]
        terms = categories.get(list_type)
        if category and terms is not None and category not in terms:
            other = next((t for t, found in categories.items() if t != list_type and category in found), None)
            hint = f"“{category}”是{other}的类别，请核对“名单类型”。" if other else did_you_mean(category, terms)
            self.report("unknown-category", s.CATEGORY, value=category, list_type=list_type, options="、".join(terms), hint=hint)
        domain = self.values[s.DOMAIN]
        domains = self.context.vocabulary.domains
        if domain and domain not in domains:
            self.report("unknown-domain", s.DOMAIN, value=domain, options="、".join(domains), hint=did_you_mean(domain, domains))

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

    def _date_in_range(self, column: str) -> dt.date | None:
        """``_date``, or None (and ``date-out-of-range``) for a year outside settings.DATE_YEARS."""
        day = self._date(column)
        if day is not None and not valid_year(day):
            first, last = settings.DATE_YEARS
            self.report("date-out-of-range", column, value=day.isoformat(), first=first, last=last)
            return None
        return day

    def _dates(self, list_type: str) -> tuple[dt.date | None, dt.date | None]:
        start, end = self._date_in_range(s.START), self._date_in_range(s.END)
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


def did_you_mean(value: str, names: Iterable[str]) -> str:
    """“是否为：食品药品？” with the closest terms (``vocab.closest_terms``), or "" when none is close."""
    found = closest_terms(value, names)
    return f"是否为：{'、'.join(found)}？" if found else ""


def _born_by(number: str, as_of: dt.date) -> bool:
    """True when the birth date in ``number`` is real, not before 1900 and not after ``as_of``."""
    born = ids.id_birth_date(number)
    return born is not None and ids.ID_BIRTH_YEARS[0] <= born.year and born <= as_of
