"""Online backups: verified, described, thinned, restored with their files; integrity checks."""

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

from secondchance.core import backup, backup_files, thinning
from secondchance.core.backup import (
    BackupError,
    DatabaseError,
    backup_database,
    integrity_check,
    list_backups,
    quick_check,
    restore_backup,
    thin_backups,
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
    # Described by its manifest, so a list never has to open it.
    assert info.counts == {"note": 2} and info.records == 2 and info.verified
    assert info.manifest.is_file()


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
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name, f"{copy.name}.json"]


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


def test_a_copy_that_fails_its_check_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["x", "y"])
    real_counts = backup._table_counts
    calls: list[int] = []

    def one_row_short(connection: sqlite3.Connection) -> dict[str, int]:
        counts = real_counts(connection)
        calls.append(1)
        if len(calls) == 2:  # the count taken on the copy
            counts["note"] -= 1
        return counts

    monkeypatch.setattr(backup, "_table_counts", one_row_short)
    with pytest.raises(BackupError, match="did not hold every row"):
        backup_database(db, tmp_path / "backups", "manual")
    assert list(tmp_path.joinpath("backups").iterdir()) == []

    monkeypatch.setattr(backup, "integrity_check", lambda _p: ["row 3 missing from index"])
    with pytest.raises(BackupError, match="did not pass its check"):
        backup_database(db, tmp_path / "backups", "manual")
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


# --- thinning and listing -------------------------------------------------------------


NOW = dt.datetime(2026, 12, 31, 12, 0, tzinfo=dt.UTC)


def _candidate(key: str, age: dt.timedelta, reason: str = "on-close") -> thinning.Candidate:
    return thinning.Candidate(key, NOW - age, reason)


def test_thinning_keeps_recent_then_daily_weekly_monthly() -> None:
    hour, day = dt.timedelta(hours=1), dt.timedelta(days=1)
    # One backup every 6 hours for 400 days.
    candidates = [_candidate(f"b{i}", i * 6 * hour) for i in range(400 * 4)]
    kept = thinning.kept(candidates, NOW)
    ages = sorted(NOW - c.created_at for c in candidates if c.key in kept)

    assert [a for a in ages if a <= 48 * hour] == [i * 6 * hour for i in range(9)]
    days_kept = {(NOW - a).date() for a in ages if a <= 7 * day}
    assert len(days_kept) >= 7  # one a day for a week
    weeks_kept = {(NOW - a).isocalendar()[:2] for a in ages if a <= 8 * 7 * day}
    assert len(weeks_kept) >= 8
    months_kept = {((NOW - a).year, (NOW - a).month) for a in ages if a <= 365 * day}
    assert len(months_kept) >= 12
    assert max(ages) <= 31 * 12 * day  # beyond a year: gone (only one reason here)
    assert len(kept) < 40


def test_thinning_keeps_the_newest_of_every_reason_at_any_age() -> None:
    old = dt.timedelta(days=900)
    candidates = [
        _candidate("upgrade", old, "before-upgrade"),
        _candidate("older-upgrade", old + dt.timedelta(days=1), "before-upgrade"),
        _candidate("restore", old, "before-restore"),
        *[_candidate(f"close{i}", dt.timedelta(days=i)) for i in range(3)],
    ]
    kept = thinning.kept(candidates, NOW)
    assert {"upgrade", "restore", "close0"} <= kept
    assert "older-upgrade" not in kept


def test_thinning_keeps_at_most_twenty_recent_ones() -> None:
    candidates = [_candidate(f"b{i}", dt.timedelta(minutes=i)) for i in range(60)]
    kept = thinning.kept(candidates, NOW)
    assert {f"b{i}" for i in range(20)} <= kept
    assert len(kept) <= 21  # the twenty, and the newest of its day is among them


def test_thin_backups_removes_what_the_schedule_drops_with_manifests_and_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["x"])
    backups = tmp_path / "backups"
    times = iter(NOW - dt.timedelta(days=d) for d in (500, 400, 0))
    monkeypatch.setattr(backup, "_utcnow", lambda: next(times, NOW))
    old = backup_database(db, backups, "manual", thin=False)
    older_store = backup_files.store_dir(backups)
    older_store.mkdir()
    (older_store / "only-in-the-old-one.pdf").write_bytes(b"x")
    backup_database(db, backups, "manual", thin=False)
    newest = backup_database(db, backups, "manual", thin=False)

    removed = thin_backups(backups, now=NOW)

    assert old in removed and newest not in removed
    assert [b.path for b in list_backups(backups)] == [newest]
    assert not backup.manifest_path(old).exists()
    assert not (older_store / "only-in-the-old-one.pdf").exists()


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
    monkeypatch.setattr(
        backup, "_utcnow", lambda: next(times, dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    )
    backup_database(db, backups, "manual")
    backup_database(db, backups, "manual")

    latest = backup_database(db, backups, "manual")

    assert latest.exists()


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
    # A backup whose manifest went missing is still listed, just without its counts.
    backup.manifest_path(copy).unlink()
    [info] = list_backups(tmp_path / "backups")
    assert info.counts is None and not info.verified
    assert backup.describe(copy).counts == {"note": 1}


# --- attached files --------------------------------------------------------------------


def make_workspace_db(path: Path, files: list[str]) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE resume_version (id INTEGER PRIMARY KEY, file TEXT)")
        connection.executemany(
            "INSERT INTO resume_version (file) VALUES (?)", [(f,) for f in files]
        )
    connection.close()
    return path


def test_a_backup_keeps_its_files_and_a_restore_brings_them_back(
    tmp_path: Path, clock: list[dt.datetime]
) -> None:
    attachments = tmp_path / "attachments"
    attachments.mkdir()
    (attachments / "cv.pdf").write_bytes(b"%PDF my cv")
    (attachments / "unused.pdf").write_bytes(b"nobody names me")
    db = make_workspace_db(tmp_path / "data.sqlite3", ["cv.pdf", "../../etc/passwd", "gone.pdf"])
    backups = tmp_path / "backups"

    saved = backup_database(db, backups, "manual", attachments_dir=attachments)

    [info] = list_backups(backups)
    assert info.files == ("cv.pdf",)
    kept = backup_files.store_dir(backups) / "cv.pdf"
    assert kept.read_bytes() == b"%PDF my cv"
    assert sorted(p.name for p in backup_files.store_dir(backups).iterdir()) == ["cv.pdf"]
    if os.name == "posix":
        assert kept.stat().st_ino == (attachments / "cv.pdf").stat().st_ino  # a hard link

    (attachments / "cv.pdf").unlink()  # e.g. swept after its record was deleted
    restore_backup(saved, db, attachments_dir=attachments)
    assert (attachments / "cv.pdf").read_bytes() == b"%PDF my cv"
    assert not (tmp_path / "etc").exists()


def test_files_are_copied_where_links_are_impossible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attachments = tmp_path / "attachments"
    attachments.mkdir()
    (attachments / "cv.pdf").write_bytes(b"%PDF my cv")
    db = make_workspace_db(tmp_path / "data.sqlite3", ["cv.pdf"])

    def no_links(*_a: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr("secondchance.core.backup_files.os.link", no_links)
    backup_database(db, tmp_path / "backups", "manual", attachments_dir=attachments)
    kept = backup_files.store_dir(tmp_path / "backups") / "cv.pdf"
    assert kept.read_bytes() == b"%PDF my cv"
    if os.name == "posix":
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600


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


def test_restore_refuses_a_backup_that_only_integrity_check_finds_damaged(
    tmp_path: Path, clock: list[dt.datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_db(tmp_path / "data.sqlite3", ["precious"])
    saved = backup_database(db, tmp_path / "backups", "manual")
    monkeypatch.setattr(backup, "integrity_check", lambda _p: ["wrong # of entries in index"])
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(saved, db)
    assert notes(db) == ["precious"]


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
