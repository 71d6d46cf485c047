"""A token that changes whenever any record does, kept by SQLite itself.

Migration 0007 made the one-row table ``change_mark`` and, on every table of records,
triggers (after each insert, update and delete of a row) that give it a new random
``token``.  Whatever writes (the window, the command line, an import, an undo, another
program), the token after a change differs from every token before it (64 random bits), so
what was worked out beside a token is known to be current while the token is the same,
without reading the records again (``services/first_look_cache.py``).  A restored backup
carries the token of its own data.

Not marked: ``app_setting`` (preferences and the last target shown: no figure reads them,
and the window writes the last target whenever another is chosen) and the bookkeeping
tables.  A database made from the models alone (tests) has the table but no row: no token.

A migration that rebuilds a table (batch mode) drops that table's triggers; a new table has
none.  Give them with ``trigger_statements(table)``: a test checks every table has them at
head.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import Any

__all__ = [
    "EVENTS",
    "NOT_MARKED",
    "TABLE",
    "include_object",
    "read_token",
    "suspended",
    "trigger_name",
    "trigger_statements",
]

TABLE = "change_mark"
NOT_MARKED = frozenset({"app_setting", TABLE, "alembic_version"})
EVENTS = ("insert", "update", "delete")


def trigger_name(table: str, event: str) -> str:
    return f"change_mark_{table}_{event}"


def trigger_statements(table: str) -> list[str]:
    return [
        f'CREATE TRIGGER IF NOT EXISTS "{trigger_name(table, event)}"'
        f' AFTER {event.upper()} ON "{table}"'
        " BEGIN UPDATE change_mark SET token = random() WHERE id = 1; END"
        for event in EVENTS
    ]


def read_token(conn: sqlite3.Connection) -> int | None:
    """The token, read in ``conn``'s transaction; None when the file has none (older than
    the mark, or made from the models alone)."""
    try:
        row = conn.execute("SELECT token FROM change_mark WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None or row[0] is None else int(row[0])


def include_object(_obj: Any, name: str | None, type_: str, *_rest: Any) -> bool:
    """For Alembic's comparisons: the mark is not a model (exports, imports and every list
    of record tables leave it out), so the models' metadata never claims or drops it."""
    return not (type_ == "table" and name == TABLE)


_TOUCH = f"UPDATE {TABLE} SET token = random() WHERE id = 1"


@contextlib.contextmanager
def suspended(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside the caller's transaction on ``conn``: the triggers dropped while many rows are
    written, then put back exactly as they were and the token changed once.

    A trigger is a statement run for every row written (an import of 100 000 records paid
    0.6 s for them).  The drop is part of the transaction, so a rollback (an exception
    leaving this block) puts the triggers back too.  A file without the mark, or a
    connection that is not in a transaction, keeps its triggers.
    """
    try:
        conn.execute(_TOUCH)  # begins the driver's transaction if it had not yet
    except sqlite3.OperationalError:
        yield  # no mark here
        return
    if not conn.in_transaction:
        yield
        return
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        " AND name LIKE 'change\\_mark\\_%' ESCAPE '\\' ORDER BY name"
    ).fetchall()
    for name, _sql in found:
        conn.execute(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in found:
        conn.execute(sql)
    conn.execute(_TOUCH)
