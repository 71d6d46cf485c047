"""Python's cyclic garbage collector, run on the GUI thread only.

Left automatic, a collection runs in whichever thread happens to allocate when a threshold
is crossed.  The window works figures, warm-ups, backups and exports out on worker threads,
and a collection there may free a cycle holding a Qt widget (a closed dialog and the lambda
that names it), deleting it off the GUI thread: a crash.  So automatic collection is turned
off and a timer on the GUI thread collects when the counts call for it, with the thresholds
Python would have used.

Start-up leaves ~100 000 objects (modules, classes, caches) that live as long as the
process; a collection over them all took 40–90 ms of the GUI thread, a freeze the person
feels.  ``freeze`` moves what exists into Python's permanent generation once the data is
open and again when the window is ready, so later collections look at new objects only
(objects freed by their reference counts are freed as before; ~200 unreachable objects
found at that moment are all it may keep).
"""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

# Checked often, so each young-generation collection is small (every half second, one over
# the 240 000 objects a worker's imports had made took 50 ms of the GUI thread).
INTERVAL_MS = 100
# A full collection walks every object not frozen (a second or more of work at 100 000
# records with lists open); Python makes them rare (only when a quarter more objects have
# lived long), which can't be counted cheaply from here, so at most one a minute.
FULL_AT_MOST_EVERY_S = 60.0


# Work off the GUI thread makes objects by the hundred thousand: a list's rows, which live
# until the next reload, and a figure's working, which dies when it is done.  Collected as
# they came, they were walked by collections on the GUI thread for 5-200 ms at a time.  So
# nothing is collected while such work runs (``hold``): the working dies by its reference
# counts, and a list's rows are frozen once in place (``freeze_in_place``), never walked (a
# list's read leaves ~10 small objects of SQLAlchemy's in cycles, all freezing may keep).
_holds: dict[int, float] = {}  # id of the holder → when its hold ends by itself
_COLLECTING: weakref.WeakSet[GuiThreadCollector] = weakref.WeakSet()
# A hold that is never let go (its holder gone) ends by itself; long enough for the longest
# held work (a packet's draft at 100 000 records: 3-4 s here, a slower machine twice that).
HOLD_AT_MOST_S = 15.0


def hold(holder: object) -> None:
    """Work that makes many objects runs for ``holder``: collect nothing until ``release``."""
    _holds[id(holder)] = time.monotonic() + HOLD_AT_MOST_S


def release(holder: object) -> None:
    _holds.pop(id(holder), None)


def held() -> bool:
    now = time.monotonic()
    for key, until in list(_holds.items()):
        if until <= now:
            del _holds[key]
    return bool(_holds)


# A record view's first list read on the GUI thread leaves its widgets and rows young: with
# at least this many young objects it is frozen in place as well (the collector's next check
# walked 2 000-8 000 of them for 1-8 ms, inside the first opening of a list of 500-2 500
# records).  Only the first read: a freeze keeps the cyclic garbage young at that moment
# (86-692 objects at a first opening, measured), so that is bounded by the views built.
MANY_YOUNG = 2_000


def freeze_in_place(*, at_least: int = 0) -> None:
    """What exists now lives long (a list just put in place): later collections skip it.
    ``at_least``: only if that many objects were made since the last collection (fewer
    are quick to walk, and what a freeze keeps is never collected)."""
    if gc.get_count()[0] < at_least:
        return
    if any(c.timer.isActive() for c in list(_COLLECTING)):
        gc.freeze()  # only where a collector runs (the window, not a test without one)


class GuiThreadCollector(QObject):
    def __init__(
        self,
        parent: QObject | None = None,
        *,
        after_freeze: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``after_freeze``: nothing is collected until the first ``freeze`` (start-up's
        objects are young until then, and a collection would walk them all)."""
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.clock = clock
        self.last_full = clock()
        gc.disable()
        _COLLECTING.add(self)
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        if not after_freeze:
            self.timer.start()

    def check(self) -> None:
        if held():
            return
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] <= self.thresholds[generation]:
                continue
            if generation == 2:
                if self.clock() - self.last_full < FULL_AT_MOST_EVERY_S:
                    continue
                self.last_full = self.clock()
            gc.collect(generation)
            return

    def freeze(self) -> None:
        gc.freeze()
        if not self.timer.isActive():
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        gc.unfreeze()  # a process that goes on (the tests) collects everything again
        gc.enable()
