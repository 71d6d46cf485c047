"""The JSON Resume schema 1.0 (shipped in resources/json_resume/), and what to set aside
before checking a real-world file against it.

Files made by other tools carry fields the schema doesn't know, empty strings where a value
was left blank, and dates such as "present" or "Summer 2019".  Those are set aside with a
note, never an error: only a file whose shape is wrong (a list where a name should be) is
refused, with the schema's complaints in plain words.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from secondchance.resources import resource_path

SCHEMA_FILE = ("json_resume", "schema.json")
SCHEMA_VERSION = "v1.0.0"
# The sections holding dates, and their date fields.
DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "work": ("startDate", "endDate"),
    "volunteer": ("startDate", "endDate"),
    "education": ("startDate", "endDate"),
    "projects": ("startDate", "endDate"),
    "awards": ("date",),
    "publications": ("releaseDate",),
    "certificates": ("date",),
}
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ONGOING = frozenset({"present", "current", "now", "today", "ongoing", "to date", "-", "–"})
_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a group of named fields",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
}
MAX_ERRORS_SHOWN = 5


class JsonResumeError(ValueError):
    """A file that can't be imported as a JSON Resume; the message is for the person."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems or (message,)


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resource_path(*SCHEMA_FILE).read_text(encoding="utf-8"))
    return loaded


def _validator() -> Any:
    from jsonschema import Draft4Validator, FormatChecker

    return Draft4Validator(schema(), format_checker=FormatChecker())


# --- dates as JSON Resume writes them ------------------------------------------------------


@dataclass(frozen=True)
class ReadDate:
    day: dt.date | None
    ongoing: bool = False  # "present": still going on
    partial: bool = False  # "2014" or "2014-06": read as its first day


def read_date(value: Any) -> ReadDate | None:
    """A JSON Resume date ("2014-06-29", "2014-06", "2014", "present"); None if unreadable."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.casefold() in _ONGOING:
        return ReadDate(None, ongoing=True)
    match = _ISO.match(text)
    if match is None:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        return ReadDate(dt.date(int(year), int(month or 1), int(day or 1)), partial=day is None)
    except ValueError:
        return None


# --- setting aside what the app can't use ---------------------------------------------------


@dataclass
class Cleaned:
    document: dict[str, Any]
    ignored: Counter[str] = field(default_factory=Counter)  # "work[].tags" → how many times
    unreadable_dates: list[str] = field(default_factory=list)  # 'work[1].startDate "Summer"'
    ongoing: list[str] = field(default_factory=list)
    partial_dates: int = 0


def _known(node: dict[str, Any] | None) -> dict[str, Any]:
    return dict((node or {}).get("properties", {}))


def _set_aside_unknown(value: Any, node: dict[str, Any], path: str, cleaned: Cleaned) -> Any:
    """The value without empty strings and without fields the schema doesn't name."""
    if isinstance(value, dict) and (node.get("type") == "object" or "properties" in node):
        known = _known(node)
        result: dict[str, Any] = {}
        for key, item in value.items():
            if item == "" or item is None:
                continue
            if known and key not in known:
                cleaned.ignored[f"{path}.{key}".lstrip(".")] += 1
                continue
            child = known.get(key, {})
            if "$ref" in child:
                result[key] = item
            else:
                result[key] = _set_aside_unknown(item, child, f"{path}.{key}", cleaned)
        return result
    if isinstance(value, list) and node.get("type") == "array":
        items = node.get("items", {})
        return [
            _set_aside_unknown(item, items, f"{path}[]", cleaned)
            for item in value
            if item != "" and item is not None
        ]
    return value


def _dates(document: dict[str, Any], cleaned: Cleaned) -> None:
    for section, names in DATE_FIELDS.items():
        entries = document.get(section)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            for name in names:
                if name not in entry:
                    continue
                raw = entry[name]
                read = read_date(raw)
                where = f"{section}[{index}].{name}"
                if read is None:
                    shown = raw if isinstance(raw, str) else json.dumps(raw)
                    cleaned.unreadable_dates.append(f"{where} “{shown}”")
                    del entry[name]
                elif read.ongoing:
                    cleaned.ongoing.append(where)
                    del entry[name]
                else:
                    cleaned.partial_dates += int(read.partial)
                    if section == "certificates" and read.day is not None:
                        entry[name] = read.day.isoformat()  # the schema wants a full date here
                    else:
                        entry[name] = raw.strip()


def clean(data: Any) -> Cleaned:
    """A copy of ``data`` ready for the schema, with a record of what was set aside."""
    if not isinstance(data, dict):
        raise JsonResumeError("This is not a JSON Resume: the file should hold one object.")
    cleaned = Cleaned(document={})
    cleaned.document = _set_aside_unknown(copy.deepcopy(data), schema(), "", cleaned)
    cleaned.document.pop("$schema", None)  # any version's address is fine here
    _dates(cleaned.document, cleaned)
    return cleaned


# --- the schema's complaints in plain words -------------------------------------------------


def _path(parts: Iterator[Any] | Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "the file"


def _describe(error: Any) -> str:
    where = _path(error.absolute_path)
    validator = error.validator
    if validator == "type":
        wanted = error.validator_value
        words = (
            " or ".join(_TYPE_WORDS.get(str(w), str(w)) for w in wanted)
            if isinstance(wanted, list)
            else _TYPE_WORDS.get(wanted, wanted)
        )
        return f"{where} should be {words}"
    if validator == "format":
        what = {"email": "an e-mail address", "uri": "a web address", "date": "a date"}
        return f"{where} is not {what.get(error.validator_value, error.validator_value)}"
    if validator == "pattern":
        return f"{where} is not a date like 2014-06-29, 2014-06 or 2014"
    if validator == "additionalProperties":
        return f"{where} has fields the JSON Resume format doesn't have"
    return f"{where}: {error.message}"


def problems(document: dict[str, Any]) -> list[str]:
    """Every way ``document`` breaks the schema, in plain words, in file order."""
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.path)))
    return [_describe(e) for e in errors]


def check(document: dict[str, Any], what: str) -> None:
    """Raise JsonResumeError listing the first problems, if there are any."""
    found = problems(document)
    if not found:
        return
    shown = "; ".join(found[:MAX_ERRORS_SHOWN])
    more = len(found) - MAX_ERRORS_SHOWN
    tail = f" (and {more} more)" if more > 0 else ""
    raise JsonResumeError(
        f"{what} doesn't follow the JSON Resume format: {shown}{tail}.", tuple(found)
    )
