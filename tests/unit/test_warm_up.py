"""The idle-time warm-up reads and compares, and never changes the data."""

from __future__ import annotations

import sqlite3

from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.services import warm_up
from secondchance.core.services.jd_vocabulary import load_vocabulary


def _dump(db: Database) -> list[str]:
    with sqlite3.connect(db.path) as connection:
        return list(connection.iterdump())


def test_warming_up_changes_nothing_and_compiles_the_vocabulary(db: Database) -> None:
    add_sample_target(db)
    before, writes = _dump(db), db.writes
    warm_up.mappers()
    warm_up.statements(db)
    assert _dump(db) == before
    assert db.writes == writes  # no backup on close is owed to a warm-up
    vocabulary = load_vocabulary()
    assert vocabulary._matcher  # built once, kept for the coverage view and the JD scan
