"""Checks a finished build must pass before it replaces the published site.

A site that leaks one ID number is worse than no new site: the check reads
every file the build wrote, not only the ones expected to hold data.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import schema as s
from .identifiers import id_numbers_in
from .pipeline import Dataset

# Every run of 14 digits, overlapping: a region code and a birth date side by side.
_FOURTEEN_DIGITS = re.compile(rb"(?=(\d{14}))")


class LeakError(Exception):
    """The built site contains a full ID number, or a region code with a birth date."""


def submitted_id_numbers(dataset: Dataset) -> set[str]:
    """Every ID number any row carried, the rejected rows' cells included."""
    return set().union(*(report.seen_id_numbers for report in dataset.reports))


def find_leaks(folder: Path, id_numbers: set[str], published_codes: set[str]) -> list[str]:
    """Files under ``folder`` holding what looks like a person's ID number.

    Two tests: the first 14 characters (region and birth date) of any submitted
    number; and any valid ID number at all, unless it is a published USCC that
    happens to have the same form.
    """
    prefixes = {number[:14].encode("ascii") for number in id_numbers if number[:14].isdigit()}
    leaks = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        content = path.read_bytes()
        if any(match in prefixes for match in _FOURTEEN_DIGITS.findall(content)) or (
            id_numbers_in([content.decode("utf-8", "replace")]) - published_codes
        ):
            leaks.append(path.relative_to(folder).as_posix())
    return leaks


def check_no_leak(folder: Path, dataset: Dataset) -> None:
    codes = {e.values[s.USCC] for e in dataset.merged.entries}
    leaks = find_leaks(folder, submitted_id_numbers(dataset), codes)
    if leaks:
        raise LeakError(f"构建结果中出现了身份证件号码（或地区码加出生日期），未发布：{'、'.join(leaks[:10])}")
