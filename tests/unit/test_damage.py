"""Open = check: five kinds of damage found before any write, and a restore that brings
back the newest good backup exactly (compared as whole-workspace exports)."""

from __future__ import annotations

import contextlib
import hashlib
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from secondchance.core import damage, safety, salvage
from secondchance.core.backup import list_backups
from secondchance.core.damage import DamagedDatabaseError
from secondchance.core.db import Database, open_database
from secondchance.core.interop import sample
from secondchance.core.interop.workspace import export_workspace
from secondchance.paths import DB_FILENAME, DataPaths


def comparable(db: Database) -> dict[str, Any]:
    document = export_workspace(db)
    document.pop("exported_at")
    return document


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_of(db_path: Path) -> dict[str, str]:
    """The data file and its companions, by suffix, with their contents' digests."""
    found = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            found[suffix] = digest(path)
    return found


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A data folder with a verified backup of the sample, and more work done after it.

    Returns the folder and the export of what the backup holds.
    """
    folder = tmp_path / "data"
    db = open_database(folder)
    try:
        sample.add_sample_target(db)
        backed_up = comparable(db)
        safety.make_backup(folder, "manual")
        sample.add_sample_target(db)  # work done since the backup: lost with the damage
    finally:
        db.close()
    return folder, backed_up


def _truncate(db_path: Path) -> None:
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2 + 100])


def _flip_page(db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'feedback'"
        ).fetchone()[0]
    connection.close()
    data = bytearray(db_path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = bytes(b ^ 0xFF for b in data[start : start + page_size])
    db_path.write_bytes(bytes(data))


def _garbage(db_path: Path) -> None:
    db_path.write_bytes(random.Random(7).randbytes(db_path.stat().st_size))


def _zero(db_path: Path) -> None:
    db_path.write_bytes(b"")


def _lose_the_wal(db_path: Path) -> None:
    """Changes committed into the -wal, the process killed, then the -wal lost (a copy
    of the folder made without it)."""
    aside = db_path.parent / "copy-source"
    aside.mkdir()
    live = aside / DB_FILENAME
    shutil.copyfile(db_path, live)
    writer = sqlite3.connect(live)
    try:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("UPDATE target SET notes = 'written after the last checkpoint'")
        writer.commit()
        # Copy while the writer still holds them, as a crash would leave them.
        shutil.copyfile(live, db_path)
        shutil.copyfile(f"{live}-shm", f"{db_path}-shm")
    finally:
        writer.close()
    shutil.rmtree(aside)
    assert Path(f"{db_path}-shm").exists() and not Path(f"{db_path}-wal").exists()


DAMAGE: list[tuple[str, Callable[[Path], None], str]] = [
    ("truncate", _truncate, "malformed"),
    ("flipped page", _flip_page, "malformed"),
    ("garbage", _garbage, "not-a-database"),
    ("zero bytes", _zero, "empty"),
    ("missing wal with a hot log", _lose_the_wal, "lost-wal"),
]


@pytest.mark.parametrize(
    ("inject", "kind"), [(i, k) for _, i, k in DAMAGE], ids=[n for n, _, _ in DAMAGE]
)
def test_damage_is_found_before_any_write_and_the_last_backup_comes_back_exactly(
    workspace: tuple[Path, dict[str, Any]], inject: Callable[[Path], None], kind: str
) -> None:
    folder, backed_up = workspace
    paths = DataPaths(folder)
    inject(paths.database)
    before = files_of(paths.database)

    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(folder)

    error = caught.value
    assert error.kind == kind
    assert "secondchance restore latest" in str(error) and "salvage" in str(error)
    # Moved aside untouched: every byte as it was when the open began.
    assert not paths.database.exists()
    moved = {p.name.removeprefix(error.moved_to[0].name) or "": digest(p) for p in error.moved_to}
    assert moved == before
    assert all(p.parent == paths.damaged for p in error.moved_to)
    # Until something is done about it, every open says so again (not a fresh start).
    with pytest.raises(DamagedDatabaseError) as again:
        open_database(folder)
    assert again.value.kind == "missing"

    good = safety.newest_good_backup(folder)
    assert good is not None and good.records and good.verified
    assert safety.restore(folder, good.path) is None  # nothing was left to save first
    db = open_database(folder)
    try:
        assert comparable(db) == backed_up
    finally:
        db.close()


def test_a_fresh_folder_is_a_new_start_not_damage(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / DB_FILENAME).write_bytes(b"")  # e.g. made by an earlier run cut off at once
    open_database(folder).close()
    assert damage.find_damage(folder / DB_FILENAME) is None


def test_a_cleanly_closed_wal_database_is_not_damage(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    db = open_database(folder)
    sample.add_sample_target(db)
    # Left open: its -wal and -shm are in use, and in step with each other.
    try:
        assert damage.find_damage(db.path, full=True) is None
    finally:
        db.close()
    assert damage.find_damage(folder / DB_FILENAME, full=True) is None


def test_the_thorough_check_runs_once_a_week(tmp_path: Path) -> None:
    import datetime as dt

    from secondchance.core import db as db_module

    folder = tmp_path / "data"
    open_database(folder).close()  # created: nothing to check yet
    open_database(folder).close()
    assert db_module.last_open.checked and db_module.last_open.full_check
    open_database(folder).close()
    assert not db_module.last_open.full_check  # done, and not due again for a week
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    assert damage.full_check_due(folder, later)
    (folder / damage.FULL_CHECK_STAMP).unlink()
    open_database(folder).close()
    assert db_module.last_open.full_check


def test_a_restore_cut_off_midway_is_rolled_back_not_called_damage(
    workspace: tuple[Path, dict[str, Any]],
) -> None:
    folder, _ = workspace
    db_path = DataPaths(folder).database
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    hot = folder / "hot"
    hot.mkdir()
    # A transaction left half-written, with its rollback journal, as after kill -9.
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("PRAGMA cache_size=1")  # spill pages to the file before the commit
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM feedback")
    writer.execute("UPDATE target SET notes = zeroblob(20000)")
    shutil.copyfile(db_path, hot / DB_FILENAME)
    shutil.copyfile(f"{db_path}-journal", hot / f"{DB_FILENAME}-journal")
    writer.execute("ROLLBACK")
    writer.close()
    for name in (DB_FILENAME, f"{DB_FILENAME}-journal"):
        shutil.copyfile(hot / name, folder / name)
    shutil.rmtree(hot)
    db = open_database(folder)
    try:
        with db.transaction() as session:
            from sqlalchemy import text

            assert session.execute(text("SELECT count(*) FROM feedback")).scalar_one() > 0
    finally:
        db.close()


# --- salvage ----------------------------------------------------------------------------


def test_salvage_rescues_the_rows_outside_the_damaged_page(
    workspace: tuple[Path, dict[str, Any]],
) -> None:
    folder, _ = workspace
    paths = DataPaths(folder)
    with contextlib.closing(sqlite3.connect(paths.database)) as connection:
        expected = {
            t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in ("target", "skill", "contact", "feedback")
        }
    _flip_page(paths.database)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(folder)

    result = salvage.salvage(caught.value.moved_to[0], paths.database, folder / "salvage-work")

    assert result.counts["target"] == expected["target"]
    assert result.counts["skill"] == expected["skill"]
    assert result.counts["feedback"] < expected["feedback"]  # that page is gone
    assert not (folder / "salvage-work").exists()
    db = open_database(folder)  # a healthy file at the current schema
    try:
        comparable(db)
    finally:
        db.close()


def test_salvage_of_garbage_gives_an_empty_workspace(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    open_database(folder).close()
    damaged = tmp_path / "garbage.sqlite3"
    damaged.write_bytes(random.Random(3).randbytes(40960))
    db_path = DataPaths(folder).database
    db_path.unlink()
    result = salvage.salvage(damaged, db_path, folder / "work")
    assert result.records == 0
    open_database(folder).close()


def test_backups_are_listed_with_counts(workspace: tuple[Path, dict[str, Any]]) -> None:
    folder, backed_up = workspace
    [info] = list_backups(DataPaths(folder).backups)
    records = sum(
        len(rows) for name, rows in backed_up["tables"].items() if rows and "id" in rows[0]
    )
    assert info.records == records
