"""Run slow work (imports, exports, restores) off the GUI thread, with a busy indicator.

Workers receive plain values and return plain values; they never touch widgets.  The
result (or the exception) comes back to the GUI thread through a queued signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)


class _Signals(QObject):
    finished = Signal(object, object)  # result, exception


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
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


Report = Callable[[int, int], None]  # (done, total), callable from the worker thread


class _StepSignals(QObject):
    step = Signal(int, int)


def run_with_steps(parent: QWidget, label: str, fn: Callable[[Report], Any]) -> Any:
    """Like ``run_with_progress``, for work that can say how far it is: ``fn`` gets a
    ``report(done, total)`` to call from the worker, and the dialog shows a real bar."""
    signals = _StepSignals()

    def show_step(done: int, total: int) -> None:
        # The busy dialog run_with_progress shows becomes a bar once the work says how far.
        for dialog in parent.findChildren(QProgressDialog, "progress_dialog"):
            dialog.setRange(0, max(total, 1))
            dialog.setValue(min(done, total))

    signals.step.connect(show_step, Qt.ConnectionType.QueuedConnection)
    return run_with_progress(parent, label, lambda: fn(signals.step.emit))
