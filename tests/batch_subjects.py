"""Subjects for the batch check's tests and benchmark: those listed now, and those that are not.

From a compiled dataset: every subject of an entry in force; the subjects of
withdrawn and of expired entries, and of rejected rows, that have no entry in
force (by code, and by name); and made-up subjects no data holds. A
``Subject`` is what an official would type: a code (empty for a person) and a
name.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from creditlists import schema as s
from creditlists.dataset import Dataset
from creditlists.intake.identifiers import uscc_check_char
from creditlists.intake.normalize import clean_code, clean_text
from creditlists.intake.reading import cell_text, read_table

CURRENT, WITHDRAWN, EXPIRED, REJECTED, UNKNOWN = "current", "withdrawn", "expired", "rejected", "unknown"


@dataclass(frozen=True)
class Subject:
    kind: str  # CURRENT … UNKNOWN
    code: str  # empty for a person
    name: str
    person: bool = False


def _subject(kind: str, values: dict[str, str]) -> Subject:
    person = values.get(s.SUBJECT_TYPE) == s.PERSON
    return Subject(kind, "" if person else clean_code(values.get(s.USCC, "")), clean_text(values.get(s.NAME, "")), person)


def current_subjects(dataset: Dataset) -> list[Subject]:
    found = {_subject(CURRENT, e.version.values) for e in dataset.merged.entries}
    return sorted(found, key=lambda x: (x.code, x.name))


def _withdrawn_values(dataset: Dataset) -> list[dict[str, str]]:
    """The last submitted version of every withdrawn entry."""
    withdrawn = {c.key for c in dataset.merged.changes if c.action == s.WITHDRAW}
    versions = {row.key: row.values for report in dataset.reports for row in report.accepted
                if row.key in withdrawn and row.operation != s.WITHDRAW}
    return list(versions.values())


def _rejected_values(dataset: Dataset, data: Path) -> list[dict[str, str]]:
    """The cells of every rejected row, as read from its file."""
    found = []
    for report in dataset.reports:
        if report.rejected_rows:
            table = read_table(data / report.path)
            for number, cells in table.rows:
                if number in report.rejected_rows:
                    found.append({label: cell_text(cell) for label, cell in zip(table.header, cells)})
    return found


def gone_subjects(dataset: Dataset, data: Path) -> list[Subject]:
    """Subjects of withdrawn and expired entries and of rejected rows that no entry in force shares a code or a name with."""
    current = current_subjects(dataset)
    codes, names = {x.code for x in current if x.code}, {x.name for x in current}
    candidates = [_subject(WITHDRAWN, v) for v in _withdrawn_values(dataset)]
    candidates += [_subject(EXPIRED, e.version.values) for e in dataset.merged.expired]
    candidates += [_subject(REJECTED, v) for v in _rejected_values(dataset, data)]
    kept = {x for x in candidates if x.name and x.name not in names and (not x.code or x.code not in codes)}
    return sorted(kept, key=lambda x: (x.kind, x.code, x.name))


def unknown_subjects(count: int, rng: random.Random, taken: Iterable[Subject]) -> list[Subject]:
    """Made-up organisations with valid codes, and persons, that no data holds."""
    codes, names = {x.code for x in taken}, {x.name for x in taken}
    found: list[Subject] = []
    while len(found) < count:
        body = "91420106" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
        code, number = body + uscc_check_char(body), len(found)
        person = number % 5 == 4
        name = f"核查对照{'人' if person else '示例未列入有限公司'}{number}"
        if code not in codes and name not in names:
            found.append(Subject(UNKNOWN, "" if person else code, name, person))
    return found


def typed_code(code: str, style: int) -> str:
    """A code as officials type it: as is, lower case, full-width, or grouped with spaces."""
    if style == 1:
        return code.lower()
    if style == 2:
        return "".join(chr(ord(c) + 0xFEE0) for c in code)
    if style == 3:
        return " ".join(code[i:i + 6] for i in range(0, len(code), 6))
    return code


FORMS = ("code,name", "code", "name", "code<tab>name")


def line_of(subject: Subject, style: int) -> str:
    """One line of a pasted list, in the form ``FORMS[(style // 4) % 4]`` with the code typed in ``typed_code``'s
    style ``style % 4``; a person's line is the name alone."""
    if subject.person or not subject.code:
        return subject.name
    code = typed_code(subject.code, style % 4)
    return [f"{code},{subject.name}", code, subject.name, f"{code}\t{subject.name}"][(style // 4) % 4]


def looked_up_by_code(subject: Subject, style: int) -> bool:
    """Whether the line of ``line_of(subject, style)`` is checked by its code (else by its name)."""
    return bool(subject.code) and not subject.person and FORMS[(style // 4) % 4] != "name"
