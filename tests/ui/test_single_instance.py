"""One running app per data folder: the lock is held while open, and freed on unlock."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from secondchance.paths import DataPaths
from secondchance.ui.app import acquire_lock

# Another process trying the same lock file, as a second copy of the app would.
TRY_LOCK = """
import sys
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
print("locked" if lock.tryLock(0) else "refused", flush=True)
if lock.isLocked():
    lock.unlock()
"""

# Another process holding the lock until told to let go (a line on its stdin).
HOLD_LOCK = """
import sys
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
print("holding" if lock.tryLock(0) else "refused", flush=True)
sys.stdin.readline()
lock.unlock()
"""


def _other_process_try(lock_file: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", TRY_LOCK, str(lock_file)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_a_second_process_is_refused_while_the_lock_is_held(data_dir: Path) -> None:
    paths = DataPaths(data_dir)
    lock = acquire_lock(paths)
    assert lock is not None
    try:
        assert lock.isLocked()
        assert paths.lock_file.exists()
        assert _other_process_try(paths.lock_file) == "refused"
    finally:
        lock.unlock()
    assert not paths.lock_file.exists()
    assert _other_process_try(paths.lock_file) == "locked"


@contextlib.contextmanager
def holding_lock(lock_file: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``lock_file`` until ``let_go`` (or the block ends)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        yield holder
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def let_go(holder: subprocess.Popen[str]) -> None:
    """Tell a ``holding_lock`` process to unlock and end."""
    assert holder.stdin is not None
    holder.stdin.write("done\n")
    holder.stdin.flush()


def test_the_app_is_refused_while_another_process_holds_the_lock(data_dir: Path) -> None:
    paths = DataPaths(data_dir)
    with holding_lock(paths.lock_file) as holder:
        assert acquire_lock(paths) is None
        let_go(holder)
        assert holder.wait(timeout=60) == 0
    lock = acquire_lock(paths)
    assert lock is not None
    lock.unlock()


def test_a_lock_left_by_a_dead_process_is_taken_over(data_dir: Path) -> None:
    paths = DataPaths(data_dir)
    crashed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys\n"
            "from PySide6.QtCore import QLockFile\n"
            "lock = QLockFile(sys.argv[1])\n"
            "assert lock.tryLock(0)\n"
            "os._exit(0)  # no unlock: as if the app crashed\n",
            str(paths.lock_file),
        ],
        timeout=60,
        check=True,
    )
    assert crashed.returncode == 0
    assert paths.lock_file.exists()
    lock = acquire_lock(paths)
    assert lock is not None
    lock.unlock()
