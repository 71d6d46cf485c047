"""'Draft from my progress': three drafts of the letter (warm, concise, formal) written from
the feedback → what I did → evidence chain; the person picks one, edits it here or later,
and putting it in the letter is one step that Ctrl+Z takes back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.packet.letter import LetterDraft


class LetterDraftDialog(QDialog):
    def __init__(
        self, drafts: list[LetterDraft], replacing: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letter_draft_dialog")
        self.setWindowTitle("Draft from my progress")
        self.drafts = drafts
        intro = QLabel(
            "A first draft from your feedback, what you did about it, your experience and "
            "the skills you raised. Pick a tone and make it yours: every line can be edited."
            + (
                " Using it replaces the letter's current text; Ctrl+Z brings that back."
                if replacing
                else ""
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("letter_tones")
        self.editors: list[QPlainTextEdit] = []
        for draft in drafts:
            editor = QPlainTextEdit(self.tabs)
            editor.setObjectName(f"letter_{draft.tone.name}")
            editor.setPlainText(draft.body)
            self.editors.append(editor)
            self.tabs.addTab(editor, draft.tone.label)
        buttons = QDialogButtonBox(self)
        self.use_button = buttons.addButton(
            "Use this draft", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.use_button.setObjectName("use_letter_draft")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(760, 600)

    def chosen(self) -> LetterDraft:
        index = max(self.tabs.currentIndex(), 0)
        draft = self.drafts[index]
        return LetterDraft(draft.tone, draft.title, self.editors[index].toPlainText())
