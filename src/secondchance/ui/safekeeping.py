"""The window's part in keeping the data safe, kept apart from start-up (``ui/app.py``
calls these three):

- :func:`open_checked` (or :func:`open_and_tidy` off the GUI thread, then
  :func:`offer_repair_and_tidy` on it) opens the data, offering a restore or a rescue when
  the check at open finds it damaged, and tidies up after an interrupted import (under the
  lock);
- :class:`BackupKeeper` makes a backup at most once a day while the window is open, when
  something changed (in the background: the online backup reads beside the app's writes);
- :func:`back_up_on_close` makes one when the window closes after changes, then sweeps
  attached files no record names (safe only now: the undo history is gone).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from secondchance.core.damage import DamagedDatabaseError
    from secondchance.core.db import Database

log = logging.getLogger(__name__)

DAILY = dt.timedelta(hours=24)
CHECK_EVERY_MS = 15 * 60 * 1000


# Set by start_early_check; collected by open_checked.
_early: object = None
# For bench/open_check.py only: open without the check, to measure what it costs.
NO_CHECK_ENV = "SECONDCHANCE_BENCH_NO_OPEN_CHECK"


def start_early_check(data_dir: Path) -> None:
    """Start the open's damage check in a thread now (standard library only, so it can run
    while the window is built and the database layer imported); see damage.EarlyCheck."""
    global _early
    if os.environ.get(NO_CHECK_ENV):
        return
    from secondchance.core import damage
    from secondchance.paths import DataPaths

    paths = DataPaths(data_dir)
    if Path(f"{paths.database}-journal").exists():
        return  # a hot journal is rolled back first, by the open itself
    _early = damage.EarlyCheck(paths.database, full=damage.full_check_due(paths.root))


def open_checked(window: QWidget, data_dir: Path) -> Database | None:
    """The data, checked; None if it could not be opened (the person was told why)."""
    from secondchance.core.damage import DamagedDatabaseError

    try:
        return open_and_tidy(data_dir)
    except DamagedDatabaseError as exc:
        return offer_repair_and_tidy(window, data_dir, exc)


def open_and_tidy(data_dir: Path) -> Database:
    """Open the data with its check and tidy the folder up; raises DamagedDatabaseError.

    No widget is touched: start-up runs this off the GUI thread (``ui/app.py``) and offers
    the repair (``offer_repair_and_tidy``) on it when the check finds damage.
    """
    global _early
    from secondchance.core.db import open_database

    early, _early = _early, None
    db = open_database(data_dir, early=early, check=not os.environ.get(NO_CHECK_ENV))
    _tidy_up(db, data_dir)
    return db


def offer_repair_and_tidy(
    window: QWidget, data_dir: Path, error: DamagedDatabaseError
) -> Database | None:
    """The damage found at open explained, with a restore or a rescue offered."""
    from secondchance.ui.dialogs.damaged_dialog import offer_repair

    db = offer_repair(window, data_dir, error)
    if db is not None:
        _tidy_up(db, data_dir)
    return db


def _tidy_up(db: Database, data_dir: Path) -> None:
    from secondchance.core import safety

    if db.read_only:
        return
    try:
        report = safety.tidy_up(data_dir)
    except OSError:
        log.exception("tidying up the data folder failed")
    else:
        if report.finished_files or report.discarded_files or report.temporary_files:
            log.info(
                "tidied up: %d file(s) of an interrupted import moved in, %d discarded, "
                "%d temporary file(s) removed",
                len(report.finished_files),
                len(report.discarded_files),
                len(report.temporary_files),
            )


def back_up_on_close(db: Database) -> None:
    """A verified backup if anything changed, then the sweep of unused attached files."""
    from secondchance.core import safety
    from secondchance.core.backup import DatabaseError

    if db.read_only or not db.changed_since_backup:
        return
    try:
        safety.make_backup(db.data_dir, "on-close")
        db.mark_backed_up()
        removed = safety.sweep_orphan_attachments(db.data_dir)
    except (DatabaseError, OSError):
        log.exception("the backup on closing failed")
        return
    if removed:
        log.info("removed %d attached file(s) no record uses", len(removed))


class _Signals(QObject):
    done = Signal(object, object)  # BackupInfo | None, exception | None


class _Job(QRunnable):
    def __init__(self, data_dir: Path, signals: _Signals) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.signals = signals

    def run(self) -> None:
        from secondchance.core import safety

        try:
            info = safety.make_backup(self.data_dir, "daily")
        except Exception as exc:  # reported on the GUI thread
            self.signals.done.emit(None, exc)
        else:
            self.signals.done.emit(info, None)


class BackupKeeper(QObject):
    """A daily backup while the window is open (checked every quarter of an hour)."""

    finished = Signal(str)  # a sentence for the status bar

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.running = False
        self._writes_at_start = 0
        self._signals = _Signals(self)
        self._signals.done.connect(self._done)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def due(self, now: dt.datetime | None = None) -> bool:
        from secondchance.core import safety

        if self.db.read_only or self.running or not self.db.changed_since_backup:
            return False
        found = safety.backups(self.db.data_dir)
        now = now if now is not None else dt.datetime.now(dt.UTC)
        return not found or now - found[0].created_at >= DAILY

    def check(self) -> bool:
        """Start a backup if one is due; True if one was started."""
        if not self.due():
            return False
        self.running = True
        self._writes_at_start = self.db.writes
        QThreadPool.globalInstance().start(_Job(self.db.data_dir, self._signals))
        return True

    def _done(self, info: object, error: object) -> None:
        self.running = False
        if error is not None:
            log.error("the daily backup failed: %s", error)
            self.finished.emit("The daily backup could not be made; see File → Backups…")
            return
        # Changes made while it ran are not in it: only what it holds counts as backed up.
        if self.db.writes == self._writes_at_start:
            self.db.mark_backed_up()
        self.finished.emit("Backed up and checked ✓")
