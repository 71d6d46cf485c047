"""Idle-time head starts: once the window's figures are in, what the first clicks will need
is loaded, so a first click on a tab only builds widgets and a first save doesn't wait for
SQLAlchemy to compile its statements.

A worker thread sets statements up and runs no-op updates (read, compared, nothing
written).  The tabs' modules are imported on the GUI thread, one per turn of the event
loop: importing a module that defines Qt classes off the GUI thread crashed the process.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from secondchance.ui.tabs.registry import TABS
from secondchance.ui.worker import Background

# Once the figures are in, how long the window is left alone before the head starts.
IDLE_AFTER_MS = 300

if TYPE_CHECKING:
    from secondchance.core.db import Database
    from secondchance.ui.tabs.overview.figures import FiguresFeed


def warm(db: Database) -> None:
    """Runs in a worker thread: no Qt here."""
    from secondchance.core.services import warm_up

    warm_up.statements(db)


def import_in_turns(names: Sequence[str], then: Callable[[], None] | None = None) -> None:
    """Import ``names`` on the GUI thread, one per turn of the event loop (each turn leaves
    the window responsive), then call ``then``."""
    if not names:
        if then is not None:
            then()
        return
    importlib.import_module(names[0])
    QTimer.singleShot(0, lambda: import_in_turns(names[1:], then))


def import_tabs() -> None:
    """Import the tabs' modules on the GUI thread, one per turn of the event loop."""
    import_in_turns([spec.factory.partition(":")[0] for spec in TABS])


def when_idle(feed: FiguresFeed, db: Database, parent: QObject) -> None:
    """Start ``warm`` and the tabs' imports a pause after ``feed`` has its figures in.

    The pause keeps the warm-up away from the window's first paints and the figures are in
    only once no worker is still working them out: two busy worker threads starved the GUI
    thread of Python's lock (at 1 000 records the vocabulary's compile beside the readiness
    froze it for 0.3 s; either alone, under 50 ms)."""
    job = Background(0, parent, shown=False)
    pause = QTimer(parent)  # dies with the window: never fires into a closed one
    pause.setSingleShot(True)
    pause.setInterval(IDLE_AFTER_MS)

    def begin() -> None:
        job.request(lambda: warm(db), delay=False)
        import_tabs()

    def start(_figures: object = None) -> None:
        if feed.pending():
            return
        feed.updated.disconnect(start)
        pause.start()

    pause.timeout.connect(begin)
    feed.updated.connect(start)
    start()
