"""The answer timer: a stopwatch that measures a spoken answer, shown large, which changes
tone (and beeps once) when the answer reaches its goal length.

The clock is injected: the window uses ``time.monotonic``, tests a fake clock they move by
hand, so the timer is tested without sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from secondchance.core.services.mock import format_seconds

Clock = Callable[[], float]
TICK_MS = 200


class Stopwatch:
    """Start, stop, read: elapsed seconds by ``clock``."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self._started: float | None = None
        self._banked = 0.0

    @property
    def running(self) -> bool:
        return self._started is not None

    def start(self) -> None:
        if self._started is None:
            self._started = self.clock()

    def stop(self) -> None:
        if self._started is not None:
            self._banked += max(0.0, self.clock() - self._started)
            self._started = None

    def reset(self) -> None:
        self._started = None
        self._banked = 0.0

    def elapsed(self) -> float:
        running = self.clock() - self._started if self._started is not None else 0.0
        return self._banked + max(0.0, running)

    def seconds(self) -> int:
        return round(self.elapsed())


def goal_colour(palette: QPalette) -> QColor:
    """A warm colour that reads on this palette's window, light or dark."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ffb74d" if dark else "#a04400")


class AnswerTimer(QWidget):
    """The time so far in large figures, the goal under it."""

    started = Signal()
    stopped = Signal(int)  # whole seconds measured
    goal_reached = Signal()

    def __init__(self, clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answer_timer")
        self.watch = Stopwatch(clock or time.monotonic)
        self.goal = 120
        self._signalled = False
        self.figures = QLabel("0:00", self)
        self.figures.setObjectName("timer_figures")
        self.figures.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.figures.font()
        font.setPointSizeF(font.pointSizeF() * 3.2)
        font.setBold(True)
        font.setStyleHint(font.StyleHint.Monospace)
        self.figures.setFont(font)
        self.figures.setAccessibleName("Time so far")
        self.caption = QLabel(self)
        self.caption.setObjectName("timer_caption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.figures)
        layout.addWidget(self.caption)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self._show()

    # --- control --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.watch.running

    def set_goal(self, seconds: int) -> None:
        self.goal = max(1, int(seconds))
        self._signalled = self.watch.elapsed() >= self.goal
        self._show()

    def toggle(self) -> None:
        if self.running:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        if self.running:
            return
        self.watch.start()
        self.ticker.start()
        self._show()
        self.started.emit()

    def stop(self) -> None:
        if not self.running:
            return
        self.watch.stop()
        self.ticker.stop()
        self._show()
        self.stopped.emit(self.seconds())

    def reset(self) -> None:
        self.watch.reset()
        self.ticker.stop()
        self._signalled = False
        self._show()

    def seconds(self) -> int:
        return self.watch.seconds()

    def tick(self) -> None:
        if not self._signalled and self.watch.elapsed() >= self.goal:
            self._signalled = True
            QApplication.beep()  # a gentle signal, once; the colour stays
            self.goal_reached.emit()
        self._show()

    # --- look -------------------------------------------------------------------------------

    @property
    def over_goal(self) -> bool:
        return self.watch.elapsed() >= self.goal

    def _show(self) -> None:
        seconds = int(self.watch.elapsed())
        self.figures.setText(format_seconds(seconds))
        goal = format_seconds(self.goal)
        palette = self.figures.palette()
        if self.over_goal:
            colour = goal_colour(self.palette())
            self.caption.setText(f"Past your goal of {goal}: bring it to the result and stop.")
        else:
            colour = self.palette().color(QPalette.ColorRole.WindowText)
            if self.running:
                self.caption.setText(f"Goal {goal}")
            elif seconds:
                self.caption.setText(f"Stopped at {format_seconds(seconds)} (goal {goal})")
            else:
                self.caption.setText(f"Goal {goal}. Press Space to start, and answer out loud.")
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.figures.setPalette(palette)
        self.figures.setAccessibleDescription(f"{format_seconds(seconds)} of {goal}")
