"""Check digits and masking for the two identifiers the lists carry.

Written by hand rather than with python-stdnum: its ``cn.uscc`` rejects codes
whose first character is a letter (A, N, Y …) and its ``cn.ric`` rejects valid
ID numbers whose region code was renamed after the holder's birth year (420106
武昌区 for anyone born before 1983). Both kinds are common in real submissions.
"""

from __future__ import annotations

import datetime as dt
import re

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


_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")


def id_numbers_in(texts) -> set[str]:
    """Valid resident ID numbers (birth date and check character right) written inside texts."""
    found = set()
    for text in texts:
        for match in _ID_IN_TEXT.findall(text.translate(_FULL_WIDTH_DIGITS)):
            number = match.upper()
            if id_birth_date(number) and id_checksum_ok(number):
                found.add(number)
    return found


_FULL_WIDTH_DIGITS = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF38: 0x58, 0xFF58: 0x78}
