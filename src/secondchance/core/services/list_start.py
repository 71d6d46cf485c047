"""The start of a list: the whole of it when it is short, its first rows when it is long.

A list of 100 000 feedback items takes most of a second to read (the driver's fetch alone
is a fifth of one), which froze the window each time the list was opened.  A long list is
opened on its first screenful instead: the records that come first in the order the list
is sorted by, read in a few milliseconds; the window reads the whole list off the GUI
thread (``list_records``) and puts it in place when it arrives.

SQL picks those first records in the order the list itself sorts by (empty values last,
ties by id; text by the first part of ``collation.text_sort_key``, through a function
registered on the connection), so they are the rows the whole list will show at the top.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from secondchance.core.collation import text_sort_key
from secondchance.core.db import Database
from secondchance.core.services.fields import FieldType
from secondchance.core.services.kinds import RecordKind, kind
from secondchance.core.services.record_rows import (
    RecordRow,
    _ids_scope,
    _list_scope,
    _read,
    plain_rows,
    scoped,
)

SORT_KEY_SQL = "secondchance_sort_key"
# Kinds of field whose stored values SQL orders as a list does (dates are ISO text).
_IN_SQL = (FieldType.DATE, FieldType.INTEGER, FieldType.RATING)


@dataclass(frozen=True)
class ListStart:
    total: int  # records in the list
    rows: list[RecordRow]  # all of them, or the first ``head`` in the order asked for
    whole: bool


def sort_key_sql(text: Any) -> str | None:
    """The first part of a text's sort key (what decides nearly every comparison);
    None for an empty text, which sorts last."""
    if not isinstance(text, str) or text == "":
        return None
    return text_sort_key(text)[0]


def list_start(
    db: Database,
    kind_name: str,
    target_id: int | None,
    parent_id: int | None,
    sort: tuple[str | None, bool],
    *,
    whole_up_to: int,
    head: int,
) -> ListStart:
    """The whole list if it holds at most ``whole_up_to`` records (or its order can't be
    worked out in SQL), else its first ``head`` records when sorted by ``sort`` (a field's
    name, or None for the order of the ids; and whether descending)."""
    k = kind(kind_name)
    table = k.model.__table__
    scoped(k, select(table.c.id), target_id, parent_id)  # refuses a missing target
    scope = _list_scope(k, target_id, parent_id)
    with db.transaction() as session:
        total = int(session.execute(scope(select(func.count(table.c.id)))).scalar_one())
        order = _order(session, k, sort) if total > whole_up_to else None
        if order is None:
            return ListStart(total, _read(session, k, scope), True)
        first = scope(select(table.c.id)).order_by(*order).limit(head)
        ids = [raw[0] for raw in plain_rows(session, first)]
        return ListStart(total, _read(session, k, _ids_scope(k, ids)), False)


def _order(session: Session, k: RecordKind, sort: tuple[str | None, bool]) -> list[Any] | None:
    """ORDER BY terms that put the rows as the list does, or None if SQL can't."""
    name, descending = sort
    table = k.model.__table__
    pk = table.c.id
    if name is None:
        return [pk]  # by id, whichever way (as the list sorts without a column)
    spec = next((f for f in k.fields if f.name == name), None)
    if spec is None:
        return None
    column = table.c[name]
    if spec.type in _IN_SQL:
        empty: Any = column.is_(None)
        value: Any = column
    elif spec.type is FieldType.TEXT:
        connection = session.connection().connection.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        connection.create_function(SORT_KEY_SQL, 1, sort_key_sql, deterministic=True)
        empty = or_(column.is_(None), column == "")
        # ASCII text's key is its lower case, which SQLite's own lower() makes; the
        # function (a call into Python per row) only for the rest.
        value = case(
            (column.op("GLOB")("*[^\x01-\x7f]*"), getattr(func, SORT_KEY_SQL)(column)),
            else_=func.lower(column),
        )
    else:
        return None
    if not descending:
        return [empty, value, pk]
    # Descending: the values and their ties reversed; empty values still last, by id.
    return [empty, value.desc(), case((empty, pk), else_=-pk)]
