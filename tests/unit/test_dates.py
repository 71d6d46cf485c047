"""One date style: the region's order, English month abbreviations, ISO only in files."""

from __future__ import annotations

import datetime as dt

import pytest

from secondchance.core import dates
from secondchance.core.services.fields import FieldSpec, FieldType, display_value

DAY = dt.date(2026, 3, 12)


@pytest.mark.parametrize(
    ("order", "text"),
    [("dmy", "12 Mar 2026"), ("mdy", "Mar 12, 2026"), ("ymd", "2026 Mar 12")],
)
def test_medium_date_follows_the_order(
    monkeypatch: pytest.MonkeyPatch, order: str, text: str
) -> None:
    monkeypatch.setenv(dates.ORDER_ENV, order)
    assert dates.medium_date(DAY) == text
    # Lists, sentences and the packet all read dates through it.
    assert display_value(FieldSpec("d", "Day", FieldType.DATE), DAY) == text
    assert dates.long_date(DAY) == dates.short_date(DAY) == text


@pytest.mark.parametrize(
    ("locale_name", "order"),
    [
        ("en_US.UTF-8", "mdy"),
        ("en_GB.UTF-8", "dmy"),
        ("de_DE.UTF-8", "dmy"),
        ("fr_CA", "mdy"),
        ("ja_JP.UTF-8", "ymd"),
        ("hu_HU", "ymd"),
        ("C.UTF-8", "dmy"),
        ("POSIX", "dmy"),
        ("", "dmy"),
        ("sr_RS@latin", "dmy"),
    ],
)
def test_the_order_comes_from_the_region(
    monkeypatch: pytest.MonkeyPatch, locale_name: str, order: str
) -> None:
    assert dates.order_for_region(dates.region_of(locale_name)) == order
    monkeypatch.delenv(dates.ORDER_ENV)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TIME", raising=False)
    monkeypatch.setenv("LANG", locale_name or "C")
    dates.set_date_order(None)  # ask the environment again
    try:
        assert dates.date_order() == order
    finally:
        dates.set_date_order(None)


def test_the_window_sets_the_desktop_order_but_an_override_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(dates.ORDER_ENV)
    try:
        dates.set_date_order("mdy")
        assert dates.medium_date(DAY) == "Mar 12, 2026"
        monkeypatch.setenv(dates.ORDER_ENV, "ymd")
        assert dates.medium_date(DAY) == "2026 Mar 12"
    finally:
        dates.set_date_order(None)


def test_every_month_reads_the_same_width_or_less_than_december_28() -> None:
    """The list sizes its date columns for a wide date; no other date may be wider."""
    widest = len(dates.medium_date(dt.date(2026, 12, 28)))
    assert all(len(dates.medium_date(dt.date(2026, month, 28))) <= widest for month in range(1, 13))
