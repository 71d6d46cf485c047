"""Pieces the practice and mock dialogs share: the question shown large, the four-button
self-rating, and the offer of a one-line journal entry."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from secondchance.core import models as m

# What each self-rating means, in plain words (the stored values stay Again…Easy for FSRS).
MEANINGS: dict[m.PracticeRating, str] = {
    m.PracticeRating.again: "I lost my way or couldn't answer: practise it again tomorrow",
    m.PracticeRating.hard: "I got there, but it was a struggle",
    m.PracticeRating.good: "A clear, complete answer",
    m.PracticeRating.easy: "Calm, complete and on time: I could give it tomorrow",
}
JOURNAL_LIMIT = 500
# A question is shown whole up to here (a pasted page would freeze the layout).
SHOWN_LIMIT = 1000


def shown(text: str, limit: int = SHOWN_LIMIT) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def muted(label: QLabel) -> QLabel:
    """Secondary text: the palette's placeholder colour, which stays legible in light and
    dark themes (a disabled label's grey is too faint for text worth reading)."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class QuestionHeader(QWidget):
    """The question in large type, and what the interviewer is really asking."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = muted(QLabel(self))
        self.context.setObjectName("question_context")
        self.context.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QLabel(self)
        self.text.setObjectName("question_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.text.setFont(font)
        self.hint = QLabel(self)
        self.hint.setObjectName("question_hint")
        italic = self.hint.font()
        italic.setItalic(True)
        self.hint.setFont(italic)
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.context)
        layout.addWidget(self.text)
        layout.addWidget(self.hint)

    def show_question(self, question: str, hint: str, context: str) -> None:
        self.context.setText(context)
        self.text.setText(shown(question))
        self.hint.setText(f"What they're really asking: {shown(hint)}" if hint.strip() else "")
        self.hint.setVisible(bool(hint.strip()))


class RatingRow(QWidget):
    """Four buttons, also keys 1–4: how the answer went."""

    rated = Signal(object)  # PracticeRating

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rating_row")
        self.buttons: dict[m.PracticeRating, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for number, rating in enumerate(m.PracticeRating, start=1):
            button = QPushButton(f"{number}  {rating.label}", self)
            button.setObjectName(f"rate_{rating.name}")
            button.setToolTip(f"{MEANINGS[rating]} (key {number})")
            button.setAccessibleDescription(MEANINGS[rating])
            # Keys choose; focus stays where Space starts and stops the timer.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, r=rating: self._choose(r))
            layout.addWidget(button)
            self.buttons[rating] = button
            shortcut = QShortcut(QKeySequence(str(number)), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda r=rating: self._choose(r))

    def _choose(self, rating: m.PracticeRating) -> None:
        if self.isEnabled() and self.isVisible():
            self.rated.emit(rating)


class JournalPrompt(QWidget):
    """An offer, never a demand: one line for the confidence journal."""

    submitted = Signal(str, object)  # text, JournalKind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journal_prompt")
        title = QLabel("One line for your journal? (optional)", self)
        self.kind = QComboBox(self)
        self.kind.setObjectName("journal_kind")
        for kind in (m.JournalKind.win, m.JournalKind.lesson):
            self.kind.addItem(kind.label, kind.name)
        self.line = QLineEdit(self)
        self.line.setObjectName("journal_line")
        self.line.setMaxLength(JOURNAL_LIMIT)
        self.line.setPlaceholderText("What went well, or what you'll do differently")
        self.line.returnPressed.connect(self._submit)
        self.add = QPushButton("Add to journal", self)
        self.add.setObjectName("journal_add")
        self.add.clicked.connect(self._submit)
        self.done = muted(QLabel(self))
        self.done.setObjectName("journal_done")
        self.done.hide()
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(self.line, 1)
        row.addWidget(self.add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.done)

    def suggest(self, went_well: bool) -> None:
        kind = m.JournalKind.win if went_well else m.JournalKind.lesson
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind.name)))
        self.line.clear()
        self.line.setEnabled(True)
        self.add.setEnabled(True)
        self.done.hide()

    def _submit(self) -> None:
        text = self.line.text().strip()
        if not text:
            return
        self.submitted.emit(text, m.JournalKind[str(self.kind.currentData())])

    def saved(self) -> None:
        self.line.setEnabled(False)
        self.add.setEnabled(False)
        self.done.setText("Added to your journal.")
        self.done.show()
