"""Run slow work (imports, exports, restores) off the GUI thread, with a busy indicator
(:func:`run_with_progress`) or real progress and a Cancel button (:func:`run_with_steps`).

Workers receive plain values and return plain values; they never touch widgets.  The
result (or the exception) comes back to the GUI thread through a queued signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

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
