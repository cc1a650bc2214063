"""The leak check's byte prefilter (``identifiers.may_hold_digit_run``) never clears a file that holds a digit run.

The prefilter lets the leak check skip the regular expression on most pages of
a large site; a prefilter that cleared one page with an ID number would let the
number be published. The hazard first: the obvious prefilter (ASCII digits in
a row) misses numbers grouped with spaces or written in full-width digits,
which the detector finds. Then the real one, on random texts made of digits
and separators of every kind the detector knows, and on every file of the
golden sample site, where it must also clear most files.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from creditlists.intake.identifiers import _SEPARATOR, digit_runs, may_hold_digit_run
from creditlists.publish import leaks

GOLDEN = Path(__file__).parent / "fixtures" / "golden" / "expected" / "output"
SEPARATORS = [chr(c) for c in range(0x110000) if re.fullmatch(_SEPARATOR, chr(c))]
OTHER_DIGITS = [chr(c) for c in range(0x80, 0x110000) if unicodedata.category(chr(c)) == "Nd"]
WRITTEN = ["42010619750315123X", "4201 0619 7503 1512 3X", "４２０１０６１９７５０３１５１２３Ｘ", "420106-19750315-123x",
           "٤٢٠١٠٦١٩٧٥٠٣١٥١٢٣", "4\u200b2\u200b0\u200b1\u200b0\u200b6\u200b1\u200b9\u200b7\u200b5\u200b0\u200b3\u200b1\u200b5"]


def naive_prefilter(content: bytes) -> bool:
    return re.search(rb"[0-9]{14}", content) is not None


def cleared_with_a_run(prefilter, texts: list[str]) -> list[str]:
    return [t for t in texts if digit_runs(t) and not prefilter(t.encode("utf-8"))]


def test_the_obvious_prefilter_would_clear_numbers_the_detector_finds():
    assert cleared_with_a_run(naive_prefilter, WRITTEN) == WRITTEN[1:]


def test_no_written_number_is_cleared():
    assert cleared_with_a_run(may_hold_digit_run, WRITTEN) == []


PIECES = st.one_of(
    st.sampled_from("0123456789"), st.sampled_from(OTHER_DIGITS), st.sampled_from(SEPARATORS),
    st.sampled_from("XxＸｘ甲示例（）：，。<>/a 年\n"), st.characters(codec="utf-8"),
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, min_size=0, max_size=60).map("".join))
def test_no_random_text_with_a_run_is_cleared(text):
    assert not digit_runs(text) or may_hold_digit_run(text.encode("utf-8"))


def test_every_file_of_the_sample_site_is_checked_alike_and_most_are_cleared():
    files = sorted(p for p in GOLDEN.rglob("*") if p.is_file())
    full = {p: [t for t in leaks.readable_texts(p) if digit_runs(t)] for p in files}
    scanned = {p: [t for t in leaks.readable_texts(p, runs_only=True) if digit_runs(t)] for p in files}
    assert scanned == full
    cleared = sum(1 for p in files if not leaks.readable_texts(p, runs_only=True))
    assert cleared > 0.8 * len(files), (cleared, len(files))
