"""Import, first half: read a document and check all of it, writing nothing.

The result is an :class:`ImportPlan`: the rows converted to Python values (ids still the
file's), the attached files decoded, and warnings.  Every problem found is collected and
reported at once, in words for the person importing.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import json
import math
import os
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from secondchance.core.interop.workspace.convert import (
    Converter,
    converter,
    has_lone_surrogate,
)
from secondchance.core.interop.workspace.format import (
    ATTACHMENT_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    UUID_COLUMN,
    TableSpec,
    WorkspaceImportError,
    is_safe_file_name,
    table_specs,
)
from secondchance.core.services.fields import FieldSpec, FieldType, clean_value
from secondchance.core.services.kinds import KINDS

# A person reads the first problems; a thousand more would only bury them.
_MAX_REPORTED_PROBLEMS = 20
_KIND_OF_TABLE = {k.model.__tablename__: k for k in KINDS.values()}


@dataclass
class ImportPlan:
    """A checked document: rows by table (ids still the file's), decoded files, warnings."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    attachments: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, message: str) -> None:
        self.items.append(message)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:_MAX_REPORTED_PROBLEMS]
        if len(self.items) == 1:
            message = shown[0]
        else:
            message = f"This file can't be imported ({len(self.items)} problems):\n" + "\n".join(
                f"• {item}" for item in shown
            )
            if len(self.items) > len(shown):
                message += f"\n… and {len(self.items) - len(shown)} more."
        raise WorkspaceImportError(message, self.items)


def _reject_constant(name: str) -> Any:
    raise WorkspaceImportError(
        f"This file contains '{name}', which is not a number that can be imported."
    )


def load_document(document_or_path: Mapping[str, Any] | str | os.PathLike[str]) -> Any:
    if isinstance(document_or_path, Mapping):
        return document_or_path
    path = Path(document_or_path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WorkspaceImportError(f"The file '{path.name}' could not be read: {reason}.") from exc
    try:
        # utf-8-sig: editors on Windows like to put a byte-order mark in front.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkspaceImportError(
            f"The file '{path.name}' is not a Second Chance export (it is not a text file)."
        ) from exc
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise WorkspaceImportError(
            f"The file '{path.name}' is damaged or not a Second Chance export: it is not valid "
            f"JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from exc
    except RecursionError as exc:
        raise WorkspaceImportError(
            f"The file '{path.name}' is not a Second Chance export (it is nested too deeply)."
        ) from exc


# Each older format version's step to the next one, applied in turn before the checks,
# so every export ever written stays importable (docs/export-format.md, "Versions").
_UPGRADES: dict[int, Callable[[Mapping[str, Any]], Mapping[str, Any]]] = {
    # 2 added target.feedback_requested_on; a field a file leaves out imports as empty.
    1: lambda document: {**document, "version": 2},
    # 3 added every record's uuid (a record without one imports as a new record),
    # portfolio_item.file, Interview Prep's links and mock interviews, contact.quiet_until
    # and the target's whole life (attempt, previous attempt, the reapplication, its
    # outcome, archived_on); all optional: a field or table a file leaves out imports as
    # empty or as its default ("not applied yet", "not known yet").
    2: lambda document: {**document, "version": 3},
}


def _check_header(raw: Any) -> Mapping[str, Any]:
    """The document at :data:`FORMAT_VERSION`, or an error about its header."""
    if not isinstance(raw, Mapping):
        raise WorkspaceImportError(
            "This file is not a Second Chance export (it does not contain a JSON object)."
        )
    document: Mapping[str, Any] = raw
    if "format" not in document:
        raise WorkspaceImportError("This file is not a Second Chance export (no 'format' field).")
    if document["format"] != FORMAT_NAME:
        shown = str(document["format"])[:60]
        raise WorkspaceImportError(
            f"This file is not a Second Chance export (its format is '{shown}')."
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise WorkspaceImportError(
            "This Second Chance export has no valid 'version' number, so it can't be read safely."
        )
    if version > FORMAT_VERSION:
        raise WorkspaceImportError(
            f"This file was exported by a newer version of Second Chance (export format "
            f"version {version}; this copy reads up to version {FORMAT_VERSION}). "
            "Update Second Chance, then import the file again."
        )
    if version < 1:
        raise WorkspaceImportError(
            f"This Second Chance export uses format version {version}, which doesn't exist."
        )
    for older in range(version, FORMAT_VERSION):
        document = _UPGRADES[older](document)
    if not isinstance(document.get("tables"), Mapping):
        raise WorkspaceImportError(
            "This Second Chance export has no 'tables' section, so there is nothing to import."
        )
    return document


_RULE_TYPES = frozenset(
    {
        FieldType.TEXT,
        FieldType.MULTILINE,
        FieldType.DATE,
        FieldType.RATING,
        FieldType.INTEGER,
        FieldType.NUMBER,
        FieldType.URL,
        FieldType.EMAIL,
    }
)


Rules = tuple[Any, tuple[tuple[FieldSpec, Callable[[Any], bool]], ...]]


@functools.cache
def _rule_fields(table: str) -> Rules:
    record_kind = _KIND_OF_TABLE.get(table)
    if record_kind is None:
        return None, ()
    return record_kind, tuple(
        (f, surely_clean(f)) for f in record_kind.fields if f.type in _RULE_TYPES
    )


def _never(_value: Any) -> bool:
    return False


def surely_clean(spec: FieldSpec) -> Callable[[Any], bool]:
    """A quick test that vouches for values ``clean_value(spec, value)`` certainly accepts,
    given the converted values a row holds; False means "ask clean_value", which has the
    message.  (Most values of a file pass it, and clean_value costs ten times more.)"""
    low, high, required = spec.minimum, spec.maximum, spec.required
    if spec.type in (FieldType.TEXT, FieldType.MULTILINE):
        limit = spec.max_length
        return lambda v: (
            type(v) is str
            and (limit is None or len(v) <= limit)
            and "\x00" not in v
            and (not required or bool(v.strip()))
        )
    if spec.type is FieldType.DATE:
        return lambda v: type(v) is dt.date
    if spec.type in (FieldType.RATING, FieldType.INTEGER):
        return lambda v: (
            type(v) is int and (low is None or v >= low) and (high is None or v <= high)
        )
    if spec.type is FieldType.NUMBER:
        return lambda v: (
            type(v) is float
            and math.isfinite(v)
            and (low is None or v >= low)
            and (high is None or v <= high)
        )
    return _never


def _check_app_rules(
    rules: Rules,
    row: Mapping[str, Any],
    where: Callable[[], str],
    problems: _Problems,
) -> bool:
    """The rules the app's own forms enforce (ranges, lengths, addresses, date order), so
    an imported record is one the person can go on editing."""
    record_kind, fields = rules
    if record_kind is None:
        return True
    ok = True
    for field_spec, clean in fields:
        value = row.get(field_spec.name)
        if value is None and (not field_spec.required or field_spec.name not in row):
            continue  # nothing to check (and clean_value would accept it)
        if clean(value):
            continue
        try:
            clean_value(field_spec, value)
        except ValueError as exc:
            problems.add(f"{where()}: {exc}.")
            ok = False
    for message in record_kind.checks.run(row).values():
        problems.add(f"{where()}: {message}.")
        ok = False
    return ok


def validate_document(document: Any) -> ImportPlan:
    # The header is checked alone first: past a wrong format or version, every other
    # message would be noise.
    document = _check_header(document)
    tables: Mapping[str, Any] = document["tables"]
    problems = _Problems()
    specs = table_specs()
    by_name = {spec.name: spec for spec in specs}
    for name in tables:
        if name not in by_name:
            problems.add(
                f"The file contains a table '{name}' that this version of Second Chance "
                "doesn't know."
            )
    plan = ImportPlan()
    # Old ids of every row, per table, to resolve references against.
    ids: dict[str, set[int]] = {}
    for spec in specs:
        raw_rows = tables.get(spec.name, [])
        if not isinstance(raw_rows, list):
            problems.add(f"The table '{spec.name}' should be a list of rows.")
            raw_rows = []
        rows, ids[spec.name] = _check_rows(spec, raw_rows, problems)
        plan.rows[spec.name] = rows

    for spec in specs:
        _check_references(spec, plan.rows[spec.name], ids, problems)
        _check_uniqueness(spec, plan.rows[spec.name], problems)

    plan.attachments = _check_attachments(document.get("attachments", {}), problems)
    problems.raise_if_any()
    _drop_missing_attachments(plan)
    return plan


_CONVERTERS: dict[str, dict[str, Converter]] = {}


def _converters(spec: TableSpec) -> dict[str, Converter]:
    """Each column's converter, made once per process."""
    if spec.name not in _CONVERTERS:
        _CONVERTERS[spec.name] = {name: converter(c) for name, c in spec.columns.items()}
    return _CONVERTERS[spec.name]


def _check_rows(
    spec: TableSpec, raw_rows: list[Any], problems: _Problems
) -> tuple[list[dict[str, Any]], set[int]]:
    """The rows of one table, converted and checked; and the ids they use."""
    converters = _converters(spec)
    nullable = {name for name, column in spec.columns.items() if column.nullable}
    required = spec.required
    rules = _rule_fields(spec.name)
    has_uuid = UUID_COLUMN in spec.columns
    key = spec.surrogate_key
    rows: list[dict[str, Any]] = []
    seen_ids: set[int] = set()
    seen_uuids: dict[str, int] = {}
    for index, raw in enumerate(raw_rows, start=1):

        def where(index: int = index) -> str:
            return f"Row {index} of '{spec.name}'"

        if type(raw) is not dict and not isinstance(raw, Mapping):
            problems.add(f"{where()} should be an object with named fields.")
            continue
        row: dict[str, Any] = {}
        ok = True
        for name, value in raw.items():
            convert = converters.get(name)
            if convert is None:
                problems.add(
                    f"{where()}: this version of Second Chance doesn't know the field '{name}'."
                )
                ok = False
                continue
            if value is None:
                if name in nullable:
                    row[name] = None
                else:
                    problems.add(f"{where()}: '{name}' can't be empty.")
                    ok = False
                continue
            converted, error = convert(value)
            if error is not None:
                problems.add(f"{where()}: '{name}' {error}.")
                ok = False
                continue
            row[name] = converted
        for name in required:
            if name not in raw:
                problems.add(f"{where()}: the required field '{name}' is missing.")
                ok = False
        if ok and has_uuid and row.get(UUID_COLUMN) is not None:
            ok = _check_uuid(row, index, where, seen_uuids, problems)
        if key and isinstance(row.get(key), int):
            old_id = row[key]
            if old_id in seen_ids:
                problems.add(f"{where()}: id {old_id} is used by another row of this table.")
                ok = False
            seen_ids.add(old_id)
        if ok:
            ok = _check_app_rules(rules, row, where, problems)
        if ok:
            row["__row__"] = index
            rows.append(row)
    return rows, seen_ids


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _check_uuid(
    row: dict[str, Any],
    index: int,
    where: Callable[[], str],
    seen: dict[str, int],
    problems: _Problems,
) -> bool:
    value = row[UUID_COLUMN]
    if not _CANONICAL_UUID.fullmatch(value):  # as the app writes them; else normalised
        try:
            value = str(uuid.UUID(value))
        except ValueError:
            problems.add(
                f"{where()}: 'uuid' should be an identifier like "
                "0b6e3f4c-8e0a-4d5f-9a1e-2c3b4d5e6f70."
            )
            return False
    if value in seen:
        problems.add(f"{where()}: its uuid is used by row {seen[value]} of this table too.")
        return False
    seen[value] = index
    row[UUID_COLUMN] = value
    return True


def _check_references(
    spec: TableSpec,
    rows: list[dict[str, Any]],
    ids: Mapping[str, set[int]],
    problems: _Problems,
) -> None:
    references = [c for c in spec.columns.values() if c.refers_to]
    earlier: set[int] = set()  # a table's reference to itself (a target's earlier attempt)
    for row in rows:
        for column in references:
            assert column.refers_to is not None
            value = row.get(column.name)
            if value is not None and value not in ids.get(column.refers_to, set()):
                problems.add(
                    f"Row {row['__row__']} of '{spec.name}': '{column.name}' refers to "
                    f"{column.refers_to} {value}, which isn't in the file."
                )
            elif value is not None and column.refers_to == spec.name and value not in earlier:
                problems.add(
                    f"Row {row['__row__']} of '{spec.name}': '{column.name}' refers to "
                    f"{spec.name} {value}, which must come before it in the file."
                )
        if spec.surrogate_key is not None and isinstance(row.get(spec.surrogate_key), int):
            earlier.add(row[spec.surrogate_key])


def _check_uniqueness(spec: TableSpec, rows: list[dict[str, Any]], problems: _Problems) -> None:
    key_sets = list(spec.unique_sets)
    if spec.surrogate_key is None:
        key_sets.append(spec.primary_key)
    for columns in key_sets:
        first_row: dict[tuple[Any, ...], int] = {}
        for row in rows:
            if any(row.get(c) is None for c in columns):
                continue  # SQL lets NULLs repeat in a unique constraint
            key = tuple(row[c] for c in columns)
            if key in first_row:
                problems.add(
                    f"Row {row['__row__']} of '{spec.name}' repeats the {' and '.join(columns)} "
                    f"of row {first_row[key]}."
                )
            else:
                first_row[key] = row["__row__"]


def _check_attachments(raw: Any, problems: _Problems) -> dict[str, bytes]:
    if not isinstance(raw, Mapping):
        problems.add("The 'attachments' section should map file names to their contents.")
        return {}
    files: dict[str, bytes] = {}
    for name, encoded in raw.items():
        if not is_safe_file_name(name) or has_lone_surrogate(name):
            problems.add(f"The attached file name '{name}' is not a plain file name.")
            continue
        if not isinstance(encoded, str):
            problems.add(f"The attached file '{name}' should be base64 text.")
            continue
        try:
            files[name] = base64.b64decode(encoded.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            problems.add(f"The attached file '{name}' is damaged (its base64 text is invalid).")
    return files


def _drop_missing_attachments(plan: ImportPlan) -> None:
    # A record whose file didn't travel keeps no file name: in another data folder the
    # same name could belong to someone else's file.
    referenced: set[str] = set()
    for table_name, columns in ATTACHMENT_COLUMNS.items():
        for row in plan.rows.get(table_name, []):
            for column in columns:
                name = row.get(column)
                if name is not None and name not in plan.attachments:
                    plan.warnings.append(
                        f"Row {row['__row__']} of '{table_name}': the attached file '{name}' "
                        "was not in the export, so the record was imported without it."
                    )
                    row[column] = None
                elif name is not None:
                    referenced.add(name)
    for name in sorted(set(plan.attachments) - referenced):
        plan.warnings.append(
            f"The attached file '{name}' is not used by any record, so it was not imported."
        )
        del plan.attachments[name]
