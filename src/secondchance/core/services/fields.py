"""Field descriptions: what each field of a record holds and how it is checked.

The UI generates its detail forms from these descriptions, and the record service checks
values against them, so one description serves both ends and they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlparse

from secondchance.core.dates import medium_date

EnumClass = type[enum.Enum]


class FieldType(enum.Enum):
    TEXT = "text"  # one line
    MULTILINE = "multiline"
    DATE = "date"
    ENUM = "enum"
    RATING = "rating"  # whole number in [minimum, maximum], picked with a control
    INTEGER = "integer"
    NUMBER = "number"
    URL = "url"
    EMAIL = "email"
    BOOL = "bool"
    REFERENCE = "reference"  # one other record (id)
    LINKS = "links"  # many other records (ids)
    FILE = "file"  # an attachment copied into the data folder
    COMPUTED = "computed"  # read-only text the service derives


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    type: FieldType = FieldType.TEXT
    required: bool = False
    max_length: int | None = None
    enum: EnumClass | None = None
    minimum: float | None = None
    maximum: float | None = None
    ref_kind: str | None = None  # for REFERENCE / LINKS
    placeholder: str = ""
    help: str = ""
    default: Any = None
    # Private to the person: left out of anything meant for other eyes (the shareable
    # packet).  Declared here so a new private field cannot leak unnoticed.
    private: bool = False
    # How much room a MULTILINE field needs: "short" (2–3 lines, growing a little with its
    # text) or "long" (a letter, a resume: grows with its text up to the pane's height).
    text_size: Literal["short", "long"] = "short"
    # A new record starts with today's date here (the form's default, not the service's).
    starts_today: bool = False
    # What each value of a RATING means, from ``minimum`` up ("Nice to have", …).
    scale: tuple[str, ...] = ()
    # A NUMBER that is an amount of money, shown with the person's currency.
    money: bool = False
    # Shown on the record's form (False: the tab shows it its own way, e.g. as a chart).
    in_form: bool = True

    @property
    def editable(self) -> bool:
        return self.type is not FieldType.COMPUTED

    def meaning(self, value: Any) -> str:
        """What a rating's value means ("Important"), or "" when the field has no scale."""
        if not self.scale or not isinstance(value, int) or isinstance(value, bool):
            return ""
        index = value - int(self.minimum or 0)
        return self.scale[index] if 0 <= index < len(self.scale) else ""


class ValidationError(ValueError):
    """Values a person entered that can't be saved; messages name the field."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


def first_message(exc: BaseException) -> str:
    """The one sentence to show for a failed change: a ValidationError's first message
    (the one next to the first field it names), otherwise the error's own text."""
    if isinstance(exc, ValidationError) and exc.errors:
        return next(iter(exc.errors.values()))
    return str(exc)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ID = 2**63 - 1  # SQLite's INTEGER range; a larger id can only be a slip


def format_number(value: float) -> str:
    """Every digit a person typed, no exponent: 12345.67, 1000000, 2.5."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def is_valid_url(text: str) -> bool:
    parsed = urlparse(text)
    if parsed.scheme in ("http", "https"):
        return bool(parsed.netloc) and " " not in text
    if parsed.scheme == "mailto":
        return bool(parsed.path)
    return False


def parse_iso_date(text: str) -> dt.date:
    """Parse YYYY-MM-DD, with a message that says what was wrong."""
    text = text.strip()
    match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
    if not match:
        raise ValueError("Use the form YYYY-MM-DD, e.g. 2026-03-12")
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"There is no month {month}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text} is not a date on the calendar") from None


def clean_value(spec: FieldSpec, value: Any) -> Any:
    """Normalise one value and check it; raises ValueError with a person's message."""
    if spec.type is FieldType.COMPUTED:
        return value
    if spec.type is FieldType.LINKS:
        ids: set[int] = set()
        for item in value or []:
            if isinstance(item, str) and item.strip().isascii() and item.strip().isdigit():
                item = int(item)
            if isinstance(item, bool) or not isinstance(item, int) or not 0 < item <= MAX_ID:
                raise ValueError(f"{spec.label}: one of the chosen records is not valid")
            ids.add(item)
        return sorted(ids)
    if spec.type is FieldType.BOOL:
        if isinstance(value, str):
            return value.strip().casefold() in ("1", "true", "yes", "on")
        return bool(value)
    if isinstance(value, str) and spec.type is not FieldType.MULTILINE:
        value = value.strip()
    if value == "" or value is None:
        if spec.required:
            raise ValueError(f"{spec.label} is needed")
        return None

    if spec.type in (FieldType.TEXT, FieldType.MULTILINE, FieldType.URL, FieldType.EMAIL):
        if not isinstance(value, str):
            raise ValueError(f"{spec.label} should be text")
        if "\x00" in value:
            raise ValueError(f"{spec.label} contains a null character that can't be stored")
        if spec.max_length is not None and len(value) > spec.max_length:
            raise ValueError(f"Keep {spec.label.lower()} under {spec.max_length} characters")
        if spec.type is FieldType.URL and not is_valid_url(value):
            raise ValueError("Enter a full web address starting with https:// or http://")
        if spec.type is FieldType.EMAIL and not _EMAIL.match(value):
            raise ValueError("Enter an e-mail address like name@example.com")
        if spec.type is FieldType.MULTILINE and not value.strip():
            if spec.required:
                raise ValueError(f"{spec.label} is needed")
            return None
        return value
    if spec.type is FieldType.DATE:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            return parse_iso_date(value)
        raise ValueError(f"{spec.label} should be a date")
    if spec.type is FieldType.ENUM:
        assert spec.enum is not None
        if isinstance(value, spec.enum):
            return value
        if isinstance(value, str) and value in spec.enum.__members__:
            return spec.enum[value]
        raise ValueError(f"Choose one of the listed {spec.label.lower()} options")
    if spec.type in (FieldType.RATING, FieldType.INTEGER, FieldType.REFERENCE):
        if isinstance(value, bool):
            raise ValueError(f"{spec.label} should be a whole number")
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"{spec.label} should be a whole number") from None
        if isinstance(value, float) and value != number:
            raise ValueError(f"{spec.label} should be a whole number")
        if spec.type is FieldType.REFERENCE and not 0 < number <= MAX_ID:
            raise ValueError(f"The chosen {spec.label.lower()} is not valid")
        _check_range(spec, number)
        return number
    if spec.type is FieldType.NUMBER:
        if isinstance(value, bool):
            raise ValueError(f"{spec.label} should be a number")
        try:
            real = float(str(value).replace(",", "."))
        except ValueError:
            raise ValueError(f"{spec.label} should be a number, e.g. 12.5") from None
        if real != real or real in (float("inf"), float("-inf")):
            raise ValueError(f"{spec.label} should be a number, e.g. 12.5")
        _check_range(spec, real)
        return real
    if spec.type is FieldType.FILE:
        if not isinstance(value, str):
            raise ValueError(f"{spec.label} should be a file")
        return value
    raise AssertionError(f"unhandled field type {spec.type}")  # pragma: no cover


def _check_range(spec: FieldSpec, number: float) -> None:
    low, high = spec.minimum, spec.maximum
    if low is not None and high is not None and not low <= number <= high:
        raise ValueError(
            f"{spec.label} should be between {format_number(low)} and {format_number(high)}"
        )
    if low is not None and number < low:
        raise ValueError(f"{spec.label} can't be less than {format_number(low)}")
    if high is not None and number > high:
        raise ValueError(f"{spec.label} can't be more than {format_number(high)}")


def display_value(spec: FieldSpec, value: Any) -> str:
    """How a value reads in a list (references and links are resolved by the service)."""
    if value is None or value == []:
        return ""
    if spec.type is FieldType.DATE and isinstance(value, dt.date):
        return medium_date(value)
    if spec.type is FieldType.ENUM and isinstance(value, enum.Enum):
        return str(value.value)
    if spec.type is FieldType.BOOL:
        return "Yes" if value else "No"
    if spec.type is FieldType.RATING and spec.maximum is not None:
        return f"{value}/{format_number(spec.maximum)}"
    if spec.type is FieldType.NUMBER and isinstance(value, int | float):
        return format_number(float(value))
    if spec.type is FieldType.MULTILINE and isinstance(value, str):
        return first_line(value)
    return str(value)


def first_line(text: str) -> str:
    """How a multi-line text reads in a list: its first line, cut to 120 characters."""
    stripped = text.strip()
    first = stripped.splitlines()[0].rstrip() if stripped else ""
    return first if len(first) <= 120 else first[:119] + "…"


DateRule = tuple[str, str, str]  # (earlier field, later field, message)


@dataclass(frozen=True)
class Checks:
    """Rules across fields of one record."""

    date_order: tuple[DateRule, ...] = ()
    custom: tuple[Callable[[Mapping[str, Any]], Mapping[str, str]], ...] = field(default=())

    def run(self, values: Mapping[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        for earlier, later, message in self.date_order:
            first, second = values.get(earlier), values.get(later)
            if (
                isinstance(first, dt.date)
                and isinstance(second, dt.date)
                and second < first
                and later not in errors
            ):
                errors[later] = message
        for rule in self.custom:
            for key, message in rule(values).items():
                errors.setdefault(key, message)
        return errors
