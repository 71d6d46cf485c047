"""Rows read on the driver's connection (core/services/driver_rows.py) are converted as the
model classes convert them: the column types it knows are the models' own."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import pytest
import sqlalchemy as sa

from secondchance.core import models as m
from secondchance.core.db import Database, StorageError
from secondchance.core.services import driver_rows

STAMPS = {"created_at", "updated_at"}


def _typed_columns(table: sa.Table) -> dict[str, object]:
    typed: dict[str, object] = {}
    for column in table.columns:
        kind = column.type
        if column.name in STAMPS:
            continue
        if isinstance(kind, sa.Enum):
            typed[column.name] = kind.enum_class
        elif isinstance(kind, sa.Boolean):
            typed[column.name] = bool
        elif isinstance(kind, sa.DateTime):
            typed[column.name] = dt.datetime
        elif isinstance(kind, sa.Date):
            typed[column.name] = dt.date
    return typed


def test_the_column_types_are_the_models_own() -> None:
    for name, types in driver_rows.COLUMN_TYPES.items():
        assert types == _typed_columns(m.Base.metadata.tables[name]), name


def test_values_are_converted_and_nulls_kept(db: Database) -> None:
    with db.transaction() as session:
        contact = m.Contact(name="Ana", relationship=m.Relationship.recruiter)
        session.add(contact)
        session.flush()
        session.add(m.Interaction(contact_id=contact.id, date=dt.date(2026, 3, 1)))

    def read(conn: sqlite3.Connection) -> list[Any]:
        return driver_rows.rows(conn, "interaction", "SELECT * FROM interaction")

    (row,) = driver_rows.read_in(db, read)
    assert row.date == dt.date(2026, 3, 1)
    assert row.follow_up_done is False  # stored 0
    assert row.follow_up_date is None
    assert row.channel is m.Channel.email


def test_a_driver_error_reads_as_a_plain_storage_message(db: Database) -> None:
    def busy(_conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(StorageError, match="busy"):
        driver_rows.read_in(db, busy)


def test_an_unknown_stored_value_is_refused_not_read_as_empty(db: Database) -> None:
    with db.transaction() as session:
        session.add(m.Contact(name="Ana"))
    with db.transaction() as session:
        session.execute(sa.text("UPDATE contact SET relationship = 'stranger'"))

    def read(conn: sqlite3.Connection) -> list[Any]:
        return driver_rows.rows(conn, "contact", "SELECT * FROM contact")

    with pytest.raises(KeyError):
        driver_rows.read_in(db, read)


def test_rows_come_in_batches_with_the_same_result(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.transaction() as session:
        contact = m.Contact(name="Ana")
        session.add(contact)
        session.flush()
        session.add_all(
            m.Interaction(contact_id=contact.id, date=dt.date(2026, 1, 1 + i % 28))
            for i in range(7)
        )
    monkeypatch.setattr(driver_rows, "BATCH", 3)

    def read(conn: sqlite3.Connection) -> list[Any]:
        return driver_rows.rows(conn, "interaction", "SELECT * FROM interaction ORDER BY id")

    found = driver_rows.read_in(db, read)
    assert [r.date.day for r in found] == [1, 2, 3, 4, 5, 6, 7]


def test_a_database_set_aside_refuses_reads_and_comes_back(db: Database) -> None:
    with db.set_aside():
        with pytest.raises(StorageError, match="being restored"), db.transaction():
            pass
        with pytest.raises(StorageError, match="being restored"):
            driver_rows.read_in(db, lambda conn: conn.execute("SELECT 1").fetchone())
    assert driver_rows.read_in(db, lambda conn: conn.execute("SELECT 1").fetchone()) == (1,)
