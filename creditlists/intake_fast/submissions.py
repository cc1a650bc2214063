"""A list submission checked column by column, with the report of the row checks.

The row checks (``intake.table.check_row`` with ``intake.submissions``) stay
the reference. Here every rule that looks at one column (cleaning, hidden
characters, lengths, vocabularies, dates, check characters) is asked once per
distinct value or over a numpy array (``columns``, ``codes``), and the rules
that join columns (an 黑名单 needs 认定依据, a 自然人 an ID number …) combine
those answers row by row in numpy. A row that passes every rule is *plain*:
the row checks would report nothing about it, and what they would make of it
(``SubmittedRow``) is built here from the columns. Every other row, and a
plain row whose cells hold a long digit run, goes through the row checks
themselves, so each problem keeps its code, row, column and message, and the
report its order. The table-wide steps (header, blank, repeated and
duplicate rows, the cap on problems listed) are ``intake.table``'s own.

``tests/test_fast_parity.py`` runs both on every bad file and on random
tables and requires equal reports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

import numpy as np
import numpy.typing as npt

from creditlists import schema as s
from creditlists import settings
from creditlists.intake import identifiers as ids
from creditlists.intake.filedates import valid_year
from creditlists.intake.normalize import add_years, looks_like_number, parse_date
from creditlists.intake.reading import Cell, RawTable, cell_text
from creditlists.intake.report import FileReport
from creditlists.intake.submissions import Context, SubmissionChecker, SubmittedRow
from creditlists.intake.table import (
    TableSpec,
    check_row,
    check_table,
    data_rows,
    extra_cells,
    id_numbers_in_published,
    refused_rows,
    remember_id_numbers,
    start_table,
)
from creditlists.intake.text import limit_of
from creditlists.intake_fast import codes
from creditlists.intake_fast.columns import Column, Flags, table_columns, too_long

NO_DAY = -1  # the ordinal of an empty or unreadable date
WHITE_SPACE = re.compile(r"\s+")  # as normalize.clean_code removes it


def check_by_columns(table: RawTable, spec: TableSpec, report: FileReport, checker: SubmissionChecker) -> list[SubmittedRow]:
    """``table.check_table`` with ``checker``, the plain rows decided over whole columns."""
    if not _numbered_in_order(table):
        return check_table(table, spec, report, checker)
    columns = start_table(table, spec, report)
    if columns is None:
        return []
    refused = refused_rows(table)
    plain = None if report.file_rejected else PlainRows.of(table, columns, spec, checker)
    kept: list[SubmittedRow] = []
    for number, cells in data_rows(table, report):
        made = plain.accept(number, cells, report) if plain else None
        if made is None:
            made = check_row(number, cells, columns, table, spec, report, checker)
        if made is not None and number not in refused:
            kept.append(made)
    return kept


def _numbered_in_order(table: RawTable) -> bool:
    """Rows numbered one after another (as both readers number them), so that a row's number gives its place."""
    rows = table.rows
    return bool(rows) and all(number == rows[0][0] + index for index, (number, _) in enumerate(rows))


@dataclass
class PlainRows:
    """Which rows the row checks pass without a problem, and what they make of each."""

    first: int  # the number of the first row
    width: int  # the header's labels
    columns: dict[str, int]
    spec: TableSpec
    checker: SubmissionChecker
    plain: list[bool]
    digits: list[bool]  # a cell of the row may hold an ID number: the row's ID numbers are looked for as the row checks do
    values: list[tuple[str, ...]]  # per row, the SubmittedRow's values in schema.TEMPLATE_COLUMNS order
    starts: list[dt.date | None]
    ends: list[dt.date | None]
    reasons: list[str]

    @classmethod
    def of(cls, table: RawTable, columns: dict[str, int], spec: TableSpec, checker: SubmissionChecker) -> PlainRows:
        width, count = len(table.header), len(table.rows)
        found = table_columns(table.rows, width)
        named = {name: found[columns[name]] if name in columns else Column.blank(count) for name in s.TEMPLATE_COLUMNS}
        rules = Rules(named, checker.context)
        plain = _cells_plain(found, columns, spec, count) & rules.plain()
        digits = reduce(or_, (column.rows(column.found(ids.DIGIT_RUN), np.bool_) for column in found), np.zeros(count, dtype=np.bool_))
        return cls(table.rows[0][0], width, columns, spec, checker, plain.tolist(), digits.tolist(), rules.values(),
                   rules.dates[s.START].days.tolist(), rules.dates[s.END].days.tolist(), rules.reasons().tolist())

    def accept(self, number: int, cells: list[Cell], report: FileReport) -> SubmittedRow | None:
        """What the row checks make of a plain row, its ID numbers remembered; None for a row they must check."""
        index = number - self.first
        if not self.plain[index] or (len(cells) > self.width and extra_cells(number, cells, self.width)):
            return None
        if self.digits[index] and not self._remember_id_numbers(number, cells, report):
            return None
        values = dict(zip(s.TEMPLATE_COLUMNS, self.values[index], strict=True))
        return SubmittedRow(self.checker.path, number, values[s.OPERATION], self.checker.department, values,
                            self.starts[index], self.ends[index], self.reasons[index])

    def _remember_id_numbers(self, number: int, cells: list[Cell], report: FileReport) -> bool:
        """``table.check_row``'s look for ID numbers: remember them, or False when a published cell holds one."""
        found = [ids.id_numbers_in([cell_text(c)]) for c in cells]
        if id_numbers_in_published(number, {name: found[i] for name, i in self.columns.items() if i < len(found)}, self.spec):
            return False
        position = self.columns.get(self.spec.id_column or "")
        id_cell = cells[position] if position is not None and position < len(cells) else None
        remember_id_numbers(report, found, cell_text(id_cell))
        return True


def _cells_plain(found: list[Column], columns: dict[str, int], spec: TableSpec, count: int) -> Flags:
    """Rows of text cells only, none with a hidden character or too long in a column of the spec (``text.cell_problems``)."""
    plain = ~reduce(or_, (column.odd() for column in found), np.zeros(count, dtype=np.bool_))
    for name, position in columns.items():
        column = found[position]
        plain &= ~column.rows(column.hidden, np.bool_)
        if name not in spec.own_length_rule:
            plain &= ~too_long(column, limit_of(name))
    return plain


@dataclass
class Dates:
    """One date column: per row the date, its ordinal (NO_DAY when empty or unreadable), and whether it gives a problem."""

    days: npt.NDArray[np.object_]
    ordinals: npt.NDArray[np.int64]
    bad: Flags  # bad-date, date-out-of-range
    text: npt.NDArray[np.object_]  # the published value: the ISO date, or the cleaned text

    @classmethod
    def of(cls, column: Column, cleaned: list[str]) -> Dates:
        """``_RowRules._date_in_range`` once per distinct cell (``cleaned``: each cleaned)."""
        days = [_in_range(parse_date(text) if text else None) for text in cleaned]
        bad = [bool(text) and day is None for text, day in zip(cleaned, days, strict=True)]
        shown = [day.isoformat() if day else text for text, day in zip(cleaned, days, strict=True)]
        ordinals = [day.toordinal() if day else NO_DAY for day in days]
        return cls(column.rows(days, object), column.rows(ordinals, np.int64), column.rows(bad, bool), column.rows(shown, object))


def _in_range(day: dt.date | None) -> dt.date | None:
    return day if day is not None and valid_year(day) else None


class Rules:
    """``submissions._RowRules`` over whole columns: each rule's verdict for every row."""

    def __init__(self, named: dict[str, Column], context: Context) -> None:
        self.named = named
        self.context = context
        self.clean = {name: column.cleaned for name, column in named.items()}  # per distinct cell
        self.cleaned = {name: column.rows(self.clean[name], object) for name, column in named.items()}
        self.filled = {name: self.each(name, bool) for name in named}
        self.operation = self.each(s.OPERATION, lambda text: text or s.ADD, object)
        self.withdraw = self.each(s.OPERATION, lambda text: (text or s.ADD) == s.WITHDRAW)
        self.person = self.is_in(s.SUBJECT_TYPE, (s.PERSON,))
        self.black = self.is_in(s.LIST_TYPE, (s.BLACK,))
        self.dates = {name: Dates.of(named[name], self.clean[name]) for name in s.DATE_COLUMNS}
        self.codes = {name: [_code(text) for text in self.clean[name]] for name in s.IDENTIFIER_COLUMNS}  # clean_code per distinct cell

    def each(self, name: str, check: Callable[[str], object], dtype: Any = np.bool_) -> npt.NDArray[Any]:
        """``check`` of each distinct cleaned cell of ``name``, answered for every row."""
        return self.named[name].rows([check(text) for text in self.clean[name]], dtype)

    def is_in(self, name: str, allowed: Container[str]) -> Flags:
        """Rows whose cleaned cell of ``name`` is in ``allowed``."""
        return self.each(name, lambda text: text in allowed)

    def plain(self) -> Flags:
        """Rows for which no rule reports anything (error or warning)."""
        withdraw, filled = self.withdraw, self.filled
        plain = self.each(s.OPERATION, lambda text: (text or s.ADD) in s.OPERATIONS) & self.is_in(s.SUBJECT_TYPE, s.SUBJECT_TYPES)
        plain &= self.is_in(s.LIST_TYPE, s.LIST_TYPES) | (withdraw & ~filled[s.LIST_TYPE])
        plain &= self.required() & self.identifiers() & self.vocabulary() & self.dates_plain()
        plain &= self.each(s.NAME, lambda text: len(text) <= s.MAX_NAME_LENGTH)
        plain &= np.where(withdraw, self.is_in(s.WITHDRAWAL_REASON, s.WITHDRAWAL_REASONS), ~filled[s.WITHDRAWAL_REASON])
        return plain

    def required(self) -> Flags:
        """``_require``: every cell the row's operation and list need is filled (the identifiers' are checked with them)."""
        filled = self.filled
        always = filled[s.SUBJECT_TYPE] & filled[s.DECISION]
        adding = reduce(np.logical_and, [filled[c] for c in (s.LIST_TYPE, s.NAME, s.CATEGORY, s.REASON, s.START)])
        black = filled[s.BASIS] & filled[s.END]
        found: Flags = always & np.where(self.withdraw, filled[s.WITHDRAWAL_REASON], adding & (~self.black | black))
        return found

    def identifiers(self) -> Flags:
        """``_identifiers``: a person's valid ID number and no USCC; for others a valid USCC (not an ID number) and no ID number."""
        uscc, number = self.named[s.USCC], self.named[s.ID_NUMBER]
        uscc_codes = self.codes[s.USCC]
        uscc_ok = uscc.rows(codes.uscc_valid(uscc_codes) & ~codes.resident_ids(uscc_codes), bool)
        id_ok = number.rows(codes.id_numbers_valid(self._id_numbers(), self.context.as_of) & ~self._id_as_number(), bool)
        uscc_blank, id_blank = (column.rows([not text.strip() for text in column.texts], bool) for column in (uscc, number))
        found: Flags = np.where(self.person, id_ok & uscc_blank, uscc_ok & id_blank)
        return found

    def _id_numbers(self) -> list[str]:
        return [ids.strip_separators(code) for code in self.codes[s.ID_NUMBER]]

    def _id_as_number(self) -> Flags:
        """Per distinct ID cell: ``identifier-as-number`` (9.14201E+17, …235.0)."""
        found = self.codes[s.ID_NUMBER]
        return np.array([bool(code) and looks_like_number(code) and not ids.uscc_format_ok(code) for code in found], dtype=np.bool_)

    def vocabulary(self) -> Flags:
        """``_vocabulary``: a filled 类别 is one of its list's (when the list has categories), a filled 领域 one of the domains."""
        categories = self.context.vocabulary.categories
        unknown = np.zeros(len(self.withdraw), dtype=np.bool_)
        for list_type, terms in categories.items():
            unknown |= self.is_in(s.LIST_TYPE, (list_type,)) & ~self.is_in(s.CATEGORY, terms)
        domain_ok = ~self.filled[s.DOMAIN] | self.is_in(s.DOMAIN, self.context.vocabulary.domains)
        found: Flags = ~(unknown & self.filled[s.CATEGORY]) & domain_ok
        return found

    def dates_plain(self) -> Flags:
        """``_dates``: readable dates in range, 认定日期 not after the build, the end after the start, a black list's period not over 3 years."""
        start, end = self.dates[s.START], self.dates[s.END]
        plain = ~start.bad & ~end.bad & (start.ordinals <= self.context.as_of.toordinal())
        both = (start.ordinals != NO_DAY) & (end.ordinals != NO_DAY)
        plain &= ~(both & (end.ordinals <= start.ordinals))
        limits = self.each(s.START, lambda text: _warn_limit(_in_range(parse_date(text) if text else None)), np.int64)
        found: Flags = plain & ~(both & self.black & (end.ordinals > limits))
        return found

    def reasons(self) -> npt.NDArray[np.object_]:
        """``_withdrawal_reason`` of a plain row: the reason of a 移出, else ""."""
        return np.where(self.withdraw, self.cleaned[s.WITHDRAWAL_REASON], "").astype(object)

    def values(self) -> list[tuple[str, ...]]:
        """Each row's values as ``_RowRules.check`` leaves them for a plain row, in schema.TEMPLATE_COLUMNS order."""
        found = dict(self.cleaned)
        found[s.OPERATION] = self.operation
        found[s.USCC] = np.where(self.person, "", self.named[s.USCC].rows(self.codes[s.USCC], object)).astype(object)
        found[s.ID_NUMBER] = np.where(self.person, self.named[s.ID_NUMBER].rows(self._id_numbers(), object), "").astype(object)
        for name in s.DATE_COLUMNS:
            found[name] = self.dates[name].text
        return list(zip(*(found[name].tolist() for name in s.TEMPLATE_COLUMNS), strict=True))


def _code(cleaned: str) -> str:
    """``normalize.clean_code`` of a text already cleaned (the common code of ASCII letters and digits at once)."""
    if cleaned.isascii() and cleaned.isalnum():
        return cleaned.upper()
    return WHITE_SPACE.sub("", cleaned).upper()


def _warn_limit(day: dt.date | None) -> int:
    """The last day a black list's period may end on without ``long-publication-period``."""
    return add_years(day, settings.BLACK_LIST_WARN_YEARS).toordinal() if day else NO_DAY
