"""Tidying up after interruptions, never replacing what is not ours, owner-only files, and
a log without record text — each tested deterministically (the kill -9 suite in
tests/e2e/test_fault_injection.py shows the same at random moments)."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from secondchance import logging_setup
from secondchance.core import fileio, safety
from secondchance.core.db import Database
from secondchance.core.services import attachments, records

POSIX = os.name == "posix"
posix_only = pytest.mark.skipif(not POSIX, reason="POSIX file types and modes")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# --- the temporary-file journal ------------------------------------------------------------


def test_a_write_cut_off_is_swept_at_the_next_start_wherever_it_was(tmp_path: Path) -> None:
    journal, elsewhere = tmp_path / "pending-writes", tmp_path / "Documents"
    journal.mkdir()
    elsewhere.mkdir()
    left = elsewhere / ".packet.pdf.a1b2c3d4e5.tmp"
    left.write_bytes(b"half a packet")
    (journal / f"{dead_pid()}-0").write_text(str(left), encoding="utf-8")
    # A live writer's file stays, and so does an entry's file not named like ours.
    live = elsewhere / ".export.json.0011223344.tmp"
    live.write_text("{")
    (journal / f"{os.getppid()}-1").write_text(str(live), encoding="utf-8")
    mine = elsewhere / "my-notes.txt"
    mine.write_text("precious")
    (journal / f"{dead_pid()}-2").write_text(str(mine), encoding="utf-8")

    removed = fileio.sweep_journal(journal)

    assert removed == [left]
    assert live.exists() and mine.read_text() == "precious"
    assert sorted(p.name.split("-")[0] for p in journal.iterdir()) == [str(os.getppid())]


def test_every_temporary_file_is_noted_while_it_exists(tmp_path: Path) -> None:
    journal = tmp_path / "pending-writes"
    fileio.keep_journal(journal)
    try:
        with fileio.open_binary(tmp_path / "out.pdf") as handle:
            handle.write(b"x")
            [entry] = journal.iterdir()
            temp = Path(entry.read_text(encoding="utf-8"))
            assert temp.exists() and fileio.TEMP_NAME.match(temp.name)
        assert list(journal.iterdir()) == []  # done: the note goes with the file
    finally:
        fileio.keep_journal(None)


# --- never replace what is not ours -----------------------------------------------------------


@posix_only
@pytest.mark.parametrize("what", ["symlink", "fifo", "folder", "device"])
def test_only_a_regular_file_or_a_new_name_is_written(tmp_path: Path, what: str) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("mine")
    target = tmp_path / "out.json"
    if what == "symlink":
        target.symlink_to(precious)
    elif what == "fifo":
        os.mkfifo(target)
    elif what == "folder":
        target.mkdir()
    else:
        target = Path(os.devnull)
    before = os.lstat(target)

    with pytest.raises(fileio.RefusedDestinationError) as caught:
        fileio.write_text(target, "{}")

    assert str(target) in str(caught.value)
    after = os.lstat(target)
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (
        stat.S_IFMT(before.st_mode),
        before.st_ino,
    )
    assert precious.read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir() if fileio.TEMP_NAME.match(p.name)] == []


def test_a_link_that_appears_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    precious = tmp_path / "precious.txt"
    precious.write_text("mine")
    with pytest.raises(fileio.RefusedDestinationError), fileio.open_text(target) as handle:
        handle.write("{}")
        target.symlink_to(precious)  # someone slips a link in before the rename
    assert target.is_symlink() and precious.read_text() == "mine"


# --- tidying up a data folder -------------------------------------------------------------


def test_an_import_cut_off_after_its_commit_gets_its_files_and_one_before_loses_them(
    db: Database,
) -> None:
    folder = db.attachments_dir
    folder.mkdir(exist_ok=True)
    target = records.create_record(db, "target", {"company": "Acme", "role": "Analyst"})
    records.create_record(db, "resume", {"label": "CV", "file": "cv-7f3a.pdf"}, target.id)
    staging = folder / f"{safety.INCOMING_PREFIX}{dead_pid()}-abc123"
    staging.mkdir()
    (staging / "cv-7f3a.pdf").write_bytes(b"%PDF committed")
    (staging / "never-committed.pdf").write_bytes(b"%PDF rolled back")

    report = safety.tidy_up(db.data_dir)

    assert report.finished_files == ["cv-7f3a.pdf"]
    assert report.discarded_files == ["never-committed.pdf"]
    assert (folder / "cv-7f3a.pdf").read_bytes() == b"%PDF committed"
    assert not staging.exists()


@posix_only
def test_attached_files_are_owner_only_and_older_ones_are_made_so(
    db: Database, tmp_path: Path
) -> None:
    source = tmp_path / "cv.pdf"
    source.write_bytes(b"%PDF")
    old_umask = os.umask(0o022)
    try:
        stored = attachments.store_file(db, source)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((db.attachments_dir / stored).stat().st_mode) == 0o600
    older = db.attachments_dir / "imported-long-ago.pdf"
    older.write_bytes(b"%PDF")
    older.chmod(0o644)
    safety.tidy_up(db.data_dir)
    assert stat.S_IMODE(older.stat().st_mode) == 0o600


def test_unused_attached_files_are_swept_and_used_ones_kept(db: Database) -> None:
    folder = db.attachments_dir
    folder.mkdir(exist_ok=True)
    target = records.create_record(db, "target", {"company": "Acme", "role": "Analyst"})
    records.create_record(db, "resume", {"label": "CV", "file": "used.pdf"}, target.id)
    (folder / "used.pdf").write_bytes(b"1")
    (folder / "orphan.pdf").write_bytes(b"2")
    staging = folder / f"{safety.INCOMING_PREFIX}{os.getpid()}-live"
    staging.mkdir()  # a running import's files are not the sweep's business

    assert safety.sweep_orphan_attachments(db.data_dir) == ["orphan.pdf"]
    assert sorted(p.name for p in folder.iterdir()) == [staging.name, "used.pdf"]


# --- the log ------------------------------------------------------------------------------


def test_the_log_is_owner_only_and_holds_no_record_text(
    tmp_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logging_setup, "_configured", False)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        log_file = logging_setup.configure(tmp_path / "logs")
        assert log_file is not None
        secret = "my-secret-salary-negotiation-notes"
        records.create_record(db, "contact", {"name": secret})
        with pytest.raises(ValueError):
            records.create_record(db, "contact", {"name": secret, "email": f"{secret} not email"})
        message = "bad value " + secret
        try:
            raise ValueError(message)  # the traceback shows this line, not the value
        except ValueError:
            logging.getLogger("secondchance.test").exception("a refused value")
        logging.getLogger("secondchance.test").warning(
            "could not %s: %s", "save", ValueError(secret)
        )
        for handler in root.handlers:
            handler.flush()
        text = log_file.read_text(encoding="utf-8")
        assert "a refused value" in text and "ValueError" in text
        assert secret not in text
        if POSIX:
            assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


def test_a_log_folder_that_cannot_be_written_is_no_reason_to_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logging_setup, "_configured", False)
    root = logging.getLogger()
    handlers = list(root.handlers)
    blocked = tmp_path / "logs"
    blocked.write_text("a file where the folder should be")
    try:
        assert logging_setup.configure(blocked) is None
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
