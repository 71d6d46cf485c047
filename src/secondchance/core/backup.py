"""SQLite online backups: made, verified, described, thinned, restored; integrity checks.

Standard library only, so start-up can back up before anything heavy is imported.

Copies always go through SQLite's online backup API, never a file copy: a database in WAL
mode keeps recent commits in ``<name>-wal``, and copying the main file alone (or putting a
file back under a stale ``-wal``) silently loses or corrupts data.

A backup is one self-contained file in rollback-journal mode, named
``secondchance-<UTC timestamp>-<reason>.sqlite3`` so that a person browsing the folder can
see when and why it was made.  Each one is **verified before it gets that name**: it is
written to a temporary file, ``PRAGMA integrity_check`` must pass on the copy, and the copy
must hold exactly the rows the database held at the moment of copying (counted inside the
same read transaction the copy is made from).  Beside it, ``<same name>.json`` (the
*manifest*) records the reason, the row counts and the attached files it needs, so that
listing backups never has to open them.

Attached files are immutable once stored, so a backup keeps them by hard link (a copy
where links are impossible) in ``backups/files/`` (see :mod:`secondchance.core.backup_files`):
restoring a backup brings back the files its records name even after they were swept
from ``attachments/``.

Which backups are kept is decided by :mod:`secondchance.core.thinning` after every new
backup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from secondchance.core import backup_files, change_mark, fileio, thinning

BUSY_TIMEOUT_MS = 5000

_PREFIX = "secondchance-"
_SUFFIX = ".sqlite3"
MANIFEST_SUFFIX = ".json"
_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_NAME_RE = re.compile(
    rf"^{re.escape(_PREFIX)}(?P<stamp>\d{{8}}T\d{{12}}Z)-(?P<reason>[a-z0-9-]+){re.escape(_SUFFIX)}$"
)
_SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")
MANIFEST_FORMAT = "secondchance-backup"


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
    # Rows per table when the copy was made (None for a backup without a manifest).
    counts: dict[str, int] | None = None
    # Rows of record tables (those with an ``id``), i.e. what a person calls records.
    records: int | None = None
    # True once integrity_check and the row counts were confirmed on the copy.
    verified: bool = False
    files: tuple[str, ...] = field(default_factory=tuple)

    @property
    def manifest(self) -> Path:
        return manifest_path(self.path)


def manifest_path(backup_path: Path) -> Path:
    return backup_path.with_name(backup_path.name + MANIFEST_SUFFIX)


def backup_database(
    db_path: Path,
    backups_dir: Path,
    reason: str,
    *,
    attachments_dir: Path | None = None,
    thin: bool = True,
) -> Path:
    """Copy ``db_path`` into ``backups_dir`` while it may be in use; return the new file.

    The copy is verified before it takes its name (see the module docstring); a copy that
    fails the check raises :class:`BackupError` and leaves nothing behind.  With
    ``attachments_dir`` the files its records name are kept too.  Afterwards the backups
    are thinned (``thin=False`` skips that), never deleting the new one.
    """
    db_path = Path(db_path)
    backups_dir = Path(backups_dir)
    if not db_path.is_file():
        raise BackupError(f"There is no data file to back up at {db_path}.")
    slug = _slug(reason)
    backups_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = _unique_backup_path(backups_dir, slug)
    created = _stamp_of(final)
    try:
        with fileio.replacing(final) as partial:
            counts = _copy_database(db_path, partial)
            _verify(partial, counts)
            records = _record_count(partial, counts)
            names = backup_files.referenced(partial)
    except sqlite3.Error as exc:
        raise BackupError(
            f"Second Chance could not make a backup of your data ({exc}). "
            "Your data file has not been changed."
        ) from exc
    kept: list[str] = []
    if attachments_dir is not None:
        kept = backup_files.keep(names, Path(attachments_dir), backups_dir)
    _write_manifest(final, created, slug, counts, records, kept)
    if thin:
        thin_backups(backups_dir, protect=final)
    return final


def restore_backup(
    backup_path: Path,
    db_path: Path,
    *,
    backups_dir: Path | None = None,
    attachments_dir: Path | None = None,
) -> Path | None:
    """Replace the contents of ``db_path`` with ``backup_path``.

    The backup must pass ``integrity_check`` first.  The current file is backed up
    (reason ``before-restore``, into ``backups_dir``, by default the backup's own folder);
    that safety copy's path is returned, or ``None`` when there was no current file.  With
    ``attachments_dir``, files the backup's records name that are missing there are put
    back from the backups' file store.  Nothing else may have the database open: close
    the app's ``Database`` first.
    """
    backup_path = Path(backup_path)
    db_path = Path(db_path)
    if not backup_path.is_file():
        raise BackupError(f"The backup {backup_path.name} no longer exists.")
    if integrity_check(backup_path):
        raise BackupError(
            f"The backup {backup_path.name} is damaged, so it was not restored. "
            "Your current data has not been changed."
        )
    target_dir = Path(backups_dir) if backups_dir is not None else backup_path.parent
    safety: Path | None = None
    if db_path.is_file() and db_path.stat().st_size > 0:
        safety = _safety_copy(db_path, target_dir, attachments_dir)
    if attachments_dir is not None:
        # Before the records that name them: an interruption leaves unused files (swept
        # later), never records whose files are missing.
        backup_files.put_back(
            backup_files.referenced(backup_path), backup_path.parent, attachments_dir
        )
    _copy_into_live(backup_path, db_path)
    if quick_check(db_path):
        raise BackupError(
            "The restored data did not pass its check. "
            + (f"A copy of what you had before is in {safety}." if safety else "")
        )
    return safety


def thin_backups(
    backups_dir: Path, *, now: dt.datetime | None = None, protect: Path | None = None
) -> list[Path]:
    """Delete the backups the schedule (:mod:`thinning`) no longer keeps; return them.

    ``protect`` is never deleted, even if a clock that went backwards makes it look old.
    Files in the file store that no remaining backup needs are removed too.
    """
    backups_dir = Path(backups_dir)
    found = list_backups(backups_dir)
    when = now if now is not None else _utcnow()
    keep = thinning.kept(
        [thinning.Candidate(str(b.path), b.created_at, b.reason) for b in found], when
    )
    removed: list[Path] = []
    for info in found:
        if str(info.path) in keep or (protect is not None and info.path == protect):
            continue
        info.path.unlink(missing_ok=True)
        info.manifest.unlink(missing_ok=True)
        removed.append(info.path)
    if removed:
        still_needed: set[str] = set()
        for info in list_backups(backups_dir):
            still_needed.update(info.files)
        backup_files.prune(backups_dir, still_needed)
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
        created = _stamp_of(path)
        size = path.stat().st_size
        manifest = _read_manifest(path)
        if manifest is None:
            found.append(BackupInfo(path, created, match["reason"], size))
            continue
        found.append(
            BackupInfo(
                path,
                created,
                match["reason"],
                size,
                counts=manifest["counts"],
                records=manifest["records"],
                verified=manifest["verified"],
                files=tuple(manifest["files"]),
            )
        )
    found.sort(key=lambda b: (b.created_at, b.path.name), reverse=True)
    return found


def describe(path: Path) -> BackupInfo:
    """A backup's info, counting its rows now if it has no manifest (older backups)."""
    path = Path(path)
    for info in list_backups(path.parent):
        if info.path == path:
            if info.counts is not None:
                return info
            with contextlib.closing(connect_readonly(path)) as connection:
                counts = _table_counts(connection)
                records = _record_count_on(connection, counts)
            return BackupInfo(info.path, info.created_at, info.reason, info.size, counts, records)
    raise BackupError(f"{path.name} is not a Second Chance backup.")


def table_counts(db_path: Path) -> dict[str, int]:
    """Rows per table of ``db_path`` (read-only)."""
    with contextlib.closing(connect_readonly(db_path)) as connection:
        return _table_counts(connection)


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


def connect_readonly(db_path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """Open an existing database without any chance of writing to it.

    ``immutable`` is for a database in a folder that can't be written: SQLite then needs
    no ``-shm`` file, on the promise that nobody changes the file meanwhile.
    """
    uri = Path(db_path).resolve().as_uri() + ("?immutable=1" if immutable else "?mode=ro")
    connection = sqlite3.connect(uri, uri=True)
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return connection


# --- internals ------------------------------------------------------------------------


def _check(db_path: Path, pragma: str) -> list[str]:
    if not db_path.is_file():
        return [f"The file {db_path} does not exist."]
    if db_path.stat().st_size == 0:
        return [f"The file {db_path} is empty."]
    if not is_sqlite_file(db_path):
        return [f"The file {db_path} is not a database."]
    try:
        with contextlib.closing(_reader(db_path)) as connection:
            rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.Error as exc:
        return [str(exc)]
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def _reader(db_path: Path) -> sqlite3.Connection:
    connection = connect_readonly(db_path)
    try:
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError:
        # A WAL database in a read-only folder: there is no -shm, and none can be made.
        connection.close()
        return connect_readonly(db_path, immutable=True)
    return connection


def _table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        str(row[0])
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
    ]
    return {
        name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
        for name in names
    }


def _record_count_on(connection: sqlite3.Connection, counts: dict[str, int]) -> int:
    total = 0
    for name, rows in counts.items():
        if name == change_mark.TABLE:  # bookkeeping, not a record
            continue
        columns = {str(r[1]) for r in connection.execute(f'PRAGMA table_info("{name}")')}
        if "id" in columns:
            total += rows
    return total


def _record_count(path: Path, counts: dict[str, int]) -> int:
    with contextlib.closing(connect_readonly(path)) as connection:
        return _record_count_on(connection, counts)


def _copy_database(source: Path, destination: Path) -> dict[str, int]:
    """Online-backup ``source`` into a new standalone file; return the rows it held.

    The counts and the copy come from one read transaction, so they describe the same
    moment even while the app goes on writing.
    """
    with (
        contextlib.closing(_reader(source)) as src,
        contextlib.closing(sqlite3.connect(destination)) as dst,
    ):
        src.execute("BEGIN")
        counts = _table_counts(src)
        src.backup(dst)
        src.rollback()
        # A copy of a WAL database is marked WAL too; a backup should be one file.
        dst.execute("PRAGMA journal_mode=DELETE")
    return counts


def _verify(copy: Path, counts: dict[str, int]) -> None:
    problems = integrity_check(copy)
    if problems:
        raise BackupError(
            "The backup did not pass its check, so it was not kept "
            f"({problems[0]}). Your data file has not been changed; it may be damaged."
        )
    copied = table_counts(copy)
    if copied != counts:
        raise BackupError(
            "The backup did not hold every row of your data, so it was not kept. "
            "Your data file has not been changed."
        )


def _write_manifest(
    backup_path: Path,
    created: dt.datetime,
    reason: str,
    counts: dict[str, int],
    records: int,
    files: list[str],
) -> None:
    document = {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "created_at": created.isoformat().replace("+00:00", "Z"),
        "reason": reason,
        "integrity": "ok",
        "counts": counts,
        "records": records,
        "files": sorted(files),
    }
    fileio.write_text(manifest_path(backup_path), json.dumps(document, indent=1) + "\n")


def _read_manifest(backup_path: Path) -> dict[str, Any] | None:
    try:
        document = json.loads(manifest_path(backup_path).read_text(encoding="utf-8"))
        counts = {str(k): int(v) for k, v in dict(document["counts"]).items()}
        return {
            "counts": counts,
            "records": int(document["records"]),
            "verified": document.get("integrity") == "ok",
            "files": [str(name) for name in document.get("files", [])],
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


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
        # Empty or not a database at all (its bytes were already saved by _safety_copy, or
        # it was moved aside as damaged): start over.
        db_path.unlink()
    if not db_path.exists():
        for suffix in SIDE_FILES:
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


def _safety_copy(db_path: Path, backups_dir: Path, attachments_dir: Path | None) -> Path:
    try:
        return backup_database(
            db_path, backups_dir, "before-restore", attachments_dir=attachments_dir
        )
    except BackupError:
        # The file is too damaged for SQLite to read; keep its raw bytes instead.
        backups_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        raw = _unique_backup_path(backups_dir, "before-restore-damaged")
        with fileio.open_binary(raw) as out, db_path.open("rb") as source:
            shutil.copyfileobj(source, out)
        return raw


def _slug(reason: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")[:40].strip("-")
    return slug or "manual"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stamp_of(path: Path) -> dt.datetime:
    match = _NAME_RE.match(path.name)
    assert match is not None
    return dt.datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=dt.UTC)


def _unique_backup_path(backups_dir: Path, slug: str) -> Path:
    stamp = _utcnow()
    while True:
        path = backups_dir / f"{_PREFIX}{stamp.strftime(_STAMP_FORMAT)}-{slug}{_SUFFIX}"
        if not path.exists():
            return path
        stamp += dt.timedelta(microseconds=1)
