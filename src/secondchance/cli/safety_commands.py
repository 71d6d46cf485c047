"""The command line's data-safety commands: backup, backups, restore, salvage; the lock.

Called from ``__main__``; every condition a person can cause ends in one sentence and an
exit code (see ``EXIT``), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from secondchance import APP_NAME
from secondchance.paths import DataPaths

if TYPE_CHECKING:
    from PySide6.QtCore import QLockFile

    from secondchance.core.backup import BackupInfo


class EXIT:
    DONE = 0
    FAILED = 1
    USAGE = 2
    BUSY = 3
    DAMAGED = 4
    REFUSED_PATH = 5
    NO_DISPLAY = 6  # no desktop session to open the window on


def say(text: str, error: bool = False) -> None:
    stream = sys.stderr if error else sys.stdout
    if stream is not None:  # a windowed frozen app has neither
        print(text, file=stream)


# --- the lock ---------------------------------------------------------------------------


class Busy(Exception):
    """Someone holds the data folder's lock; ``str()`` names who."""


def lock_for_writing(data_dir: Path, command: str) -> QLockFile | None:
    """The data folder's lock, or None when it can't be made there (a read-only folder:
    nothing will be written anyway).  Raises :class:`Busy` when someone else holds it.

    Commands that change the data take the window's lock, so they never write underneath
    an open window (which would then show stale data or hit a busy file).
    """
    from PySide6.QtCore import QLockFile

    from secondchance.paths import note_lock_holder

    paths = DataPaths(data_dir)
    lock = QLockFile(str(paths.lock_file))
    lock.setStaleLockTime(0)  # a crashed instance's lock is detected by its dead PID
    if lock.tryLock(200):
        private(paths.lock_file)
        # So whoever finds it taken can say who holds it.
        note_lock_holder(paths, f"the {command} command")
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        raise Busy(holder_sentence(lock, data_dir))
    return None


def holder_sentence(lock: QLockFile, data_dir: Path) -> str:
    from secondchance.paths import lock_holder

    # PySide6 gives (pid, hostname, appname); no tuple at all when it can't be read.
    info = lock.getLockInfo()
    numbers = (
        [v for v in info if isinstance(v, int) and not isinstance(v, bool)]
        if isinstance(info, tuple)
        else []
    )
    pid = numbers[0] if numbers else 0
    found = pid > 0
    holder = lock_holder(DataPaths(data_dir), pid) if found else None
    if holder is not None and holder != "the window":
        who = f"Another {APP_NAME} command ({holder}, process {pid}) is using {data_dir}"
        then = "Wait for it to finish"
    else:
        process = f", process {pid}" if found else ""
        who = f"{APP_NAME} is open on {data_dir} (the window{process})"
        then = "Close it first"
    return f"{who}. {then}, then run this command again (nothing was changed)."


def private(path: Path) -> None:
    from secondchance.paths import make_private

    make_private(path)


# --- backup, backups ----------------------------------------------------------------------


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)  # pragma: no cover


def describe(info: BackupInfo) -> str:
    when = info.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    records = f"{info.records} records" if info.records is not None else "records not counted"
    checked = "" if info.verified else " (not checked)"
    return f"{when}  {info.reason:<16} {_size(info.size):>9}  {records}{checked}  {info.path}"


def as_json(info: BackupInfo) -> dict[str, object]:
    return {
        "path": str(info.path),
        "created_at": info.created_at.isoformat().replace("+00:00", "Z"),
        "reason": info.reason,
        "size": info.size,
        "records": info.records,
        "counts": info.counts,
        "verified": info.verified,
        "files": list(info.files),
    }


def backups_command(data_dir: Path, args: argparse.Namespace) -> int:
    from secondchance.core import safety

    found = safety.backups(data_dir)
    if args.json:
        import json

        say(json.dumps([as_json(b) for b in found], indent=1))
        return EXIT.DONE
    if not found:
        say(f"There are no backups in {DataPaths(data_dir).backups} yet.")
        return EXIT.DONE
    say(f"{len(found)} backup{'s' if len(found) != 1 else ''}, newest first:")
    for info in found:
        say(describe(info))
    return EXIT.DONE


def backup_command(data_dir: Path, locked: bool) -> int:
    from secondchance.core import safety
    from secondchance.core.db import open_database

    db = open_database(data_dir)  # checked first: a damaged file is never backed up
    read_only = db.read_only
    db.close()
    if read_only:
        say(
            "Your data folder can't be written to (it is read-only), so no backup can be "
            "made in it. Copy the folder somewhere writable to keep a copy.",
            error=True,
        )
        return EXIT.FAILED
    if locked:
        safety.tidy_up(data_dir)  # an import cut off earlier: its files in or out first
    info = safety.make_backup(data_dir, "manual")
    say(f"Backed up {info.records} records (checked): {info.path}")
    if locked:
        # Safe now: a verified backup holds every file a record names, and no window is
        # open whose undo could bring a record back.
        removed = safety.sweep_orphan_attachments(data_dir)
        if removed:
            say(f"Removed {len(removed)} attached file(s) that no record uses any more.")
    return EXIT.DONE


# --- restore, salvage -------------------------------------------------------------------


def restore_command(data_dir: Path, wanted: str) -> int:
    from secondchance.core import safety
    from secondchance.core.backup import describe as describe_backup
    from secondchance.core.db import open_database

    backup = safety.resolve_backup(data_dir, wanted)
    info = describe_backup(backup) if backup.parent == DataPaths(data_dir).backups else None
    saved = safety.restore(data_dir, backup)
    open_database(data_dir).close()  # brings an older backup up to this version, checked
    counts = f" ({info.records} records)" if info is not None and info.records else ""
    say(f"Restored {backup.name}{counts} into {data_dir}.")
    if saved is not None:
        say(f"What you had before is kept in {saved}.")
    return EXIT.DONE


def salvage_command(data_dir: Path) -> int:
    from secondchance.core import damage, salvage

    paths = DataPaths(data_dir)
    if paths.database.exists() and paths.database.stat().st_size:
        found = damage.find_damage(paths.database, full=True)
        if found is None:
            say(
                "Your data file is not damaged, so there is nothing to salvage "
                "(it passed the full check).",
            )
            return EXIT.DONE
        damage.move_aside(paths.database, paths.damaged)
    candidates = sorted(
        (p for p in paths.damaged.glob(f"*-{paths.database.name}") if p.is_file()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    if not candidates:
        say(f"There is no damaged data file in {paths.damaged} to salvage.", error=True)
        return EXIT.FAILED
    result = salvage.salvage(candidates[0], paths.database, paths.root / "salvage-work")
    say(
        f"Salvaged {result.records} rows from {candidates[0].name} into a new data file "
        "(it passed the full check). What could not be read is lost; the damaged file "
        f"stays in {paths.damaged}."
    )
    return EXIT.DONE
