"""Beside the Result of a STAR+R answer: the outcomes of the experience the answer draws on,
so the result can quote the numbers already written down on the Experience tab."""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from secondchance.core.db import StorageError
from secondchance.core.services import field_names as F
from secondchance.core.services import records
from secondchance.ui.context import AppContext
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.widgets.muted_label import MutedLabel

log = logging.getLogger(__name__)
MAX_SHOWN = 1200


class ExperienceOutcomes(QFrame):
    def __init__(self, ctx: AppContext, view: RecordView) -> None:
        result = view.form.editors[F.question.result]
        cell = result.parentWidget()
        assert cell is not None
        super().__init__(cell)
        self.ctx = ctx
        self.view = view
        self.setObjectName("experience_outcomes")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        self.title.setObjectName("outcomes_title")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.text = MutedLabel(self)
        self.text.setObjectName("outcomes_text")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        cell_layout = cell.layout()
        assert isinstance(cell_layout, QVBoxLayout)
        # Right under the Result editor (before its error label).
        cell_layout.insertWidget(1, self)
        self.hide()
        self._shown_for: int | None = None
        later = self._later
        view.table.selectionModel().currentRowChanged.connect(lambda *_a: later())
        view.saved.connect(lambda _row: later())
        view.reloaded.connect(later)
        view.form.edited.connect(later)
        view.new_button.clicked.connect(later)
        ctx.changed.connect(self._kind_changed)
        later()  # the view may have loaded and selected a question before this was added

    def _later(self) -> None:
        # After the view has loaded the record into the form; never after the panel is gone
        # (the window closing deletes it while the call may still be queued).
        QTimer.singleShot(0, self, self.refresh)

    def _kind_changed(self, kind: str) -> None:
        if kind in ("*", "experience"):
            self._shown_for = None
            self._later()

    def refresh(self) -> None:
        editor = self.view.form.editors[F.question.experience_id]
        if not shiboken6.isValid(editor):
            return  # the window is closing
        experience_id = editor.value()  # type: ignore[attr-defined]
        if not isinstance(experience_id, int):
            self._shown_for = None
            self.hide()
            return
        if experience_id == self._shown_for and self.isVisible():
            return
        try:
            row = records.get_record(self.ctx.db, "experience", experience_id)
        except (LookupError, StorageError):
            self.hide()
            return
        outcomes = str(row.values.get(F.experience.outcomes) or "").strip()
        self._shown_for = experience_id
        self.title.setText(f"Outcomes of “{row.title}”")
        if outcomes:
            shown = outcomes if len(outcomes) <= MAX_SHOWN else outcomes[: MAX_SHOWN - 1] + "…"
            self.text.setText(shown)
            self.text.set_muted(False)
        else:
            self.text.setText("No outcomes written for this experience yet (Experience tab).")
            self.text.set_muted(True)
        self.show()
