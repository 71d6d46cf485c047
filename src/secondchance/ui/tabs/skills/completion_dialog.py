"""Asked when an activity is marked done: did the skill's current level change?"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services.kinds import LEVELS
from secondchance.ui.widgets.rating import RatingControl


class LevelDialog(QDialog):
    """Preselects the current level; "Update level" is offered once another is picked."""

    def __init__(
        self,
        skill_name: str,
        activity_title: str,
        current: int,
        required: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("level_dialog")
        self.setWindowTitle("Activity done")
        self.current = current
        question = QLabel(f"Did your level in {skill_name} change?", self)
        question.setObjectName("level_question")
        font = question.font()
        font.setBold(True)
        question.setFont(font)
        question.setWordWrap(True)
        context = QLabel(
            f"You finished “{activity_title}”. Your level is {current} of 5; the role asks "
            f"for {required}. Pick your level now, or keep it as it is.",
            self,
        )
        context.setWordWrap(True)
        for label in (question, context):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.rating = RatingControl(0, 5, False, self, LEVELS)
        self.rating.setObjectName("level_rating")
        self.rating.set_value(current)
        self.rating.edited.connect(self._level_picked)
        buttons = QDialogButtonBox(self)
        self.keep_button = QPushButton("Keep level", self)
        self.keep_button.setObjectName("keep_level")
        self.update_button = QPushButton("Update level", self)
        self.update_button.setObjectName("update_level")
        self.update_button.setEnabled(False)
        buttons.addButton(self.update_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(context)
        layout.addWidget(self.rating)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.adjustSize()  # tall enough for the wrapped sentences at that width

    def _level_picked(self) -> None:
        changed = self.rating.value() not in (None, self.current)
        self.update_button.setEnabled(changed)
        self.update_button.setDefault(changed)
        self.keep_button.setDefault(not changed)

    def chosen_level(self) -> int | None:
        """The new level if the person asked to update it, else None."""
        if self.result() != QDialog.DialogCode.Accepted:
            return None
        value = self.rating.value()
        return value if value is not None and value != self.current else None
