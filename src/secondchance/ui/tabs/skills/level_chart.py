"""One skill's level over time: a step line from each recorded change, and the required
level as a dashed line, so the person sees the gap closing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from secondchance.core.dates import medium_date

MAX_LEVEL = 5
LEFT, RIGHT, TOP, BOTTOM = 28, 16, 26, 24


class LevelChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("level_chart")
        self.history: list[tuple[dt.date, int]] = []
        self.required: int | None = None
        self.today = dt.date.today()
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Chart of the skill's level over time")

    def sizeHint(self) -> QSize:
        return QSize(360, 170)

    def set_history(
        self,
        history: list[tuple[dt.date, int]],
        required: int | None,
        today: dt.date | None = None,
    ) -> None:
        self.history = list(history)
        self.required = required
        self.today = today or dt.date.today()
        steps = ", ".join(f"{medium_date(day)}: {level}" for day, level in self.history)
        self.setAccessibleDescription(steps or "No level changes recorded yet")
        self.update()

    def _span(self) -> tuple[dt.date, dt.date]:
        first = self.history[0][0]
        last = max(self.history[-1][0], self.today)
        if last <= first:
            last = first + dt.timedelta(days=1)
        return first, last

    def point(self, day: dt.date, level: int) -> QPointF:
        """Where (day, level) is drawn; the plot spans the first change to today."""
        plot = self._plot()
        first, last = self._span()
        x = plot.left() + plot.width() * (day - first).days / (last - first).days
        y = plot.bottom() - plot.height() * min(max(level, 0), MAX_LEVEL) / MAX_LEVEL
        return QPointF(x, y)

    def _plot(self) -> QRectF:
        return QRectF(LEFT, TOP, max(self.width() - LEFT - RIGHT, 40), self.height() - TOP - BOTTOM)

    def step_points(self) -> list[QPointF]:
        """The corners of the step line (each level holds until the next change, then today)."""
        points: list[QPointF] = []
        for i, (day, level) in enumerate(self.history):
            if i:
                points.append(self.point(day, self.history[i - 1][1]))
            points.append(self.point(day, level))
        if self.history:
            points.append(self.point(self._span()[1], self.history[-1][1]))
        return points

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlphaF(0.18)
        line = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(text)
        painter.drawText(
            QRectF(0, 2, self.width(), 20),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "Level over time",
        )
        plot = self._plot()
        for level in range(MAX_LEVEL + 1):
            y = plot.bottom() - plot.height() * level / MAX_LEVEL
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y - 8, LEFT - 6, 16), Qt.AlignmentFlag.AlignRight, str(level)
            )
        if not self.history:
            painter.setPen(text)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No level changes recorded yet")
            painter.end()
            return
        first, last = self._span()
        painter.setPen(text)
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + 4, 120, 18),
            Qt.AlignmentFlag.AlignLeft,
            medium_date(first),
        )
        painter.drawText(
            QRectF(plot.right() - 120, plot.bottom() + 4, 120, 18),
            Qt.AlignmentFlag.AlignRight,
            "today" if last == self.today else medium_date(last),
        )
        if self.required is not None:
            y = self.point(first, self.required).y()
            pen = QPen(text, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.drawText(
                QRectF(plot.right() - 164, y - 18, 160, 16),
                Qt.AlignmentFlag.AlignRight,
                f"Required: {self.required}",
            )
        path = QPainterPath()
        points = self.step_points()
        path.moveTo(points[0])
        for p in points[1:]:
            path.lineTo(p)
        painter.setPen(QPen(line, 2.5))
        painter.drawPath(path)
        painter.setBrush(line)
        for day, level in self.history:
            painter.drawEllipse(self.point(day, level), 3.5, 3.5)
        painter.end()
