"""Saved changes made durable beside the thread that saved them.

The database commits with ``synchronous=NORMAL`` in WAL mode: a commit writes its pages to
the write-ahead log and returns without an fsync. SQLite keeps the file consistent that way
whatever happens; what an fsync adds is that a commit survives a power cut or a crash of the
whole system, not only of the app. With ``FULL`` that fsync ran inside every commit, on the
thread that saved — the GUI thread for an autosave: on this project's test machine one
commit of a one-field edit took 132 ms, all of it the disk's flush.

So the flush happens here instead, on a thread of its own, right after each write
(``Database.transaction`` calls :meth:`Durability.written`): the log file is fsynced, which
is what ``FULL`` did in the commit. Several writes in a row share one flush. ``close``
flushes what is left and stops the thread; the database's own close then checkpoints.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

log = logging.getLogger(__name__)


class Durability:
    """Flushes a database's write-ahead log to disk after each write, off the writer's thread."""

    def __init__(self, database: Path) -> None:
        self.wal = database.with_name(database.name + "-wal")
        self._wanted = threading.Event()
        self._lock = threading.Lock()  # guards _thread and _stopping
        self._thread: threading.Thread | None = None
        self._stopping = False
        self.flushes = 0  # completed flushes (the tests and the log read it)

    def written(self) -> None:
        """A transaction that changed rows has committed: flush the log soon."""
        with self._lock:
            if self._stopping:
                return
            if self._thread is None:
                # Started by the first write: a workspace only read never has the thread.
                self._thread = threading.Thread(target=self._run, name="durability", daemon=True)
                self._thread.start()
        self._wanted.set()

    def close(self) -> None:
        """Flush what was written since the last flush, then stop the thread (it is started
        again by the next write: a restore closes the database and opens it anew)."""
        with self._lock:
            thread, self._thread = self._thread, None
            self._stopping = True
        if thread is not None:
            self._wanted.set()
            thread.join()
            # The thread's last flush may have begun before the last commit ended.
            self.flush()
        with self._lock:
            # Under the lock: a write that starts the next thread sets it again after this.
            self._wanted.clear()
            self._stopping = False

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            self.flush()
            with self._lock:
                if self._stopping:
                    return

    def flush(self) -> None:
        """fsync the write-ahead log (no log: nothing waits to be made durable)."""
        try:
            # Opened for writing: Windows flushes a file's buffers only through a handle
            # that may write. Never created here, never truncated.
            fd = os.open(self.wal, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            return
        except OSError as exc:
            log.warning("could not open the write-ahead log to flush it: %s", exc)
            return
        try:
            os.fsync(fd)
            self.flushes += 1
        except OSError as exc:
            log.warning("could not flush the write-ahead log: %s", exc)
        finally:
            os.close(fd)
