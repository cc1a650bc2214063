"""Check digits and masking for the two identifiers the lists carry.

Written by hand rather than with python-stdnum: its ``cn.uscc`` rejects codes
whose first character is a letter (A, N, Y …) and its ``cn.ric`` rejects valid
ID numbers whose region code was renamed after the holder's birth year (420106
武昌区 for anyone born before 1983). Both kinds are common in real submissions.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterable, Sequence, Set

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_PATTERN = re.compile(f"^[{USCC_ALPHABET}]{{18}}$")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")


def uscc_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_format_ok(code: str) -> bool:
    """True when ``code`` has 18 characters, all from the USCC alphabet."""
    return bool(USCC_PATTERN.match(code))


def uscc_checksum_ok(code: str) -> bool:
    """True when the check character of a well-formed code is right."""
    return uscc_format_ok(code) and uscc_check_char(code[:17]) == code[17]


def id_check_char(first17: str) -> str:
    """The 18th character of a resident ID number (ISO 7064 MOD 11-2)."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


def id_format_ok(number: str) -> bool:
    """True when ``number`` is 17 digits and a digit or X."""
    return bool(ID_PATTERN.match(number))


def id_birth_date(number: str) -> dt.date | None:
    """The birth date coded in characters 7–14, or None when it is no real date."""
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_checksum_ok(number: str) -> bool:
    """True when the check character of a well-formed number is right."""
    return id_format_ok(number) and id_check_char(number[:17]) == number[17]


def mask_id_number(number: str) -> str:
    """Keep the region code (6) and the check character (1); star the 11 between.

    The birth date sits in the starred part, so the masked form cannot be
    joined back to a person by region and birthday.
    """
    if len(number) != 18:
        return "*" * len(number)
    return number[:6] + "*" * 11 + number[17]


# Between the groups of an ID number written in text, a clerk (or someone hiding
# the number) may put any run of these: white space of every kind (no-break,
# full-width, thin …), hyphens and dashes, dots, slashes, and the invisible
# zero-width characters. Digits are any Unicode decimal digits (full-width ４,
# mathematical 𝟒 …), the check character X in either width and case.
_SEPARATOR = r"[\s\-\u2010-\u2015\u2212\uff0d.\uff0e\u00b7\u30fb\u3002/\uff0f\\\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]"
_CHECK_X = "XxＸｘ"
# A run of at least 14 digits (region code and birth date), separators allowed
# between any two, with an optional X at its end. Letters or digits glued to
# either side do not hide it: nothing is asked of the characters around a run.
_DIGIT_RUN = re.compile(rf"\d(?:{_SEPARATOR}*\d){{13,}}(?:{_SEPARATOR}*[{_CHECK_X}])?")
DIGIT_RUN = _DIGIT_RUN  # for the column checks of intake_fast, which look for runs before calling digit_runs
_SEPARATORS = re.compile(f"{_SEPARATOR}+")
_NOT_DIGIT_OR_X = re.compile(r"[^\dX]")
# The oldest and latest birth years an 18-digit resident ID number can carry.
ID_BIRTH_YEARS = (1900, 2099)


@functools.cache
def run_byte_tables() -> tuple[bytes, bytes]:
    """The translation table and deleted bytes of ``may_hold_digit_run``, derived from ``_DIGIT_RUN``'s own classes.

    A byte becomes b"0" when it is an ASCII digit or the first byte of the UTF-8
    form of any other character that is a digit or a separator of a run; ASCII
    separators and UTF-8 continuation bytes are deleted; every other byte stays
    as it is (and is never b"0"). A run of 14 digits, whatever its separators,
    so turns into 14 or more b"0" in a row. Made on first use (half a second
    over every code point), so that reading a file does not pay for it.
    """
    digit_or_separator = re.compile(rf"\d|{_SEPARATOR}")
    leads = {chr(c).encode("utf-8", "surrogatepass")[0] for c in range(0x80, 0x110000) if digit_or_separator.match(chr(c))}
    table = bytearray(range(256))
    for byte in leads | set(b"0123456789"):
        table[byte] = ord("0")
    deleted = bytes(b for b in range(0x80) if chr(b) not in "0123456789" and digit_or_separator.match(chr(b))) + bytes(range(0x80, 0xC0))
    return bytes(table), deleted


_FOURTEEN_ZEROS = b"0" * 14


def may_hold_digit_run(content: bytes) -> bool:
    """False only when the UTF-8 text of ``content`` certainly holds no run ``digit_runs`` would find.

    The leak check reads every byte of a site of a million pages; this test
    runs at C speed (``bytes.translate`` and ``find``) and leaves the regular
    expression only the few files it cannot clear. It never clears a file that
    holds a run: every digit and separator of a run maps to b"0" or to nothing
    (``run_byte_tables``), so the run leaves 14 b"0" in a row. Text only: JSON with
    ``\\u`` escapes and zip members must be decoded first.
    """
    return _FOURTEEN_ZEROS in content.translate(*run_byte_tables())


def digit_runs(text: str) -> list[str]:
    """Every run of 14 or more digits in ``text``, separators dropped, as ASCII digits (and a final X)."""
    runs = []
    for match in _DIGIT_RUN.finditer(text):
        run = "".join(str(int(c)) if c.isdecimal() else c for c in _NOT_DIGIT_OR_X.sub("", match.group().upper().replace("Ｘ", "X")))
        runs.append(run)
    return runs


# Joins texts for one search of them all: no digit run (``_DIGIT_RUN``) can include it
# (not a digit, not a separator of digits, not X), so none runs from one text into the next.
JOINER = "\uffff"


def texts_with_digit_runs(texts: Sequence[str]) -> list[int]:
    """The places in ``texts`` of those holding a run of 14 or more digits (``digit_runs``), in order.

    One search over the texts joined by JOINER rather than one a text: most
    texts hold no run, and each search has its cost however short the text.
    """
    ends = list(itertools.accumulate(len(text) + 1 for text in texts))
    found: list[int] = []
    for match in _DIGIT_RUN.finditer(JOINER.join(texts)):
        place = bisect.bisect_right(ends, match.start())
        if not found or found[-1] != place:
            found.append(place)
    return found


def is_resident_id(number: str) -> bool:
    """True for a number that could be a person's 18-digit ID: real birth date, right check character."""
    if not id_checksum_ok(number):
        return False
    born = id_birth_date(number)
    return born is not None and ID_BIRTH_YEARS[0] <= born.year <= ID_BIRTH_YEARS[1]


def ids_in_run(run: str) -> set[str]:
    """The resident ID numbers inside one digit run: every window of 18 characters."""
    return {run[i:i + 18] for i in range(len(run) - 17) if is_resident_id(run[i:i + 18])}


def id_numbers_in(texts: Iterable[str]) -> set[str]:
    """Resident ID numbers written anywhere inside ``texts``, however they are grouped or glued."""
    return {number for text in texts for run in digit_runs(text) for number in ids_in_run(run)}


def id_prefixes_in(texts: Iterable[str], prefixes: Set[str]) -> set[str]:
    """Which of ``prefixes`` (region code and birth date, 14 digits) stand inside ``texts``."""
    return {prefix for text in texts for run in digit_runs(text) for prefix in _prefixes_in_run(run, prefixes)}


def id_traces_in(text: str, prefixes: Set[str]) -> set[str]:
    """Both at once, in one pass over ``text``: ID numbers, and which of ``prefixes`` it holds."""
    found: set[str] = set()
    for run in digit_runs(text):
        found |= ids_in_run(run) | _prefixes_in_run(run, prefixes)
    return found


def _prefixes_in_run(run: str, prefixes: Set[str]) -> set[str]:
    return {run[i:i + 14] for i in range(len(run) - 13) if run[i:i + 14] in prefixes} if prefixes else set()


def strip_separators(text: str) -> str:
    """``text`` without the separators an ID number may be grouped with."""
    return _SEPARATORS.sub("", text)


def id_prefix(number: str) -> str | None:
    """The region code and birth date of a submitted number (valid or mistyped), or None."""
    runs = digit_runs(number)
    return runs[0][:14] if runs and len(runs[0]) >= 14 else None
