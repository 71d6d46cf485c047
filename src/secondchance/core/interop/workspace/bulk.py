"""Import, the write: many rows of one table in one ``executemany`` straight to SQLite.

The values stored are the ones SQLAlchemy's ``insert()`` would store (each column's bind
processor for this dialect, Python-side defaults for columns the file leaves out), made
column by column instead of row by row, which is most of an import's time:

- a column's bind processor is replaced by a quicker one giving the same text for the
  values an import holds (a ``date``, an aware UTC ``datetime``, an enum member), and the
  original for anything else; ``tests/unit/test_workspace_bulk.py`` compares them;
- a constant default is converted once; ``utcnow`` is read once per import (every row
  of the import is stamped with the same moment, the moment of the import);
- ``new_uuid`` is made for all rows at once (:func:`new_uuids`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from datetime import UTC
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Connection, Table
from sqlalchemy.engine import Dialect

from secondchance.core import models

Processor = Callable[[Any], Any]


def new_uuids(count: int) -> list[str]:
    """``count`` random (version 4) uuids as text, as ``models.new_uuid`` writes them.

    One call to the system's random source for all of them, and no ``uuid.UUID`` object
    per row (four times quicker for a large import).
    """
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes((b & 0x0F) | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes((b & 0x3F) | 0x80 for b in raw[8::16])  # variant RFC 4122
    h = raw.hex()
    return [
        f"{h[i : i + 8]}-{h[i + 8 : i + 12]}-{h[i + 12 : i + 16]}-{h[i + 16 : i + 20]}-"
        f"{h[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


def _date_text(slow: Processor) -> Processor:
    def process(value: Any) -> Any:
        # date.isoformat is SQLite's storage format ("%04d-%02d-%02d").
        return value.isoformat() if type(value) is dt.date else slow(value)

    return process


def _datetime_text(slow: Processor) -> Processor:
    def process(value: Any) -> Any:
        # UTCDateTime stores naive UTC as "YYYY-MM-DD HH:MM:SS.ffffff".
        if type(value) is dt.datetime and value.tzinfo is UTC:
            return value.replace(tzinfo=None).isoformat(" ", "microseconds")
        return slow(value)

    return process


def _enum_text(slow: Processor, enum_class: Any) -> Processor:
    stored = {member: slow(member) for member in enum_class}

    def process(value: Any) -> Any:
        found = stored.get(value) if type(value) is enum_class else None
        return found if found is not None else slow(value)

    return process


def _float_value(slow: Processor) -> Processor:
    return lambda value: value if type(value) is float else slow(value)


# Made once per process: SQLAlchemy keeps its own per dialect, and each open makes a new one.
_PROCESSORS: dict[tuple[Column[Any], str, str], Processor | None] = {}


def bind_processor(column: Column[Any], dialect: Dialect) -> Processor | None:
    """The column's bind processor for ``dialect``, or a quicker one with the same results."""
    key = (column, dialect.name, dialect.driver)
    if key not in _PROCESSORS:
        _PROCESSORS[key] = _make_processor(column, dialect)
    return _PROCESSORS[key]


def _make_processor(column: Column[Any], dialect: Dialect) -> Processor | None:
    impl = column.type.dialect_impl(dialect)
    slow = impl.bind_processor(dialect)
    if slow is None:
        return None
    column_type: Any = column.type
    if isinstance(column_type, models.UTCDateTime):
        return _datetime_text(slow)
    enum_class = getattr(column_type, "enum_class", None)
    if enum_class is not None:
        return _enum_text(slow, enum_class)
    python_type = getattr(column_type, "python_type", None)
    if python_type is dt.date:
        return _date_text(slow)
    if python_type is float:
        return _float_value(slow)
    return slow


def _wrapped(column: Column[Any]) -> Any:
    default: Any = column.default
    return getattr(default.arg, "__wrapped__", None) if default.is_callable else None


def _default_column(
    column: Column[Any], count: int, now: dt.datetime, dialect: Dialect
) -> Sequence[Any]:
    """The values ``insert()`` would give ``count`` rows that leave ``column`` out."""
    default: Any = column.default
    process = bind_processor(column, dialect) or (lambda value: value)
    made = _wrapped(column)
    if made is models.utcnow:
        return [process(now)] * count
    if not default.is_callable:
        return [process(default.arg)] * count
    values = (
        new_uuids(count) if made is models.new_uuid else [default.arg(None) for _ in range(count)]
    )
    return [process(value) for value in values]


def insert_many(
    connection: Connection, table: Table, rows: list[dict[str, Any]], now: dt.datetime
) -> None:
    """Insert ``rows`` (all with the same keys, in the same order) into ``table``."""
    dialect = connection.dialect
    given = list(rows[0])
    defaults = [
        c
        for c in table.columns
        if c.name not in given and c.default is not None and hasattr(c.default, "arg")
    ]
    names = given + [c.name for c in defaults]
    count = len(rows)
    # Column by column: a list per column, each converted in one comprehension.
    if len(given) == 1:
        columns: list[Sequence[Any]] = [[row[given[0]] for row in rows]]
    else:
        columns = [list(c) for c in zip(*map(itemgetter(*given), rows), strict=True)]
    for index, name in enumerate(given):
        process = bind_processor(table.c[name], dialect)
        if process is not None:
            columns[index] = [None if v is None else process(v) for v in columns[index]]
    columns.extend(_default_column(c, count, now, dialect) for c in defaults)
    quoted = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})'
    connection.exec_driver_sql(sql, list(zip(*columns, strict=True)))
