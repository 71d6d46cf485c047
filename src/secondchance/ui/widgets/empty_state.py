"""A centred explanation of what a view is for, with one primary button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    activated = Signal()

    def __init__(self, text: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A wrapped label inside an aligned layout item is given its one-line height and
        # clipped; a fixed width plus its height for that width keeps every line visible.
        self.label.setFixedWidth(520)
        self.label.setMinimumHeight(self.label.heightForWidth(520))
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(action or "Add", self)
        self.button.setDefault(True)
        self.button.clicked.connect(self.activated)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
