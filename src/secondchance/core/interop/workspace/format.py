"""What every part of the workspace format shares: its name and version, the error and
summary types, and a description of each table (column kinds, references, keys) read from
the ORM metadata, in the order the tables depend on each other."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Table, UniqueConstraint
from sqlalchemy import Enum as SAEnum
from sqlalchemy.types import TypeDecorator

from secondchance.core import models

FORMAT_NAME = "secondchance-workspace"
FORMAT_VERSION = 3

# Columns holding the stored name of a file inside the data folder's attachments/.
ATTACHMENT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "resume_version": ("file",),
    "learning_activity": ("evidence_file",),
}

_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
)


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
    """What an import added: rows per table (settings: added or replaced), files written.

    ``ids`` gives, per table, each record's id in the workspace by its id in the file.
    """

    counts: dict[str, int]
    attachments: int
    warnings: tuple[str, ...] = ()
    ids: Mapping[str, Mapping[int, int]] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


# --- what each table looks like ----------------------------------------------------------


class ColumnKind(enum.Enum):
    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATE = "date"
    DATETIME = "datetime"
    ENUM = "enum"


def column_kind(column: Column[Any]) -> ColumnKind:
    col_type: Any = column.type
    if isinstance(col_type, SAEnum):
        return ColumnKind.ENUM
    if isinstance(col_type, TypeDecorator):
        col_type = col_type.impl_instance
    python_type = col_type.python_type
    kinds: dict[type, ColumnKind] = {
        bool: ColumnKind.BOOL,
        int: ColumnKind.INT,
        float: ColumnKind.FLOAT,
        dt.datetime: ColumnKind.DATETIME,
        dt.date: ColumnKind.DATE,
        str: ColumnKind.TEXT,
    }
    if python_type not in kinds:
        # A new column type in models.py needs a decision here, not a silent guess.
        raise TypeError(f"the workspace export can't store column {column} of type {column.type!r}")
    return kinds[python_type]


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: ColumnKind
    nullable: bool
    has_default: bool
    enum_names: tuple[str, ...]
    enum_class: type[enum.Enum] | None
    # Table whose surrogate id this column refers to (remapped on import), if any.
    refers_to: str | None


@dataclass(frozen=True)
class TableSpec:
    table: Table
    columns: dict[str, ColumnSpec]
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


def _build_table_specs() -> list[TableSpec]:
    tables = list(models.Base.metadata.sorted_tables)
    surrogates: dict[str, str] = {}
    for table in tables:
        auto = table.autoincrement_column
        if auto is not None and column_kind(auto) is ColumnKind.INT:
            surrogates[table.name] = auto.name
    specs: list[TableSpec] = []
    for table in tables:
        columns: dict[str, ColumnSpec] = {}
        for column in table.columns:
            kind = column_kind(column)
            enum_class: type[enum.Enum] | None = None
            enum_names: tuple[str, ...] = ()
            if kind is ColumnKind.ENUM:
                enum_type: Any = column.type
                enum_class = enum_type.enum_class
                enum_names = tuple(enum_type.enums)
            refers_to = None
            for fk in column.foreign_keys:
                referred = fk.column
                if surrogates.get(referred.table.name) == referred.name:
                    refers_to = referred.table.name
            columns[column.name] = ColumnSpec(
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
            TableSpec(
                table=table,
                columns=columns,
                surrogate_key=surrogates.get(table.name),
                primary_key=tuple(c.name for c in table.primary_key.columns),
                unique_sets=unique_sets,
            )
        )
    return specs


_SPECS: list[TableSpec] | None = None


def table_specs() -> list[TableSpec]:
    """Every table of the model, each after the tables it refers to (export and import order)."""
    global _SPECS
    if _SPECS is None:
        _SPECS = _build_table_specs()
    return _SPECS


def is_safe_file_name(name: str) -> bool:
    """A bare file name that stays inside the attachments folder on every system."""
    if not name or name in {".", ".."} or name != name.strip() or len(name.encode()) > 255:
        return False
    if name.startswith(".") or name.endswith("."):
        return False
    if name.partition(".")[0].upper() in _WINDOWS_RESERVED:
        return False
    return not any(ch in '/\\:*?"<>|' or ord(ch) < 32 for ch in name)
