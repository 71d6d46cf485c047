"""Resume tab (steps 7 and 8): resume versions, their coverage of the posting and the
differences between them, the portfolio and what it proves, and cover letters.

Attaching a PDF, Word, text or Markdown file to a version reads its text into the version
(in the same save and undo step); "New version from…" starts a version from another with the
experience bullets it lacks; "Draft from my progress" writes a first cover letter.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)

from secondchance.core.db import StorageError
from secondchance.core.services import attachments, records, resume_text
from secondchance.core.services import field_names as F
from secondchance.core.services.changes import Create, Update
from secondchance.core.services.fields import first_message
from secondchance.ui.records.commands import CHANGE_ERRORS, commit
from secondchance.ui.records.pending_save import PendingSave
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.tabs.base import RecordTab
from secondchance.ui.tabs.resume import json_resume_actions
from secondchance.ui.tabs.resume.coverage_page import CoveragePage
from secondchance.ui.tabs.resume.diff_page import DiffPage
from secondchance.ui.tabs.resume.portfolio_panel import PortfolioProofPanel
from secondchance.ui.worker import run_with_progress

log = logging.getLogger(__name__)


class ResumeTab(RecordTab):
    # Sub-views are built on their first showing (asking for one builds it); each is dressed
    # with this tab's controls then, in ``page_built``.

    @property
    def resume_view(self) -> RecordView:
        return self.views["resume"]

    @property
    def portfolio_view(self) -> RecordView:
        return self.views["portfolio"]

    @property
    def letter_view(self) -> RecordView:
        return self.views["cover_letter"]

    def page_built(self, key: str, page: QWidget) -> None:
        if not isinstance(page, RecordView):
            return
        if key == "resume":
            self._build_resume_tools(page)
        elif key == "portfolio":
            self._build_portfolio_panel(page)
        elif key == "cover_letter":
            self.draft_button = QPushButton("Draft from my progress…", page)
            self.draft_button.setObjectName("draft_letter")
            self.draft_button.setToolTip(
                "Write a first draft from your feedback, what you did about it and your evidence"
            )
            self.draft_button.clicked.connect(self.draft_letter)
            page.add_toolbar_widget(self.draft_button)

    def build_page(self, key: str, parent: QWidget) -> QWidget:
        if key == "coverage":
            self.coverage_page = CoveragePage(self.ctx, parent)
            return self.coverage_page
        if key == "compare":
            self.diff_page = DiffPage(self.ctx, parent)
            return self.diff_page
        return super().build_page(key, parent)

    # --- resume versions: new version, JSON Resume, text from the attached file ---------

    def _build_resume_tools(self, view: RecordView) -> None:
        self.new_from_button = QPushButton("New version from…", view)
        self.new_from_button.setObjectName("new_version_from")
        self.new_from_button.setToolTip(
            "Start a new version from this one, adding your experience bullets it lacks"
        )
        self.new_from_button.clicked.connect(self.new_version_from)
        # A push button with a menu: it looks like its neighbours in every style.
        self.json_button = QPushButton("JSON Resume", view)
        self.json_button.setObjectName("json_resume_menu")
        self.json_button.setToolTip("Import or export the open JSON Resume format")
        menu = QMenu(self.json_button)
        menu.addAction("Import a JSON Resume…", self.import_json_resume)
        menu.addAction("Export as JSON Resume…", self.export_json_resume)
        self.json_button.setMenu(menu)
        view.add_toolbar_widget(self.new_from_button)
        view.add_toolbar_widget(self.json_button)
        view.add_before_save(self._read_attached_text)
        self.text_note = QLabel(view)
        self.text_note.setObjectName("resume_text_note")
        self.text_note.setWordWrap(True)
        self.text_note.setTextFormat(Qt.TextFormat.PlainText)
        self.text_note.hide()
        view.add_detail_panel(self.text_note)
        view.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._note(""))
        text_editor = view.form.editors.get(F.resume.plain_text)
        if text_editor is not None:
            text_editor.setMaximumHeight(16777215)  # a whole resume: room to read and fix it
            text_editor.setMinimumHeight(200)

    def _note(self, text: str) -> None:
        self.text_note.setText(text)
        self.text_note.setVisible(bool(text))

    def _read_attached_text(self, before: dict[str, Any], pending: PendingSave) -> PendingSave:
        """A newly attached file's text goes into the version, in the same save."""
        values = pending.values
        stored = values.get(F.resume.file)
        if not stored or stored == before.get(F.resume.file) or before.get(F.resume.sent_on):
            return pending
        name = attachments.display_name(str(stored))
        if not resume_text.can_extract(name):
            self._note(
                f"Text is read from PDF, Word (.docx), plain text and Markdown files; paste "
                f"the text of “{name}” below."
            )
            return pending
        try:
            path = attachments.path_of(self.ctx.db, str(stored))
            text = run_with_progress(
                self, "Reading the resume's text…", lambda: resume_text.extract_text(path, name)
            )
        except (resume_text.ExtractionError, OSError) as exc:
            self._note(f"{exc} The file is kept.")
            return pending
        current = str(values.get(F.resume.plain_text) or "")
        if current.strip() and current.strip() != text.strip():
            answer = QMessageBox.question(
                self,
                "Use the file's text?",
                f"Replace the text below with the text read from “{name}”? "
                "Ctrl+Z brings your text back.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self._note(f"Kept your text; “{name}” is attached.")
                return pending
        words = len(text.split())
        self._note(
            f"Read {words} words from “{name}”. Check the text below and correct anything "
            "that came out wrong (columns and tables sometimes do)."
        )
        return PendingSave({**values, F.resume.plain_text: text}, pending.also)

    def _selected_version(self) -> int | None:
        if not self.resume_view.flush():
            return None
        return self.resume_view.current_id

    def new_version_from(self) -> None:
        if self.ctx.target_id is None or not self.resume_view.flush():
            return
        from secondchance.ui.tabs.resume.new_version_dialog import NewVersionDialog

        try:
            dialog = NewVersionDialog(self.ctx, self.resume_view.current_id, self)
        except (records.RecordNotFound, StorageError) as exc:
            self.ctx.status.emit(f"Couldn't start a new version: {exc}")
            return
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created_id is not None:
            self.show_view("resume")
            self.resume_view.select_record(dialog.created_id)

    def import_json_resume(self) -> None:
        if self.flush():
            json_resume_actions.import_file(self, self.ctx)

    def export_json_resume(self) -> None:
        if self.flush():
            json_resume_actions.export_file(self, self.ctx)

    # --- portfolio ----------------------------------------------------------------------

    def _build_portfolio_panel(self, view: RecordView) -> None:
        self.proof_panel = PortfolioProofPanel(self.ctx, view)
        view.add_detail_panel(self.proof_panel)
        view.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_proof())
        view.saved.connect(lambda _row: self._show_proof())
        view.reloaded.connect(self._show_proof)
        # The view may have loaded and selected an item before the panel was added.
        QTimer.singleShot(0, self.proof_panel, self._show_proof)

    def _show_proof(self) -> None:
        view = self.portfolio_view
        record_id = view.current_id
        position = view.model.position_of(record_id) if record_id is not None else -1
        self.proof_panel.show_item(view.model.row_at(position) if position >= 0 else None)

    # --- cover letter -------------------------------------------------------------------

    def draft_letter(self) -> None:
        view = self.letter_view
        if self.ctx.target_id is None or not view.flush():
            return
        from secondchance.core.packet.letter import draft_letters
        from secondchance.ui.tabs.resume.letter_dialog import LetterDraftDialog

        try:
            drafts = draft_letters(self.ctx.db, self.ctx.target_id)
        except (LookupError, StorageError) as exc:
            self.ctx.status.emit(f"Couldn't write a draft: {exc}")
            return
        letter_id = view.current_id
        body = ""
        if letter_id is not None:
            try:
                body = str(
                    records.get_record(self.ctx.db, "cover_letter", letter_id).values.get(
                        F.cover_letter.body
                    )
                    or ""
                )
            except records.RecordNotFound:
                letter_id = None
        dialog = LetterDraftDialog(drafts, bool(body.strip()), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.use_draft(dialog.chosen().title, dialog.chosen().body, letter_id)

    def use_draft(self, title: str, body: str, letter_id: int | None) -> None:
        """Put a draft in the selected letter (replacing its text) or in a new one; one
        undo step either way."""
        assert self.ctx.target_id is not None
        if letter_id is not None:
            change: Create | Update = Update("cover_letter", letter_id, {F.cover_letter.body: body})
            message = "Drafted the letter from your progress — Ctrl+Z brings back the old text"
        else:
            change = Create(
                "cover_letter",
                {F.cover_letter.title: title, F.cover_letter.body: body},
                self.ctx.target_id,
            )
            message = "Drafted a new letter from your progress"
        try:
            applied = commit(self.ctx, [change], message, "Draft the letter from my progress")
        except CHANGE_ERRORS as exc:
            self.ctx.status.emit(f"The draft was not used: {first_message(exc)}")
            return
        row = applied.rows[0]
        if row is not None:
            self.letter_view.select_record(row.id)
