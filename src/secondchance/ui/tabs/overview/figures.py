"""The Overview's figures, worked out once per change for both the Overview and the header.

``targets.overview`` (the target, its dates and one count per kind) is a handful of index
lookups, so it is read at once.  Readiness, the next actions and the ten steps read every
record of the target: for a small workspace (up to ``SMALL_TARGET`` records, ~15 ms) that
is done at once too; for a larger one it runs off the GUI thread, after a short pause that
lets a burst of edits ask once, and the window keeps answering while it does.  The choice
goes by the number of records, not by a time, so the same data always takes the same path.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from secondchance.core.services import readiness
from secondchance.core.services.target_overview import TargetOverview
from secondchance.ui.context import AppContext
from secondchance.ui.tabs.overview.head_start import ACTIONS_SHOWN, SMALL_TARGET, HeadStart
from secondchance.ui.worker import Background

__all__ = ["ACTIONS_SHOWN", "SMALL_TARGET", "Figures", "FiguresFeed", "HeadStart", "figures_of"]

log = logging.getLogger(__name__)

# After an edit: the pause that lets several changes in a row ask for the figures once.
DEBOUNCE_MS = 250


@dataclass(frozen=True)
class Figures:
    target_id: int
    overview: TargetOverview
    summary: readiness.Summary | None  # None while it is being worked out (or failed)


@dataclass(frozen=True)
class _Worked:
    target_id: int
    summary: readiness.Summary
    seconds: float
    overview: TargetOverview | None = None  # read with it, off the GUI thread


def _size(info: TargetOverview) -> int:
    return sum(count.count for count in info.counts)


class FiguresFeed(QObject):
    """The current target's figures; ``updated`` whenever any part of them changes."""

    updated = Signal(object)  # Figures | None (no target)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current: Figures | None = None
        self.failed = False  # the last readiness could not be worked out
        self._head_start: HeadStart | None = None
        self.seconds: dict[int, float] = {}  # how long each target's readiness took (logs)
        self._background = Background(DEBOUNCE_MS, self, holds_collection=True)
        # While the window fills itself at start-up (``hold``), the request waits: a worker
        # busy beside the first tab's paint slowed that paint by half (Python's lock).
        self._holding = False
        self._held: tuple[Callable[[], _Worked], bool] | None = None
        self._background.finished.connect(self._worked)
        self._background.failed.connect(self._failed)
        ctx.changed.connect(lambda _kind: self.refresh(edited=True))
        ctx.target_changed.connect(lambda _target: self.refresh())

    def start_with(self, head_start: HeadStart | None) -> None:
        """Use these figures for the first showing of their target instead of reading."""
        self._head_start = head_start

    def show_first(self, figures: Figures) -> None:
        """The figures the window's first look read, shown before the data is open."""
        self.current = figures
        self.updated.emit(figures)

    def pending(self) -> bool:
        """Readiness is being worked out: what is shown is about to change."""
        return self._held is not None or self._background.pending()

    def hold(self) -> None:
        """Keep work off the worker until ``release`` (the window is still being filled)."""
        self._holding = True

    def release(self) -> None:
        self._holding = False
        held, self._held = self._held, None
        if held is not None:
            self._request(*held)

    def _request(self, work: Callable[[], _Worked], delay: bool) -> None:
        if self._holding:
            self._held = (work, delay)
        else:
            self._background.request(work, delay=delay)

    def refresh(self, edited: bool = False, today: dt.date | None = None) -> None:
        target_id = self.ctx.target_id
        if target_id is None:
            self.current = None
            self.updated.emit(None)
            return
        previous = self.current
        same = previous is not None and previous.target_id == target_id
        db, day = self.ctx.db, today
        # Imported here: the window's first look shows the figures before the services are.
        from secondchance.core.services import targets

        if edited and same and previous is not None and _size(previous.overview) > SMALL_TARGET:
            # A large target after an edit: even its counts wait for the pause, off the GUI
            # thread (a count over 100 000 rows is tens of milliseconds).
            def everything() -> _Worked:
                started = time.perf_counter()
                info = targets.overview(db, target_id, day)
                found = readiness.summary(db, target_id, day, ACTIONS_SHOWN)
                return _Worked(target_id, found, time.perf_counter() - started, info)

            self._request(everything, delay=True)
            return
        try:
            info = targets.overview(db, target_id, today)
        except LookupError:
            return  # the target went away; the target list's reload follows
        except Exception:
            log.exception("overview failed")
            self.ctx.status.emit("Couldn't load the overview; see the log file.")
            return
        kept = previous.summary if same and previous is not None else None
        self.current = Figures(target_id, info, kept)
        self.updated.emit(self.current)

        head_start, self._head_start = self._head_start, None
        if head_start is not None and head_start.target_id == target_id and not edited:
            self._worked(_Worked(target_id, head_start.summary, 0.0))
            return

        def work() -> _Worked:
            started = time.perf_counter()
            found = readiness.summary(db, target_id, day, ACTIONS_SHOWN)
            return _Worked(target_id, found, time.perf_counter() - started)

        if _size(info) <= SMALL_TARGET:
            self._background.run_now(work)
        else:
            # A new target shows at once (its figures follow); edits wait for a pause.
            self._request(work, delay=edited)

    def _worked(self, worked: _Worked) -> None:
        self.seconds[worked.target_id] = worked.seconds
        current = self.current
        if current is None or current.target_id != worked.target_id:
            return  # another target was chosen meanwhile; its own figures follow
        self.failed = False
        info = worked.overview if worked.overview is not None else current.overview
        self.current = Figures(worked.target_id, info, worked.summary)
        self.updated.emit(self.current)

    def _failed(self, error: object) -> None:
        if isinstance(error, LookupError):
            return
        log.error("readiness failed: %s", error)
        self.failed = True
        self.ctx.status.emit("Couldn't work out the readiness; see the log file.")
        self.updated.emit(self.current)


def figures_of(ctx: AppContext) -> FiguresFeed:
    """The window's one feed of figures (made on first use, owned by the context)."""
    feed = ctx.findChild(FiguresFeed)
    if feed is None:
        feed = FiguresFeed(ctx, ctx)
    return feed
