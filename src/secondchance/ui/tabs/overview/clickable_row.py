"""A row of wrapped text that acts like a link: click it, or Tab to it and press Enter.

Push buttons can't wrap their text, and a long feedback quote must never be cut off at
the window's narrowest, so the Overview's actions and steps are these instead.  They look
like what they are: the title in the link colour, underlined under the pointer, a pointing
hand, a tinted background on hover and a "›" that says "this goes somewhere".
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from secondchance.ui.widgets.muted_label import MutedLabel

__all__ = ["ClickableRow", "LinkButton", "MutedLabel", "plain_label"]


def plain_label(parent: QWidget, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # user text is never markup
    label.setWordWrap(wrap)
    return label


class ClickableRow(QFrame):
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.mark = plain_label(self, wrap=False)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.mark.setMinimumWidth(self.fontMetrics().horizontalAdvance("10.") + 4)
        self.title = plain_label(self)
        self.title.setForegroundRole(QPalette.ColorRole.Link)
        self.detail = MutedLabel(self)
        self.chevron = MutedLabel(self, wrap=False, text="›")
        self.chevron.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        for label in (self.mark, self.title, self.detail, self.chevron):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

        texts = QVBoxLayout()
        texts.setSpacing(1)
        texts.addWidget(self.title)
        texts.addWidget(self.detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(texts, 1)
        layout.addWidget(self.chevron)

    def set_content(self, mark: str, title: str, detail: str = "", tip: str = "") -> None:
        self.mark.setText(mark)
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setToolTip(tip)
        self.setAccessibleName(title)
        self.setAccessibleDescription(detail or tip)

    # --- acting like a link --------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()  # so the release comes back here, not to a parent
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.HoverEnter, QEvent.Type.HoverLeave):
            font = self.title.font()
            font.setUnderline(event.type() == QEvent.Type.HoverEnter)
            self.title.setFont(font)
            self.update()
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        hovered, focused = self.underMouse(), self.hasFocus()
        if hovered or focused:
            # A tint of the highlight colour: visible on light and dark backgrounds.
            highlight = self.palette().color(QPalette.ColorRole.Highlight)
            fill = QColor(highlight)
            fill.setAlpha(40 if hovered else 25)
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(fill)
            painter.setPen(QPen(highlight, 1) if focused else Qt.PenStyle.NoPen)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
            painter.end()
        super().paintEvent(event)


class LinkButton(QPushButton):
    """A flat button that reads as a link: link colour, pointing hand, underlined on hover."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setForegroundRole(QPalette.ColorRole.Link)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setStyleSheet(
            "QPushButton { text-align: left; padding: 3px 6px; border: none;"
            " color: palette(link); }"
        )

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.HoverEnter, QEvent.Type.HoverLeave):
            font = self.font()
            font.setUnderline(event.type() == QEvent.Type.HoverEnter)
            self.setFont(font)
        return super().event(event)
