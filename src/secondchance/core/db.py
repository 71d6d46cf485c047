"""Engine and sessions.

One writer (the app), SQLite in WAL mode with full synchronous writes: a person's plans are
worth the extra fsync.  Every unit of work is ``with db.transaction() as session:``; results
are materialised before the block ends because the UI never holds a session.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 5000


class StorageError(OSError):
    """The data file could not be read or written (locked, full, read-only, damaged)."""


def _plain(exc: OperationalError) -> str:
    detail = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    if "locked" in detail or "busy" in detail:
        return (
            "The data file is busy — another program is using it. Nothing was lost; "
            "try again in a moment."
        )
    if "full" in detail:
        return "The disk is full, so your change could not be saved. Free some space."
    if "readonly" in detail or "read-only" in detail:
        return "The data file is read-only, so your change could not be saved."
    return f"The data file could not be used ({detail})."


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def make_engine(path: Path | str) -> Engine:
    # URL.create, not string formatting: a folder name with "?" or "#" must stay a path.
    database = None if str(path) == ":memory:" else str(Path(path))
    engine = create_engine(URL.create("sqlite", database=database))
    event.listen(engine, "connect", _on_connect)
    return engine


class Database:
    """An open workspace database: one engine, short sessions."""

    def __init__(self, path: Path, data_dir: Path | None = None) -> None:
        self.path = path
        self.data_dir = data_dir if data_dir is not None else path.parent
        self.engine = make_engine(path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any exception."""
        try:
            with self._sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            raise StorageError(_plain(exc)) from exc

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    def close(self) -> None:
        self.engine.dispose()


def open_database(data_dir: Path) -> Database:
    """Open (creating or migrating as needed) the workspace database in ``data_dir``."""
    from secondchance.core.migrate import prepare_database
    from secondchance.paths import DataPaths

    paths = DataPaths(data_dir).ensure()
    prepare_database(paths.database, paths.backups)
    if os.name == "posix":
        os.chmod(paths.database, 0o600)  # private notes: owner-only, like the folder
    return Database(paths.database, data_dir)
