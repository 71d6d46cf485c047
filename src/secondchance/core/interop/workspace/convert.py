"""Import: turning one value of a file into the Python value its column stores.

:func:`converter` makes, once per column, a function that returns the value or a sentence
saying what is wrong with it (in words for the person importing), so checking a file of
100 000 rows does not dispatch on the column's type for every value.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable
from datetime import UTC
from typing import Any

from secondchance.core.interop.workspace.format import ColumnKind, ColumnSpec

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*")


def has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_KIND_HINTS = {
    ColumnKind.TEXT: "should be text",
    ColumnKind.INT: "should be a whole number",
    ColumnKind.FLOAT: "should be a number",
    ColumnKind.BOOL: "should be true or false",
    ColumnKind.DATE: "should be a date written like 2026-03-12",
    ColumnKind.DATETIME: "should be a date and time written like 2026-03-12T09:30:00Z",
}


Converter = Callable[[Any], tuple[Any, str | None]]


def converter(spec: ColumnSpec) -> Converter:
    """A function from a file's value to (the Python value to store, or what is wrong).

    Made once per column, so the type dispatch is not paid again for every value.
    """
    hint = _KIND_HINTS.get(spec.kind, "")
    kind = spec.kind
    if kind is ColumnKind.TEXT:

        def text(value: Any) -> tuple[Any, str | None]:
            if type(value) is not str:
                return None, hint
            if not value.isascii() and has_lone_surrogate(value):
                return (
                    None,
                    "contains a broken character (an unpaired surrogate) that can't be saved",
                )
            return value, None

        return text
    if kind is ColumnKind.INT:

        def integer(value: Any) -> tuple[Any, str | None]:
            if type(value) is not int:
                return None, hint
            if not _INT64_MIN <= value <= _INT64_MAX:
                return None, "is too large a number"
            return value, None

        return integer
    if kind is ColumnKind.FLOAT:

        def real(value: Any) -> tuple[Any, str | None]:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return None, hint
            number = float(value)
            if not math.isfinite(number):
                return None, "should be a finite number"
            return number, None

        return real
    if kind is ColumnKind.BOOL:
        return lambda value: (value, None) if type(value) is bool else (None, hint)
    if kind is ColumnKind.DATE:

        def date(value: Any) -> tuple[Any, str | None]:
            if type(value) is not str or not _DATE_RE.fullmatch(value):
                return None, hint
            try:
                return dt.date.fromisoformat(value), None
            except ValueError:
                return None, f"is not a real date ('{value}')"

        return date
    if kind is ColumnKind.DATETIME:

        def moment(value: Any) -> tuple[Any, str | None]:
            if type(value) is not str or not _DATETIME_RE.fullmatch(value):
                return None, hint
            try:
                parsed = dt.datetime.fromisoformat(value)
            except ValueError:
                return None, f"is not a real date and time ('{value}')"
            # A time without an offset is taken as UTC, the only zone the app ever writes.
            if parsed.tzinfo is None:
                return parsed.replace(tzinfo=UTC), None
            return parsed.astimezone(UTC), None

        return moment
    # ColumnKind.ENUM
    assert spec.enum_class is not None
    members = {name: spec.enum_class[name] for name in spec.enum_names}
    listed = ", ".join(spec.enum_names)

    def choice(value: Any) -> tuple[Any, str | None]:
        member = members.get(value) if type(value) is str else None
        if member is not None:
            return member, None
        shown = f"'{value}'" if isinstance(value, str) else json.dumps(value)[:40]
        return None, f"should be one of {listed} (found {shown})"

    return choice
