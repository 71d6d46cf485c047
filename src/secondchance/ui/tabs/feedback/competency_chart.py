"""The eight competency self-ratings as a small bar chart that follows the palette."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from secondchance.core import models as m

MAX_RATING = 5


class CompetencyChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("competency_chart")
        self.ratings: dict[m.CompetencyArea, int] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Competency self-ratings chart")

    def set_ratings(self, ratings: dict[m.CompetencyArea, int]) -> None:
        self.ratings = dict(ratings)
        summary = ", ".join(
            f"{area.label} {ratings[area]} of {MAX_RATING}"
            if area in ratings
            else f"{area.label} not rated"
            for area in m.CompetencyArea
        )
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        self.update()

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QSize:
        return QSize(360, self._row_height() * (len(m.CompetencyArea) + 1) + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        bar = palette.color(QPalette.ColorRole.Highlight)
        track = palette.color(QPalette.ColorRole.Mid)
        track.setAlpha(70)
        metrics = self.fontMetrics()
        row = self._row_height()
        label_width = max(metrics.horizontalAdvance(a.label) for a in m.CompetencyArea) + 12
        value_width = metrics.horizontalAdvance("5 / 5") + 10
        bar_left = label_width
        bar_width = max(self.width() - label_width - value_width, 40)
        painter.setPen(text)
        painter.drawText(
            QRectF(0, 0, self.width(), row),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            "Self-ratings (1–5)",
        )
        for index, area in enumerate(m.CompetencyArea):
            top = row * (index + 1)
            rating = self.ratings.get(area)
            painter.setPen(text if rating is not None else muted)
            painter.drawText(
                QRectF(0, top, label_width - 8, row),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                area.label,
            )
            track_rect = QRectF(bar_left, top + 4, bar_width, row - 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(track_rect, 3, 3)
            if rating is not None:
                filled = QRectF(track_rect)
                filled.setWidth(bar_width * rating / MAX_RATING)
                painter.setBrush(bar)
                painter.drawRoundedRect(filled, 3, 3)
            painter.setPen(text if rating is not None else muted)
            painter.drawText(
                QRectF(bar_left + bar_width + 6, top, value_width, row),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"{rating} / {MAX_RATING}" if rating is not None else "—",
            )
        painter.end()
