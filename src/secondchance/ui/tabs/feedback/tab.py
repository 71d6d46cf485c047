"""Feedback tab (steps 1 and 2): asking for feedback, what was said and what was done about
it, the ledger that follows it to the evidence, and the person's own debrief."""

from __future__ import annotations

import logging
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from secondchance.core import models as m
from secondchance.core.db import StorageError
from secondchance.core.services import field_names as F
from secondchance.core.services import questions, records
from secondchance.core.services.changes import Create
from secondchance.core.services.evidence import evidence_choices, plan_links
from secondchance.core.services.feedback_themes import ThemeCount, theme_counts
from secondchance.core.services.fields import ValidationError, first_message
from secondchance.ui.context import AppContext
from secondchance.ui.records.commands import CHANGE_ERRORS, commit
from secondchance.ui.records.pending_save import PendingSave
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.records.table_model import ColumnFilter
from secondchance.ui.tabs.base import RecordTab
from secondchance.ui.tabs.feedback.addressed_dialog import AddressedDialog
from secondchance.ui.tabs.feedback.competency_chart import CompetencyChart
from secondchance.ui.tabs.feedback.ledger_view import LedgerView
from secondchance.ui.tabs.overview.figures import figures_of
from secondchance.ui.tabs.registry import TabSpec
from secondchance.ui.widgets.link_picker import LinkPicker
from secondchance.ui.worker import Background

log = logging.getLogger(__name__)

# Feedback items beyond which the theme counts are made off the GUI thread (a GROUP BY
# over 10 000 rows is a few milliseconds).
LARGE_FEEDBACK = 10_000
DEBOUNCE_MS = 250


class FeedbackTab(RecordTab):
    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(ctx, spec, parent)
        self._theme: m.FeedbackTheme | None = None
        self._counting = Background(DEBOUNCE_MS, self, holds_collection=True)
        self._counting.finished.connect(self._show_theme_counts)
        self._counts: list[ThemeCount] = []  # the last counted, shown again after a filter
        ctx.changed.connect(self._refresh_summaries)
        ctx.target_changed.connect(lambda _t: self._target_changed())

    # Controls of sub-views that are built when first shown: asking for one builds its view.

    @property
    def ledger(self) -> LedgerView:
        return cast(LedgerView, self.pages["ledger"])

    @property
    def only_open(self) -> QCheckBox:
        return cast(QCheckBox, self.views["feedback"].findChild(QCheckBox, "only_unaddressed"))

    @property
    def request_button(self) -> QPushButton:
        return cast(QPushButton, self.views["feedback"].findChild(QPushButton, "draft_request"))

    @property
    def question_button(self) -> QPushButton:
        return cast(QPushButton, self.views["feedback"].findChild(QPushButton, "feedback_to_prep"))

    @property
    def theme_counts(self) -> QLabel:
        return cast(QLabel, self.views["feedback"].findChild(QLabel, "theme_counts"))

    @property
    def prep_button(self) -> QPushButton:
        return cast(
            QPushButton, self.views["reflection"].findChild(QPushButton, "reflection_to_prep")
        )

    @property
    def chart(self) -> CompetencyChart:
        return cast(CompetencyChart, self.views["competency"].findChild(CompetencyChart))

    def build_page(self, key: str, parent: QWidget) -> QWidget:
        if key == "ledger":
            ledger = LedgerView(self.ctx, parent)
            ledger.empty.activated.connect(self._add_first_feedback)
            return ledger
        return super().build_page(key, parent)

    def page_built(self, key: str, page: QWidget) -> None:
        if key == "feedback" and isinstance(page, RecordView):
            self._dress_feedback(page)
        elif key == "reflection" and isinstance(page, RecordView):
            prep_button = QPushButton("Practise in Interview Prep", page)
            prep_button.setObjectName("reflection_to_prep")
            prep_button.setToolTip(
                "Add this question to Interview Prep, with your better answer as a draft"
            )
            prep_button.clicked.connect(self._prep_current)
            page.add_toolbar_widget(prep_button)
            page.committed.connect(self._reflection_saved)
        elif key == "competency" and isinstance(page, RecordView):
            page.add_list_footer(CompetencyChart(page))
            self._refresh_chart()

    def _dress_feedback(self, feedback: RecordView) -> None:
        only_open = QCheckBox("Only unaddressed", feedback)
        only_open.setObjectName("only_unaddressed")
        only_open.setToolTip("Hide the feedback you have already addressed")
        only_open.toggled.connect(lambda _on: self._apply_filter())
        request_button = QPushButton("Draft a feedback request…", feedback)
        request_button.setObjectName("draft_request")
        request_button.setToolTip(
            "Write a short request for feedback to the recruiter or hiring manager"
        )
        request_button.clicked.connect(self.draft_request)
        question_button = QPushButton("Prepare an answer", feedback)
        question_button.setObjectName("feedback_to_prep")
        question_button.setToolTip(
            "Add the question this feedback raises (“What have you done about it since?”) "
            "to Interview Prep, linked to it"
        )
        question_button.clicked.connect(self._feedback_to_prep)
        feedback.add_toolbar_widget(only_open)
        feedback.add_toolbar_widget(request_button)
        # Under the form: it acts on the feedback shown there (and the toolbar is full at
        # the smallest window).
        prep_row = QWidget(feedback)
        prep_layout = QHBoxLayout(prep_row)
        prep_layout.setContentsMargins(0, 0, 0, 0)
        prep_layout.addWidget(question_button)
        prep_layout.addStretch(1)
        feedback.add_detail_panel(prep_row)
        theme_counts = QLabel(feedback)
        theme_counts.setObjectName("theme_counts")
        theme_counts.setWordWrap(True)
        theme_counts.setTextFormat(Qt.TextFormat.RichText)
        theme_counts.linkActivated.connect(self._theme_clicked)
        feedback.add_list_footer(theme_counts)
        feedback.add_before_save(self._ask_what_was_done)
        skills_editor = feedback.form.editors.get("skills")
        if isinstance(skills_editor, LinkPicker):
            skills_editor.set_creator(self._create_skill, "skill")
        self._refresh_theme_counts(edited=False)

    # --- feedback list: filters and counts ---------------------------------------------

    def _target_changed(self) -> None:
        self._theme = None
        if self.views.is_built("feedback"):
            self._apply_filter()
        self._refresh_summaries("*")

    def _apply_filter(self) -> None:
        only_open, theme = self.only_open.isChecked(), self._theme
        feedback = self.views["feedback"]
        if not only_open and theme is None:
            feedback.set_row_filter(None)
        else:
            # On the stored values of the fields it tests, asked of every row at once:
            # building each row's values to read one or two of them was most of its cost
            # on large lists, and reading a field's 100 000 values is most of it now.
            addressed = m.FeedbackStatus.addressed
            row_filter: ColumnFilter
            if theme is None:
                row_filter = ColumnFilter(
                    (F.feedback.status,), lambda status: status is not addressed
                )
            elif not only_open:
                row_filter = ColumnFilter((F.feedback.theme,), lambda its: its is theme)
            else:
                row_filter = ColumnFilter(
                    (F.feedback.status, F.feedback.theme),
                    lambda status, its: status is not addressed and its is theme,
                )
            feedback.set_row_filter(row_filter)
        # The counts don't change with the filter, only which theme is marked as chosen.
        self._show_theme_counts(self._counts)

    def _theme_clicked(self, link: str) -> None:
        chosen = m.FeedbackTheme.__members__.get(link.removeprefix("theme:"))
        self._theme = None if chosen is None or chosen is self._theme else chosen
        self._apply_filter()

    def _refresh_summaries(self, kind: str) -> None:
        if kind in ("*", "feedback", "target") and self.views.is_built("feedback"):
            self._refresh_theme_counts(edited=kind == "feedback")
        if kind in ("*", "competency", "target") and self.views.is_built("competency"):
            self._refresh_chart()

    def _refresh_theme_counts(self, edited: bool = True) -> None:
        target_id = self.ctx.target_id
        if target_id is None:
            self._show_theme_counts([])
            return
        db = self.ctx.db
        if self._feedback_count() > LARGE_FEEDBACK:
            # Counted by SQL over every item: off the GUI thread for a long list (an autosave
            # must not wait for it), after a pause that lets a burst of edits ask once.
            self._counting.request(lambda: theme_counts(db, target_id), delay=edited)
            return
        try:
            counts = theme_counts(db, target_id)
        except StorageError:
            log.exception("could not count feedback by theme")
            return
        self._show_theme_counts(counts)

    def _feedback_count(self) -> int:
        """How much feedback the target holds: from the Overview's counts when they are in
        (the list may not be loaded yet), else from the list."""
        figures = figures_of(self.ctx).current
        if figures is not None and figures.target_id == self.ctx.target_id:
            for count in figures.overview.counts:
                if count.kind == "feedback":
                    return count.count
        return self.views["feedback"].model.total_count

    def _show_theme_counts(self, counts: list[ThemeCount]) -> None:
        self._counts = counts
        label = self.theme_counts
        if not counts:
            label.setText("")
            return
        parts = []
        for count in counts:
            text = f"{count.theme.label} {count.open}/{count.total}"
            link = f'<a href="theme:{count.theme.name}">{text}</a>'
            parts.append(f"<b>{link}</b>" if count.theme is self._theme else link)
        shown = " · ".join(parts)
        clear = ' · <a href="theme:all">show all</a>' if self._theme else ""
        label.setText(f"Open by theme: {shown}{clear}")
        label.setToolTip(
            "Unaddressed / all feedback per theme. Click a theme to show only its feedback."
        )

    def _refresh_chart(self) -> None:
        chart = self.chart
        if self.ctx.target_id is None:
            chart.set_ratings({})
            return
        try:
            rows = records.list_records(self.ctx.db, "competency", self.ctx.target_id)
        except StorageError:
            log.exception("could not read competency ratings")
            return
        ratings: dict[m.CompetencyArea, int] = {}
        for row in rows:
            area, rating = row.values[F.competency.area], row.values[F.competency.rating]
            if isinstance(area, m.CompetencyArea) and rating is not None:
                ratings[area] = int(rating)
        chart.set_ratings(ratings)

    def _add_first_feedback(self) -> None:
        assert self.subtabs is not None
        self.subtabs.setCurrentWidget(self.views["feedback"])
        self.views["feedback"].new_record()

    # --- step 1: the request -------------------------------------------------------------

    def draft_request(self) -> None:
        if self.ctx.target_id is None:
            return
        # Built on first use: most sessions never open it, and start-up stays lean.
        from secondchance.ui.tabs.feedback.request_dialog import FeedbackRequestDialog

        dialog = FeedbackRequestDialog(self.ctx, self)
        dialog.exec()

    # --- skills made on the spot -------------------------------------------------------

    def _create_skill(self, name: str) -> tuple[int, str] | str:
        if self.ctx.target_id is None:
            return "Choose a target first."
        try:
            applied = commit(
                self.ctx,
                [Create("skill", {F.skill.name: name}, self.ctx.target_id)],
                f"Added the skill “{name.strip()}” (set its levels on the Skills tab)",
            )
        except ValidationError as exc:
            return first_message(exc)
        except CHANGE_ERRORS as exc:
            return f"Not added: {first_message(exc)}"
        row = applied.rows[0]
        assert row is not None
        return row.id, row.title

    # --- marking feedback addressed ----------------------------------------------------

    def _ask_what_was_done(self, before: dict[str, Any], pending: PendingSave) -> PendingSave:
        """Marking feedback addressed asks what was done and which evidence shows it; the
        evidence is linked in the same unit of work (and undo step) as the feedback."""
        values = pending.values
        addressed = m.FeedbackStatus.addressed
        if values[F.feedback.status] is not addressed or before.get(F.feedback.status) is addressed:
            return pending
        if self.ctx.target_id is None:
            return pending
        skills = [int(s) for s in values[F.feedback.skills] or []]
        dialog = AddressedDialog(
            str(values[F.feedback.text] or ""),
            str(values[F.feedback.response] or ""),
            evidence_choices(self.ctx.db, self.ctx.target_id),
            skills,
            self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            kept = before.get(F.feedback.status) or m.FeedbackStatus.addressing
            self.ctx.status.emit(
                f"Left as “{kept.label}”: marking it addressed needs a word on what you did."
            )
            return PendingSave({**values, F.feedback.status: kept}, pending.also)
        plan = plan_links(skills, dialog.chosen())
        result = {
            **values,
            F.feedback.response: dialog.response_text(),
            F.feedback.skills: plan.feedback_skills,
        }
        if plan.unlinkable:
            names = ", ".join(f"“{c.title}”" for c in plan.unlinkable)
            self.ctx.status.emit(
                f"{names} couldn't be linked: neither it nor this feedback has a skill yet. "
                "Link a skill to the feedback first."
            )
        return PendingSave(result, [*pending.also, *plan.changes])

    # --- self-assessment: a gap becomes practice ---------------------------------------

    def _reflection_saved(self, row: records.RecordRow, before: dict[str, Any]) -> None:
        gap = m.Verdict.gap
        if row.values[F.reflection.verdict] is not gap or before.get(F.reflection.verdict) is gap:
            return
        if self.ctx.target_id is None:
            return
        text = str(row.values[F.reflection.question] or "")
        if questions.find_question(self.ctx.db, self.ctx.target_id, text) is not None:
            return
        answer = QMessageBox.question(
            self,
            "Practise this question?",
            "You marked this answer as a gap. Add the question to Interview Prep, with your "
            "better answer as a draft, so you can practise it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.add_to_prep(row.id)

    def _feedback_to_prep(self) -> None:
        view = self.views["feedback"]
        if not view.flush() or view.current_id is None:
            self.ctx.status.emit("Select a feedback item first.")
            return
        try:
            change = questions.from_feedback(self.ctx.db, view.current_id)
            if isinstance(change, int):
                self.ctx.status.emit("This feedback already has its question in Interview Prep.")
                self.ctx.open_record.emit("question", change)
                return
            applied = commit(
                self.ctx,
                [change],
                "Added to Interview Prep, linked to this feedback: write your answer there",
                "Prepare an answer to feedback",
            )
        except CHANGE_ERRORS as exc:
            self.ctx.status.emit(f"Not added to Interview Prep: {first_message(exc)}")
            return
        row = applied.rows[0]
        if row is not None:
            self.ctx.open_record.emit("question", row.id)

    def _prep_current(self) -> None:
        view = self.views["reflection"]
        if not view.flush() or view.current_id is None:
            self.ctx.status.emit("Select a question of your debrief first.")
            return
        self.add_to_prep(view.current_id)

    def add_to_prep(self, reflection_id: int) -> None:
        try:
            change = questions.from_reflection(self.ctx.db, reflection_id)
            if isinstance(change, int):
                self.ctx.status.emit("That question is already in Interview Prep.")
                self.ctx.open_record.emit("question", change)
                return
            commit(
                self.ctx,
                [change],
                "Added to Interview Prep with your better answer as a draft",
                "Practise a debrief question",
            )
        except CHANGE_ERRORS as exc:
            self.ctx.status.emit(f"Not added to Interview Prep: {first_message(exc)}")

    def feedback_view(self) -> RecordView:
        return self.views["feedback"]
