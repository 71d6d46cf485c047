"""Required vs current level per skill, as horizontal bars painted from the palette.

Painted by hand rather than with QtCharts: a dozen bars need no chart engine, and the
colours then follow the application palette (light or dark) with nothing to keep in sync.
The label column's width is measured once per change of rows, font or width, and a paint
draws only the rows inside the area being painted: the chart of thousands of skills sits
in a scroll area, and measuring every name for every row made a paint take minutes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from secondchance.core.services.gaps import GapRow
from secondchance.ui.tabs.skills.colours import gap_fill

MAX_LEVEL = 5
ROW_HEIGHT = 26
TOP = 30  # room for the legend
BOTTOM = 22  # room for the level numbers
MIN_TRACK = 150  # the bars' narrowest: five levels a person can still tell apart


class GapChart(QWidget):
    """One row per skill: the current level filled, the missing part up to the required
    level shaded by how big the gap is, and the required level marked with a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gap_chart")
        self.rows: list[GapRow] = []
        self._widest = 0  # the widest name, in pixels of the current font
        # Each name's width in the current font, kept across changes of rows: a search or a
        # save shows the same names again (4 000 measured took 20 ms a time).
        self._advances: dict[str, int] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Chart of required and current level per skill")

    def set_rows(self, rows: list[GapRow]) -> None:
        self.rows = list(rows)
        self._measure()
        self.setFixedHeight(self.sizeHint().height())
        summary = "; ".join(f"{r.name}: {r.current} of {r.required}" for r in self.rows)
        self.setAccessibleDescription(summary)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, TOP + BOTTOM + ROW_HEIGHT * max(len(self.rows), 1))

    def bar_rect(self, position: int) -> QRectF:
        """The track of row ``position`` (level 0 at its left edge, 5 at its right)."""
        left = self._label_width() + 12
        width = max(self.width() - left - 16, 40)
        top = TOP + position * ROW_HEIGHT + 5
        return QRectF(left, top, width, ROW_HEIGHT - 10)

    def _measure(self) -> None:
        known = self._advances
        measure = QFontMetrics(self.font()).horizontalAdvance
        widest = 0
        for row in self.rows:
            width = known.get(row.name)
            if width is None:
                width = known[row.name] = measure(row.name)
            widest = max(widest, width)
        self._widest = widest

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._advances.clear()
            self._measure()

    def _label_width(self) -> int:
        """Room for the longest name, leaving the bars at least ``MIN_TRACK`` pixels."""
        return min(self._widest + 2, max(self.width() - MIN_TRACK - 28, 80))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlphaF(0.18)
        current_fill = palette.color(QPalette.ColorRole.Highlight)
        metrics = QFontMetrics(self.font())
        label_width = self._label_width()

        # Legend.
        x = 4.0
        for colour, label in ((current_fill, "Current"), (gap_fill(2, palette), "Still to close")):
            painter.fillRect(QRectF(x, 8, 12, 12), colour)
            painter.setPen(text)
            painter.drawText(QRectF(x + 16, 4, 140, 20), Qt.AlignmentFlag.AlignVCenter, label)
            x += 22 + metrics.horizontalAdvance(label) + 12
        painter.setPen(QPen(text, 2))
        painter.drawLine(int(x), 6, int(x), 22)
        painter.drawText(QRectF(x + 6, 4, 140, 20), Qt.AlignmentFlag.AlignVCenter, "Required")

        if not self.rows:
            return
        first = self.bar_rect(0)
        step = first.width() / MAX_LEVEL
        bottom = TOP + len(self.rows) * ROW_HEIGHT
        for level in range(MAX_LEVEL + 1):
            gx = first.left() + level * step
            painter.setPen(QPen(grid, 1))
            painter.drawLine(int(gx), TOP, int(gx), bottom)
            painter.setPen(text)
            painter.drawText(
                QRectF(gx - 10, bottom + 2, 20, BOTTOM - 4),
                Qt.AlignmentFlag.AlignCenter,
                str(level),
            )
        # Only the rows inside the area being painted (the scroll area shows a few dozen).
        area = event.rect()
        first_row = max((area.top() - TOP) // ROW_HEIGHT, 0)
        last_row = min((area.bottom() - TOP) // ROW_HEIGHT + 1, len(self.rows) - 1)
        for position in range(first_row, last_row + 1):
            row = self.rows[position]
            track = self.bar_rect(position)
            name = metrics.elidedText(row.name, Qt.TextElideMode.ElideRight, label_width)
            painter.setPen(text)
            painter.drawText(
                QRectF(4, track.top() - 4, label_width, track.height() + 8),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                name,
            )
            current = min(max(row.current, 0), MAX_LEVEL)
            required = min(max(row.required, 0), MAX_LEVEL)
            if current:
                painter.fillRect(
                    QRectF(track.left(), track.top(), current * step, track.height()), current_fill
                )
            if required > current:
                painter.fillRect(
                    QRectF(
                        track.left() + current * step,
                        track.top(),
                        (required - current) * step,
                        track.height(),
                    ),
                    gap_fill(row.gap, palette),
                )
            rx = track.left() + required * step
            painter.setPen(QPen(text, 2))
            painter.drawLine(int(rx), int(track.top() - 3), int(rx), int(track.bottom() + 3))
        painter.end()
