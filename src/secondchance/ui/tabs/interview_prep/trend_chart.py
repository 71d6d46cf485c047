"""The confidence trend under the journal: the mean self-rating of practice, week by week,
as a small line chart that follows the palette."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from secondchance.core.dates import MONTHS, medium_date
from secondchance.core.services.confidence import HIGHEST, LOWEST, Week

LEVELS = {1: "Blanked", 2: "Struggled", 3: "Solid", 4: "Nailed it"}


class ConfidenceTrend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confidence_trend")
        self.weeks: list[Week] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Confidence trend: mean self-rating of practice per week")

    def set_weeks(self, weeks: list[Week]) -> None:
        self.weeks = list(weeks)
        rated = [w for w in weeks if w.mean is not None]
        if rated:
            summary = "; ".join(
                f"week of {medium_date(w.start)}: {w.mean:.1f} from {w.sessions} sessions"
                for w in rated
            )
        else:
            summary = "No practice in these weeks yet"
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, self.fontMetrics().height() * 8 + 16)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        line = palette.color(QPalette.ColorRole.Highlight)
        grid = palette.color(QPalette.ColorRole.Mid)
        grid.setAlpha(90)
        metrics = self.fontMetrics()
        row = metrics.height()
        painter.setPen(text)
        painter.drawText(
            QRectF(0, 0, self.width(), row + 4),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            "Confidence in practice, week by week",
        )
        left = max(metrics.horizontalAdvance(label) for label in LEVELS.values()) + 10
        # Room above for the title and half a level label; below for the weeks' dates.
        top, bottom = row * 1.5 + 6, self.height() - row * 1.5 - 6
        right = self.width() - metrics.horizontalAdvance("30 Nov") / 2 - 4
        height = max(bottom - top, 10)

        def y_of(score: float) -> float:
            return bottom - (score - LOWEST) / (HIGHEST - LOWEST) * height

        for score, label in LEVELS.items():
            y = y_of(score)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            painter.setPen(muted)
            painter.drawText(
                QRectF(0, y - row / 2, left - 6, row),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
        if not self.weeks:
            painter.end()
            return
        step = (right - left) / max(1, len(self.weeks) - 1)
        xs = [
            left + i * step if len(self.weeks) > 1 else (left + right) / 2
            for i in range(len(self.weeks))
        ]
        points = [
            QPointF(x, y_of(w.mean)) if w.mean is not None else None
            for x, w in zip(xs, self.weeks, strict=True)
        ]
        # Date labels from the newest week back, each where it has room.
        free_from = float("inf")
        painter.setPen(muted)
        for x, week in reversed(list(zip(xs, self.weeks, strict=True))):
            label = f"{week.start.day} {MONTHS[week.start.month - 1][:3]}"
            width = metrics.horizontalAdvance(label)
            if x + width / 2 + 8 > free_from:
                continue
            painter.drawText(
                QRectF(x - width / 2 - 2, bottom + 6, width + 4, row),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                label,
            )
            free_from = x - width / 2
        # A gap in practice is a gap in the line.
        path = QPainterPath()
        drawing = False
        for point in points:
            if point is None:
                drawing = False
                continue
            if drawing:
                path.lineTo(point)
            else:
                path.moveTo(point)
                drawing = True
        painter.setPen(QPen(line, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(line)
        for point in points:
            if point is not None:
                painter.drawEllipse(point, 3.5, 3.5)
        if all(p is None for p in points):
            painter.setPen(muted)
            painter.drawText(
                QRectF(left, top, right - left, height),
                int(Qt.AlignmentFlag.AlignCenter),
                "Practise a question to see your trend here",
            )
        painter.end()
