"""The check characters of many codes at once, with numpy: the rules of ``intake.identifiers`` on arrays.

Each function takes codes as text (one per distinct value of a column) and
returns one verdict per code. Only codes of 18 ASCII characters can pass; any
other is answered False here and left to the row checks, which name what is
wrong (a Unicode digit that ``\\d`` accepts, a code of the wrong length …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from creditlists.intake import identifiers as ids

Verdicts = npt.NDArray[np.bool_]
LENGTH = 18
NOT_IN = 255  # a byte outside an alphabet


def _lookup(alphabet: str) -> npt.NDArray[np.uint8]:
    """Byte -> position in ``alphabet``, NOT_IN for every other byte."""
    table = np.full(256, NOT_IN, dtype=np.uint8)
    for position, character in enumerate(alphabet):
        table[ord(character)] = position
    return table


USCC_VALUES = _lookup(ids.USCC_ALPHABET)
DIGIT_VALUES = _lookup("0123456789")
USCC_WEIGHTS = np.array(ids.USCC_WEIGHTS, dtype=np.int64)
ID_WEIGHTS = np.array(ids.ID_WEIGHTS, dtype=np.int64)
ID_CHECK_BYTES = np.frombuffer(ids.ID_CHECK_CHARS.encode("ascii"), dtype=np.uint8)
USCC_BYTES = np.frombuffer(ids.USCC_ALPHABET.encode("ascii"), dtype=np.uint8)


def ascii_codes(codes: Sequence[str]) -> tuple[Verdicts, npt.NDArray[np.uint8]]:
    """Which codes are 18 ASCII characters, and their bytes as one row each."""
    fits = np.fromiter((len(code) == LENGTH and code.isascii() for code in codes), dtype=np.bool_, count=len(codes))
    chosen = "".join(code for code, fit in zip(codes, fits, strict=True) if fit)
    return fits, np.frombuffer(chosen.encode("ascii"), dtype=np.uint8).reshape(-1, LENGTH)


def _spread(fits: Verdicts, verdicts: Verdicts) -> Verdicts:
    """Verdicts of the fitting codes, placed back among all codes (False for the others)."""
    found = np.zeros(len(fits), dtype=np.bool_)
    found[fits] = verdicts
    return found


def uscc_valid(codes: Sequence[str]) -> Verdicts:
    """``identifiers.uscc_checksum_ok``: 18 characters of the alphabet and the right check character."""
    fits, block = ascii_codes(codes)
    values = USCC_VALUES[block]
    well_formed = (values != NOT_IN).all(axis=1)
    total = (values[:, :17].astype(np.int64) * USCC_WEIGHTS).sum(axis=1)
    check = USCC_BYTES[(31 - total % 31) % 31]
    return _spread(fits, well_formed & (block[:, 17] == check))


def _id_parts(block: npt.NDArray[np.uint8]) -> tuple[Verdicts, npt.NDArray[np.int64]]:
    """Of each row: ``identifiers.id_checksum_ok`` (17 ASCII digits, a digit or X, the right check character), and the birth date as YYYYMMDD."""
    digits = DIGIT_VALUES[block[:, :17]]
    last = block[:, 17]
    well_formed = (digits != NOT_IN).all(axis=1) & ((DIGIT_VALUES[last] != NOT_IN) | (last == ord("X")))
    numbers = np.where(digits == NOT_IN, 0, digits).astype(np.int64)
    check = ID_CHECK_BYTES[(numbers * ID_WEIGHTS).sum(axis=1) % 11]
    born = numbers[:, 6:14] @ (10 ** np.arange(7, -1, -1, dtype=np.int64))
    return well_formed & (last == check), born


def real_dates(yyyymmdd: npt.NDArray[np.int64]) -> Verdicts:
    """Which YYYYMMDD numbers are dates of the Gregorian calendar (year 1 to 9999, as ``datetime.date`` takes them)."""
    year, month, day = yyyymmdd // 10000, yyyymmdd // 100 % 100, yyyymmdd % 100
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
    last = month_days[np.clip(month, 0, 12)] + (leap & (month == 2))
    found: Verdicts = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= last)
    return found


def resident_ids(codes: Sequence[str]) -> Verdicts:
    """``identifiers.is_resident_id``: a right check character and a real birth date in ``ID_BIRTH_YEARS``."""
    fits, block = ascii_codes(codes)
    checksum, born = _id_parts(block)
    first, last = ids.ID_BIRTH_YEARS
    year = born // 10000
    return _spread(fits, checksum & real_dates(born) & (year >= first) & (year <= last))


def id_numbers_valid(codes: Sequence[str], as_of: dt.date) -> Verdicts:
    """A person's ID number as the row checks accept it: format, a birth date from 1900 to ``as_of``, check character."""
    fits, block = ascii_codes(codes)
    checksum, born = _id_parts(block)
    latest = as_of.year * 10000 + as_of.month * 100 + as_of.day
    return _spread(fits, checksum & real_dates(born) & (born // 10000 >= ids.ID_BIRTH_YEARS[0]) & (born <= latest))
