"""How search text is cut into tokens; theme/static/js/segment.js does the same in the browser.

The rule, identical on both sides (a parity test runs the JS under Node):

1. Normalise: full-width digits and Latin letters to half-width, A–Z to a–z.
2. Split into runs of Han characters and runs of [a-z0-9]; everything else
   (punctuation, spaces, other scripts) separates runs.
3. Index tokens: every Han character alone, and every overlapping pair of
   Han characters; every [a-z0-9] run whole.
4. Query tokens of one query part: the overlapping pairs of each Han run (the
   single character for a run of one); every [a-z0-9] run whole.

A part's tokens are always among the index tokens of any field that contains
the part (with [a-z0-9] runs not cut at the part's edges), so the index finds
every true match; the browser then keeps only those results that really
contain the part (``matches``), so it finds nothing else.
"""

from __future__ import annotations

import re

_HALF_WIDTH = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x61 + i for i in range(26)},  # straight to lower case
    **{0xFF41 + i: 0x61 + i for i in range(26)},
    **{0x41 + i: 0x61 + i for i in range(26)},
}
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_RUNS = re.compile(f"[{HAN}]+|[a-z0-9]+")
_HAN_RUN = re.compile(f"^[{HAN}]")


def normalise(text: str) -> str:
    """Half-width, lower-case ASCII letters; nothing else changes."""
    return text.translate(_HALF_WIDTH)


def runs(text: str) -> list[str]:
    return _RUNS.findall(normalise(text))


def index_tokens(text: str) -> list[str]:
    """Tokens a field contributes to the index, in order, with repeats."""
    tokens: list[str] = []
    for run in runs(text):
        if _HAN_RUN.match(run):
            tokens.extend(run)
            tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            tokens.append(run)
    return tokens


def query_tokens(part: str) -> list[str]:
    """Tokens one whitespace-separated query part requires, without repeats."""
    tokens: list[str] = []
    for run in runs(part):
        if _HAN_RUN.match(run) and len(run) > 1:
            candidates = [run[i:i + 2] for i in range(len(run) - 1)]
        else:
            candidates = [run]
        tokens.extend(t for t in candidates if t not in tokens)
    return tokens


_SPACES = re.compile("[ \t\n\r\f\v\u00a0\u3000]+")


def query_parts(query: str) -> list[str]:
    """The space-separated parts of a query that have at least one token."""
    return [p for p in _SPACES.split(query) if p and query_tokens(p)]


def _part_pattern(part: str) -> re.Pattern:
    """The part as a substring that does not cut an [a-z0-9] run of the text."""
    norm = normalise(part)
    before = r"(?<![a-z0-9])" if re.match(r"[a-z0-9]", norm) else ""
    after = r"(?![a-z0-9])" if re.search(r"[a-z0-9]$", norm) else ""
    return re.compile(before + re.escape(norm) + after)


# How a query part may match a field (search_index.FIELDS gives each field its rule).
FRAGMENT = "fragment"            # anywhere in the text: names, legal representatives
NUMBERED_FRAGMENT = "numbered"   # anywhere, if the part has a digit or letter: decision numbers
WHOLE = "whole"                  # the whole value: codes, categories, departments


def part_matches(part: str, rule: str, text: str) -> bool:
    """Whether one query part matches one field under that field's rule."""
    if rule == WHOLE:
        return normalise(part) == normalise(text)
    if rule == NUMBERED_FRAGMENT and not re.search(r"[a-z0-9]", normalise(part)):
        return False
    return bool(_part_pattern(part).search(normalise(text)))


def matches(query: str, fields: list[tuple[str, str]]) -> bool:
    """The definition of a search hit: every part matches some field by that field's rule.

    A name fragment such as 武昌 finds names, not every decision number or
    department that happens to contain it. Used as the exhaustive reference
    in tests; search.js applies the same test to the index's candidates.
    """
    parts = query_parts(query)
    return bool(parts) and all(any(part_matches(p, rule, text) for rule, text in fields) for p in parts)
