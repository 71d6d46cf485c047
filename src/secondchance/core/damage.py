"""Open = check: find damage in the data file before anything writes to it.

:func:`find_damage` only reads (file headers, then SQLite through read-only connections).
It recognises:

- ``missing``: no data file, while the folder holds data (backups, attached files, or an
  earlier damaged file) — so a lost file is never silently replaced by an empty one;
- ``empty``: a zero-byte data file, likewise;
- ``not-a-database``: the file does not start with SQLite's header (overwritten, garbage);
- ``lost-wal``: the write-ahead log held committed changes (SQLite's ``-shm`` index says
  so) but the ``-wal`` file is gone or cut short, so those changes are lost and the file
  alone is out of date — usually a copy made without its ``-wal``;
- ``malformed``: the file is cut short (smaller than its header says, or not whole pages),
  or ``PRAGMA quick_check`` — ``integrity_check`` when the quick one fails, or once a
  week — reports problems (a damaged page, a broken index).

:func:`move_aside` then moves the file and its ``-wal``/``-shm``/``-journal`` companions to
``damaged/<date>-secondchance.sqlite3…`` (a rename: their bytes are never touched), so the
damaged copy stays available for salvage and is never written to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import struct
import threading
from dataclasses import dataclass, field
from pathlib import Path

from secondchance.core.backup import (
    SIDE_FILES,
    DatabaseError,
    connect_readonly,
    is_sqlite_file,
)

# How often quick_check is followed by the thorough integrity_check when it passes.
FULL_CHECK_EVERY = dt.timedelta(days=7)
FULL_CHECK_STAMP = ".last-full-check"
_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


@dataclass(frozen=True)
class Damage:
    kind: str
    detail: str
    problems: tuple[str, ...] = ()


class DamagedDatabaseError(DatabaseError):
    """The data file is damaged (or lost); ``str(error)`` says what happened and what to do.

    ``moved_to`` lists where the damaged files now are (empty when nothing could be moved,
    e.g. in a read-only folder).
    """

    def __init__(self, message: str, damage: Damage, moved_to: list[Path]) -> None:
        super().__init__(message)
        self.damage = damage
        self.moved_to = moved_to

    @property
    def kind(self) -> str:
        return self.damage.kind


@dataclass
class CheckReport:
    """What an open's check did, for start-up measurements and the log."""

    quick: bool = False
    full: bool = False
    problems: list[str] = field(default_factory=list)


def folder_holds_data(data_dir: Path, db_name: str) -> bool:
    """Whether a data folder has more than a fresh start would: backups, files, damage."""
    for sub in ("backups", "attachments", "damaged"):
        folder = data_dir / sub
        with contextlib.suppress(OSError):
            if folder.is_dir() and any(
                p.name != "files" and not p.name.startswith(".") for p in folder.iterdir()
            ):
                return True
    return any(Path(f"{data_dir / db_name}{suffix}").exists() for suffix in ("-wal",))


def find_damage(
    db_path: Path, *, full: bool = False, report: CheckReport | None = None
) -> Damage | None:
    """The damage in ``db_path`` (see the module docstring), or None; never writes."""
    db_path = Path(db_path)
    report = report if report is not None else CheckReport()
    data_dir = db_path.parent
    if not db_path.exists():
        if folder_holds_data(data_dir, db_path.name):
            return Damage("missing", "the data file is missing")
        return None
    size = db_path.stat().st_size
    if size == 0:
        if folder_holds_data(data_dir, db_path.name):
            return Damage("empty", "the data file is empty (0 bytes)")
        return None
    if not is_sqlite_file(db_path):
        return Damage("not-a-database", "the data file no longer holds a database")
    lost = _lost_wal(db_path)
    if lost is not None:
        return lost
    cut = _cut_short(db_path, size)
    if cut is not None:
        return cut
    problems = _run(db_path, "quick_check")
    report.quick = True
    if problems:
        report.full = True
        problems = _run(db_path, "integrity_check") or problems
        report.problems = problems
        return Damage("malformed", "the data file is damaged", tuple(problems[:20]))
    if full:
        report.full = True
        problems = _run(db_path, "integrity_check")
        report.problems = problems
        if problems:
            return Damage("malformed", "the data file is damaged", tuple(problems[:20]))
    return None


class EarlyCheck:
    """:func:`find_damage` started in a thread before anything else, to be collected by the
    open (``open_database(..., early=...)``) once the heavy imports are done.

    SQLite does its work without holding Python's GIL, so on a machine with two cores the
    check runs while the window is built and painted and SQLAlchemy is imported, instead
    of after them.  Its result is used only if the files are as they were when it began.
    """

    def __init__(self, db_path: Path, *, full: bool) -> None:
        self.db_path = Path(db_path)
        self.full = full
        self.report = CheckReport()
        self.damage: Damage | None = None
        self.failed = False
        self.identity = _identity(self.db_path)
        self._thread = threading.Thread(target=self._run, name="open-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.damage = find_damage(self.db_path, full=self.full, report=self.report)
        except Exception:  # the open then checks again, in the usual way
            self.failed = True

    def result(self, db_path: Path, *, full: bool) -> tuple[Damage | None, CheckReport] | None:
        """The check's outcome, or None if it no longer applies (then check again)."""
        self._thread.join()
        if (
            self.failed
            or Path(db_path) != self.db_path
            or (full and not self.full)
            or _identity(self.db_path) != self.identity
        ):
            return None
        return self.damage, self.report


def _identity(db_path: Path) -> tuple[object, ...]:
    """What would change if anything wrote to the data between a check and the open."""
    parts: list[object] = []
    for suffix in ("", "-wal", "-journal"):
        try:
            info = os.stat(f"{db_path}{suffix}")
        except OSError:
            parts.append(None)
        else:
            parts.append((info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(parts)


def full_check_due(data_dir: Path, now: dt.datetime | None = None) -> bool:
    stamp = data_dir / FULL_CHECK_STAMP
    try:
        last = dt.datetime.fromisoformat(stamp.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return True
    now = now if now is not None else dt.datetime.now(dt.UTC)
    return not (dt.timedelta(0) <= now - last < FULL_CHECK_EVERY)


def note_full_check(data_dir: Path, now: dt.datetime | None = None) -> None:
    now = now if now is not None else dt.datetime.now(dt.UTC)
    with contextlib.suppress(OSError):
        (data_dir / FULL_CHECK_STAMP).write_text(now.isoformat(), encoding="ascii")


def recover_hot_journal(db_path: Path) -> bool:
    """Let SQLite roll back a transaction that was cut off in rollback-journal mode.

    A restore or upgrade killed halfway leaves a *hot* ``-journal``; SQLite puts the file
    back as it was before that transaction on the next read-write open, and a read-only
    check can't do that (it would fail as if the file were damaged).  This is SQLite's own
    recovery of the file's last committed state, not a change of ours.  Returns True if a
    hot journal was rolled back.
    """
    journal = Path(f"{db_path}-journal")
    try:
        with journal.open("rb") as handle:
            hot = handle.read(8) == _JOURNAL_MAGIC
    except OSError:
        return False
    if not hot or not os.access(db_path.parent, os.W_OK):
        return False
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return True


def move_aside(db_path: Path, damaged_dir: Path, now: dt.datetime | None = None) -> list[Path]:
    """Move the data file and its companions into ``damaged_dir``; return the new paths."""
    now = now if now is not None else dt.datetime.now().astimezone()
    damaged_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = now.strftime("%Y-%m-%d-%H%M%S")
    base = damaged_dir / f"{stamp}-{db_path.name}"
    counter = 1
    while any(Path(f"{base}{s}").exists() for s in ("", *SIDE_FILES)):
        counter += 1
        base = damaged_dir / f"{stamp}-{counter}-{db_path.name}"
    moved: list[Path] = []
    for suffix in ("", *SIDE_FILES):
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            destination = Path(f"{base}{suffix}")
            os.replace(source, destination)
            moved.append(destination)
    return moved


# --- internals ------------------------------------------------------------------------


def _run(db_path: Path, pragma: str) -> list[str]:
    # Without a -wal there is nothing beyond the file to read, and nobody has it open in
    # WAL mode; "immutable" then keeps SQLite from creating a -wal and -shm beside it, so
    # the check leaves the folder exactly as it found it.
    immutable = not Path(f"{db_path}-wal").exists()
    try:
        try:
            connection = connect_readonly(db_path, immutable=immutable)
        except sqlite3.OperationalError:
            connection = connect_readonly(db_path, immutable=True)
        with contextlib.closing(connection):
            rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.Error as exc:
        return [str(exc)]
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def _cut_short(db_path: Path, size: int) -> Damage | None:
    with db_path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100:
        return Damage("malformed", "the data file is cut short")
    (raw_page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size & (page_size - 1):
        return Damage("malformed", "the data file's header is damaged")
    if size % page_size:
        return Damage("malformed", "the data file is cut short (not whole pages)")
    (change_counter,) = struct.unpack(">I", header[24:28])
    (pages,) = struct.unpack(">I", header[28:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    # The page count is trustworthy only when written by the same change (SQLite's rule);
    # in WAL mode the file may legitimately lag until the next checkpoint.
    wal = Path(f"{db_path}-wal")
    if change_counter == valid_for and pages and not wal.exists() and size < pages * page_size:
        return Damage("malformed", "the data file is cut short")
    return None


def _lost_wal(db_path: Path) -> Damage | None:
    shm = Path(f"{db_path}-shm")
    wal = Path(f"{db_path}-wal")
    try:
        with shm.open("rb") as handle:
            index = handle.read(136)
    except OSError:
        return None
    if len(index) < 136 or index[:48] != index[48:96]:
        return None  # no index, or one being written: nothing reliable to go on
    for order in ("<", ">"):
        version, _unused, _change, is_init = struct.unpack(f"{order}IIIB", index[:13])
        if version == 3007000:
            break
    else:
        return None
    if not is_init:
        return None
    (page_size_field,) = struct.unpack(f"{order}H", index[14:16])
    page_size = 65536 if page_size_field == 1 else page_size_field
    (max_frame,) = struct.unpack(f"{order}I", index[16:20])
    (backfilled,) = struct.unpack(f"{order}I", index[96:100])
    if max_frame <= backfilled:
        return None  # everything in the log is already in the file
    needed = 32 + max_frame * (24 + page_size)
    try:
        wal_size = wal.stat().st_size
    except OSError:
        wal_size = -1
    if wal_size >= needed:
        return None
    return Damage(
        "lost-wal",
        "the file that held your most recent changes (secondchance.sqlite3-wal) is missing"
        if wal_size < 0
        else "the file that held your most recent changes (secondchance.sqlite3-wal) is cut short",
    )
