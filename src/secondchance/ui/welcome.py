"""First run: what the app is for, and two ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from secondchance import APP_NAME
from secondchance.ui import icons


class WelcomePanel(QWidget):
    create_target = Signal()
    load_sample = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome_panel")
        logo = QLabel(self)
        logo.setPixmap(icons.app_icon().pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(f"Welcome to {APP_NAME}", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "A “no” after an interview is not the end of the road with that company. "
            f"{APP_NAME} walks you through the comeback — understand the feedback, close the "
            "gaps, build proof and contacts, rehearse — and apply again when you're ready.\n\n"
            "Everything you write stays on this computer.",
            self,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A wrapped label inside an aligned layout item is given its one-line height and
        # clipped; a fixed width plus its height for that width keeps every line visible.
        text.setFixedWidth(560)
        text.setMinimumHeight(text.heightForWidth(560))
        self.create_button = QPushButton(icons.icon("target"), "Create your first target", self)
        self.create_button.setObjectName("welcome_create")
        self.create_button.setDefault(True)
        self.create_button.setMinimumHeight(36)
        self.create_button.clicked.connect(self.create_target)
        self.sample_button = QPushButton(icons.icon("sample"), "Explore with sample data", self)
        self.sample_button.setObjectName("welcome_sample")
        self.sample_button.setMinimumHeight(36)
        self.sample_button.clicked.connect(self.load_sample)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addSpacing(8)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.sample_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
