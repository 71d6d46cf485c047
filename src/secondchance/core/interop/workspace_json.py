"""Whole-workspace export and import as one self-contained JSON document.

The export walks every table of the ORM metadata (records, link tables and settings) and
writes the stored values; the files kept in the attachments folder travel inside the
document, base64-encoded.  The import merges such a document into an existing workspace:
every record becomes a new row with a new id, and every reference is rewritten to the new
ids, so importing never overwrites or mixes with what is already there (settings, which
are keyed by name, are the one exception: imported values win).

The importer is deliberately suspicious: the file may have been edited by hand, cut short
or made by something else entirely.  It checks the whole document first and only then
writes, in one transaction, so a bad file changes nothing.  The format is described for
people in docs/export-format.md.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Table, UniqueConstraint, insert, select
from sqlalchemy import Enum as SAEnum
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from secondchance import __version__
from secondchance.core import models
from secondchance.core.db import Database
from secondchance.core.services.fields import FieldType, clean_value
from secondchance.core.services.kinds import KINDS
from secondchance.paths import ensure_private_dir

FORMAT_NAME = "secondchance-workspace"
FORMAT_VERSION = 2

# Columns holding the stored name of a file inside the data folder's attachments/.
ATTACHMENT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "resume_version": ("file",),
    "learning_activity": ("evidence_file",),
}

# A person reads the first problems; a thousand more would only bury them.
_MAX_REPORTED_PROBLEMS = 20
_KIND_OF_TABLE = {k.model.__tablename__: k for k in KINDS.values()}

_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
)
_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*")


class WorkspaceImportError(ValueError):
    """A file that can't be imported; ``str(error)`` is written for the person importing.

    ``problems`` lists every problem found (the message shows the first ones), so a
    caller can offer the full list.
    """

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) if problems else (message,)


class WorkspaceExportError(ValueError):
    """The workspace holds something the export format can't represent."""


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    counts: dict[str, int]
    attachments: int
    warnings: tuple[str, ...] = ()

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ImportSummary:
    """What an import added: rows per table (settings: added or replaced), files written."""

    counts: dict[str, int]
    attachments: int
    warnings: tuple[str, ...] = ()

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


# --- what each table looks like ----------------------------------------------------------


class _Kind(enum.Enum):
    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATE = "date"
    DATETIME = "datetime"
    ENUM = "enum"


def _column_kind(column: Column[Any]) -> _Kind:
    col_type: Any = column.type
    if isinstance(col_type, SAEnum):
        return _Kind.ENUM
    if isinstance(col_type, TypeDecorator):
        col_type = col_type.impl_instance
    python_type = col_type.python_type
    kinds: dict[type, _Kind] = {
        bool: _Kind.BOOL,
        int: _Kind.INT,
        float: _Kind.FLOAT,
        dt.datetime: _Kind.DATETIME,
        dt.date: _Kind.DATE,
        str: _Kind.TEXT,
    }
    if python_type not in kinds:
        # A new column type in models.py needs a decision here, not a silent guess.
        raise TypeError(f"workspace_json can't store column {column} of type {column.type!r}")
    return kinds[python_type]


@dataclass(frozen=True)
class _ColumnSpec:
    name: str
    kind: _Kind
    nullable: bool
    has_default: bool
    enum_names: tuple[str, ...]
    enum_class: type[enum.Enum] | None
    # Table whose surrogate id this column refers to (remapped on import), if any.
    refers_to: str | None


@dataclass(frozen=True)
class _TableSpec:
    table: Table
    columns: dict[str, _ColumnSpec]
    # The integer id the database assigns; None for link tables and keyed tables.
    surrogate_key: str | None
    primary_key: tuple[str, ...]
    unique_sets: tuple[tuple[str, ...], ...]

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def required(self) -> list[str]:
        return [
            c.name
            for c in self.columns.values()
            if not c.nullable and not c.has_default and c.name != self.surrogate_key
        ] + ([self.surrogate_key] if self.surrogate_key else [])

    @property
    def is_keyed(self) -> bool:
        """Rows are identified by a natural key (settings): imported rows replace."""
        return self.surrogate_key is None and not all(
            self.columns[c].refers_to for c in self.primary_key
        )


def _table_specs() -> list[_TableSpec]:
    tables = list(models.Base.metadata.sorted_tables)
    surrogates: dict[str, str] = {}
    for table in tables:
        auto = table.autoincrement_column
        if auto is not None and _column_kind(auto) is _Kind.INT:
            surrogates[table.name] = auto.name
    specs: list[_TableSpec] = []
    for table in tables:
        columns: dict[str, _ColumnSpec] = {}
        for column in table.columns:
            kind = _column_kind(column)
            enum_class: type[enum.Enum] | None = None
            enum_names: tuple[str, ...] = ()
            if kind is _Kind.ENUM:
                enum_type: Any = column.type
                enum_class = enum_type.enum_class
                enum_names = tuple(enum_type.enums)
            refers_to = None
            for fk in column.foreign_keys:
                referred = fk.column
                if surrogates.get(referred.table.name) == referred.name:
                    refers_to = referred.table.name
            columns[column.name] = _ColumnSpec(
                name=column.name,
                kind=kind,
                nullable=bool(column.nullable),
                has_default=column.default is not None or column.server_default is not None,
                enum_names=enum_names,
                enum_class=enum_class,
                refers_to=refers_to,
            )
        unique_sets = tuple(
            tuple(c.name for c in constraint.columns)
            for constraint in table.constraints
            if isinstance(constraint, UniqueConstraint)
        )
        specs.append(
            _TableSpec(
                table=table,
                columns=columns,
                surrogate_key=surrogates.get(table.name),
                primary_key=tuple(c.name for c in table.primary_key.columns),
                unique_sets=unique_sets,
            )
        )
    return specs


_SPECS: list[_TableSpec] | None = None


def _specs() -> list[_TableSpec]:
    global _SPECS
    if _SPECS is None:
        _SPECS = _table_specs()
    return _SPECS


# --- export ---------------------------------------------------------------------------


def _iso_utc(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _encode(spec: _ColumnSpec, value: Any, where: str) -> Any:
    if value is None:
        return None
    if spec.kind is _Kind.ENUM:
        return value.name if isinstance(value, enum.Enum) else str(value)
    if spec.kind is _Kind.DATETIME:
        return _iso_utc(value)
    if spec.kind is _Kind.DATE:
        return value.isoformat()
    if spec.kind is _Kind.FLOAT:
        number = float(value)
        if not math.isfinite(number):
            raise WorkspaceExportError(
                f"{where}: '{spec.name}' holds {number}, which can't be written to an export. "
                "Correct the number, then export again."
            )
        return number
    return value


def _attachment_names(rows: Mapping[str, Iterable[Mapping[str, Any]]]) -> list[str]:
    names: set[str] = set()
    for table_name, columns in ATTACHMENT_COLUMNS.items():
        for row in rows.get(table_name, ()):
            for column in columns:
                value = row.get(column)
                if isinstance(value, str) and value:
                    names.add(value)
    return sorted(names)


def _begin_snapshot(session: Session) -> None:
    """Make every following SELECT see the same committed state.

    Python's sqlite3 only opens a transaction before a write, so each SELECT would
    otherwise see the latest data: a record saved mid-export could leave a link in the
    document to a row that isn't in it, and that export would then be refused on import.
    """
    connection = session.connection()
    driver = connection.connection.dbapi_connection
    if not getattr(driver, "in_transaction", True):
        connection.exec_driver_sql("BEGIN")


def export_workspace(db: Database) -> dict[str, Any]:
    """The whole workspace as a JSON-ready document (see docs/export-format.md)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    attachments: dict[str, str] = {}
    warnings: list[str] = []
    with db.transaction() as session:
        _begin_snapshot(session)
        for spec in _specs():
            order = [spec.table.c[name] for name in spec.primary_key]
            result = session.execute(select(spec.table).order_by(*order))
            rows: list[dict[str, Any]] = []
            for index, row in enumerate(result.mappings(), start=1):
                where = f"Row {index} of '{spec.name}'"
                rows.append(
                    {
                        name: _encode(column, row[name], where)
                        for name, column in spec.columns.items()
                    }
                )
            tables[spec.name] = rows
        folder = db.attachments_dir
        for name in _attachment_names(tables):
            path = folder / name
            if not _is_safe_file_name(name) or not path.is_file():
                warnings.append(f"The attached file '{name}' is missing and was not exported.")
                continue
            try:
                data = path.read_bytes()
            except OSError as exc:
                warnings.append(f"The attached file '{name}' could not be read ({exc.strerror}).")
                continue
            attachments[name] = base64.b64encode(data).decode("ascii")
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": _iso_utc(dt.datetime.now(UTC)),
        "tables": tables,
        "attachments": attachments,
    }
    if warnings:
        document["warnings"] = warnings
    return document


def write_export(db: Database, out_path: Path) -> ExportSummary:
    """Export the workspace to ``out_path``; the file appears complete or not at all."""
    document = export_workspace(db)
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    out_path = Path(out_path)
    folder = out_path.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=folder)
    temp_path = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_path, out_path)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    return ExportSummary(
        path=out_path,
        counts={name: len(rows) for name, rows in document["tables"].items()},
        attachments=len(document["attachments"]),
        warnings=tuple(document.get("warnings", ())),
    )


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows can't open a folder this way.
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- import: reading and checking -------------------------------------------------------


@dataclass
class _Plan:
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


def _load(document_or_path: Mapping[str, Any] | str | os.PathLike[str]) -> Any:
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


def _is_safe_file_name(name: str) -> bool:
    """A bare file name that stays inside the attachments folder on every system."""
    if not name or name in {".", ".."} or name != name.strip() or len(name.encode()) > 255:
        return False
    if name.startswith(".") or name.endswith("."):
        return False
    if name.partition(".")[0].upper() in _WINDOWS_RESERVED:
        return False
    return not any(ch in '/\\:*?"<>|' or ord(ch) < 32 for ch in name)


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_KIND_HINTS = {
    _Kind.TEXT: "should be text",
    _Kind.INT: "should be a whole number",
    _Kind.FLOAT: "should be a number",
    _Kind.BOOL: "should be true or false",
    _Kind.DATE: "should be a date written like 2026-03-12",
    _Kind.DATETIME: "should be a date and time written like 2026-03-12T09:30:00Z",
}


def _convert(spec: _ColumnSpec, value: Any) -> tuple[Any, str | None]:
    """The Python value to store for ``value``, or an explanation of what is wrong."""
    hint = _KIND_HINTS.get(spec.kind, "")
    if spec.kind is _Kind.TEXT:
        if not isinstance(value, str):
            return None, hint
        if _has_lone_surrogate(value):
            return None, "contains a broken character (an unpaired surrogate) that can't be saved"
        return value, None
    if spec.kind is _Kind.INT:
        if isinstance(value, bool) or not isinstance(value, int):
            return None, hint
        if not _INT64_MIN <= value <= _INT64_MAX:
            return None, "is too large a number"
        return value, None
    if spec.kind is _Kind.FLOAT:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, hint
        number = float(value)
        if not math.isfinite(number):
            return None, "should be a finite number"
        return number, None
    if spec.kind is _Kind.BOOL:
        return (value, None) if isinstance(value, bool) else (None, hint)
    if spec.kind is _Kind.DATE:
        if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
            return None, hint
        try:
            return dt.date.fromisoformat(value), None
        except ValueError:
            return None, f"is not a real date ('{value}')"
    if spec.kind is _Kind.DATETIME:
        if not isinstance(value, str) or not _DATETIME_RE.fullmatch(value):
            return None, hint
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return None, f"is not a real date and time ('{value}')"
        # A time without an offset is taken as UTC, the only zone the app ever writes.
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC), None
    # _Kind.ENUM
    assert spec.enum_class is not None
    if not isinstance(value, str) or value not in spec.enum_names:
        shown = f"'{value}'" if isinstance(value, str) else json.dumps(value)[:40]
        return None, f"should be one of {', '.join(spec.enum_names)} (found {shown})"
    return spec.enum_class[value], None


# Each older format version's step to the next one, applied in turn before the checks,
# so every export ever written stays importable (docs/export-format.md, "Versions").
_UPGRADES: dict[int, Callable[[Mapping[str, Any]], Mapping[str, Any]]] = {
    # 2 added target.feedback_requested_on; a field a file leaves out imports as empty.
    1: lambda document: {**document, "version": 2},
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


def _check_app_rules(table: str, row: Mapping[str, Any], where: str, problems: _Problems) -> bool:
    """The rules the app's own forms enforce (ranges, lengths, addresses, date order), so
    an imported record is one the person can go on editing."""
    record_kind = _KIND_OF_TABLE.get(table)
    if record_kind is None:
        return True
    ok = True
    for field_spec in record_kind.fields:
        if field_spec.type not in _RULE_TYPES or field_spec.name not in row:
            continue
        try:
            clean_value(field_spec, row[field_spec.name])
        except ValueError as exc:
            problems.add(f"{where}: {exc}.")
            ok = False
    for message in record_kind.checks.run(row).values():
        problems.add(f"{where}: {message}.")
        ok = False
    return ok


def _validate(document: Any) -> _Plan:
    # The header is checked alone first: past a wrong format or version, every other
    # message would be noise.
    document = _check_header(document)
    tables: Mapping[str, Any] = document["tables"]
    problems = _Problems()
    specs = _specs()
    by_name = {spec.name: spec for spec in specs}
    for name in tables:
        if name not in by_name:
            problems.add(
                f"The file contains a table '{name}' that this version of Second Chance "
                "doesn't know."
            )
    plan = _Plan()
    # Old ids of every row, per table, to resolve references against.
    ids: dict[str, set[int]] = {}
    for spec in specs:
        raw_rows = tables.get(spec.name, [])
        if not isinstance(raw_rows, list):
            problems.add(f"The table '{spec.name}' should be a list of rows.")
            raw_rows = []
        rows: list[dict[str, Any]] = []
        seen_ids: set[int] = set()
        for index, raw in enumerate(raw_rows, start=1):
            where = f"Row {index} of '{spec.name}'"
            if not isinstance(raw, Mapping):
                problems.add(f"{where} should be an object with named fields.")
                continue
            row: dict[str, Any] = {}
            ok = True
            for key, value in raw.items():
                column = spec.columns.get(key)
                if column is None:
                    problems.add(
                        f"{where}: this version of Second Chance doesn't know the field '{key}'."
                    )
                    ok = False
                    continue
                if value is None:
                    if column.nullable:
                        row[key] = None
                    else:
                        problems.add(f"{where}: '{key}' can't be empty.")
                        ok = False
                    continue
                converted, error = _convert(column, value)
                if error is not None:
                    problems.add(f"{where}: '{key}' {error}.")
                    ok = False
                    continue
                row[key] = converted
            for key in spec.required:
                if key not in raw:
                    problems.add(f"{where}: the required field '{key}' is missing.")
                    ok = False
            if spec.surrogate_key and isinstance(row.get(spec.surrogate_key), int):
                old_id = row[spec.surrogate_key]
                if old_id in seen_ids:
                    problems.add(f"{where}: id {old_id} is used by another row of this table.")
                    ok = False
                seen_ids.add(old_id)
            if ok:
                ok = _check_app_rules(spec.name, row, where, problems)
            if ok:
                row["__row__"] = index
                rows.append(row)
        ids[spec.name] = seen_ids
        plan.rows[spec.name] = rows

    for spec in specs:
        _check_references(spec, plan.rows[spec.name], ids, problems)
        _check_uniqueness(spec, plan.rows[spec.name], problems)

    plan.attachments = _check_attachments(document.get("attachments", {}), problems)
    problems.raise_if_any()
    _drop_missing_attachments(plan)
    return plan


def _check_references(
    spec: _TableSpec,
    rows: list[dict[str, Any]],
    ids: Mapping[str, set[int]],
    problems: _Problems,
) -> None:
    references = [c for c in spec.columns.values() if c.refers_to]
    for row in rows:
        for column in references:
            assert column.refers_to is not None
            value = row.get(column.name)
            if value is not None and value not in ids.get(column.refers_to, set()):
                problems.add(
                    f"Row {row['__row__']} of '{spec.name}': '{column.name}' refers to "
                    f"{column.refers_to} {value}, which isn't in the file."
                )


def _check_uniqueness(spec: _TableSpec, rows: list[dict[str, Any]], problems: _Problems) -> None:
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
        if not _is_safe_file_name(name) or _has_lone_surrogate(name):
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


def _drop_missing_attachments(plan: _Plan) -> None:
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


# --- import: writing --------------------------------------------------------------------


def _names_in_use(session: Session, folder: Path) -> set[str]:
    """Case-folded names already taken, by a file or by a record whose file is missing."""
    used: set[str] = set()
    if folder.is_dir():
        used.update(entry.name.casefold() for entry in folder.iterdir())
    for table_name, columns in ATTACHMENT_COLUMNS.items():
        table = models.Base.metadata.tables[table_name]
        for column in columns:
            for value in session.execute(select(table.c[column])).scalars():
                if value:
                    used.add(str(value).casefold())
    return used


def _fresh_name(name: str, used: set[str]) -> str:
    # Case-folded because Windows and macOS treat "CV.pdf" and "cv.pdf" as one file.
    if name.casefold() not in used:
        return name
    stem, dot, suffix = name.partition(".")
    counter = 2
    while True:
        candidate = f"{stem}-{counter}{dot}{suffix}"
        if candidate.casefold() not in used:
            return candidate
        counter += 1


def _write_attachment(path: Path, data: bytes) -> None:
    # "xb": never replace a file that appeared since the names were chosen.
    with path.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _insert_rows(session: Session, plan: _Plan, renamed: Mapping[str, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    id_maps: dict[str, dict[int, int]] = {}
    for spec in _specs():
        id_map: dict[int, int] = {}
        id_maps[spec.name] = id_map
        rows = plan.rows[spec.name]
        attachment_columns = ATTACHMENT_COLUMNS.get(spec.name, ())
        for row in rows:
            values = {k: v for k, v in row.items() if k != "__row__"}
            for column in spec.columns.values():
                if column.refers_to and values.get(column.name) is not None:
                    values[column.name] = id_maps[column.refers_to][values[column.name]]
            for column_name in attachment_columns:
                if values.get(column_name) is not None:
                    values[column_name] = renamed[values[column_name]]
            if spec.surrogate_key is not None:
                old_id = values.pop(spec.surrogate_key)
                result = session.connection().execute(insert(spec.table).values(values))
                new_key = result.inserted_primary_key
                assert new_key is not None
                id_map[old_id] = int(new_key[0])
            elif spec.is_keyed:
                _upsert(session, spec, values)
            else:
                session.execute(insert(spec.table).values(values))
        counts[spec.name] = len(rows)
    return counts


def _upsert(session: Session, spec: _TableSpec, values: dict[str, Any]) -> None:
    # ON CONFLICT DO UPDATE doesn't run the column's onupdate, so stamp it here.
    if "updated_at" in spec.columns:
        values.setdefault("updated_at", models.utcnow())
    replace = {k: v for k, v in values.items() if k not in spec.primary_key and k != "created_at"}
    statement = sqlite_insert(spec.table).values(values)
    if replace:
        statement = statement.on_conflict_do_update(
            index_elements=list(spec.primary_key), set_=replace
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(spec.primary_key))
    session.execute(statement)


def import_workspace(
    db: Database, document_or_path: Mapping[str, Any] | str | os.PathLike[str]
) -> ImportSummary:
    """Merge an export into ``db``; everything is checked first, then written at once.

    ``document_or_path`` is a parsed document or the path of an export file (a ``str``
    is a path, never JSON text).  Raises :class:`WorkspaceImportError` with a message a
    person understands; on any failure neither the database nor the attachments folder
    changes.
    """
    plan = _validate(_load(document_or_path))
    folder = db.attachments_dir
    written: list[Path] = []
    try:
        with db.transaction() as session:
            used = _names_in_use(session, folder)
            renamed: dict[str, str] = {}
            for name in sorted(plan.attachments):
                renamed[name] = _fresh_name(name, used)
                used.add(renamed[name].casefold())
            counts = _insert_rows(session, plan, renamed)
            if plan.attachments:
                ensure_private_dir(folder)
            for name, data in plan.attachments.items():
                path = folder / renamed[name]
                written.append(path)
                _write_attachment(path, data)
    except BaseException as exc:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(exc, SQLAlchemyError):
            detail = getattr(exc, "orig", None) or exc
            raise WorkspaceImportError(
                "The file passed every check but the database refused it, so nothing was "
                f"imported. Details for support: {detail}"
            ) from exc
        if isinstance(exc, OSError):
            raise WorkspaceImportError(
                "The attached files could not be saved in the data folder "
                f"({exc.strerror or exc}), so nothing was imported."
            ) from exc
        raise
    warnings = list(plan.warnings)
    warnings.extend(
        f"The attached file '{old}' was saved as '{new}' because that name was already taken."
        for old, new in sorted(renamed.items())
        if old != new
    )
    return ImportSummary(counts=counts, attachments=len(written), warnings=tuple(warnings))
