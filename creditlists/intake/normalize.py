"""Turn what Excel and clerks type into one canonical form before checking it."""

from __future__ import annotations

import datetime as dt
import re

# Full-width digits and Latin letters (Ｕ+FF10–FF19, FF21–FF3A, FF41–FF5A) only:
# full-width Chinese punctuation such as （） and ， stays as the clerk wrote it.
HALF_WIDTH = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
    0x3000: 0x20,  # ideographic space
}
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def clean_text(value: str) -> str:
    """Half-width digits and letters, no zero-width characters, trimmed."""
    return _INVISIBLE.sub("", value.translate(HALF_WIDTH)).strip()


def clean_code(value: str) -> str:
    """A code: cleaned, upper-case, inner spaces removed (clerks group digits)."""
    return re.sub(r"\s+", "", clean_text(value)).upper()


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# Excel's CSV export of a date cell sometimes appends a midnight time.
_MIDNIGHT = re.compile(r"\s+0{1,2}:00(:00)?$")


# Separators typed in full-width mode: ／ － ． and the colon of a time.
_DATE_SEPARATORS = str.maketrans({"\uff0f": "/", "\uff0d": "-", "\uff0e": ".", "\uff1a": ":"})


def parse_date(value: str) -> dt.date | None:
    """A date written in one of the accepted forms, or None."""
    text = _MIDNIGHT.sub("", clean_text(value).translate(_DATE_SEPARATORS))
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


_NUMBER_LIKE = re.compile(r"^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?$")


def looks_like_number(value: str) -> bool:
    """True for what a spreadsheet makes of a long code: ``9.14201E+17``, ``…235.0``."""
    text = clean_text(value)
    return bool(_NUMBER_LIKE.match(text)) and ("." in text or "e" in text.lower())


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
