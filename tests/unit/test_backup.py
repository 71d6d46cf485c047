"""Online backups, rotation, restore and integrity checks (standard library only)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from secondchance.core import backup
from secondchance.core.backup import (
    BackupError,
    DatabaseError,
    backup_database,
    integrity_check,
    list_backups,
    quick_check,
    restore_backup,
    rotate_backups,
)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dt.datetime]]:
    """A fake UTC clock: each backup takes the next time; tests may push times in."""
    times = [dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)]

    def now() -> dt.datetime:
        times.append(times[-1] + dt.timedelta(minutes=1))
        return times[-1]

    monkeypatch.setattr(backup, "_utcnow", now)
    yield times


def make_db(path: Path, values: list[str], *, wal: bool = False) -> Path:
    with sqlite3.connect(path) as connection:
        if wal:
            connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY, text TEXT)")
        connection.executemany("INSERT INTO note (text) VALUES (?)", [(v,) for v in values])
    connection.close()
    return path


def notes(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = [r[0] for r in connection.execute("SELECT text FROM note ORDER BY id")]
    connection.close()
    return rows


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- backup_database ------------------------------------------------------------------


def test_backup_is_a_named_self_contained_copy(tmp_path: Path, clock: list[dt.datetime]) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["first", "second"])

    copy = backup_database(db, tmp_path / "backups", "Before Upgrade!")

    assert copy.parent == tmp_path / "backups"
    assert copy.name == "secondchance-20260301T090100000000Z-before-upgrade.sqlite3"
    assert notes(copy) == ["first", "second"]
    [info] = list_backups(tmp_path / "backups")
    assert info.path == copy
    assert info.reason == "before-upgrade"
    assert info.created_at == dt.datetime(2026, 3, 1, 9, 1, tzinfo=dt.UTC)
    assert info.size == copy.stat().st_size
    assert quick_check(copy) == []


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_backup_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["private"])
    db.chmod(0o644)
    old_umask = os.umask(0o022)
    try:
        copy = backup_database(db, tmp_path / "backups", "manual")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_backup_includes_commits_still_in_the_wal(tmp_path: Path) -> None:
    db = tmp_path / "data.sqlite3"
    writer = sqlite3.connect(db)
    try:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
        writer.execute("INSERT INTO note (text) VALUES ('only in the wal')")
        writer.commit()
        assert Path(f"{db}-wal").stat().st_size > 0

        copy = backup_database(db, tmp_path / "backups", "manual")
    finally:
        writer.close()

    assert notes(copy) == ["only in the wal"]
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]


def test_backing_up_a_missing_file_fails_plainly(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no data file to back up") as info:
        backup_database(tmp_path / "nope.sqlite3", tmp_path / "backups", "manual")
    assert isinstance(info.value, DatabaseError)
    assert not (tmp_path / "backups").exists()


def test_backing_up_a_file_that_is_not_a_database_fails_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all " * 100)
    with pytest.raises(BackupError, match="could not make a backup"):
        backup_database(junk, tmp_path / "backups", "manual")
    assert list(tmp_path.joinpath("backups").iterdir()) == []


def test_empty_reason_becomes_manual(tmp_path: Path, clock: list[dt.datetime]) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["x"])
    copy = backup_database(db, tmp_path / "backups", " ?! ")
    assert copy.name.endswith("-manual.sqlite3")


def test_same_instant_gets_distinct_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frozen = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(backup, "_utcnow", lambda: frozen)
    db = make_db(tmp_path / "data.sqlite3", ["x"])
    first = backup_database(db, tmp_path / "backups", "manual")
    second = backup_database(db, tmp_path / "backups", "manual")
    assert first != second
    assert [b.path for b in list_backups(tmp_path / "backups")] == [second, first]


# --- rotation and listing -------------------------------------------------------------


def test_rotation_keeps_the_newest_per_reason(tmp_path: Path, clock: list[dt.datetime]) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["x"])
    backups = tmp_path / "backups"
    upgrade = backup_database(db, backups, "before-upgrade", keep=3)
    manual = [backup_database(db, backups, "manual", keep=3) for _ in range(5)]

    kept = list_backups(backups)

    assert [b.path for b in kept if b.reason == "manual"] == manual[:-4:-1]
    # Many manual backups never push out the only pre-upgrade copy.
    assert [b.path for b in kept if b.reason == "before-upgrade"] == [upgrade]


def test_default_rotation_keeps_ten(tmp_path: Path, clock: list[dt.datetime]) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["x"])
    made = [backup_database(db, tmp_path / "backups", "manual") for _ in range(12)]
    assert [b.path for b in list_backups(tmp_path / "backups")] == made[:1:-1]
    assert backup.DEFAULT_KEEP == 10


def test_a_clock_that_went_back_never_deletes_the_backup_just_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["x"])
    backups = tmp_path / "backups"
    times = iter(
        [
            dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
            dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
            dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        ]
    )
    monkeypatch.setattr(backup, "_utcnow", lambda: next(times))
    backup_database(db, backups, "manual", keep=2)
    backup_database(db, backups, "manual", keep=2)

    latest = backup_database(db, backups, "manual", keep=2)

    assert latest.exists()


def test_rotate_backups_reports_what_it_removed(tmp_path: Path, clock: list[dt.datetime]) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["x"])
    made = [backup_database(db, tmp_path / "backups", "manual") for _ in range(3)]
    removed = rotate_backups(tmp_path / "backups", "manual", keep=1)
    assert sorted(removed) == sorted(made[:2])
    assert [b.path for b in list_backups(tmp_path / "backups")] == [made[2]]


def test_keep_must_be_positive(tmp_path: Path) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["x"])
    with pytest.raises(ValueError):
        backup_database(db, tmp_path / "backups", "manual", keep=0)


def test_listing_ignores_other_files_and_missing_folders(
    tmp_path: Path, clock: list[dt.datetime]
) -> None:
    assert list_backups(tmp_path / "no-such-folder") == []
    db = make_db(tmp_path / "data.sqlite3", ["x"])
    copy = backup_database(db, tmp_path / "backups", "manual")
    (tmp_path / "backups" / "notes.txt").write_text("mine")
    (tmp_path / "backups" / (copy.name + ".partial")).write_bytes(b"")
    (tmp_path / "backups" / "secondchance-yesterday-manual.sqlite3").write_bytes(b"")
    assert [b.path for b in list_backups(tmp_path / "backups")] == [copy]


# --- restore_backup -------------------------------------------------------------------


def test_restore_puts_the_backup_back_and_keeps_a_safety_copy(
    tmp_path: Path, clock: list[dt.datetime]
) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["kept"])
    backups = tmp_path / "backups"
    saved = backup_database(db, backups, "manual")
    make_db(db, ["added later"])

    safety = restore_backup(saved, db)

    assert notes(db) == ["kept"]
    assert safety is not None
    assert safety.parent == backups
    assert notes(safety) == ["kept", "added later"]
    assert {b.reason for b in list_backups(backups)} == {"manual", "before-restore"}
    assert quick_check(db) == []


def test_restore_is_not_undone_by_a_stale_wal(tmp_path: Path, clock: list[dt.datetime]) -> None:
    live_dir = tmp_path / "live"
    live_dir.mkdir()
    db = make_db(live_dir / "data.sqlite3", ["old"], wal=True)
    saved = backup_database(db, tmp_path / "backups", "manual")

    # A crash leaves committed pages in data.sqlite3-wal that the main file lacks.
    crashed_dir = tmp_path / "crashed"
    crashed_dir.mkdir()
    writer = sqlite3.connect(db)
    try:
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("INSERT INTO note (text) VALUES ('in the wal')")
        writer.commit()
        for name in ("data.sqlite3", "data.sqlite3-wal"):
            shutil.copyfile(live_dir / name, crashed_dir / name)
    finally:
        writer.close()
    crashed = crashed_dir / "data.sqlite3"
    assert Path(f"{crashed}-wal").stat().st_size > 0

    safety = restore_backup(saved, crashed)

    assert notes(crashed) == ["old"]
    assert not Path(f"{crashed}-wal").exists()
    assert safety is not None and notes(safety) == ["old", "in the wal"]
    # Opening it again (as the app does, in WAL mode) still shows the restored data.
    with sqlite3.connect(crashed) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
    connection.close()
    assert notes(crashed) == ["old"]


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["precious"])
    bad = tmp_path / "backups" / "secondchance-20260301T090000000000Z-manual.sqlite3"
    bad.parent.mkdir()
    bad.write_bytes(b"garbage" * 1000)
    before = sha256(db)

    with pytest.raises(BackupError, match="damaged"):
        restore_backup(bad, db)

    assert sha256(db) == before
    assert [b.path for b in list_backups(bad.parent)] == [bad]


def test_restore_refuses_while_the_database_is_open(
    tmp_path: Path, clock: list[dt.datetime]
) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["kept"], wal=True)
    saved = backup_database(db, tmp_path / "backups", "manual")
    make_db(db, ["newer"], wal=True)
    other = sqlite3.connect(db)
    try:
        other.execute("SELECT * FROM note").fetchall()
        with pytest.raises(BackupError, match="still in use"):
            restore_backup(saved, db)
    finally:
        other.close()
    assert notes(db) == ["kept", "newer"]


def test_restore_over_a_file_that_is_not_a_database(
    tmp_path: Path, clock: list[dt.datetime]
) -> None:
    good = make_db(tmp_path / "good.sqlite3", ["restored"])
    saved = backup_database(good, tmp_path / "backups", "manual")
    db = tmp_path / "data.sqlite3"
    db.write_bytes(b"overwritten by mistake " * 100)
    junk = db.read_bytes()

    safety = restore_backup(saved, db)

    assert notes(db) == ["restored"]
    assert safety is not None and safety.read_bytes() == junk
    assert "before-restore-damaged" in safety.name


def test_restore_into_a_missing_file(tmp_path: Path, clock: list[dt.datetime]) -> None:
    good = make_db(tmp_path / "good.sqlite3", ["restored"])
    saved = backup_database(good, tmp_path / "backups", "manual")
    db = tmp_path / "new" / "data.sqlite3"
    db.parent.mkdir()

    assert restore_backup(saved, db) is None
    assert notes(db) == ["restored"]


def test_restore_of_a_missing_backup_fails_plainly(tmp_path: Path) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["x"])
    with pytest.raises(BackupError, match="no longer exists"):
        restore_backup(tmp_path / "gone.sqlite3", db)


# --- checks ---------------------------------------------------------------------------


def test_checks_pass_on_a_healthy_database(tmp_path: Path) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["x", "y"])
    assert quick_check(db) == []
    assert integrity_check(db) == []


def test_checks_report_damage_without_raising(tmp_path: Path) -> None:
    db = make_db(tmp_path / "data.sqlite3", [f"note {i} " * 20 for i in range(200)])
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE INDEX ix_note_text ON note(text)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name='ix_note_text'"
        ).fetchone()[0]
    connection.close()
    data = bytearray(db.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = b"\x00" * page_size
    db.write_bytes(bytes(data))

    assert quick_check(db) != []
    assert integrity_check(db) != []


def test_checks_report_missing_and_foreign_files(tmp_path: Path) -> None:
    assert quick_check(tmp_path / "missing.sqlite3") != []
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"hello " * 1000)
    before = sha256(junk)
    assert quick_check(junk) != []
    assert integrity_check(junk) != []
    assert sha256(junk) == before
