"""Marking feedback addressed: say what was done (required) and point at the evidence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services.evidence import EvidenceChoice, already_linked
from secondchance.ui.widgets.muted_label import MutedLabel


class AddressedDialog(QDialog):
    def __init__(
        self,
        feedback_text: str,
        response: str,
        choices: list[EvidenceChoice],
        feedback_skills: list[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addressed_dialog")
        self.setWindowTitle("Mark as addressed")
        self.choices = choices

        quoted = QLabel(f"“{_shorten(feedback_text, 300)}”", self)
        quoted.setObjectName("addressed_quote")
        quoted.setWordWrap(True)
        quoted.setTextFormat(Qt.TextFormat.PlainText)
        font = quoted.font()
        font.setItalic(True)  # their words: set apart, in the normal colour, easy to read
        quoted.setFont(font)
        ask = QLabel("What did you do about it? (needed — this is what the packet shows)", self)
        ask.setWordWrap(True)
        self.response = QPlainTextEdit(self)
        self.response.setObjectName("addressed_response")
        self.response.setPlaceholderText(
            "e.g. Finished an advanced SQL course and timed drills; the same query now takes "
            "me 6 minutes instead of 20."
        )
        self.response.setPlainText(response)
        self.response.textChanged.connect(self._update_ok)

        evidence_label = QLabel("Evidence that shows it (optional):", self)
        evidence_label.setVisible(bool(choices))
        self.model = QStandardItemModel(self)
        for choice in choices:
            item = QStandardItem(choice.label)
            item.setEditable(False)
            item.setCheckable(True)
            if already_linked(choice, feedback_skills):
                item.setCheckState(Qt.CheckState.Checked)
                item.setEnabled(False)
                item.setToolTip("Already linked through a shared skill")
            else:
                item.setCheckState(Qt.CheckState.Unchecked)
            self.model.appendRow(item)
        self.evidence = QListView(self)
        self.evidence.setObjectName("addressed_evidence")
        self.evidence.setModel(self.model)
        self.evidence.setVisible(bool(choices))  # laid out only when there is something
        hint = MutedLabel(
            self,
            text="Evidence is linked through skills: a course or project you tick here will show "
            "under this feedback in the ledger and the packet."
            if choices
            else "No development activities or experiences yet. Add them on the Skills and "
            "Experience tabs, then link them here or through the feedback's skills.",
        )

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Mark addressed")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(quoted)
        layout.addWidget(ask)
        layout.addWidget(self.response, 2)
        layout.addWidget(evidence_label)
        if choices:
            layout.addWidget(self.evidence, 3)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(520, 520 if choices else 360)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.response.toPlainText().strip()))

    def response_text(self) -> str:
        return self.response.toPlainText().strip()

    def chosen(self) -> list[EvidenceChoice]:
        picked = []
        for row, choice in enumerate(self.choices):
            item = self.model.item(row)
            if item.isEnabled() and item.checkState() == Qt.CheckState.Checked:
                picked.append(choice)
        return picked

    def check(self, kind: str, record_id: int) -> None:
        """Tick one piece of evidence (used by tests and keyboard-free scripting)."""
        for row, choice in enumerate(self.choices):
            if (choice.kind, choice.id) == (kind, record_id):
                self.model.item(row).setCheckState(Qt.CheckState.Checked)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
