"""The data-safety commands as a person runs them: backup, backups, restore, salvage,
import --dry-run, export --format csv, and the exit codes 0/2/3/4/5 — never a traceback."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from secondchance.paths import DataPaths
from tests.e2e.test_cli import DB_NAME, Cli, Sample, count, ok, table_rows
from tests.e2e.test_cli_lock import window_lock

POSIX = os.name == "posix"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    """A data folder holding the sample (made once), and its export."""
    root = tmp_path_factory.mktemp("sample")
    cli = Cli(root / "cli")
    data, export = root / "D", root / "F.json"
    sample_out = ok(cli.run("sample", "--data-dir", data))
    export_out = ok(cli.run("export", "--out", export, "--data-dir", data))
    return Sample(cli, data, export, sample_out, export_out)


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout


# --- backup, backups, restore -------------------------------------------------------------


def test_backup_backups_and_restore(sample: Sample, tmp_path: Path) -> None:
    cli, data = sample.cli, sample.copy_data(tmp_path / "D")
    before = table_rows(data / DB_NAME)

    made = ok(cli.run("backup", "--data-dir", data))
    path = Path(made.stdout.strip().rsplit(": ", 1)[1])
    assert path.is_file() and "(checked)" in made.stdout
    listed = json.loads(ok(cli.run("backups", "--json", "--data-dir", data)).stdout)
    [entry] = [e for e in listed if e["path"] == str(path)]
    assert entry["reason"] == "manual" and entry["verified"] and entry["records"] > 50
    assert entry["counts"]["target"] == 2  # the sample's target and its archived earlier one
    text = ok(cli.run("backups", "--data-dir", data)).stdout
    assert "manual" in text and str(path) in text

    ok(cli.run("sample", "--data-dir", data))
    assert count(data / DB_NAME, "target") == 3
    restored = ok(cli.run("restore", path.name, "--data-dir", data))
    assert "Restored" in restored.stdout and "What you had before is kept in" in restored.stdout
    assert table_rows(data / DB_NAME) == before
    reasons = {
        e["reason"] for e in json.loads(cli.run("backups", "--json", "--data-dir", data).stdout)
    }
    assert "before-restore" in reasons

    missing = cli.run("restore", "no-such-backup.sqlite3", "--data-dir", data)
    assert missing.returncode == 2 and "There is no backup called" in missing.stderr
    no_traceback(missing)


def test_an_import_is_backed_up_first_dry_run_writes_nothing_and_twice_adds_nothing(
    sample: Sample, tmp_path: Path
) -> None:
    cli, data = sample.cli, tmp_path / "D"
    ok(cli.run("backup", "--data-dir", data))  # creates the empty workspace
    empty = table_rows(data / DB_NAME)

    dry = ok(cli.run("import", sample.export, "--dry-run", "--data-dir", data))
    assert "would give: " in dry.stdout and "nothing was written" in dry.stdout
    assert " new, 0 already here, 0 updated" in dry.stdout
    assert table_rows(data / DB_NAME) == empty
    assert not list(DataPaths(data).backups.glob("*before-import*"))
    assert "already here" in dry.stdout

    first = ok(cli.run("import", sample.export, "--data-dir", data))
    new = int(first.stdout.split(": ", 1)[1].split(" new")[0])
    assert new > 50
    assert list(DataPaths(data).backups.glob("*before-import.sqlite3"))
    after = table_rows(data / DB_NAME)

    again = ok(cli.run("import", sample.export, "--data-dir", data))
    assert f": 0 new, {new} already here, 0 updated." in again.stdout
    assert table_rows(data / DB_NAME) == after


# --- CSV ----------------------------------------------------------------------------------


def test_export_one_list_as_csv(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "skills.csv"
    result = ok(
        sample.cli.run(
            "export", "--format", "csv", "--kind", "skill", "--out", out, "--data-dir", sample.data
        )
    )
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Target,")
    assert len(lines) - 1 == count(sample.data / DB_NAME, "skill")
    assert f"Exported {len(lines) - 1} skill rows" in result.stdout
    if POSIX:
        assert stat.S_IMODE(out.stat().st_mode) == 0o600

    wrong = sample.cli.run(
        "export", "--format", "csv", "--kind", "nope", "--out", out, "--data-dir", sample.data
    )
    assert wrong.returncode == 2 and "one of:" in wrong.stderr
    no_traceback(wrong)


# --- exit 5: never replace what is not ours -------------------------------------------


@pytest.mark.skipif(not POSIX, reason="devices, FIFOs and symlinks as POSIX has them")
@pytest.mark.parametrize("what", ["device", "fifo", "symlink", "folder"])
def test_an_output_that_is_not_an_ordinary_file_is_refused_with_exit_5(
    sample: Sample, tmp_path: Path, what: str
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("mine")
    out = tmp_path / "out.json"
    if what == "device":
        out = Path(os.devnull)
    elif what == "fifo":
        os.mkfifo(out)
    elif what == "symlink":
        out.symlink_to(precious)
    else:
        out.mkdir()
    before = os.lstat(out)

    commands: list[list[str | Path]] = [["export", "--out", out], ["packet", "--out", out]]
    for command in commands:
        result = sample.cli.run(*command, "--data-dir", sample.data)
        assert result.returncode == 5, result.stdout + result.stderr
        assert "will not write over it" in result.stderr
        no_traceback(result)

    after = os.lstat(out)
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (
        stat.S_IFMT(before.st_mode),
        before.st_ino,
    )
    assert precious.read_text() == "mine"


# --- exit 4: damage -------------------------------------------------------------------------


def test_a_damaged_file_gives_exit_4_then_restore_latest_brings_the_backup_back(
    sample: Sample, tmp_path: Path
) -> None:
    cli, data = sample.cli, sample.copy_data(tmp_path / "D")
    ok(cli.run("backup", "--data-dir", data))
    backed_up = table_rows(data / DB_NAME)
    ok(cli.run("sample", "--data-dir", data))
    (data / DB_NAME).write_bytes(b"\x00" * 8192)  # overwritten by something

    for command in (
        ["export", "--out", tmp_path / "x.json"],
        ["sample"],
        ["packet", "--out", tmp_path / "p.pdf"],
    ):
        result = cli.run(*command, "--data-dir", data)
        assert result.returncode == 4, result.stdout + result.stderr
        assert "damaged" in result.stderr and "secondchance restore latest" in result.stderr
        no_traceback(result)
    assert list(DataPaths(data).damaged.iterdir())

    ok(cli.run("restore", "latest", "--data-dir", data))
    assert table_rows(data / DB_NAME) == backed_up
    ok(cli.run("export", "--out", tmp_path / "x.json", "--data-dir", data))


def test_salvage_rescues_into_a_new_file(sample: Sample, tmp_path: Path) -> None:
    cli, data = sample.cli, sample.copy_data(tmp_path / "D")
    healthy = ok(cli.run("salvage", "--data-dir", data))
    assert "not damaged" in healthy.stdout
    db = data / DB_NAME
    raw = bytearray(db.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 4096] = b"\xff" * 4096
    db.write_bytes(bytes(raw))
    rescued = ok(cli.run("salvage", "--data-dir", data))
    assert "Salvaged" in rescued.stdout
    ok(cli.run("export", "--out", tmp_path / "x.json", "--data-dir", data))


# --- exit 3: busy; and the lock names who holds it ------------------------------------------


def test_the_lock_message_names_the_window_or_the_command(sample: Sample, tmp_path: Path) -> None:
    cli, data = sample.cli, sample.copy_data(tmp_path / "D")
    with window_lock(cli, data) as holder:
        note_lock_holder_as(data, holder.pid, "the window")
        by_window = cli.run("sample", "--data-dir", data)
        note_lock_holder_as(data, holder.pid, "the import command")
        by_command = cli.run("restore", "latest", "--data-dir", data)
    assert by_window.returncode == 3
    assert f"is open on {data}" in by_window.stderr
    assert f"(the window, process {holder.pid})" in by_window.stderr
    assert by_command.returncode == 3
    assert f"command (the import command, process {holder.pid})" in by_command.stderr
    assert "Wait for it to finish" in by_command.stderr
    no_traceback(by_command)


def note_lock_holder_as(data: Path, pid: int, what: str) -> None:
    DataPaths(data).lock_holder_file.write_text(f"{pid}\n{what}\n", encoding="utf-8")


def test_a_database_busy_for_longer_than_the_timeout_is_one_sentence_and_exit_3(
    sample: Sample, tmp_path: Path
) -> None:
    cli, data = sample.cli, sample.copy_data(tmp_path / "D")
    hold = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None);"
            "c.execute('BEGIN EXCLUSIVE'); print('held', flush=True); sys.stdin.readline()",
            str(data / DB_NAME),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert hold.stdout is not None and hold.stdout.readline().strip() == "held"
        result = cli.run("sample", "--data-dir", data)
    finally:
        assert hold.stdin is not None
        hold.stdin.close()
        hold.wait(timeout=30)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "busy" in result.stderr and "Nothing was lost" in result.stderr
    no_traceback(result)
    assert count(data / DB_NAME, "target") == 2  # as before: nothing was added


FULL_DISK = """
import sys
from secondchance.core import db

real = db._on_connect

def small_disk(connection, record):
    real(connection, record)
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")  # not one page more

db._on_connect = small_disk
from secondchance.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_full_disk_is_one_sentence_and_nothing_changes(sample: Sample, tmp_path: Path) -> None:
    cli, data = sample.cli, sample.copy_data(tmp_path / "D")
    before = table_rows(data / DB_NAME)
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, "sample", "--data-dir", str(data)],
        env=cli.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "disk is full" in result.stderr
    no_traceback(result)
    assert table_rows(data / DB_NAME) == before
    with contextlib.closing(sqlite3.connect(data / DB_NAME)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
