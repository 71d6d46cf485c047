"""Reading records on the driver's own connection: rows with the columns as attributes,
converted as the model classes convert them (``COLUMN_TYPES``, which a test keeps equal
to the models' column types).

What reads many rows to work figures out (readiness's facts, what is due) reads here: a
plain ``sqlite3`` row costs a fraction of an ORM object or a SQLAlchemy row, and the same
reading runs inside a session's transaction (``read_in``) or on a plain connection before
SQLAlchemy is loaded.  Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar, cast

from secondchance.core import enums as e

if TYPE_CHECKING:
    from secondchance.core.db import Database

__all__ = ["COLUMN_TYPES", "of_target", "pairs", "read_in", "rows", "to_date"]

T = TypeVar("T")

# Each table's columns that are not stored as they are read: dates (ISO text), flags (0/1)
# and enumerations (stored by member name).  Timestamps are left as stored: no rule reads
# them (their time-zone conversion was a third of the load at 100k rows).
COLUMN_TYPES: dict[str, dict[str, type[Enum] | type[dt.date] | type[bool]]] = {
    "target": {
        "first_interview_date": dt.date,
        "rejection_date": dt.date,
        "eligible_date": dt.date,
        "status": e.TargetStatus,
        "feedback_requested_on": dt.date,
        "interview_date": dt.date,
        "reapplied_on": dt.date,
        "reapply_stage": e.ReapplyStage,
        "outcome": e.ReapplyOutcome,
        "outcome_on": dt.date,
        "archived_on": dt.date,
    },
    "feedback": {
        "received_on": dt.date,
        "source": e.FeedbackSource,
        "theme": e.FeedbackTheme,
        "status": e.FeedbackStatus,
    },
    "skill": {"category": e.SkillCategory},
    "learning_activity": {
        "kind": e.ActivityKind,
        "status": e.ActivityStatus,
        "start_date": dt.date,
        "due_date": dt.date,
        "completed_on": dt.date,
    },
    "contact": {"relationship": e.Relationship, "quiet_until": dt.date},
    "event": {"kind": e.EventKind, "date": dt.date, "status": e.EventStatus},
    "interaction": {
        "date": dt.date,
        "channel": e.Channel,
        "follow_up_date": dt.date,
        "follow_up_done": bool,
    },
    "resume_version": {"created_on": dt.date, "sent_on": dt.date},
    "question": {"category": e.QuestionCategory, "practice_due": dt.date},
    "interview_round": {"date": dt.date, "stage": e.RoundStage},
    "experience": {"kind": e.ExperienceKind, "start_date": dt.date, "end_date": dt.date},
}


def to_date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


class _Dates(dict[str | None, dt.date | None]):
    """ISO text → date, each day parsed once (a list's dates repeat: a few thousand days
    in 100 000 rows), looked up by ``map`` without a Python call per value."""

    def __missing__(self, value: str | None) -> dt.date | None:
        day = self[value] = to_date(value)
        return day


def _converter(kind: type[Enum] | type[dt.date] | type[bool]) -> Callable[[Any], Any]:
    # A lookup table's own ``__getitem__``: an unknown value raises, as the models' do.
    if kind is dt.date:
        return _Dates({None: None}).__getitem__
    if kind is bool:
        return {None: None, 0: False, 1: True}.__getitem__
    members: dict[Any, Any] = {None: None, **cast(type[Enum], kind).__members__}
    return members.__getitem__


_Convert = Callable[[Any], Any]
_ROW_CLASSES: dict[tuple[str, tuple[str, ...]], tuple[type, list[tuple[int, _Convert]]]] = {}
# Rows converted a batch at a time: each batch is one stretch in C that doesn't let go of
# Python's lock, and this runs beside the GUI thread (100 000 rows at once froze it).
BATCH = 2000


def _shape(table: str, names: tuple[str, ...]) -> tuple[type, list[tuple[int, _Convert]]]:
    """The row class for these columns (attributes, like a model object) and the
    converters by position; made once per table and column list."""
    key = (table, names)
    found = _ROW_CLASSES.get(key)
    if found is None:
        types = COLUMN_TYPES[table]
        converters = [(i, _converter(types[n])) for i, n in enumerate(names) if n in types]
        found = (namedtuple(f"{table}_row", names), converters)
        _ROW_CLASSES[key] = found
    return found


def rows(
    conn: sqlite3.Connection,
    table: str,
    sql: str,
    params: Sequence[Any] | Mapping[str, Any] = (),
) -> list[Any]:
    cursor = conn.execute(sql, params)
    names = tuple(d[0] for d in cursor.description)
    row_class, converters = _shape(table, names)
    make = row_class._make  # type: ignore[attr-defined]
    found: list[Any] = []
    while batch := cursor.fetchmany(BATCH):
        if converters:
            # Column by column: one ``map`` per typed column, then the rows put together.
            columns = list(zip(*batch, strict=True))
            for i, convert in converters:
                columns[i] = tuple(map(convert, columns[i]))
            batch = list(zip(*columns, strict=True))
        found.extend(map(make, batch))
    return found


def of_target(
    conn: sqlite3.Connection, table: str, target_id: int, columns: str = "*"
) -> list[Any]:
    """The target's rows of ``table`` in id order, with only ``columns`` when the reader
    needs no others (each column read is a value made per row)."""
    sql = f"SELECT {columns} FROM {table} WHERE target_id = ? ORDER BY id"
    return rows(conn, table, sql, (target_id,))


def pairs(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[Any]:
    return conn.execute(sql, params).fetchall()


def read_in(db: Database, read: Callable[[sqlite3.Connection], T]) -> T:
    """``read(connection)`` in one transaction of the open database, on the driver's
    connection; its errors read as the session's own would (busy, damaged, …)."""
    from secondchance.core.db import StorageError, storage_message

    with db.transaction() as session:
        conn = session.connection().connection.driver_connection
        try:
            return read(cast(sqlite3.Connection, conn))
        except sqlite3.OperationalError as exc:
            raise StorageError(storage_message(exc)) from exc
