"""What a search hit is, and how text is cut into index tokens.

theme/static/js/segment.js implements the same rules in the browser; a parity
test runs it under Node on the same strings.

1. Normalise: full-width digits and Latin letters to half-width, A–Z to a–z.
2. Split into runs of Han characters and runs of [a-z0-9]; everything else
   (punctuation, spaces, other scripts) only separates runs.
3. A query is cut at white space into parts; every part must match.
4. A part matches a field under the field's rule (``index.FIELDS``: every searched
   field is ``fragment`` now; the other two rules are kept for their tests):
   - fragment (names, legal representatives): the part's runs, joined, occur
     in the field's runs, joined, so that each Han run of the part lies inside
     one Han run of the field and each [a-z0-9] run of the part is a whole run
     of the field. So 武昌 finds 武汉市武昌区…, 12号 finds 〔2024〕12号 but not
     112号, and punctuation does not matter: 〔2024〕 finds [2024].
   - numbered (decision numbers): the same, if the part has a [a-z0-9] run;
   - whole (codes, categories, departments): the part's runs equal the field's.
5. A part needs at least one token: a Han run of two or more characters, or
   a [a-z0-9] run. A part of one Han character alone is too short to search.

Tokens: a field gives the overlapping pairs of each Han run and each
[a-z0-9] run whole (with their offsets in the joined runs), and for a "whole"
field one token for its entire value. A part asks for the pairs of its Han
runs of two or more and its [a-z0-9] runs. Every token a part asks for is in
any field the part matches, so the index finds every hit; where tokens alone
cannot prove a hit, ``matches`` decides.
"""

from __future__ import annotations

import re

from creditlists.intake.normalize import HALF_WIDTH

# The intake's one table of full-width digits and letters, taken straight to lower
# case, plus ASCII capitals (the ideographic space is split on below).
_HALF_WIDTH = {
    **{code: ord(chr(target).lower()) for code, target in HALF_WIDTH.items() if code != 0x3000},
    **{0x41 + i: 0x61 + i for i in range(26)},
}
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_RUNS = re.compile(f"[{HAN}]+|[a-z0-9]+")
# A fragment field's tokens in one scan, in order: an [a-z0-9] run (group 1), or a Han
# character followed by another (group 2, the pair): adjacent Han characters are always
# in one run, so these are exactly the pairs of each Han run and each [a-z0-9] run.
_FRAGMENT_TOKENS = re.compile(f"([a-z0-9]+)|(?=([{HAN}]{{2}}))[{HAN}]")
# Any character ``normalise`` changes: most text has none, and str.translate through a
# dict costs several times a search (about 5 µs for a line of 45 characters).
_NORMALISED = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_HALF_WIDTH)) + "]")
_SPACES = re.compile("[ \t\n\r\f\v\u00a0\u3000]+")
WHOLE_MARK = "="  # never inside a token made of runs

FRAGMENT = "fragment"            # names, legal representatives
NUMBERED_FRAGMENT = "numbered"   # decision numbers: the part must have a digit or letter
WHOLE = "whole"                  # codes, categories, departments


def normalise(text: str) -> str:
    """Half-width, lower-case ASCII letters; nothing else changes."""
    return text.translate(_HALF_WIDTH) if _NORMALISED.search(text) else text


def runs(text: str) -> list[str]:
    return _RUNS.findall(normalise(text))


def is_han(run: str) -> bool:
    return not ("a" <= run[0] <= "z" or "0" <= run[0] <= "9")


def pairs(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)]


def run_tokens(run_list: list[str]) -> list[tuple[str, int]]:
    """(token, offset in the joined runs) for Han pairs and [a-z0-9] runs."""
    tokens: list[tuple[str, int]] = []
    offset = 0
    for run in run_list:
        if is_han(run):
            tokens.extend((pair, offset + i) for i, pair in enumerate(pairs(run)))
        else:
            tokens.append((run, offset))
        offset += len(run)
    return tokens


def whole_token(text: str) -> str:
    """The one token of a whole-value field: its runs, kept apart."""
    return WHOLE_MARK + "|".join(runs(text))


def index_tokens(text: str, rule: str = FRAGMENT) -> list[str]:
    """Tokens a field contributes to the index, in order, with repeats."""
    if rule == WHOLE:
        return [whole_token(text)] if runs(text) else []
    return [run or pair for run, pair in _FRAGMENT_TOKENS.findall(normalise(text))]


def query_tokens(part: str) -> list[str]:
    """Tokens one query part asks for, without repeats."""
    return list(dict.fromkeys(token for token, _ in run_tokens(runs(part))))


def query_parts(query: str) -> list[str]:
    """The space-separated parts of a query that have at least one token."""
    return [p for p in _SPACES.split(query) if p and query_tokens(p)]


def _fragment_at(part_runs: list[str], field_runs: list[str], owner: list[int], starts: list[int], at: int) -> bool:
    """Whether the part's runs, placed at ``at`` in the field's joined runs, respect run edges."""
    position = at
    for run in part_runs:
        index = owner[position]
        if is_han(run):
            if owner[position + len(run) - 1] != index:
                return False
        elif starts[index] != position or field_runs[index] != run:
            return False
        position += len(run)
    return True


def fragment_matches(part: str, text: str) -> bool:
    part_runs, field_runs = runs(part), runs(text)
    needle, joined = "".join(part_runs), "".join(field_runs)
    if not needle:
        return False
    owner = [i for i, run in enumerate(field_runs) for _ in run]
    starts, offset = [], 0
    for run in field_runs:
        starts.append(offset)
        offset += len(run)
    at = joined.find(needle)
    while at != -1:
        if _fragment_at(part_runs, field_runs, owner, starts, at):
            return True
        at = joined.find(needle, at + 1)
    return False


def part_matches(part: str, rule: str, text: str) -> bool:
    """Whether one query part matches one field under that field's rule."""
    if rule == WHOLE:
        return bool(runs(part)) and runs(part) == runs(text)
    if rule == NUMBERED_FRAGMENT and all(is_han(r) for r in runs(part)):
        return False
    return fragment_matches(part, text)


def matches(query: str, fields: list[tuple[str, str]]) -> bool:
    """The definition of a search hit: every part matches some field by that field's rule.

    Used as the exhaustive reference in tests and the benchmark; the browser
    applies the same test wherever the index alone cannot decide.
    """
    parts = query_parts(query)
    return bool(parts) and all(any(part_matches(p, rule, text) for rule, text in fields) for p in parts)
