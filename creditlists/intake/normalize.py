"""Turn what Excel and clerks type into one canonical form before checking it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Full-width digits and Latin letters (Ｕ+FF10–FF19, FF21–FF3A, FF41–FF5A) only:
# full-width Chinese punctuation such as （） and ， stays as the clerk wrote it.
# (clean_text gets the same from NFKC; the search's folding, mirrored in JS, uses this table.)
HALF_WIDTH = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
    0x3000: 0x20,  # ideographic space
}
# Full-width punctuation NFKC would make half-width, kept as typed: company names are
# registered with （）, and Chinese text is written with ，；：！？ and the ellipsis ……
KEPT_PUNCTUATION = re.compile("([\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2026])")

# Characters nobody sees (creditlists/intake/text.py says which is which and names them):
# C0 and C1 controls and DEL (category Cc), every format character (Cf: zero-width
# space and joiners, the bidirectional controls U+202A–202E and U+2066–2069, U+200E/F,
# U+061C, BOM, soft hyphen, tag characters …), the line and paragraph separators,
# the combining grapheme joiner and the Hangul fillers, which show as nothing.
HIDDEN = re.compile(
    "\r\n|[\x00-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb\uffa0"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# Line breaks (Excel's Alt+Enter is LF; CR LF counts as one): each becomes one space.
LINE_BREAKS = ("\r\n", "\n", "\r", "\x85", "\u2028", "\u2029")
TAB = "\t"


def nfkc(value: str) -> str:
    """NFKC, except for the full-width punctuation of KEPT_PUNCTUATION.

    Split on the kept characters, normalise each piece, join: the kept characters
    are starters that compose with nothing, so this is NFKC everywhere else.
    """
    if value.isascii() or unicodedata.is_normalized("NFKC", value):
        return value
    pieces = KEPT_PUNCTUATION.split(value)
    return "".join(piece if index % 2 else unicodedata.normalize("NFKC", piece) for index, piece in enumerate(pieces))


def remove_hidden(value: str) -> str:
    """``value`` without HIDDEN characters; a line break becomes one space, a tab stays."""
    if not HIDDEN.search(value):
        return value
    return HIDDEN.sub(lambda match: " " if match.group() in LINE_BREAKS else match.group() if match.group() == TAB else "", value)


def clean_text(value: str) -> str:
    """Hidden characters removed (line breaks as spaces), NFKC but for full-width punctuation, trimmed.

    Removing a character here is silent: ``text.cell_problems`` has already
    reported it (an error in names and codes, a warning in free text) from the
    cell as typed.
    """
    return nfkc(remove_hidden(value)).strip()


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
