"""A save commits without waiting on the disk; its log is flushed right after, off the
saving thread (core/durability.py), and at close."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from secondchance.core import durability
from secondchance.core import models as m
from secondchance.core.db import Database, open_database

SRC = Path(__file__).resolve().parents[2] / "src"


def _wait(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def _add_target(db: Database, company: str = "Acme") -> None:
    with db.transaction() as session:
        session.add(m.Target(company=company, role="Analyst"))


def _flush_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "durability"]


@pytest.fixture
def fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(thread name, file flushed) of every fsync the durability module makes."""
    seen: list[tuple[str, str]] = []
    real = os.fsync

    def record(fd: int) -> None:
        real(fd)
        seen.append((threading.current_thread().name, os.readlink(f"/proc/self/fd/{fd}")))

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("reads the flushed file's name from /proc")
    monkeypatch.setattr(os, "fsync", record)
    return seen


def test_commits_skip_the_fsync_and_the_log_is_flushed_off_the_saving_thread(
    db: Database, fsyncs: list[tuple[str, str]]
) -> None:
    with db.transaction() as session:
        assert session.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    _add_target(db)
    assert _wait(lambda: bool(fsyncs))
    thread, flushed = fsyncs[0]
    assert thread == "durability"
    assert Path(flushed) == Path(str(db.path) + "-wal").resolve()


def test_opening_begins_the_log_so_the_first_save_writes_no_new_header(db: Database) -> None:
    """A new log's header is fsynced whatever ``synchronous`` says: opening writes it (off
    the GUI thread in the window), not the session's first save."""
    wal = Path(str(db.path) + "-wal")
    assert wal.is_file() and wal.stat().st_size > 32  # the header, and a frame
    assert db.writes == 0  # nothing a person changed: no backup owed, no flush


def test_reading_alone_starts_no_thread_and_close_flushes_then_stops_it(
    db: Database, fsyncs: list[tuple[str, str]]
) -> None:
    with db.transaction() as session:
        session.execute(select(func.count()).select_from(m.Target)).scalar()
    assert db.durability is not None
    assert not _flush_threads() and not fsyncs
    for company in ("A", "B", "C"):
        _add_target(db, company)
    assert _wait(lambda: bool(fsyncs))
    before = len(fsyncs)
    db.close()
    assert not _flush_threads()
    assert len(fsyncs) > before  # the last flush, at close, on the closing thread
    assert fsyncs[-1][0] == threading.current_thread().name


def test_a_restore_stops_the_flushes_and_the_next_write_starts_them_again(
    db: Database, fsyncs: list[tuple[str, str]]
) -> None:
    _add_target(db)
    assert _wait(lambda: bool(_flush_threads()) and bool(fsyncs))
    with db.set_aside():
        assert not _flush_threads()  # nothing holds the files while they are replaced
    count = len(fsyncs)
    _add_target(db, "After")
    assert _wait(lambda: len(fsyncs) > count)
    assert fsyncs[-1][0] == "durability"


def test_a_session_that_only_adds_a_record_counts_as_a_change(db: Database) -> None:
    """SQLAlchemy inserts with RETURNING, whose row count the driver gives as 0: the write
    must still count (the backup on close and the flush both follow it)."""
    assert not db.changed_since_backup
    _add_target(db)
    assert db.writes == 1 and db.changed_since_backup


def test_a_read_only_workspace_has_no_flushing(db: Database) -> None:
    data_dir = db.data_dir
    _add_target(db)
    db.close()
    reader = open_database(data_dir, read_only=True)
    try:
        assert reader.durability is None
        with reader.transaction() as session:
            assert session.execute(select(func.count()).select_from(m.Target)).scalar() == 1
    finally:
        reader.close()


def test_a_failed_flush_is_logged_and_the_next_write_flushes_again(
    db: Database, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[int] = []

    def failing(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 1:
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing)
    _add_target(db)
    assert _wait(lambda: len(calls) == 1)
    assert _wait(lambda: "could not flush the write-ahead log" in caplog.text)
    _add_target(db, "Again")
    assert _wait(lambda: len(calls) >= 2)
    keeper = db.durability
    assert keeper is not None and _wait(lambda: keeper.flushes >= 1)


def test_no_log_file_means_nothing_to_flush(tmp_path: Path) -> None:
    keeper = durability.Durability(tmp_path / "missing.sqlite3")
    keeper.flush()  # no -wal file: nothing to make durable, no error
    assert keeper.flushes == 0
    keeper.close()


def test_a_save_survives_the_app_being_killed_right_after(db: Database) -> None:
    """NORMAL loses nothing when the app dies (only a power cut before the flush could):
    a child process saves, then exits at once without closing anything."""
    data_dir = db.data_dir
    db.close()
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from secondchance.core.db import open_database\n"
        "from secondchance.core import models as m\n"
        "db = open_database(Path(sys.argv[1]))\n"
        "with db.transaction() as s:\n"
        "    s.add(m.Target(company='Killed right after', role='Analyst'))\n"
        "os._exit(0)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    subprocess.run([sys.executable, "-c", script, str(data_dir)], check=True, env=env, timeout=120)
    reopened = open_database(data_dir)
    try:
        with reopened.transaction() as session:
            names = session.execute(select(m.Target.company)).scalars().all()
        assert names == ["Killed right after"]
    finally:
        reopened.close()
