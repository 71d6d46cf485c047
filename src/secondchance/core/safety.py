"""Keeping one data folder safe: its backups, restores, and tidying up after interruptions.

The functions here work on a data folder (``secondchance.sqlite3``, ``attachments/``,
``backups/``) and are what the window and the command line call:

- :func:`make_backup` — a verified backup of the data and the files it names;
- :func:`restore` — back up what is there now, then put a backup back (files included);
- :func:`newest_good_backup` — the newest backup that passes ``integrity_check``;
- :func:`tidy_up` — at start, under the write lock: finish or discard the attachment files
  of an import that was cut off, make old files owner-only, remove stale temporary files;
- :func:`sweep_orphan_attachments` — right after a verified backup, and only where no
  undo history could still bring a record back: remove attached files no record names.

Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from secondchance.core import backup_files, fileio
from secondchance.core.backup import (
    BackupError,
    BackupInfo,
    backup_database,
    describe,
    integrity_check,
    list_backups,
    restore_backup,
)

DB_FILENAME = "secondchance.sqlite3"
# Where the importer puts attached files until its transaction has committed.
INCOMING_PREFIX = ".incoming-"
_INCOMING_RE = re.compile(rf"^{re.escape(INCOMING_PREFIX)}(?P<pid>\d+)-[A-Za-z0-9_]+$")


@dataclass
class TidyReport:
    finished_files: list[str] = field(default_factory=list)
    discarded_files: list[str] = field(default_factory=list)
    temporary_files: list[Path] = field(default_factory=list)


def _database(data_dir: Path) -> Path:
    return Path(data_dir) / DB_FILENAME


def _backups(data_dir: Path) -> Path:
    return Path(data_dir) / "backups"


def _attachments(data_dir: Path) -> Path:
    return Path(data_dir) / "attachments"


def make_backup(data_dir: Path, reason: str) -> BackupInfo:
    """A verified backup of ``data_dir``'s data and attached files; its description."""
    path = backup_database(
        _database(data_dir), _backups(data_dir), reason, attachments_dir=_attachments(data_dir)
    )
    return describe(path)


def backups(data_dir: Path) -> list[BackupInfo]:
    return list_backups(_backups(data_dir))


def restore(data_dir: Path, backup: Path) -> Path | None:
    """Put ``backup`` back as the data of ``data_dir`` (see ``backup.restore_backup``),
    then bring it to this version's schema if it is an older backup.

    Returns the path of the safety copy of what was there before (None if nothing was).
    The database must not be open (close the app's ``Database``; it can be used again
    afterwards: its engine reconnects to the restored file).
    """
    from secondchance.core.migrate import prepare_database

    saved = restore_backup(
        backup,
        _database(data_dir),
        backups_dir=_backups(data_dir),
        attachments_dir=_attachments(data_dir),
    )
    prepare_database(
        _database(data_dir), _backups(data_dir), attachments_dir=_attachments(data_dir)
    )
    return saved


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    """The newest backup that passes ``integrity_check`` (with its row counts), or None."""
    for info in backups(data_dir):
        if integrity_check(info.path):
            continue
        with contextlib.suppress(BackupError, OSError):
            return describe(info.path)
    return None


def resolve_backup(data_dir: Path, wanted: str) -> Path:
    """A backup named on the command line: a path, a file name in backups/, or ``latest``."""
    if wanted.strip().lower() in ("latest", "newest"):
        good = newest_good_backup(data_dir)
        if good is None:
            raise BackupError("There is no backup that passes its check to restore.")
        return good.path
    candidate = Path(wanted).expanduser()
    if candidate.is_file():
        return candidate.resolve()
    named = _backups(data_dir) / wanted
    if named.is_file():
        return named
    listing = ", ".join(b.path.name for b in backups(data_dir)[:5]) or "none yet"
    raise BackupError(
        f"There is no backup called “{wanted}”. Run `secondchance backups` to list them "
        f"(newest: {listing})."
    )


def sweep_orphan_attachments(data_dir: Path) -> list[str]:
    """Remove files in attachments/ that no record names; return their names.

    Call only after a verified backup and while holding the write lock, with no undo
    history that could bring back a record naming one of them (at start, on close).
    """
    folder = _attachments(data_dir)
    database = _database(data_dir)
    if not folder.is_dir() or not database.is_file():
        return []
    used = set(backup_files.referenced(database))
    removed: list[str] = []
    for path in folder.iterdir():
        if path.name in used or not backup_files.is_plain_name(path.name):
            continue
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(path.name)
    return sorted(removed)


def tidy_up(data_dir: Path) -> TidyReport:
    """What a start does under the write lock (see the module docstring)."""
    report = TidyReport()
    folder = _attachments(data_dir)
    database = _database(data_dir)
    if folder.is_dir():
        used: set[str] | None = None
        for staging in folder.iterdir():
            match = _INCOMING_RE.match(staging.name)
            if match is None or not staging.is_dir():
                continue
            if int(match["pid"]) != os.getpid() and fileio.process_alive(int(match["pid"])):
                continue
            if used is None:
                used = set(backup_files.referenced(database)) if database.is_file() else set()
            _finish_incoming(staging, folder, used, report)
        for path in folder.iterdir():
            if path.is_file() and not path.is_symlink():
                _private(path)
    for sub in (
        Path(data_dir),
        _backups(data_dir),
        folder,
        backup_files.store_dir(_backups(data_dir)),
    ):
        report.temporary_files.extend(fileio.sweep_folder(sub))
    return report


def _finish_incoming(staging: Path, folder: Path, used: set[str], report: TidyReport) -> None:
    # An import that committed but was stopped before moving its files in: its records name
    # them, so they are moved in now.  Files of an import that never committed are unused.
    for path in staging.iterdir():
        destination = folder / path.name
        if path.name in used and not destination.exists() and path.is_file():
            os.replace(path, destination)
            report.finished_files.append(path.name)
        else:
            report.discarded_files.append(path.name)
    shutil.rmtree(staging, ignore_errors=True)


def _private(path: Path) -> None:
    if os.name == "posix":
        with contextlib.suppress(OSError):
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
