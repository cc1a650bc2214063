"""Replay validated submissions into the current lists, then expire what has run out.

Every row read ends in exactly one state, and the build checks that the states
add up to the rows read:

- ``rejected``: the row had an error (validation or merge);
- ``published``: the row's version of an entry is on the lists now;
- ``superseded``: a later 更新 or 移出 of the same entry replaced it;
- ``withdrawn``: a 移出 row that took an entry off the lists;
- ``expired``: the row's version is current but its 公示截止日期 has passed;
- ``repeated``: a 新增 row identical, in every published value, to the entry in
  force under its key (a department re-sending a whole corrected file): a
  warning (``already-published``), and nothing changes. A 新增 of an existing
  key with other values stays an error (``duplicate-key``, naming the columns
  that differ).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from creditlists import schema as s
from creditlists import settings
from creditlists.intake.filedates import name_date
from creditlists.intake.normalize import add_years
from creditlists.intake.problems import Problem, problem
from creditlists.intake.report import FileReport
from creditlists.intake.submissions import SubmittedRow

STATES = ("published", "rejected", "withdrawn", "superseded", "expired", "repeated")
# What the public sees of an entry (open data, subject page), column by column, but for
# the department, which the key fixes: a 新增 of an existing key is compared on these.
PUBLISHED_VALUES = tuple(c for c in s.PUBLISHED_COLUMNS if c not in (s.DEPARTMENT_CODE, s.DEPARTMENT_NAME))
DIGEST_CHARS = 16  # hexadecimal characters kept of each value's sha256 (64 bits)


@dataclass(frozen=True)
class Entry:
    """An entry on a list: the version in force and when its publication ends."""

    version: SubmittedRow
    end: dt.date

    @property
    def values(self) -> dict[str, str]:
        return self.version.values

    @property
    def department(self) -> str:
        return self.version.department

    @property
    def list_type(self) -> str:
        return self.values[s.LIST_TYPE]


@dataclass(frozen=True)
class Change:
    """One event of the change log. It never carries the subject's name."""

    date: dt.date
    action: str  # 新增, 更新, 移出 or 到期
    department: str
    decision: str
    list_type: str
    reason: str = ""
    # Internal only (holds an ID number for persons): finds the entry, never published.
    key: tuple[str, str, str] = field(default=("", "", ""), repr=False, compare=False)
    # 更新 only: the published columns in which the new version differs from the one it replaced.
    changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejection:
    """A row that validation accepted and the merge could not apply (``duplicate-key``, ``unknown-key``)."""

    path: str
    problem: Problem


@dataclass(frozen=True)
class Repeat:
    """A 新增 row that repeats the entry in force under its key, value for value: a warning (``already-published``)."""

    path: str
    problem: Problem


@dataclass
class PublishedEntry(SubmittedRow):
    """An entry in force known by its key and the digests of its published values only (the browser checker's keys file).

    ``values`` holds the key's columns; the other published values are known
    only as ``field_digest`` of each, enough to tell which columns a 新增 row changes.
    """

    digests: dict[str, str] = field(default_factory=dict)


@dataclass
class MergeResult:
    entries: list[Entry] = field(default_factory=list)
    expired: list[Entry] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    states: dict[str, Counter[str]] = field(default_factory=dict)  # file path -> state -> rows
    rejections: list[Rejection] = field(default_factory=list)  # in the order found
    repeats: list[Repeat] = field(default_factory=list)  # in the order found

    def apply_rejections(self, reports: list[FileReport]) -> None:
        """Add the merge's problems to the reports of their files: rejected rows are no longer accepted, repeats draw a warning."""
        by_path = {report.path: report for report in reports}
        for rejection in self.rejections:
            by_path[rejection.path].reject_row(rejection.problem)
        for repeat in self.repeats:
            by_path[repeat.path].add(repeat.problem)


class AccountingError(Exception):
    """Rows read and rows accounted for differ: a bug, and the build must stop."""


def file_date(path: str, fallback: dt.date) -> dt.date:
    """The date a department put in front of the file name (``filedates.name_date``), else ``fallback``.

    The build refuses undated names, so the fallback serves only reports made
    without a file name (tests, scripts).
    """
    return name_date(path.rsplit("/", 1)[-1]) or fallback


def publication_end(row: SubmittedRow) -> dt.date:
    """The last day an entry is shown; a 红名单 row without one gets the default period."""
    if row.end is not None:
        return row.end
    assert row.start is not None
    return add_years(row.start, settings.RED_LIST_DEFAULT_YEARS) - dt.timedelta(days=1)


def published_values(row: SubmittedRow) -> dict[str, str]:
    """What the public would see of the row's entry (``PUBLISHED_VALUES``), 公示截止日期 as in force."""
    values = {column: row.values[column] for column in PUBLISHED_VALUES}
    values[s.END] = publication_end(row).isoformat()
    return values


# json.dumps with these options makes a new encoder per call; one made once gives the same text.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def field_digest(column: str, value: str) -> str:
    """The first ``DIGEST_CHARS`` of the sha256 of ``[column, value]`` as canonical JSON (UTF-8, no spaces)."""
    text = _CANONICAL.encode([column, value])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def published_digests(row: SubmittedRow) -> dict[str, str]:
    """``field_digest`` of each published value: what the browser checker's keys file carries of an entry."""
    if isinstance(row, PublishedEntry):
        return row.digests
    return {column: field_digest(column, value) for column, value in published_values(row).items()}


def differing_columns(row: SubmittedRow, published: SubmittedRow) -> list[str]:
    """The published columns in which ``row`` differs from the entry ``published``, in template order.

    The values themselves where both rows have them (the build, ``validate``),
    their digests where one stands for a published entry (the browser checker).
    """
    if isinstance(row, PublishedEntry) or isinstance(published, PublishedEntry):
        mine, theirs = published_digests(row), published_digests(published)
    else:
        mine, theirs = published_values(row), published_values(published)
    return [column for column in PUBLISHED_VALUES if mine.get(column) != theirs.get(column)]


def merge(reports: list[FileReport], as_of: dt.date) -> MergeResult:
    """Apply the accepted rows of ``reports`` in order (the replay order, ``filedates.replay_key``); the reports are read, never changed.

    Rows that cannot be applied come back as ``rejections``
    (``MergeResult.apply_rejections`` adds them to the reports).
    """
    result = MergeResult()
    current: dict[tuple[str, str, str], tuple[SubmittedRow, str]] = {}
    row_state: dict[tuple[str, int], str] = {}
    for report in reports:
        when = file_date(report.path, as_of)
        for row in report.accepted:
            _apply(row, current, row_state, result, when)
    for version, _ in current.values():
        entry = Entry(version, publication_end(version))
        if entry.end < as_of:
            result.expired.append(entry)
            row_state[(version.file, version.row)] = "expired"
            result.changes.append(_change(entry.version, s.EXPIRE, entry.end + dt.timedelta(days=1)))
        else:
            result.entries.append(entry)
            row_state[(version.file, version.row)] = "published"
    result.states = _count_states(reports, row_state)
    result.entries.sort(key=entry_sort_key)
    result.changes.sort(key=change_sort_key)
    return result


Current = dict[tuple[str, str, str], tuple[SubmittedRow, str]]


def _apply(row: SubmittedRow, current: Current, row_state: dict[tuple[str, int], str], result: MergeResult, when: dt.date) -> None:
    key = row.key
    if row.operation == s.ADD:
        if key in current:
            _add_again(row, current[key], row_state, result)
            return
        current[key] = (row, f"{row.file} 第 {row.row} 行")
        result.changes.append(_change(row, s.ADD, when))
        return
    if key not in current:
        _reject(row, problem("unknown-key", row=row.row, column=s.DECISION, operation=row.operation, decision=row.values[s.DECISION]),
                row_state, result)
        return
    previous, first_seen = current.pop(key)
    row_state[(previous.file, previous.row)] = "superseded"
    if row.operation == s.UPDATE:
        current[key] = (row, first_seen)
        result.changes.append(_change(row, s.UPDATE, when, changed=tuple(differing_columns(row, previous))))
    else:
        row_state[(row.file, row.row)] = "withdrawn"
        result.changes.append(_change(previous, s.WITHDRAW, when, row.withdrawal_reason))


def _add_again(row: SubmittedRow, existing: tuple[SubmittedRow, str], row_state: dict[tuple[str, int], str], result: MergeResult) -> None:
    """A 新增 of a key in force: a repeat when every published value is the same, else ``duplicate-key`` naming what differs."""
    published, first_seen = existing
    differing = differing_columns(row, published)
    if differing:
        columns = "、".join(f"“{column}”" for column in differing)
        _reject(row, problem("duplicate-key", row=row.row, column=s.DECISION, first_seen=first_seen, columns=columns), row_state, result)
        return
    row_state[(row.file, row.row)] = "repeated"
    result.repeats.append(Repeat(row.file, problem("already-published", row=row.row, column=s.DECISION, first_seen=first_seen)))


def _reject(row: SubmittedRow, found: Problem, row_state: dict[tuple[str, int], str], result: MergeResult) -> None:
    row_state[(row.file, row.row)] = "rejected"
    result.rejections.append(Rejection(row.file, found))


def _change(row: SubmittedRow, action: str, when: dt.date, reason: str = "", changed: tuple[str, ...] = ()) -> Change:
    return Change(when, action, row.department, row.values[s.DECISION], row.values[s.LIST_TYPE], reason, row.key, changed)


def _count_states(reports: list[FileReport], row_state: dict[tuple[str, int], str]) -> dict[str, Counter[str]]:
    """Count each file's rows by final state, and check they add up to the rows read."""
    states: dict[str, Counter[str]] = {}
    for report in reports:
        counts: Counter[str] = Counter({state: 0 for state in STATES})
        counts["rejected"] = report.rejected
        for row in report.accepted:
            counts[row_state[(row.file, row.row)]] += 1
        if sum(counts.values()) != report.rows_read:
            raise AccountingError(f"{report.path}: 读取 {report.rows_read} 行，但各状态合计 {sum(counts.values())} 行")
        states[report.path] = counts
    return states


def change_sort_key(change: Change) -> tuple[dt.date, str, str, str]:
    """Oldest first; the change pages and feeds show the reverse."""
    return (change.date, change.department, change.decision, change.action)


def entry_sort_key(entry: Entry) -> tuple[int, str, str, str, str]:
    """A total order, so that the same data always publish in the same order."""
    v = entry.values
    return (s.LIST_TYPES.index(v[s.LIST_TYPE]), entry.department, v[s.START], v[s.DECISION], entry.version.identifier)
