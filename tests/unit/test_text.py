"""One accent fold (core/text.py) and the places that compare or sort names with it."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secondchance.core import text as text_module
from secondchance.core.collation import text_sort_key
from secondchance.core.services.feedback_request import split_names
from secondchance.core.services.jd_scanner import (
    Vocabulary,
    VocabularySkill,
    scan_job_description,
)
from secondchance.core.services.jd_scanner import fold as jd_fold
from secondchance.core.text import fold


@pytest.mark.parametrize(
    ("given", "folded"),
    [
        ("Łukasz", "lukasz"),
        ("łódź", "lodz"),
        ("Ørsted", "orsted"),
        ("søren", "soren"),
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("Æsop", "aesop"),
        ("Cœur", "coeur"),
        ("Þór Guðmundsson", "thor gudmundsson"),
        ("Đorđe", "dorde"),
        ("Ħamrun", "hamrun"),
        ("İstanbul", "istanbul"),  # Turkish capital dotted İ
        ("ıspanak", "ispanak"),  # Turkish dotless ı
        ("Zoë Ahmed", "zoe ahmed"),
        ("Crème Brûlée", "creme brulee"),
        ("ǿ", "o"),  # an accent on a letter the map knows
        ("™", "tm"),  # NFKD brings out capitals; they are folded too
        ("ﬁle", "file"),
    ],
)
def test_fold_drops_case_accents_and_letters_nfkd_keeps_whole(given: str, folded: str) -> None:
    assert fold(given) == folded


@pytest.mark.parametrize(
    "text",
    [
        *("東京都", "北京", "한국어", "がっこう", "ダイスキ"),
        *("👍🏽", "❤️", "👨\u200d👩\u200d👧", "1️⃣", "🇵🇱"),
    ],
)
def test_cjk_and_emoji_come_back_unchanged(text: str) -> None:
    assert fold(text) == text


def _fold_by_character(text: str) -> str:
    """fold as first written: a Python test of each character of the decomposed text."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    decomposed = unicodedata.normalize("NFKD", decomposed.casefold())
    kept = "\u3099\u309a"
    bare = "".join(c for c in decomposed if c in kept or not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).translate(text_module._LETTERS)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=30))
def test_fold_by_table_equals_fold_by_character(text: str) -> None:
    """The translation table (filled as characters are met) drops what the per-character
    test dropped, for any text: combining marks of every script, kana marks kept."""
    assert fold(text) == _fold_by_character(text)


@pytest.mark.parametrize(
    "text", ["e\u0301\u0302", "\u0915\u094d\u0937", "\u05e9\u05c1\u05b8", "か\u3099", "\u0301"]
)
def test_fold_drops_stacked_marks_and_keeps_kana_marks(text: str) -> None:
    assert fold(text) == _fold_by_character(text)


def test_kana_voicing_marks_are_not_accents() -> None:
    assert fold("がっこう") != fold("かっこう")
    # Half-width katakana is the same word as full-width.
    assert fold("ﾀﾞｲｽｷ") == "ダイスキ"


def test_spaces_are_left_to_the_caller() -> None:
    assert fold("  Anna  Nowak ") == "  anna  nowak "


def test_names_with_letters_nfkd_keeps_whole_sort_beside_their_plain_letters() -> None:
    names = ["Otto", "Lars", "Ørsted", "Lena", "Oskar", "Łukasz", "Ola", "Mia"]
    assert sorted(names, key=text_sort_key) == [
        "Lars",
        "Lena",
        "Łukasz",
        "Mia",
        "Ola",
        "Ørsted",
        "Oskar",
        "Otto",
    ]


def test_names_equal_but_for_accents_sort_the_same_whatever_the_input_order() -> None:
    names = ["Łukasz", "Lukasz", "Zoë", "Zoe", "Søren", "Soren"]
    expected = sorted(names, key=text_sort_key)
    for seed in range(5):
        shuffled = names[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=text_sort_key) == expected


def test_japanese_sorts_voiced_kana_beside_unvoiced_as_a_dictionary_does() -> None:
    assert sorted(["かく", "がき", "かき"], key=text_sort_key) == ["かき", "がき", "かく"]


def test_hangul_keeps_its_order() -> None:
    words = ["나무", "가방", "하늘", "다리"]
    assert sorted(words, key=text_sort_key) == sorted(words)


def test_jd_fold_also_ignores_separators() -> None:
    assert jd_fold("  Łódź-Ørsted ") == jd_fold("lodz orsted") == "lodz orsted"
    assert jd_fold("Stakeholder-Management") == "stakeholder management"


def test_jd_scanner_finds_a_name_with_a_letter_nfkd_keeps_whole() -> None:
    vocab = Vocabulary((VocabularySkill("Søren method", "technical", ()),))
    found = vocab.find("Soren-Method")
    assert found is not None and found.name == "Søren method"


def test_a_tracked_skill_spelled_without_its_special_letter_counts_as_tracked() -> None:
    vocab = Vocabulary((VocabularySkill("Søren method", "technical", ()),))
    (finding,) = scan_job_description(
        "You know the Søren method well.", existing=["Soren Method"], vocabulary=vocab
    )
    assert finding.already_tracked


def test_feedback_request_counts_an_interviewer_once_however_the_name_is_spelled() -> None:
    assert split_names("Łukasz Nowak, Lukasz Nowak and ŁUKASZ NOWAK") == ("Łukasz Nowak",)
