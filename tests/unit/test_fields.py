"""Field descriptions: every field type is cleaned, checked and displayed as a person expects."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import pytest

from secondchance.core import models as m
from secondchance.core.services.fields import (
    Checks,
    FieldSpec,
    FieldType,
    ValidationError,
    clean_value,
    display_value,
    is_valid_url,
    parse_iso_date,
)

T = FieldType

TEXT = FieldSpec("company", "Company", T.TEXT, max_length=10)
REQUIRED_TEXT = FieldSpec("company", "Company", T.TEXT, required=True, max_length=10)
MULTILINE = FieldSpec("notes", "Notes", T.MULTILINE)
REQUIRED_MULTILINE = FieldSpec("text", "What they said", T.MULTILINE, required=True)
URL = FieldSpec("url", "Link", T.URL, max_length=2000)
EMAIL = FieldSpec("email", "E-mail", T.EMAIL, max_length=320)
DATE = FieldSpec("date", "Date", T.DATE)
REQUIRED_DATE = FieldSpec("date", "Date", T.DATE, required=True)
STATUS = FieldSpec("status", "Status", T.ENUM, required=True, enum=m.FeedbackStatus)
LEVEL = FieldSpec("current_level", "Current level", T.RATING, required=True, minimum=0, maximum=5)
DAYS = FieldSpec("keep_in_touch_days", "Keep in touch", T.INTEGER, minimum=1, maximum=3650)
HOURS = FieldSpec("hours_spent", "Hours spent", T.NUMBER, minimum=0, maximum=10000)
COST = FieldSpec("cost", "Cost", T.NUMBER, minimum=0, maximum=1_000_000)
FLAG = FieldSpec("follow_up_done", "Follow-up done", T.BOOL)
REF = FieldSpec("round_id", "Round", T.REFERENCE, ref_kind="round")
LINKS = FieldSpec("skills", "Skills", T.LINKS, ref_kind="skill")
FILE = FieldSpec("file", "Attached file", T.FILE)
COMPUTED = FieldSpec("level_history", "Level history", T.COMPUTED)


def _message(spec: FieldSpec, value: Any) -> str:
    with pytest.raises(ValueError) as info:
        clean_value(spec, value)
    return str(info.value)


# --- required and empty -------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [REQUIRED_TEXT, REQUIRED_MULTILINE, REQUIRED_DATE, STATUS, LEVEL],
    ids=lambda s: s.type.value,
)
@pytest.mark.parametrize("empty", [None, "", "   ", "\n\t "])
def test_required_field_left_empty_names_the_field(spec: FieldSpec, empty: Any) -> None:
    assert _message(spec, empty) == f"{spec.label} is needed"


@pytest.mark.parametrize(
    "spec", [TEXT, MULTILINE, URL, EMAIL, DATE, DAYS, HOURS, REF, FILE], ids=lambda s: s.type.value
)
@pytest.mark.parametrize("empty", [None, "", "  "])
def test_optional_field_left_empty_is_none(spec: FieldSpec, empty: Any) -> None:
    assert clean_value(spec, empty) is None


# --- text ---------------------------------------------------------------------------------


def test_one_line_text_is_trimmed() -> None:
    assert clean_value(TEXT, "  Northwind \t") == "Northwind"


def test_multiline_text_is_kept_exactly_including_surrounding_space() -> None:
    text = "  first line\n\n  second line  \n"
    assert clean_value(MULTILINE, text) == text


def test_max_length_counts_characters_and_the_limit_itself_is_allowed() -> None:
    assert clean_value(TEXT, "é" * 10) == "é" * 10
    assert _message(TEXT, "x" * 11) == "Keep company under 10 characters"


def test_max_length_is_checked_after_trimming() -> None:
    assert clean_value(TEXT, "  " + "x" * 10 + "  ") == "x" * 10


@pytest.mark.parametrize("spec", [TEXT, MULTILINE, URL, EMAIL], ids=lambda s: s.type.value)
def test_nul_character_is_refused(spec: FieldSpec) -> None:
    value = "https://a.example/\x00" if spec is URL else "a\x00b@example.com"
    message = _message(spec, value)
    assert message == f"{spec.label} contains a null character that can't be stored"


@pytest.mark.parametrize("value", [12, 3.5, ["a"], {"a": 1}])
def test_text_must_be_text(value: Any) -> None:
    assert _message(TEXT, value) == "Company should be text"


# --- web addresses and e-mail -------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "https://example.com",
        "http://example.com/path?q=1#frag",
        "https://sub.example.co.uk:8443/x",
        "HTTPS://EXAMPLE.COM",
        "mailto:recruiter@example.com",
        "https://例え.jp/パス",
    ],
)
def test_full_web_addresses_are_accepted_unchanged(value: str) -> None:
    assert clean_value(URL, value) == value
    assert clean_value(URL, f"  {value} ") == value


@pytest.mark.parametrize(
    "value",
    [
        "example.com",
        "www.example.com",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "ftp://example.com/file",
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
        "http://",
        "https:///path-only",
        "https://exa mple.com",
        "mailto:",
        "//example.com",
    ],
)
def test_other_addresses_are_refused_with_a_hint(value: str) -> None:
    assert not is_valid_url(value)
    assert _message(URL, value) == "Enter a full web address starting with https:// or http://"


@pytest.mark.parametrize("value", ["name@example.com", "first.last+tag@sub.example.org", "ü@ü.de"])
def test_email_addresses_are_accepted(value: str) -> None:
    assert clean_value(EMAIL, f" {value} ") == value


@pytest.mark.parametrize(
    "value", ["name", "name@example", "@example.com", "a b@example.com", "a@b@c.d", "name@.com."]
)
def test_malformed_email_is_refused_with_an_example(value: str) -> None:
    assert _message(EMAIL, value) == "Enter an e-mail address like name@example.com"


def test_email_max_length() -> None:
    long = "a" * 310 + "@example.com"
    assert _message(EMAIL, long) == "Keep e-mail under 320 characters"


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-12", dt.date(2026, 3, 12)),
        (" 2026-3-5 ", dt.date(2026, 3, 5)),
        ("2024-02-29", dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1)),
        (dt.datetime(2026, 1, 1, 23, 59), dt.date(2026, 1, 1)),
    ],
)
def test_dates_are_parsed(value: Any, expected: dt.date) -> None:
    result = clean_value(DATE, value)
    assert result == expected
    assert type(result) is dt.date


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "2026-02-30 is not a date on the calendar"),
        ("2025-02-29", "2025-02-29 is not a date on the calendar"),
        ("2026-04-31", "2026-04-31 is not a date on the calendar"),
        ("2026-01-00", "2026-01-00 is not a date on the calendar"),
        ("0000-01-01", "0000-01-01 is not a date on the calendar"),
        ("2026-13-01", "There is no month 13"),
        ("2026-00-10", "There is no month 0"),
        ("yesterday", "Use the form YYYY-MM-DD, e.g. 2026-03-12"),
        ("12/03/2026", "Use the form YYYY-MM-DD, e.g. 2026-03-12"),
        ("2026-03-12T10:00", "Use the form YYYY-MM-DD, e.g. 2026-03-12"),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(value: str, message: str) -> None:
    assert _message(DATE, value) == message
    with pytest.raises(ValueError, match="^" + message.replace(".", r"\.") + "$"):
        parse_iso_date(value)


@pytest.mark.parametrize("value", [20260312, 2026.0, ["2026-03-12"]])
def test_a_date_must_be_a_date(value: Any) -> None:
    assert _message(DATE, value) == "Date should be a date"


# --- choices ------------------------------------------------------------------------------


def test_choice_by_member_or_by_name() -> None:
    assert clean_value(STATUS, m.FeedbackStatus.addressing) is m.FeedbackStatus.addressing
    assert clean_value(STATUS, "addressing") is m.FeedbackStatus.addressing
    assert clean_value(STATUS, " addressed ") is m.FeedbackStatus.addressed


class _Other(enum.Enum):
    open = "Open"


@pytest.mark.parametrize("value", ["Addressing", "ADDRESSING", "unknown", 1, _Other.open])
def test_choice_by_label_or_foreign_member_is_refused(value: Any) -> None:
    assert _message(STATUS, value) == "Choose one of the listed status options"


# --- whole numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(0, 0), (5, 5), ("3", 3), (" 4 ", 4), (2.0, 2)])
def test_rating_accepts_whole_numbers_in_range(value: Any, expected: int) -> None:
    assert clean_value(LEVEL, value) == expected


@pytest.mark.parametrize("value", [-1, 6, 100, "6"])
def test_rating_out_of_range_is_refused(value: Any) -> None:
    assert _message(LEVEL, value) == "Current level should be between 0 and 5"


@pytest.mark.parametrize("value", [2.5, "2.5", "three", True, False, [3], float("nan")])
def test_rating_must_be_a_whole_number(value: Any) -> None:
    assert _message(LEVEL, value) == "Current level should be a whole number"


@pytest.mark.parametrize("value", [float("inf"), float("-inf")])
def test_rating_infinity_is_refused_with_a_message(value: float) -> None:
    assert _message(LEVEL, value) == "Current level should be a whole number"


def test_integer_range_messages() -> None:
    assert clean_value(DAYS, "30") == 30
    assert _message(DAYS, 0) == "Keep in touch should be between 1 and 3650"
    only_low = FieldSpec("n", "Duration", T.INTEGER, minimum=0)
    only_high = FieldSpec("n", "Duration", T.INTEGER, maximum=10)
    assert _message(only_low, -1) == "Duration can't be less than 0"
    assert _message(only_high, 11) == "Duration can't be more than 10"
    assert clean_value(FieldSpec("n", "N", T.INTEGER), -(10**6)) == -(10**6)


def test_reference_is_a_whole_number_id() -> None:
    assert clean_value(REF, "7") == 7
    assert _message(REF, "seven") == "Round should be a whole number"
    assert _message(REF, True) == "Round should be a whole number"


# --- real numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12,5", 12.5), ("12.5", 12.5), (" 0,25 ", 0.25), (3, 3.0), ("10000", 10000.0), (0, 0.0)],
)
def test_numbers_accept_a_decimal_comma(value: Any, expected: float) -> None:
    result = clean_value(HOURS, value)
    assert result == expected
    assert isinstance(result, float)


@pytest.mark.parametrize(
    "value",
    [
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "1e400",
        float("nan"),
        float("inf"),
        "twelve",
        "1,2,3",
    ],
)
def test_not_a_finite_number_is_refused(value: Any) -> None:
    assert _message(HOURS, value) == "Hours spent should be a number, e.g. 12.5"


def test_number_refuses_yes_no() -> None:
    assert _message(HOURS, True) == "Hours spent should be a number"


@pytest.mark.parametrize("value", [-0.5, "10000,01"])
def test_number_out_of_range(value: Any) -> None:
    assert _message(HOURS, value) == "Hours spent should be between 0 and 10000"


def test_range_message_spells_out_large_limits() -> None:
    message = _message(COST, 2_000_000)
    assert "e+" not in message
    assert "1000000" in message.replace(",", "").replace(" ", "")


# --- yes/no, links, files, computed -------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(True, True), (False, False), (None, False)])
def test_bool(value: Any, expected: bool) -> None:
    assert clean_value(FLAG, value) is expected


def test_links_are_unique_sorted_ids() -> None:
    assert clean_value(LINKS, [3, "2", 3, 1]) == [1, 2, 3]
    assert clean_value(LINKS, None) == []
    assert clean_value(LINKS, ()) == []


def test_file_keeps_the_stored_name() -> None:
    assert clean_value(FILE, " 0123abcd.pdf ") == "0123abcd.pdf"
    assert _message(FILE, 12) == "Attached file should be a file"


def test_computed_passes_through() -> None:
    assert clean_value(COMPUTED, "2026-01-01: 3") == "2026-01-01: 3"


# --- display ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "value", "shown"),
    [
        (TEXT, None, ""),
        (LINKS, [], ""),
        (TEXT, "Northwind", "Northwind"),
        (DATE, dt.date(2026, 3, 5), "5 Mar 2026"),
        (STATUS, m.FeedbackStatus.addressing, "Addressing"),
        (FLAG, True, "Yes"),
        (FLAG, False, "No"),
        (LEVEL, 3, "3/5"),
        (LEVEL, 0, "0/5"),
        (HOURS, 12.5, "12.5"),
        (HOURS, 3.0, "3"),
        (HOURS, 0.0, "0"),
        (DAYS, 30, "30"),
        (REF, 7, "7"),
        (MULTILINE, "first line\nsecond line", "first line"),
        (MULTILINE, "\n\n  first line\nsecond", "first line"),
        (MULTILINE, "   \n  ", ""),
    ],
)
def test_display_value(spec: FieldSpec, value: Any, shown: str) -> None:
    assert display_value(spec, value) == shown


def test_display_of_a_long_first_line_is_cut_with_an_ellipsis() -> None:
    assert display_value(MULTILINE, "x" * 120) == "x" * 120
    shown = display_value(MULTILINE, "y" * 121 + "\nmore")
    assert shown == "y" * 119 + "…"
    assert len(shown) == 120


@pytest.mark.parametrize(("value", "shown"), [(12345.67, "12345.67"), (1_000_000.0, "1000000")])
def test_display_of_numbers_keeps_every_digit(value: float, shown: str) -> None:
    assert display_value(COST, value) == shown


# --- rules across fields ------------------------------------------------------------------


DATE_ORDER = Checks(
    date_order=(
        ("start_date", "due_date", "The due date is before the start date"),
        ("start_date", "completed_on", "The completion date is before the start date"),
        ("due_date", "completed_on", "Completed before it was due?"),
    )
)


def test_date_order_flags_the_later_field() -> None:
    errors = DATE_ORDER.run({"start_date": dt.date(2026, 3, 2), "due_date": dt.date(2026, 3, 1)})
    assert errors == {"due_date": "The due date is before the start date"}


def test_date_order_allows_the_same_day_and_missing_dates() -> None:
    day = dt.date(2026, 3, 1)
    assert DATE_ORDER.run({"start_date": day, "due_date": day, "completed_on": day}) == {}
    assert DATE_ORDER.run({"start_date": day, "due_date": None}) == {}
    assert DATE_ORDER.run({"due_date": day}) == {}
    assert DATE_ORDER.run({"start_date": "2026-03-02", "due_date": day}) == {}


def test_date_order_keeps_the_first_message_for_a_field() -> None:
    errors = DATE_ORDER.run(
        {
            "start_date": dt.date(2026, 3, 10),
            "due_date": dt.date(2026, 3, 5),
            "completed_on": dt.date(2026, 3, 1),
        }
    )
    assert errors == {
        "due_date": "The due date is before the start date",
        "completed_on": "The completion date is before the start date",
    }


def test_custom_rules_do_not_override_date_order() -> None:
    checks = Checks(
        date_order=(("a", "b", "b before a"),),
        custom=(lambda v: {"b": "custom on b", "c": "custom on c"},),
    )
    errors = checks.run({"a": dt.date(2026, 1, 2), "b": dt.date(2026, 1, 1)})
    assert errors == {"b": "b before a", "c": "custom on c"}


def test_validation_error_joins_messages_and_keeps_the_mapping() -> None:
    error = ValidationError({"a": "First", "b": "Second"})
    assert isinstance(error, ValueError)
    assert error.errors == {"a": "First", "b": "Second"}
    assert str(error) == "First; Second"


def test_field_spec_editability() -> None:
    assert TEXT.editable
    assert not COMPUTED.editable


def test_names_sort_as_a_person_expects() -> None:
    from secondchance.core.collation import text_sort_key

    names = ["Zoë Ahmed", "Łukasz Nowak", "Marisol", "Søren", "anna", "Émile", "zack"]
    assert sorted(names, key=text_sort_key) == [
        "anna",
        "Émile",
        "Łukasz Nowak",
        "Marisol",
        "Søren",
        "zack",
        "Zoë Ahmed",
    ]
