"""Interview Prep tab (steps 9 and 10): the questions with their STAR+R answers, practice
out loud with a timer, spaced repetition, mock interviews, the question bank, the Anki
export, and the confidence journal with its trend."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from secondchance.core.db import StorageError
from secondchance.core.services import confidence, questions
from secondchance.core.services import mock as mock_service
from secondchance.core.services.fields import first_message
from secondchance.core.services.practice import due_questions
from secondchance.ui.context import AppContext
from secondchance.ui.records.commands import CHANGE_ERRORS, commit
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.tabs.base import RecordTab
from secondchance.ui.tabs.interview_prep.mock_summary import MockSummary
from secondchance.ui.tabs.interview_prep.outcomes import ExperienceOutcomes
from secondchance.ui.tabs.interview_prep.pieces import muted
from secondchance.ui.tabs.interview_prep.timer import Clock
from secondchance.ui.tabs.interview_prep.trend_chart import ConfidenceTrend
from secondchance.ui.tabs.registry import TabSpec

log = logging.getLogger(__name__)
ANKI_FOLDER_KEY = "interop/last_folder"
APKG_FILTER = "Anki deck (*.apkg)"
TSV_FILTER = "Text file for Anki's import (*.tsv)"


class InterviewPrepTab(RecordTab):
    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(ctx, spec, parent)
        # What a test may replace: the clock the timers read and the mock draw's seed.
        self.clock: Clock | None = None
        self.mock_seed: int | str | None = None
        self.dialog: QDialog | None = None
        # A practice note typed and not yet recorded, by question: kept for next time.
        self.drafts: dict[int, str] = {}
        # The questions due (by the day asked), read once per change (see _due_ids).
        self._due: tuple[dt.date, list[int]] | None = None
        for keys, slot in (("Ctrl+Shift+P", self.practise), ("Ctrl+Shift+M", self.start_mock)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        ctx.changed.connect(self._something_changed)
        ctx.target_changed.connect(lambda _t: self._something_changed("*"))

    def page_built(self, key: str, page: QWidget) -> None:
        # Sub-views are built on their first showing; each is dressed and filled then.
        if not isinstance(page, RecordView):
            return
        if key == "question":
            self._build_questions(page)
            self._something_changed("question")
        elif key == "mock":
            self._build_mocks(page)
            self._refresh_mock_summary()
        elif key == "journal":
            self._build_journal(page)
            self._refresh_trend()

    # --- questions ---------------------------------------------------------------------------

    def _build_questions(self, view: RecordView) -> None:
        self.practise_button = self._button(
            view,
            "practise",
            "Practise",
            self.practise,
            "Answer the selected question out loud, with a timer (Ctrl+Shift+P)",
        )
        self.mock_button = self._button(
            view,
            "start_mock",
            "Mock interview…",
            self.start_mock,
            "Several questions in a row, as on the day (Ctrl+Shift+M)",
        )
        self.bank_button = self._button(
            view,
            "add_from_bank",
            "Add from bank…",
            self.add_from_bank,
            "Pick questions from a curated bank, each with what it is really asking",
        )
        for button in (self.practise_button, self.mock_button, self.bank_button):
            view.add_toolbar_widget(button)
        self.only_due = QCheckBox("Only due today", view)
        self.only_due.setObjectName("only_due")
        self.only_due.setToolTip("Hide the questions whose next practice is later")
        self.only_due.toggled.connect(lambda _on: self._apply_due_filter())
        self.due_label = muted(QLabel(view))
        self.due_label.setObjectName("due_summary")
        self.due_label.setWordWrap(True)
        self.anki_button = self._button(
            view,
            "export_anki",
            "Export for Anki…",
            self.export_anki,
            "Your questions as an Anki deck, the STAR+R answer on the back",
        )
        footer = QWidget(view)
        row = QHBoxLayout(footer)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.only_due)
        row.addWidget(self.due_label, 1)
        row.addWidget(self.anki_button)
        view.add_list_footer(footer)
        view.reloaded.connect(self._refresh_due)
        self.outcomes = ExperienceOutcomes(self.ctx, view)

    def _button(
        self, parent: QWidget, name: str, text: str, slot: Callable[[], object], tip: str
    ) -> QPushButton:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _due_ids(self) -> list[int]:
        """The questions to practise today, the longest-waiting first; read once per change
        (the list's reload and the tab's own refresh both ask on one showing)."""
        today = dt.date.today()
        target = self.ctx.target_id
        if target is None:
            return []
        if self._due is None or self._due[0] != today:
            try:
                self._due = (today, due_questions(self.ctx.db, target, today))
            except StorageError:
                log.exception("could not read the questions due")
                return []
        return self._due[1]

    def _apply_due_filter(self) -> None:
        view = self.views["question"]
        if not self.only_due.isChecked():
            view.set_row_filter(None)
        else:
            due = set(self._due_ids())
            view.set_row_filter(lambda row: row.id in due)
        self._refresh_due()

    def _refresh_due(self) -> None:
        rows = self.views["question"].model.all_rows()
        self.practise_button.setEnabled(bool(rows))
        self.mock_button.setEnabled(bool(rows))
        self.anki_button.setEnabled(bool(rows))
        if not rows:
            self.due_label.setText("")
            return
        due = len(self._due_ids())
        self.due_label.setText(
            f"{due} of {len(rows)} due for practice today" if due else "Nothing due today"
        )

    def _something_changed(self, kind: str) -> None:
        if kind in ("*", "question", "practice", "target"):
            self._due = None
        built = self.views.is_built
        if kind in ("*", "question", "practice", "target") and built("question"):
            if self.only_due.isChecked():
                self._apply_due_filter()
            else:
                self._refresh_due()
        if kind in ("*", "practice", "journal", "target", "mock"):
            if built("journal"):
                self._refresh_trend()
            if built("mock"):
                self._refresh_mock_summary()

    # --- practice and mock interviews ---------------------------------------------------------

    def practise(self) -> None:
        view = self.views["question"]
        if self.ctx.target_id is None or not view.flush():
            return
        due = self._due_ids()
        chosen = view.current_id
        queue = ([chosen] if chosen is not None else []) + [d for d in due if d != chosen]
        if not queue:
            self.ctx.status.emit("Add a question first, then practise it out loud.")
            return
        from secondchance.ui.tabs.interview_prep.practise_dialog import PractiseDialog

        self._open(PractiseDialog(self.ctx, queue, self.drafts, self.clock, self))

    def start_mock(self) -> None:
        if self.ctx.target_id is None or not self.flush():
            return
        from secondchance.ui.tabs.interview_prep.mock_dialog import MockDialog

        self._open(MockDialog(self.ctx, self.clock, self.mock_seed, self))

    def _open(self, dialog: QDialog) -> None:
        """Window-modal and not blocking: the window's data stays as it is meanwhile."""
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()
        # Its keys (Space, 1–4) are the dialog's own: it takes the keyboard at once.
        dialog.raise_()
        dialog.activateWindow()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # --- the bank -------------------------------------------------------------------------------

    def add_from_bank(self, bank_path: Path | None = None) -> None:
        target = self.ctx.target_id
        if target is None or not self.flush():
            return
        from secondchance.ui.tabs.interview_prep.bank_dialog import BankDialog

        dialog = BankDialog(questions.existing_words(self.ctx.db, target), self, bank_path)
        dialog.accepted.connect(lambda: self._add_picked(dialog))
        self._open(dialog)

    def _add_picked(self, dialog: QDialog) -> None:
        from secondchance.ui.tabs.interview_prep.bank_dialog import BankDialog

        assert isinstance(dialog, BankDialog)
        target = self.ctx.target_id
        if target is None:
            return
        changes = questions.from_bank(self.ctx.db, target, dialog.picked())
        if not changes:
            self.ctx.status.emit("Those questions are already in Interview Prep.")
            return
        count = len(changes)
        noun = "question" if count == 1 else "questions"
        try:
            commit(
                self.ctx,
                changes,
                f"Added {count} {noun} from the bank: write your answers when you're ready",
                f"Add {count} {noun} from the bank",
            )
        except CHANGE_ERRORS as exc:
            self.ctx.status.emit(f"Not added: {first_message(exc)}")

    # --- Anki ------------------------------------------------------------------------------------

    def export_anki(self) -> Path | None:
        target = self.ctx.target_id
        if target is None or not self.flush():
            return None
        folder = QSettings().value(ANKI_FOLDER_KEY)
        start = Path(folder) if isinstance(folder, str) and Path(folder).is_dir() else Path.home()
        chosen, selected = QFileDialog.getSaveFileName(
            self,
            "Export questions for Anki",
            str(start / "Interview questions.apkg"),
            f"{APKG_FILTER};;{TSV_FILTER}",
        )
        if not chosen:
            return None
        return self.write_anki(Path(chosen), tsv=selected == TSV_FILTER)

    def write_anki(self, path: Path, tsv: bool) -> Path | None:
        from secondchance.core.interop import anki

        target = self.ctx.target_id
        if target is None:
            return None
        if tsv and path.suffix.lower() != ".tsv":
            path = path.with_suffix(".tsv")
        elif not tsv and path.suffix.lower() != ".apkg":
            path = path.with_suffix(".apkg")
        try:
            count = (anki.write_tsv if tsv else anki.write_apkg)(self.ctx.db, target, path)
        except (OSError, LookupError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            QMessageBox.warning(
                self,
                "Export for Anki failed",
                f"The questions could not be written to\n{path}\n\n{reason}\n\n"
                "Nothing was written. Try another folder.",
            )
            return None
        QSettings().setValue(ANKI_FOLDER_KEY, str(path.parent))
        how = "In Anki: File → Import, then pick the file."
        self.ctx.status.emit(f"Exported {count} questions to {path}. {how}")
        return path

    # --- mock interviews --------------------------------------------------------------------------

    def _build_mocks(self, view: RecordView) -> None:
        view.empty.activated.disconnect(view.new_record)
        view.empty.activated.connect(self.start_mock)
        self.mock_view_button = self._button(
            view,
            "start_mock_here",
            "Start a mock interview…",
            self.start_mock,
            "Several of your questions in a row, timed, without notes",
        )
        view.add_toolbar_widget(self.mock_view_button)
        self.mock_summary = MockSummary(view)
        view.add_detail_panel(self.mock_summary)
        view.table.selectionModel().currentRowChanged.connect(
            lambda *_a: self._refresh_mock_summary()
        )
        view.reloaded.connect(self._refresh_mock_summary)

    def _refresh_mock_summary(self) -> None:
        mock_id = self.views["mock"].current_id
        try:
            answers = mock_service.summary(self.ctx.db, mock_id) if mock_id is not None else []
        except StorageError:
            log.exception("could not read a mock interview")
            return
        self.mock_summary.set_answers(answers)
        self.mock_summary.setVisible(mock_id is not None)

    # --- the journal -----------------------------------------------------------------------------

    def _build_journal(self, view: RecordView) -> None:
        self.trend = ConfidenceTrend(view)
        view.add_list_footer(self.trend)

    def _refresh_trend(self) -> None:
        if self.ctx.target_id is None:
            self.trend.set_weeks([])
            return
        try:
            self.trend.set_weeks(confidence.confidence_trend(self.ctx.db, self.ctx.target_id))
        except (StorageError, LookupError):
            log.exception("could not read the confidence trend")
