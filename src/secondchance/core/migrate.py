"""Bring the workspace database to the schema this build expects, without risking data.

Start-up calls :func:`prepare_database` before opening the database.  The common case, a
file already at :data:`HEAD_REVISION`, is answered with the standard library alone:
Alembic and SQLAlchemy are only imported when there is schema work to do.

- A missing, empty or table-less file gets the schema by running the Alembic upgrade, so
  it is stamped like any other.
- A file at an older revision is backed up first, then upgraded in one transaction with
  foreign keys switched off, because batch migrations rebuild a table by dropping it, and
  with foreign keys on that drop silently cascade-deletes every child row.  The foreign key
  check runs before the commit; anything wrong rolls back and the backup is put back.
- A file from a newer release, a file that is not a SQLite database, and a SQLite file
  that is not ours are refused with a plain message and are never written to.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secondchance.core.backup import (
    BackupError,
    DatabaseError,
    backup_database,
    connect_readonly,
    is_sqlite_file,
    restore_backup,
)
from secondchance.core.migrations import MIGRATIONS_DIR
from secondchance.core.migrations.head import HEAD_REVISION

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

__all__ = [
    "HEAD_REVISION",
    "MIGRATIONS_DIR",
    "DatabaseError",
    "DatabaseTooNewError",
    "MigrationFailedError",
    "MigrationOutcome",
    "UnrecognisedDatabaseError",
    "alembic_config",
    "current_revision",
    "prepare_database",
]

VERSION_TABLE = "alembic_version"
BACKUP_REASON = "before-upgrade"
BUSY_TIMEOUT_MS = 5000


class DatabaseTooNewError(DatabaseError):
    """The file was written by a newer release; this build must not touch it."""

    def __init__(self, revision: str) -> None:
        self.revision = revision
        super().__init__(
            "This data was saved by a newer version of Second Chance "
            f"(revision {revision}). Please install the newer version; "
            "your file has not been changed."
        )


class UnrecognisedDatabaseError(DatabaseError):
    """The file is not a Second Chance database (or not a database at all)."""


class MigrationFailedError(DatabaseError):
    """The upgrade went wrong and was undone."""


@dataclass(frozen=True)
class MigrationOutcome:
    created: bool
    from_revision: str | None
    to_revision: str
    backup_path: Path | None


@dataclass(frozen=True)
class _FileState:
    revision: str | None
    # Tables other than SQLite's own and the version table.
    tables: frozenset[str]


def current_revision(db_path: Path) -> str | None:
    """The schema revision stamped in ``db_path``; ``None`` if it has none (or no file).

    Raises :class:`UnrecognisedDatabaseError` for a file that is not a SQLite database.
    """
    return _inspect(Path(db_path)).revision


def prepare_database(
    db_path: Path,
    backups_dir: Path,
    *,
    script_location: Path | None = None,
    attachments_dir: Path | None = None,
) -> MigrationOutcome:
    """Create or upgrade ``db_path`` to the newest schema; see the module docstring.

    ``script_location`` points at another migrations folder; tests use it to rehearse
    revisions that are not released yet.  ``attachments_dir``: the backup before an
    upgrade keeps the attached files its records name too.
    """
    db_path = Path(db_path)
    backups_dir = Path(backups_dir)
    state = _inspect(db_path)
    if script_location is None and state.revision == HEAD_REVISION:
        return MigrationOutcome(False, HEAD_REVISION, HEAD_REVISION, None)

    location = script_location if script_location is not None else MIGRATIONS_DIR
    known, head = _known_revisions(location)
    if state.revision == head:
        return MigrationOutcome(False, head, head, None)
    if state.revision is not None and state.revision not in known:
        raise DatabaseTooNewError(state.revision)
    if state.revision is None and state.tables:
        raise UnrecognisedDatabaseError(
            f"The file {db_path} holds data that Second Chance did not write, so it was "
            "not opened. Your file has not been changed."
        )

    if state.revision is None:
        try:
            _upgrade(db_path, location)
        except Exception as exc:
            raise MigrationFailedError(
                f"Second Chance could not create its data file at {db_path} ({exc})."
            ) from exc
        return MigrationOutcome(True, None, head, None)

    try:
        # Verified before it is kept: a copy that fails integrity_check raises here.
        backup = backup_database(
            db_path, backups_dir, BACKUP_REASON, attachments_dir=attachments_dir
        )
    except BackupError as exc:
        raise MigrationFailedError(
            "Your data file appears to be damaged, so Second Chance did not update it. "
            f"Your file has not been changed; earlier backups are in {backups_dir}."
        ) from exc
    try:
        _upgrade(db_path, location)
    except Exception as exc:
        raise _undo(db_path, backup, backups_dir, exc) from exc
    return MigrationOutcome(False, state.revision, head, backup)


def alembic_config(script_location: Path | None = None, *, url: str | None = None) -> Config:
    """An Alembic configuration built in code (there is no alembic.ini).

    Pass ``url`` to run Alembic commands against a file directly (tests, development);
    the app itself hands over a prepared connection instead (see ``_upgrade``).
    """
    from alembic.config import Config

    location = script_location if script_location is not None else MIGRATIONS_DIR
    config = Config()
    # The value goes through ConfigParser interpolation, where "%" is special.
    config.set_main_option("script_location", str(location).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


# --- internals ------------------------------------------------------------------------


class _ForeignKeyViolationsError(Exception):
    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows
        tables = sorted({str(row[0]) for row in rows})
        super().__init__(f"{len(rows)} broken link(s) in {', '.join(tables)}")


def _inspect(db_path: Path) -> _FileState:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return _FileState(None, frozenset())
    if not is_sqlite_file(db_path):
        raise UnrecognisedDatabaseError(
            f"The file {db_path} is not a Second Chance data file (it is not a database), "
            "so it was not opened. Your file has not been changed."
        )
    try:
        connection = connect_readonly(db_path)
        try:
            connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.OperationalError:
            # A WAL database in a read-only folder: no -shm can be made there.
            connection.close()
            connection = connect_readonly(db_path, immutable=True)
        with contextlib.closing(connection):
            tables = {
                str(row[0])
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                )
            }
            revisions: list[str] = []
            if VERSION_TABLE in tables:
                revisions = [
                    str(row[0])
                    for row in connection.execute(f"SELECT version_num FROM {VERSION_TABLE}")
                ]
    except sqlite3.Error as exc:
        raise UnrecognisedDatabaseError(
            f"Second Chance could not read the file {db_path} ({exc}). "
            "It may be damaged or in use by another program. Your file has not been changed."
        ) from exc
    if len(revisions) > 1:
        # Second Chance never branches its schema, so several heads mean a foreign file.
        raise UnrecognisedDatabaseError(
            f"The file {db_path} has a schema version Second Chance does not understand "
            f"({', '.join(sorted(revisions))}). Your file has not been changed."
        )
    tables.discard(VERSION_TABLE)
    return _FileState(revisions[0] if revisions else None, frozenset(tables))


def _known_revisions(location: Path) -> tuple[frozenset[str], str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(location))
    head = script.get_current_head()
    if head is None:
        raise RuntimeError(f"No migration scripts found in {location}.")
    return frozenset(s.revision for s in script.walk_revisions()), head


def _upgrade(db_path: Path, location: Path) -> None:
    """Upgrade to head and check foreign keys in one transaction that rolls back on error."""
    import sqlalchemy as sa
    from alembic import command

    engine = sa.create_engine(
        sa.engine.URL.create("sqlite", database=str(db_path)), poolclass=sa.pool.NullPool
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # The sqlite3 module would commit DDL statement by statement; issue BEGIN ourselves.
        dbapi_connection.isolation_level = None
        # Only takes effect outside a transaction, hence here and not after BEGIN.
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with engine.connect() as connection, connection.begin():
            config = alembic_config(location)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if violations:
                raise _ForeignKeyViolationsError(list(violations))
    finally:
        engine.dispose()


def _undo(db_path: Path, backup: Path, backups_dir: Path, exc: Exception) -> MigrationFailedError:
    # The transaction has already rolled back; restoring the backup also covers anything
    # SQLite could not roll back, and gives the person the file exactly as it was.
    why = (
        "some records would point at records that no longer exist"
        if isinstance(exc, _ForeignKeyViolationsError)
        else str(exc)
    )
    try:
        restore_backup(backup, db_path, backups_dir=backups_dir)
    except DatabaseError:
        return MigrationFailedError(
            f"Second Chance could not update your data to this version ({why}). "
            f"A copy of your data from just before the update is in {backup}."
        )
    return MigrationFailedError(
        f"Second Chance could not update your data to this version ({why}). "
        f"Your data has been put back as it was; a copy is also in {backup}. "
        "Please report this problem."
    )
