"""Calendar arithmetic and the one way a date is written for a person.

Every date a person reads — lists, forms' read-only text, sentences, messages, the packet —
is ``medium_date``: the month abbreviated, in the order of the person's region ("12 Mar
2026", "Mar 12, 2026" in the United States, "2026 Mar 12" in Japan).  ISO (2026-03-12) is
only for files and for typing a date.  The sentences are English, so the month names are
too, whatever the process locale says.
"""

from __future__ import annotations

import calendar
import datetime as dt
import locale
import os
from typing import Literal

DateOrder = Literal["dmy", "mdy", "ymd"]
ORDER_ENV = "SECONDCHANCE_DATE_ORDER"  # forces an order (tests, a person's preference)

# Regions whose medium date puts the month first, or the year first (CLDR); the rest of the
# world writes the day first.
_MONTH_FIRST = frozenset({"US", "PH", "CA", "BZ", "FM", "MH", "PW", "GU", "AS", "PR", "VI", "MP"})
_YEAR_FIRST = frozenset({"CN", "TW", "JP", "KR", "KP", "HU", "LT", "MN"})

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_order: DateOrder | None = None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, clamped to the end of a shorter month
    (31 August + 6 months → 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def order_for_region(code: str | None) -> DateOrder:
    """The medium date order of a region ("US" → month first); day first when unknown."""
    region = (code or "").upper()
    if region in _MONTH_FIRST:
        return "mdy"
    if region in _YEAR_FIRST:
        return "ymd"
    return "dmy"


def region_of(locale_name: str | None) -> str:
    """ "en_US.UTF-8" → "US"; "" when the name carries no region (C, POSIX)."""
    name = (locale_name or "").split(".")[0].split("@")[0].replace("-", "_")
    parts = name.split("_")
    return parts[1].upper() if len(parts) > 1 and len(parts[1]) == 2 else ""


def _order_from_environment() -> DateOrder:
    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(variable)
        if value:
            return order_for_region(region_of(value))
    try:
        name = locale.getlocale(locale.LC_TIME)[0]
    except (ValueError, AttributeError):  # pragma: no cover - platform oddities
        name = None
    return order_for_region(region_of(name))


def set_date_order(order: DateOrder | None) -> None:
    """The window sets the order of the desktop's region (None: ask the environment again).
    ``SECONDCHANCE_DATE_ORDER`` still wins, so tests and a person's override hold."""
    global _order
    _order = order


def date_order() -> DateOrder:
    forced = os.environ.get(ORDER_ENV, "").strip().lower()
    if forced in ("dmy", "mdy", "ymd"):
        return forced  # type: ignore[return-value]
    global _order
    if _order is None:
        _order = _order_from_environment()
    return _order


def medium_date(day: dt.date) -> str:
    """The one date style on screen and paper: "12 Mar 2026" (or the region's order)."""
    month = MONTHS[day.month - 1][:3]
    order = date_order()
    if order == "mdy":
        return f"{month} {day.day}, {day.year}"
    if order == "ymd":
        return f"{day.year} {month} {day.day}"
    return f"{day.day} {month} {day.year}"


# The names older code uses; every date reads the same now.
long_date = medium_date
short_date = medium_date
