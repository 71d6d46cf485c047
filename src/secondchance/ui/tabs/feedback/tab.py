"""Feedback tab (steps 1 and 2): asking for feedback, what was said and what was done about
it, the ledger that follows it to the evidence, and the person's own debrief."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QMessageBox, QPushButton, QWidget

from secondchance.core import models as m
from secondchance.core.db import StorageError
from secondchance.core.services import records
from secondchance.core.services.evidence import evidence_choices, plan_links
from secondchance.core.services.fields import ValidationError
from secondchance.ui.context import AppContext
from secondchance.ui.records.commands import CreateCommand, UpdateCommand
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.tabs.base import RecordTab
from secondchance.ui.tabs.feedback.addressed_dialog import AddressedDialog
from secondchance.ui.tabs.feedback.competency_chart import CompetencyChart
from secondchance.ui.tabs.feedback.ledger_view import LedgerView
from secondchance.ui.tabs.registry import TabSpec
from secondchance.ui.widgets.link_picker import LinkPicker

log = logging.getLogger(__name__)


def _name(value: Any) -> Any:
    """Enum values arrive as members (loaded) or names (typed in the form)."""
    return getattr(value, "name", value)


class FeedbackTab(RecordTab):
    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(ctx, spec, parent)
        self._theme: str | None = None
        self.ledger.empty.activated.connect(self._add_first_feedback)

        feedback = self.views["feedback"]
        self.only_open = QCheckBox("Only unaddressed", feedback)
        self.only_open.setObjectName("only_unaddressed")
        self.only_open.setToolTip("Hide the feedback you have already addressed")
        self.only_open.toggled.connect(lambda _on: self._apply_filter())
        self.request_button = QPushButton("Draft a feedback request…", feedback)
        self.request_button.setObjectName("draft_request")
        self.request_button.setToolTip(
            "Write a short request for feedback to the recruiter or hiring manager"
        )
        self.request_button.clicked.connect(self.draft_request)
        feedback.add_toolbar_widget(self.only_open)
        feedback.add_toolbar_widget(self.request_button)
        self.theme_counts = QLabel(feedback)
        self.theme_counts.setObjectName("theme_counts")
        self.theme_counts.setWordWrap(True)
        self.theme_counts.setTextFormat(Qt.TextFormat.RichText)
        self.theme_counts.linkActivated.connect(self._theme_clicked)
        feedback.add_list_footer(self.theme_counts)
        feedback.reloaded.connect(self._refresh_theme_counts)
        feedback.add_before_save(self._ask_what_was_done)
        skills_editor = feedback.form.editors.get("skills")
        if isinstance(skills_editor, LinkPicker):
            skills_editor.set_creator(self._create_skill, "skill")

        reflection = self.views["reflection"]
        self.prep_button = QPushButton("Practise in Interview Prep", reflection)
        self.prep_button.setObjectName("reflection_to_prep")
        self.prep_button.setToolTip(
            "Add this question to Interview Prep, with your better answer as a draft"
        )
        self.prep_button.clicked.connect(self._prep_current)
        reflection.add_toolbar_widget(self.prep_button)
        reflection.committed.connect(self._reflection_saved)

        self.chart = CompetencyChart(self.views["competency"])
        self.views["competency"].add_list_footer(self.chart)

        ctx.changed.connect(self._refresh_summaries)
        ctx.target_changed.connect(lambda _t: self._target_changed())
        self._refresh_summaries("*")

    def build_page(self, key: str, parent: QWidget) -> QWidget:
        if key == "ledger":
            self.ledger = LedgerView(self.ctx, parent)
            return self.ledger
        return super().build_page(key, parent)

    # --- feedback list: filters and counts ---------------------------------------------

    def _target_changed(self) -> None:
        self._theme = None
        self._apply_filter()
        self._refresh_summaries("*")

    def _apply_filter(self) -> None:
        only_open, theme = self.only_open.isChecked(), self._theme
        if not only_open and theme is None:
            self.views["feedback"].set_row_filter(None)
        else:

            def keep(row: records.RecordRow) -> bool:
                if only_open and _name(row.values.get("status")) == "addressed":
                    return False
                return theme is None or _name(row.values.get("theme")) == theme

            self.views["feedback"].set_row_filter(keep)
        self._refresh_summaries("feedback")

    def _theme_clicked(self, link: str) -> None:
        chosen = link.removeprefix("theme:")
        self._theme = None if chosen in ("", "all") or chosen == self._theme else chosen
        self._apply_filter()

    def _refresh_summaries(self, kind: str) -> None:
        if kind in ("*", "feedback", "target"):
            self._refresh_theme_counts()
        if kind in ("*", "competency", "target"):
            self._refresh_chart()

    def _refresh_theme_counts(self) -> None:
        rows = self.views["feedback"].model.all_rows()
        if not rows:
            self.theme_counts.setText("")
            return
        total: Counter[str] = Counter()
        open_: Counter[str] = Counter()
        for row in rows:
            theme = _name(row.values.get("theme"))
            total[theme] += 1
            if _name(row.values.get("status")) != "addressed":
                open_[theme] += 1
        parts = []
        for theme in m.FeedbackTheme:
            if not total[theme.name]:
                continue
            label = f"{theme.label} {open_[theme.name]}/{total[theme.name]}"
            link = f'<a href="theme:{theme.name}">{label}</a>'
            parts.append(f"<b>{link}</b>" if theme.name == self._theme else link)
        shown = " · ".join(parts)
        clear = ' · <a href="theme:all">show all</a>' if self._theme else ""
        self.theme_counts.setText(f"Open by theme: {shown}{clear}")
        self.theme_counts.setToolTip(
            "Unaddressed / all feedback per theme. Click a theme to show only its feedback."
        )

    def _refresh_chart(self) -> None:
        if self.ctx.target_id is None:
            self.chart.set_ratings({})
            return
        try:
            rows = records.list_records(self.ctx.db, "competency", self.ctx.target_id)
        except StorageError:
            log.exception("could not read competency ratings")
            return
        ratings: dict[m.CompetencyArea, int] = {}
        for row in rows:
            area = row.values.get("area")
            if isinstance(area, m.CompetencyArea) and row.values.get("rating") is not None:
                ratings[area] = int(row.values["rating"])
        self.chart.set_ratings(ratings)

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
            row = records.create_record(
                self.ctx.db, "skill", {"name": name}, target_id=self.ctx.target_id
            )
        except ValidationError as exc:
            return next(iter(exc.errors.values()))
        except StorageError as exc:
            return f"Not added: {exc}"
        self.ctx.undo_stack.push(CreateCommand(self.ctx, row))
        self.ctx.notify(
            "skill", f"Added the skill “{row.title}” (set its levels on the Skills tab)"
        )
        return row.id, row.title

    # --- marking feedback addressed ----------------------------------------------------

    def _ask_what_was_done(self, before: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        if _name(values.get("status")) != "addressed":
            return values
        if _name(before.get("status")) == "addressed":
            return values
        if self.ctx.target_id is None:
            return values
        skills = [int(s) for s in values.get("skills") or []]
        dialog = AddressedDialog(
            str(values.get("text") or ""),
            str(values.get("response") or ""),
            evidence_choices(self.ctx.db, self.ctx.target_id),
            skills,
            self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            kept = dict(values)
            kept["status"] = _name(before.get("status")) or m.FeedbackStatus.addressing.name
            shown = m.FeedbackStatus[kept["status"]].label
            self.ctx.status.emit(
                f"Left as “{shown}”: marking it addressed needs a word on what you did."
            )
            return kept
        result = dict(values)
        result["response"] = dialog.response_text()
        plan = plan_links(skills, dialog.chosen())
        result["skills"] = plan.feedback_skills
        for change in plan.changes:
            try:
                records.update_record(self.ctx.db, change.kind, change.id, change.after)
            except (ValidationError, records.RecordNotFound, StorageError) as exc:
                self.ctx.status.emit(f"Couldn't link that evidence: {exc}")
                continue
            self.ctx.undo_stack.push(
                UpdateCommand(self.ctx, change.kind, change.id, change.before, change.after)
            )
            self.ctx.notify(change.kind, "")
        if plan.unlinkable:
            names = ", ".join(f"“{c.title}”" for c in plan.unlinkable)
            self.ctx.status.emit(
                f"{names} couldn't be linked: neither it nor this feedback has a skill yet. "
                "Link a skill to the feedback first."
            )
        return result

    # --- self-assessment: a gap becomes practice ---------------------------------------

    def _reflection_saved(self, row: records.RecordRow, before: dict[str, Any]) -> None:
        if _name(row.values.get("verdict")) != "gap" or _name(before.get("verdict")) == "gap":
            return
        if self._question_for(row) is not None:
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
            self.add_to_prep(row)

    def _prep_current(self) -> None:
        view = self.views["reflection"]
        if not view.flush() or view.current_id is None:
            self.ctx.status.emit("Select a question of your debrief first.")
            return
        self.add_to_prep(records.get_record(self.ctx.db, "reflection", view.current_id))

    def _question_for(self, row: records.RecordRow) -> int | None:
        wanted = " ".join(str(row.values.get("question") or "").split()).casefold()
        for question in records.list_records(self.ctx.db, "question", self.ctx.target_id):
            if " ".join(str(question.values.get("question") or "").split()).casefold() == wanted:
                return question.id
        return None

    def add_to_prep(self, row: records.RecordRow) -> None:
        existing = self._question_for(row)
        if existing is not None:
            self.ctx.status.emit("That question is already in Interview Prep.")
            self.ctx.open_record.emit("question", existing)
            return
        category = m.QuestionCategory.behavioural
        round_id = row.values.get("round_id")
        if round_id is not None:
            stage = records.get_record(self.ctx.db, "round", int(round_id)).values.get("stage")
            if stage is m.RoundStage.technical:
                category = m.QuestionCategory.technical
        better = str(row.values.get("better_answer") or "").strip()
        values: dict[str, Any] = {
            "question": row.values.get("question"),
            "category": category,
            "reflection": f"Draft from my debrief: {better}" if better else None,
        }
        try:
            created = records.create_record(
                self.ctx.db, "question", values, target_id=self.ctx.target_id
            )
        except (ValidationError, StorageError) as exc:
            self.ctx.status.emit(f"Not added to Interview Prep: {exc}")
            return
        self.ctx.undo_stack.push(CreateCommand(self.ctx, created))
        self.ctx.notify("question", "Added to Interview Prep with your better answer as a draft")

    def feedback_view(self) -> RecordView:
        return self.views["feedback"]
