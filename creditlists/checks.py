"""Checks a finished build must pass before it replaces the published site.

A site that leaks one ID number is worse than no new site: the check reads
every file the build wrote, not only the ones expected to hold data.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import schema as s
from .identifiers import id_numbers_in
from .parallel import parallel_map
from .pipeline import Dataset

# Runs of 14 or more digits, with an optional X: where an ID number or a region
# code with a birth date could stand. Output is UTF-8, so a bytes search suffices
# (the validator turns full-width digits into ASCII before anything is published).
_DIGIT_RUN = re.compile(rb"\d{14,}[Xx]?")


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
    prefixes = {number[:14] for number in id_numbers if number[:14].isdigit() and number not in published_codes}
    paths = sorted(p for p in folder.rglob("*") if p.is_file())
    groups = [paths[i::PARTS] for i in range(PARTS)]
    global _SCAN
    _SCAN = (prefixes, published_codes)
    try:
        found = parallel_map(_leaking, groups, len(paths) >= LARGE_OUTPUT_FILES)
    finally:
        _SCAN = None
    return sorted(p.relative_to(folder).as_posix() for group in found for p in group)


PARTS = 16  # groups of files scanned by the workers of a large build
LARGE_OUTPUT_FILES = 20_000
_SCAN: tuple[set[str], set[str]] | None = None  # what forked workers look for


def _leaking(paths: list[Path]) -> list[Path]:
    prefixes, published_codes = _SCAN
    return [path for path in paths if _holds_id_number(path.read_bytes(), prefixes, published_codes)]


def _holds_id_number(content: bytes, prefixes: set[str], published_codes: set[str]) -> bool:
    for match in _DIGIT_RUN.finditer(content):
        run = match.group().decode("ascii").upper()
        if any(run[i:i + 14] in prefixes for i in range(len(run) - 13)):
            return True
        if id_numbers_in([run]) - published_codes:
            return True
    return False


def check_no_leak(folder: Path, dataset: Dataset) -> None:
    codes = {e.values[s.USCC] for e in dataset.merged.entries}
    leaks = find_leaks(folder, submitted_id_numbers(dataset), codes)
    if leaks:
        raise LeakError(f"构建结果中出现了身份证件号码（或地区码加出生日期），未发布：{'、'.join(leaks[:10])}")
