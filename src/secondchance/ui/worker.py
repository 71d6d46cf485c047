"""Run slow work off the GUI thread: imports, exports and restores behind a busy indicator
(:func:`run_with_progress`) or real progress and a Cancel button (:func:`run_with_steps`),
and figures the window shows while the person goes on working (``Background``: the
Overview and the header's readiness).

Workers receive plain values and return plain values; they never touch widgets.  The
result (or the exception) comes back to the GUI thread through a queued signal.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from secondchance.ui import gui_gc

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """The person pressed Cancel; the task stopped at its next step."""


class _Signals(QObject):
    finished = Signal(object, object)  # result, exception
    step = Signal(int, int, str)  # step, steps, what is being done


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Cancelled as exc:
            self.signals.finished.emit(None, exc)
        except Exception as exc:  # handed to the GUI thread, which shows it
            log.exception("background task failed")
            self.signals.finished.emit(None, exc)
        else:
            self.signals.finished.emit(result, None)


def run_with_progress(parent: QWidget, label: str, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` in a worker thread while a busy dialog shows; return its result or raise.

    The dialog has no Cancel: the tasks it runs are single transactions that either
    finish or change nothing.
    """
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setObjectName("progress_dialog")
    dialog.setWindowTitle("Working…")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    job = _Job(fn)

    def finished(result: Any, error: Any) -> None:
        outcome["result"], outcome["error"] = result, error
        loop.quit()

    job.signals.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(job)
    if "error" not in outcome:
        loop.exec()
    dialog.reset()
    dialog.deleteLater()
    if outcome.get("error") is not None:
        raise outcome["error"]
    return outcome.get("result")


Report = Callable[[int, int, str], None]


def run_with_steps(parent: QWidget, label: str, fn: Callable[[Report], Any]) -> Any:
    """Run ``fn(report)`` in a worker thread while a dialog shows its steps; return its
    result or raise (:class:`Cancelled` when the person pressed Cancel).

    ``fn`` calls ``report(step, steps, text)`` between steps; after Cancel, the next call
    raises :class:`Cancelled` inside the worker, so the task stops where it stands (a task
    that writes its file only at the end leaves none).
    """
    dialog = QProgressDialog(label, "Cancel", 0, 100, parent)
    dialog.setObjectName("progress_dialog")
    dialog.setWindowTitle("Working…")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    cancel = threading.Event()
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    job = _Job(lambda: fn(report))

    def report(step: int, steps: int, text: str) -> None:
        if cancel.is_set():
            raise Cancelled()
        job.signals.step.emit(step, steps, text)

    def show(step: int, steps: int, text: str) -> None:
        if cancel.is_set():
            return
        dialog.setMaximum(max(steps, 1))
        dialog.setValue(min(step, steps))
        dialog.setLabelText(f"{label}\n{text}…" if text else label)

    def cancelled() -> None:
        cancel.set()
        dialog.setLabelText("Stopping…")

    def finished(result: Any, error: Any) -> None:
        outcome["result"], outcome["error"] = result, error
        loop.quit()

    dialog.canceled.connect(cancelled)
    job.signals.step.connect(show, Qt.ConnectionType.QueuedConnection)
    job.signals.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(job)
    if "error" not in outcome:
        loop.exec()
    dialog.reset()
    dialog.deleteLater()
    if outcome.get("error") is not None:
        raise outcome["error"]
    return outcome.get("result")


_SHOWN: weakref.WeakSet[Background] = weakref.WeakSet()


def any_pending() -> bool:
    """Some figure the window shows is still being worked out off the GUI thread."""
    for background in list(_SHOWN):
        try:
            if background.pending():
                return True
        except RuntimeError:  # its window is gone
            continue
    return False


class Background(QObject):
    """Works one value out off the GUI thread, on request; the newest request wins.

    ``request`` waits ``delay_ms`` for more requests (a burst of edits asks once) unless
    told not to; at most one job runs at a time, and a result that a newer request has
    already made stale is dropped (the newer job then runs) rather than shown for a moment.
    ``run_now`` works the value out on the GUI thread, for figures known to be quick.
    """

    finished = Signal(object)  # the result of the newest request
    failed = Signal(object)  # the exception it raised

    def __init__(
        self,
        delay_ms: int,
        parent: QObject | None = None,
        shown: bool = True,
        *,
        holds_collection: bool = False,
    ) -> None:
        """``shown``: its result changes what the window shows (``any_pending`` counts it);
        a head start that only loads modules is not.  ``holds_collection``: its work makes
        objects by the hundred thousand that refer to nothing in a cycle (plain rows and
        values, or ORM objects whose cycles are few), so the GUI thread collects nothing
        while it runs (``gui_gc.hold``): what it leaves in cycles is collected afterwards."""
        super().__init__(parent)
        self._holds = holds_collection
        if shown:
            _SHOWN.add(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._start)
        self._wanted: tuple[int, Callable[[], Any]] | None = None
        self._running: tuple[int, _Job] | None = None
        self._generation = 0  # of the newest request
        self._delivered = 0  # of the newest result handed out
        self._finished_job: _Job | None = None

    def request(self, fn: Callable[[], Any], *, delay: bool = True) -> None:
        self._generation += 1
        self._wanted = (self._generation, fn)
        if delay:
            self._timer.start()
        else:
            self._timer.stop()
            self._start()

    def run_by_size(self, fn: Callable[[], Any], size: Callable[[], int], small: int) -> bool:
        """Work ``fn`` out here when ``size()`` is at most ``small`` (small data, and tests,
        see the result at once), else off the GUI thread; True when off.  A size that can't
        be counted counts as small: the work then says itself what went wrong."""
        try:
            large = size() > small
        except Exception:
            log.exception("could not size the work; doing it here")
            large = False
        if large:
            self.request(fn, delay=False)
        else:
            self.run_now(fn)
        return large

    def run_now(self, fn: Callable[[], Any]) -> None:
        """Work it out here and now; anything pending or running is superseded."""
        self._timer.stop()
        self._wanted = None
        self._generation += 1
        generation = self._generation
        try:
            result = fn()
        except Exception as exc:
            log.exception("figures failed")
            self._deliver(generation, None, exc)
        else:
            self._deliver(generation, result, None)

    def pending(self) -> bool:
        """A request is waiting or running: what is shown may be about to change."""
        return self._timer.isActive() or self._wanted is not None or self._running is not None

    def _start(self) -> None:
        if self._running is not None or self._wanted is None:
            return  # the running job's end starts the next one
        generation, fn = self._wanted
        self._wanted = None
        job = _Job(fn)
        job.setAutoDelete(False)  # kept (with its signals) until its result is in
        # A bound slot, not a lambda: if this object is gone when the job ends (the window
        # closed), Qt drops the call instead of delivering it to nothing.
        job.signals.finished.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self._running = (generation, job)
        if self._holds:
            gui_gc.hold(self)  # its working dies by reference counts: nothing to collect
        QThreadPool.globalInstance().start(job)

    def _done(self, result: Any, error: Any) -> None:
        if self._running is None:
            return
        generation, job = self._running
        # Kept one turn longer: this very call comes from the job's signal.
        self._finished_job = job
        self._running = None
        gui_gc.release(self)
        if self._wanted is None and generation == self._generation:
            self._deliver(generation, result, error)
            if self._holds:
                # What it handed over lives on (a list's rows, a ledger) and was made while
                # nothing was collected: left young, the next collection walked it all (a
                # ledger of 100 000 items: 70-90 ms of the GUI thread).
                gui_gc.freeze_in_place()
        elif self._wanted is not None and not self._timer.isActive():
            self._start()  # a newer request came in while this one ran

    def _deliver(self, generation: int, result: Any, error: Any) -> None:
        if generation < self._delivered:
            return
        self._delivered = generation
        if error is not None:
            self.failed.emit(error)
        else:
            self.finished.emit(result)
