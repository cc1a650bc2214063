"""The hand-in date at the front of a submission's file name: it decides the replay order.

Departments name files ``2024-03-31-黑名单.csv``, but clerks also write
``2024-3-31-…``, ``2024.3.31-…``, ``2024_03_31…``, ``20240331…`` or
``2024年3月31日…``. Comparing names as text would replay ``2024-9-1-…`` after
``2024-10-01-…``, so files are replayed by the parsed date, then by name. A name
without a date that can be parsed, or dated after the build, cannot be placed:
the build refuses the file (``file-name-without-date``, ``file-date-in-future``).
A clerk checking a file before handing it in (``validate``, the browser checker)
often has it on the desktop as ``黑名单.xlsx``: there a missing date is a warning
that says why the date matters (``file-name-needs-date``), and the file is
checked as if handed in that day.
"""

from __future__ import annotations

import datetime as dt
import re

from creditlists import settings
from creditlists.intake.problems import Problem, problem

# Year, then month and day with the same separator twice, or 年月日, or eight digits;
# not followed by another digit (20240331123 is no date).
_NAME_DATE = re.compile(r"^(\d{4})(?:([-._])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日|(\d{2})(\d{2}))(?!\d)")
UNDATED = dt.date.max  # where a name without a date sorts: after every dated one


def valid_year(day: dt.date) -> bool:
    """True for a year that can be meant (settings.DATE_YEARS): 1900 or 2200 is a typo."""
    first, last = settings.DATE_YEARS
    return first <= day.year <= last


def name_date(name: str) -> dt.date | None:
    """The date a file name starts with, or None when it has none that is a real day in DATE_YEARS."""
    match = _NAME_DATE.match(name)
    if not match:
        return None
    year, _, *parts = match.groups()
    month, day = next((m, d) for m, d in zip(parts[::2], parts[1::2]) if m is not None)
    try:
        found = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return found if valid_year(found) else None


def replay_key(name: str) -> tuple[dt.date, str]:
    """The replay order: by the date in the name, then by the name; undated names last."""
    return (name_date(name) or UNDATED, name)


def name_problem(name: str, as_of: dt.date, checking: bool = False) -> Problem | None:
    """Why a submission cannot be placed in the replay order, or None.

    ``checking``: a file a clerk checks before handing it in, for which a
    missing date is a warning that proposes the name it should have.
    """
    day = name_date(name)
    if day is None and checking:
        return problem("file-name-needs-date", name=name, suggested=f"{as_of.isoformat()}-{name}")
    if day is None:
        return problem("file-name-without-date", name=name)
    if day > as_of:
        return problem("file-date-in-future", name=name, date=day.isoformat(), as_of=as_of.isoformat())
    return None
