"""Commands that change the data refuse to write underneath an open window.

The open window is played by a child process holding the same QLockFile the app takes;
commands run as in test_cli.py, each in a fresh process with private home and settings.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from secondchance.core.db import open_database
from secondchance.core.interop import sample
from secondchance.paths import DataPaths
from tests.e2e.test_cli import DB_NAME, Cli, count, ok, table_rows

HOLD_LOCK = """
import sys
from PySide6.QtCore import QLockFile

lock = QLockFile(sys.argv[1])
if not lock.tryLock(0):
    sys.exit(2)
print("locked", flush=True)
sys.stdin.readline()  # held until the test says so (or closes the pipe)
lock.unlock()
"""


@contextlib.contextmanager
def window_lock(cli: Cli, data: Path) -> Iterator[subprocess.Popen[str]]:
    """Hold the data folder's lock from another process, as an open window does."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(DataPaths(data).lock_file)],
        env=cli.env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        if holder.stdin is not None and not holder.stdin.closed:
            holder.stdin.close()
        try:
            holder.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover - only if the child hangs
            holder.kill()
            holder.wait()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "cli")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder with the sample target in it (made in-process: quicker than a run)."""
    folder = tmp_path / "D"
    database = open_database(folder)
    try:
        sample.add_sample_target(database)
    finally:
        database.close()
    return folder


def test_writing_commands_wait_for_the_window_to_close(
    cli: Cli, data: Path, tmp_path: Path
) -> None:
    exported, again = tmp_path / "F.json", tmp_path / "G.json"
    ok(cli.run("export", "--out", exported, "--data-dir", data))
    before = table_rows(data / DB_NAME)

    with window_lock(cli, data) as holder:
        added = cli.run("sample", "--data-dir", data)
        imported = cli.run("import", exported, "--data-dir", data)
        read = cli.run("export", "--out", again, "--data-dir", data)
        assert holder.poll() is None  # the lock was held throughout

    for result in (added, imported):
        assert result.returncode == 3, result.stdout + result.stderr
        assert result.stdout == ""
        assert "Close it first" in result.stderr
        assert "nothing was changed" in result.stderr
        assert str(data.resolve()) in result.stderr
        assert "Traceback" not in result.stderr
    assert table_rows(data / DB_NAME) == before
    # Reading is harmless: export still works while the window is open.
    ok(read)
    assert again.read_text(encoding="utf-8") != ""
    assert holder.returncode == 0

    ok(cli.run("sample", "--data-dir", data))
    # Two samples, and the archived earlier application that came with the first.
    assert count(data / DB_NAME, "target") == 3
    assert not DataPaths(data).lock_file.exists()  # the command let go of the lock
