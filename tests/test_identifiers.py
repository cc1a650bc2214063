"""Check characters and masking of the two identifiers (GB 32100-2015, GB 11643-1999)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from credit_rows import PERSON_ID
from creditlists.intake import identifiers as ids


def test_uscc_check_char_matches_a_published_code():
    assert ids.uscc_check_char("91350100M000100Y4") == "3"
    assert ids.uscc_checksum_ok("91350100M000100Y43")


def test_uscc_starting_with_a_registering_authority_letter_is_valid():
    # N (农业) and Y (其他): python-stdnum 2.2 rejects both.
    assert ids.uscc_checksum_ok("N2420106MJ1234560P")
    assert ids.uscc_checksum_ok("Y1420106MJ1234560J")


def test_uscc_format_rejects_letters_outside_the_alphabet_and_wrong_length():
    assert not ids.uscc_format_ok("91420106MA4K0000I" + "0")  # I is not used
    assert not ids.uscc_format_ok("91420106MA4K00001")  # 17 characters
    assert not ids.uscc_format_ok("91420106ma4k00001x")  # lower case is normalised before, not here


def test_id_number_of_wuchang_born_before_1983_is_valid():
    # 420106 was created in 1983 according to python-stdnum's table, which rejects this number.
    assert ids.id_check_char("42010619750315123") == "5"
    assert ids.id_checksum_ok(PERSON_ID)


def test_id_number_with_check_character_x():
    assert ids.id_checksum_ok("11010519491231002X")


def test_id_birth_date_is_none_for_an_impossible_day():
    assert ids.id_birth_date("420106197502301234") is None
    assert ids.id_birth_date(PERSON_ID).isoformat() == "1975-03-15"


def test_mask_id_number_keeps_region_and_check_character_only():
    assert ids.mask_id_number("420106197503151235") == "420106" + "*" * 11 + "5"
    assert ids.mask_id_number("11010519491231002X") == "110105***********X"


def test_mask_id_number_of_an_unexpected_length_shows_nothing():
    assert ids.mask_id_number("4201061975") == "**********"


uscc_bodies = st.text(alphabet=ids.USCC_ALPHABET, min_size=17, max_size=17)
id_bodies = st.text(alphabet="0123456789", min_size=17, max_size=17)


@settings(max_examples=200, deadline=None)
@given(uscc_bodies, st.integers(0, 16), st.integers(1, 30))
def test_changing_any_one_uscc_character_breaks_the_checksum(body, position, shift):
    code = body + ids.uscc_check_char(body)
    assert ids.uscc_checksum_ok(code)
    changed_char = ids.USCC_ALPHABET[(ids.USCC_ALPHABET.index(body[position]) + shift) % 31]
    changed = code[:position] + changed_char + code[position + 1:]
    assert not ids.uscc_checksum_ok(changed)


@settings(max_examples=200, deadline=None)
@given(id_bodies, st.integers(0, 16), st.integers(1, 9))
def test_changing_any_one_id_digit_breaks_the_checksum(body, position, shift):
    number = body + ids.id_check_char(body)
    assert ids.id_checksum_ok(number)
    changed = number[:position] + str((int(body[position]) + shift) % 10) + number[position + 1:]
    assert not ids.id_checksum_ok(changed)


def test_texts_with_digit_runs_finds_each_text_as_digit_runs_does() -> None:
    """One search of the joined texts gives the texts that digit_runs finds a run in, none across two texts."""
    from creditlists.intake.identifiers import JOINER, digit_runs, texts_with_digit_runs

    texts = ["", "4201061980", "0101123X", "号码 4201 0619 8001 0112 3X 见", JOINER, "甲" * 50, "12345678901234", "１２３４５６７８９０１２３４",
             "1234567890123", "x" + "9" * 30, "4201061980" + JOINER + "0101123X"]
    assert texts_with_digit_runs(texts) == [i for i, text in enumerate(texts) if digit_runs(text)] == [3, 6, 7, 9]


@given(st.lists(st.text(alphabet="0123456789１٣ -.／Xx\u200b\uffff甲a", max_size=40), max_size=12))
@settings(max_examples=300, deadline=None)
def test_texts_with_digit_runs_agrees_with_digit_runs_on_any_texts(texts: list[str]) -> None:
    """reject_id_parts looks closely only at these texts: a text with a run must never be missed."""
    assert ids.texts_with_digit_runs(texts) == [i for i, text in enumerate(texts) if ids.digit_runs(text)]
