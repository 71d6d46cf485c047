"""Idle-time head starts: once the window's figures are in, a worker thread loads what the
first clicks will need, so a first click on a tab only builds widgets and a first save
doesn't wait for SQLAlchemy to compile its statements.

Only imports, statement set-up and no-op updates (read, compared, nothing written): no
widget is made and nothing is changed off the GUI thread.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from secondchance.ui.tabs.registry import TABS
from secondchance.ui.worker import Background

if TYPE_CHECKING:
    from secondchance.core.db import Database
    from secondchance.ui.tabs.overview.figures import FiguresFeed


def warm(db: Database) -> None:
    """Runs in a worker thread."""
    from secondchance.core.services import warm_up

    for spec in TABS:
        importlib.import_module(spec.factory.partition(":")[0])
    warm_up.statements(db)


def when_idle(feed: FiguresFeed, db: Database, parent: QObject) -> None:
    """Start ``warm`` once ``feed`` has no figures on their way."""
    job = Background(0, parent, shown=False)

    def start(_figures: object = None) -> None:
        if feed.pending():
            return
        feed.updated.disconnect(start)
        job.request(lambda: warm(db), delay=False)

    feed.updated.connect(start)
    start()
