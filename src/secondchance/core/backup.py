"""SQLite online backups, rotation, restore and integrity checks.

Standard library only, so start-up can back up before anything heavy is imported.

Copies always go through SQLite's online backup API, never a file copy: a database in WAL
mode keeps recent commits in ``<name>-wal``, and copying the main file alone (or putting a
file back under a stale ``-wal``) silently loses or corrupts data.

A backup is one self-contained file in rollback-journal mode, named
``secondchance-<UTC timestamp>-<reason>.sqlite3`` so that a person browsing the folder can
see when and why it was made.  Rotation keeps the newest ``keep`` backups *per reason*, so
a run of backups for one reason (say, many restores) never pushes out the only copy taken
before an upgrade.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from secondchance.core import fileio

DEFAULT_KEEP = 10
BUSY_TIMEOUT_MS = 5000

_PREFIX = "secondchance-"
_SUFFIX = ".sqlite3"
_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_NAME_RE = re.compile(
    rf"^{re.escape(_PREFIX)}(?P<stamp>\d{{8}}T\d{{12}}Z)-(?P<reason>[a-z0-9-]+){re.escape(_SUFFIX)}$"
)
_SQLITE_HEADER = b"SQLite format 3\x00"
_SIDE_FILES = ("-wal", "-shm", "-journal")


class DatabaseError(Exception):
    """A problem with the person's data file, worded so they can act on it.

    ``str(error)`` is meant to be shown as is.
    """


class BackupError(DatabaseError):
    """A backup could not be made, checked or restored."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: dt.datetime
    reason: str
    size: int


def backup_database(
    db_path: Path, backups_dir: Path, reason: str, *, keep: int = DEFAULT_KEEP
) -> Path:
    """Copy ``db_path`` into ``backups_dir`` while it may be in use; return the new file.

    Afterwards only the newest ``keep`` backups with the same reason are kept.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    db_path = Path(db_path)
    backups_dir = Path(backups_dir)
    if not db_path.is_file():
        raise BackupError(f"There is no data file to back up at {db_path}.")
    slug = _slug(reason)
    backups_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = _unique_backup_path(backups_dir, slug)
    try:
        with fileio.replacing(final) as partial:
            _copy_database(db_path, partial)
    except sqlite3.Error as exc:
        raise BackupError(
            f"Second Chance could not make a backup of your data ({exc}). "
            "Your data file has not been changed."
        ) from exc
    rotate_backups(backups_dir, slug, keep=keep, protect=final)
    return final


def restore_backup(
    backup_path: Path,
    db_path: Path,
    *,
    backups_dir: Path | None = None,
    keep: int = DEFAULT_KEEP,
) -> Path | None:
    """Replace the contents of ``db_path`` with ``backup_path``.

    The current file is backed up first (reason ``before-restore``, into ``backups_dir``,
    by default the backup's own folder); that safety copy's path is returned, or ``None``
    when there was no current file.  Nothing else may have the database open: close the
    app's ``Database`` first.
    """
    backup_path = Path(backup_path)
    db_path = Path(db_path)
    if not backup_path.is_file():
        raise BackupError(f"The backup {backup_path.name} no longer exists.")
    problems = quick_check(backup_path)
    if problems:
        raise BackupError(
            f"The backup {backup_path.name} is damaged, so it was not restored. "
            "Your current data has not been changed."
        )
    target_dir = Path(backups_dir) if backups_dir is not None else backup_path.parent
    safety: Path | None = None
    if db_path.is_file() and db_path.stat().st_size > 0:
        safety = _safety_copy(db_path, target_dir, keep)
    _copy_into_live(backup_path, db_path)
    problems = quick_check(db_path)
    if problems:
        raise BackupError(
            "The restored data did not pass its check. "
            + (f"A copy of what you had before is in {safety}." if safety else "")
        )
    return safety


def rotate_backups(
    backups_dir: Path, reason: str, *, keep: int = DEFAULT_KEEP, protect: Path | None = None
) -> list[Path]:
    """Delete all but the newest ``keep`` backups made for ``reason``; return what went.

    ``protect`` is never deleted, even if a clock that went backwards makes it look old.
    """
    slug = _slug(reason)
    same_reason = [b for b in list_backups(backups_dir) if b.reason == slug]
    removed: list[Path] = []
    for info in same_reason[keep:]:
        if protect is not None and info.path == protect:
            continue
        info.path.unlink(missing_ok=True)
        removed.append(info.path)
    return removed


def list_backups(backups_dir: Path) -> list[BackupInfo]:
    """Backups in ``backups_dir``, newest first.  Files not named like backups are ignored."""
    backups_dir = Path(backups_dir)
    if not backups_dir.is_dir():
        return []
    found: list[BackupInfo] = []
    for path in backups_dir.iterdir():
        match = _NAME_RE.match(path.name)
        if match is None or not path.is_file():
            continue
        created = dt.datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=dt.UTC)
        found.append(BackupInfo(path, created, match["reason"], path.stat().st_size))
    found.sort(key=lambda b: (b.created_at, b.path.name), reverse=True)
    return found


def quick_check(db_path: Path) -> list[str]:
    """Problems found by ``PRAGMA quick_check`` (fast, no index cross-check); ``[]`` if fine."""
    return _check(Path(db_path), "quick_check")


def integrity_check(db_path: Path) -> list[str]:
    """Problems found by ``PRAGMA integrity_check`` (thorough, slower); ``[]`` if fine."""
    return _check(Path(db_path), "integrity_check")


def is_sqlite_file(path: Path) -> bool:
    """True when ``path`` starts with the SQLite header (an empty file is not a database)."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def connect_readonly(db_path: Path) -> sqlite3.Connection:
    """Open an existing database without any chance of writing to it."""
    uri = Path(db_path).resolve().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return connection


# --- internals ------------------------------------------------------------------------


def _check(db_path: Path, pragma: str) -> list[str]:
    if not db_path.is_file():
        return [f"The file {db_path} does not exist."]
    try:
        with contextlib.closing(connect_readonly(db_path)) as connection:
            rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.Error as exc:
        return [str(exc)]
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def _copy_database(source: Path, destination: Path) -> None:
    """Online-backup ``source`` into a new standalone file at ``destination``."""
    with (
        contextlib.closing(connect_readonly(source)) as src,
        contextlib.closing(sqlite3.connect(destination)) as dst,
    ):
        src.backup(dst)
        # A copy of a WAL database is marked WAL too; a backup should be one file.
        dst.execute("PRAGMA journal_mode=DELETE")


def _copy_into_live(backup_path: Path, db_path: Path) -> None:
    """Write the backup's pages into ``db_path`` through SQLite, in one transaction."""
    dst = _open_live_for_restore(db_path)
    try:
        with contextlib.closing(connect_readonly(backup_path)) as src:
            src.backup(dst)
    except sqlite3.Error as exc:
        raise BackupError(
            f"Second Chance could not restore the backup ({exc}). "
            "Your current data has not been changed."
        ) from exc
    finally:
        dst.close()


def _open_live_for_restore(db_path: Path) -> sqlite3.Connection:
    if db_path.is_file() and not is_sqlite_file(db_path):
        # Not a database at all (its bytes were already saved by _safety_copy): start over.
        db_path.unlink()
        for suffix in _SIDE_FILES:
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    in_use = BackupError(
        "The data file is still in use, so the backup was not restored. "
        "Close any other Second Chance window and try again."
    )
    dst = sqlite3.connect(db_path)
    try:
        dst.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # Leaving WAL mode checkpoints and removes the -wal file, so no stale log can be
        # replayed over the restored pages; it only succeeds when nobody else has the file.
        mode = dst.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        dst.close()
        raise in_use from exc
    except sqlite3.Error as exc:
        dst.close()
        raise BackupError(
            f"Second Chance could not open your data file to restore into it ({exc}). "
            "It has not been changed."
        ) from exc
    if str(mode).lower() != "delete":
        dst.close()
        raise in_use
    return dst


def _safety_copy(db_path: Path, backups_dir: Path, keep: int) -> Path:
    try:
        return backup_database(db_path, backups_dir, "before-restore", keep=keep)
    except BackupError:
        # The file is too damaged for SQLite to read; keep its raw bytes instead.
        backups_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        raw = _unique_backup_path(backups_dir, "before-restore-damaged")
        shutil.copy2(db_path, raw)
        return raw


def _slug(reason: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")[:40].strip("-")
    return slug or "manual"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _unique_backup_path(backups_dir: Path, slug: str) -> Path:
    stamp = _utcnow()
    while True:
        path = backups_dir / f"{_PREFIX}{stamp.strftime(_STAMP_FORMAT)}-{slug}{_SUFFIX}"
        if not path.exists():
            return path
        stamp += dt.timedelta(microseconds=1)
