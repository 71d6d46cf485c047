"""Engine and sessions, and opening a data folder safely.

One writer (the app), SQLite in WAL mode. A commit returns without an fsync
(``synchronous=NORMAL``); ``core/durability.py`` flushes the write-ahead log right after, on
a thread of its own, so a saved change survives a power cut as it did with ``FULL`` while
the GUI thread that autosaves never waits on the disk.  Every unit of work is
``with db.transaction() as session:``; results are materialised before the block ends
because the UI never holds a session.

Opening is checking (:func:`open_database`): before anything can write, the file is checked
for damage (``core/damage.py``); a damaged file is moved aside and
:class:`~secondchance.core.damage.DamagedDatabaseError` says what to do.  A folder or file
that can't be written opens **read-only**: everything can be read, exported and printed,
and a write is refused with a plain message.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from secondchance.core.backup import DatabaseError
from secondchance.core.durability import Durability
from secondchance.core.errors import StorageError as StorageError

BUSY_TIMEOUT_MS = 5000
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

log = logging.getLogger(__name__)


class ReadOnlyError(StorageError):
    """A change was asked of data opened read-only."""


READ_ONLY_MESSAGE = (
    "Your data folder can't be written to (it is read-only), so Second Chance opened it "
    "for reading only: you can look, export and print, but changes can't be saved. "
    "Make the folder writable (or copy it somewhere writable) and open it again."
)


SET_ASIDE_MESSAGE = (
    "Your data is being restored from a backup, so it can't be read just now. Nothing was "
    "lost; try again in a moment."
)


def storage_message(exc: Exception) -> str:
    """What a person is told when the data file can't be used (SQLAlchemy's error or the
    driver's own, from a read on the driver's connection)."""
    orig = getattr(exc, "orig", None)
    detail = str(orig if orig is not None else exc).lower()
    if "locked" in detail or "busy" in detail:
        return (
            "The data file is busy — another program is using it. Nothing was lost; "
            "try again in a moment."
        )
    if "full" in detail:
        return "The disk is full, so your change could not be saved. Free some space."
    if "readonly" in detail or "read-only" in detail:
        return "The data file is read-only, so your change could not be saved."
    if "malformed" in detail or "disk i/o" in detail or "not a database" in detail:
        return (
            "Your data file appears to be damaged, so nothing more was written to it. "
            "Close Second Chance and open it again: it will check the file and offer to "
            "restore your newest backup."
        )
    return f"The data file could not be used ({detail})."


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # The fsync FULL made in each commit is made off the saving thread (Durability).
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA journal_mode=WAL")
        # Statement journals in memory: with the change mark's triggers (core/change_mark.py)
        # every insert into a table with constraints needs one, and in a temporary file each
        # cost ~13 µs a row (an import of 100 000 records: +2.3 s; in memory +2–4 µs).
        cursor.execute("PRAGMA temp_store=MEMORY")
    finally:
        cursor.close()


def _on_connect_read_only(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA query_only=ON")
    finally:
        cursor.close()


def make_engine(path: Path | str, *, read_only: bool = False, immutable: bool = False) -> Engine:
    # URL.create, not string formatting: a folder name with "?" or "#" must stay a path.
    # hide_parameters: an error message must never carry record text into the log.
    if str(path) == ":memory:":
        engine = create_engine(URL.create("sqlite"), hide_parameters=True)
        event.listen(engine, "connect", _on_connect)
        return engine
    if not read_only:
        engine = create_engine(URL.create("sqlite", database=str(Path(path))), hide_parameters=True)
        event.listen(engine, "connect", _on_connect)
        return engine
    uri = Path(path).resolve().as_uri() + ("?immutable=1" if immutable else "?mode=ro")
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        hide_parameters=True,
        # "sqlite://" alone would choose the in-memory pool, one connection per thread,
        # which closes every thread's connection on dispose: the window's workers read too,
        # and a connection closed under a running query crashes the process.
        poolclass=QueuePool,
    )
    event.listen(engine, "connect", _on_connect_read_only)
    return engine


class Database:
    """An open workspace database: one engine, short sessions."""

    def __init__(
        self,
        path: Path,
        data_dir: Path | None = None,
        *,
        read_only: bool = False,
        immutable: bool = False,
    ) -> None:
        self.path = path
        self.data_dir = data_dir if data_dir is not None else path.parent
        self.read_only = read_only
        self.engine = make_engine(path, read_only=read_only, immutable=immutable)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Statements that changed rows since opening (or since mark_backed_up): tells the
        # window whether a backup on close is worth making.
        self.writes = 0
        self._writes_at_backup = 0
        self._set_aside = False  # ``set_aside``: the file is being replaced
        # Flushes the log after each write; none for a file opened read-only (or memory).
        self.durability = None if read_only or str(path) == ":memory:" else Durability(Path(path))
        event.listen(self.engine, "after_cursor_execute", self._count_write)

    def _count_write(self, _conn: Any, cursor: Any, statement: str, *_rest: Any) -> None:
        if not statement.lstrip()[:7].upper().startswith(_WRITES):
            return
        rowcount: int = getattr(cursor, "rowcount", 1)
        # With RETURNING (SQLAlchemy inserts a record so) the driver says 0 rows until they
        # are fetched: a session that only added records looked unchanged, and was not
        # backed up on close.
        if rowcount or " RETURNING " in statement.upper():
            self.writes += 1

    @property
    def changed_since_backup(self) -> bool:
        return self.writes != self._writes_at_backup

    def mark_backed_up(self) -> None:
        self._writes_at_backup = self.writes

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any exception."""
        if self._set_aside:
            raise StorageError(SET_ASIDE_MESSAGE)
        writes = self.writes
        try:
            with self._sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            if self.read_only and "readonly" in str(exc.orig or exc).lower().replace("-", ""):
                raise ReadOnlyError(READ_ONLY_MESSAGE) from exc
            raise StorageError(storage_message(exc)) from exc
        if self.writes != writes and self.durability is not None:
            self.durability.written()

    def start_log(self) -> None:
        """Begin the write-ahead log now, on the thread that opens the data (off the GUI
        thread in the window): SQLite fsyncs a new log's header even with
        ``synchronous=NORMAL``, and the session's first save did it — an autosave, on the
        GUI thread, 130 ms once beside another program writing to the disk. Rewriting the
        file's ``user_version`` with its own value changes nothing and writes the header."""
        try:
            with self.engine.begin() as connection:
                version = int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)
                connection.exec_driver_sql(f"PRAGMA user_version={version}")
        except OperationalError as exc:
            # The first save will write the header instead; nothing is lost.
            log.warning("could not begin the write-ahead log: %s", exc)

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    def close(self) -> None:
        if self.durability is not None:
            self.durability.close()
        self.engine.dispose()

    @contextmanager
    def set_aside(self) -> Iterator[None]:
        """Closed while the file is replaced (a restore): a read asked meanwhile, by work
        off the GUI thread that started after the close, fails with a plain message instead
        of opening a connection that keeps the file in use (the restore then failed).
        Usable again afterwards: connections are made anew."""
        self._set_aside = True
        if self.durability is not None:
            self.durability.close()  # its flush holds the log file open for a moment
        self.engine.dispose()
        try:
            yield
        finally:
            self._set_aside = False


@dataclass
class OpenReport:
    """How the last :func:`open_database` went (for the start-up benchmark and the log)."""

    checked: bool = False
    full_check: bool = False
    check_seconds: float = 0.0
    read_only: bool = False


last_open = OpenReport()


def open_database(
    data_dir: Path,
    *,
    check: bool = True,
    read_only: bool | None = None,
    early: Any = None,
) -> Database:
    """Open the workspace database in ``data_dir``: check it, create or upgrade it.

    ``read_only=None`` decides by itself: read-only when the folder or file can't be
    written.  ``check=False`` skips the damage check (the start-up benchmark's baseline);
    ``early`` is a :class:`~secondchance.core.damage.EarlyCheck` started before, whose
    result is used when it still applies.
    Raises :class:`DamagedDatabaseError` (the file was moved aside into ``damaged/``),
    or another :class:`DatabaseError` with a message for the person.
    """
    from secondchance.core import damage
    from secondchance.core.migrate import current_revision, prepare_database
    from secondchance.paths import DataPaths

    global last_open
    paths = DataPaths(data_dir).ensure()
    db_path = paths.database
    folder_writable = paths.writable()
    file_writable = not db_path.exists() or os.access(db_path, os.W_OK)
    if read_only is None:
        read_only = not (folder_writable and file_writable)
    report = OpenReport(read_only=read_only)
    if check:
        started = time.perf_counter()
        if folder_writable:
            damage.recover_hot_journal(db_path)
        full = damage.full_check_due(paths.root)
        outcome = early.result(db_path, full=full) if early is not None else None
        if outcome is not None:
            found, check_report = outcome
        else:
            check_report = damage.CheckReport()
            found = damage.find_damage(db_path, full=full, report=check_report)
        report.checked, report.full_check = True, check_report.full
        report.check_seconds = time.perf_counter() - started
        if found is not None:
            last_open = report
            raise _damaged(found, paths, folder_writable)
        if check_report.full and folder_writable:
            damage.note_full_check(paths.root)
    last_open = report
    if read_only:
        if not db_path.is_file() or db_path.stat().st_size == 0:
            raise DatabaseError(
                f"There is no Second Chance data in {paths.root}, and the folder can't be "
                "written to, so none can be created there. Choose a folder you can write to."
            )
        from secondchance.core.migrations.head import HEAD_REVISION

        if current_revision(db_path) != HEAD_REVISION:
            raise DatabaseError(
                "Your data needs a one-time update for this version of Second Chance, but "
                "its folder can't be written to (it is read-only). Make the folder writable "
                "and open it again; your data has not been changed."
            )
        log.info("opening the data read-only")
        immutable = not folder_writable and not Path(f"{db_path}-shm").exists()
        return Database(db_path, paths.root, read_only=True, immutable=immutable)
    prepare_database(db_path, paths.backups, attachments_dir=paths.attachments)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(db_path, 0o600)  # private notes: owner-only, like the folder
    database = Database(db_path, paths.root)
    database.start_log()
    return database


def _damaged(found: Any, paths: Any, folder_writable: bool) -> DatabaseError:
    from secondchance.core import damage

    moved: list[Path] = []
    if folder_writable:
        # For a missing file, its -wal or -shm (if any) still belong with the damage.
        try:
            moved = damage.move_aside(paths.database, paths.damaged)
        except OSError:
            moved = []
    where = (
        f" It was moved to {moved[0].parent} (named {moved[0].name}) and will not be written to."
        if moved
        else ""
    )
    message = (
        f"Your data file is damaged: {found.detail}.{where} "
        "Your backups are safe. Restore the newest good backup with "
        "`secondchance restore latest` (see `secondchance backups`), or rescue what can "
        "still be read with `secondchance salvage`. In the app you are offered the same."
    )
    log.error("damaged database (%s): %s", found.kind, found.detail)
    return damage.DamagedDatabaseError(message, found, moved)
