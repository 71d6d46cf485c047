"""First run: what the app is for, what a target is, and three ways to begin — a first
target, the sample, or (for a returning person) their data back from a backup or export."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from secondchance import APP_NAME
from secondchance.ui import icons
from secondchance.ui.widgets.muted_label import MutedLabel

TEXT_WIDTH = 560


class WelcomePanel(QWidget):
    create_target = Signal()
    load_sample = Signal()
    restore = Signal(str)  # "backups" (File → Backups…) or "import" (an export file)

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
        text = self._fixed_label(
            QLabel(
                "A “no” after an interview is not the end of the road with that company. "
                f"{APP_NAME} walks you through the comeback — understand the feedback, close "
                "the gaps, build proof and contacts, rehearse — and apply again when you're "
                "ready.\n\nEverything you write stays on this computer.",
                self,
            )
        )
        target = self._fixed_label(
            MutedLabel(
                self,
                text="A target is the job you mean to win back: one company and one role. "
                "Everything you add belongs to it, and you can have more than one.",
            )
        )
        target.setObjectName("welcome_target_line")
        self.create_button = QPushButton(icons.icon("target"), "Create your first target", self)
        self.create_button.setObjectName("welcome_create")
        self.create_button.setDefault(True)
        self.create_button.setMinimumHeight(36)
        self.create_button.clicked.connect(self.create_target)
        self.sample_button = QPushButton(icons.icon("sample"), "Explore with sample data", self)
        self.sample_button.setObjectName("welcome_sample")
        self.sample_button.setMinimumHeight(36)
        self.sample_button.clicked.connect(self.load_sample)
        self.restore_button = QPushButton(
            icons.icon("import"), "Restore from a backup or export…", self
        )
        self.restore_button.setObjectName("welcome_restore")
        self.restore_button.setToolTip(
            "Been here before? Bring back your data from a backup or an exported file"
        )
        self.restore_button.setMinimumHeight(32)
        self.restore_button.clicked.connect(self._restore_clicked)
        for button in (self.create_button, self.sample_button, self.restore_button):
            button.setMinimumWidth(300)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addSpacing(8)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(4)
        layout.addWidget(target, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.sample_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    @staticmethod
    def _fixed_label(label: QLabel) -> QLabel:
        # A wrapped label inside an aligned layout item is given its one-line height and
        # clipped; a fixed width plus its height for that width keeps every line visible.
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setFixedWidth(TEXT_WIDTH)
        label.setMinimumHeight(label.heightForWidth(TEXT_WIDTH))
        return label

    def backups_action(self) -> QAction | None:
        """File → Backups…, where this version of the app has it."""
        return self.window().findChild(QAction, "action_backups")

    def _restore_clicked(self) -> None:
        if self.backups_action() is None:
            self.restore.emit("import")
            return
        menu = QMenu(self)
        menu.setObjectName("welcome_restore_menu")
        menu.addAction("From a backup (File → Backups…)", lambda: self.restore.emit("backups"))
        menu.addAction("From an exported file…", lambda: self.restore.emit("import"))
        menu.popup(self.restore_button.mapToGlobal(self.restore_button.rect().bottomLeft()))
