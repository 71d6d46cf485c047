"""Practise one question out loud: the question large, a timer with a goal, the STAR+R notes
hidden until the person chooses to peek, and a four-button self-rating.

The session (day, measured time, rating, note) is recorded by itself when the person rates
it, together with a changed goal length, as one unit of work and one undo step.  Closing
the dialog before rating records nothing; a note typed so far is kept for next time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from secondchance.core import models as m
from secondchance.core.services import field_names as F
from secondchance.core.services import records
from secondchance.core.services.changes import Change, Create, Update
from secondchance.core.services.fields import first_message
from secondchance.core.services.mock import answer_goal, format_seconds, practice_change
from secondchance.core.services.readiness.wording import day_label
from secondchance.ui.context import AppContext
from secondchance.ui.records.commands import CHANGE_ERRORS, commit
from secondchance.ui.tabs.interview_prep.pieces import (
    JournalPrompt,
    QuestionHeader,
    RatingRow,
)
from secondchance.ui.tabs.interview_prep.timer import AnswerTimer, Clock

STAR_LABELS = (
    (F.question.situation, "Situation"),
    (F.question.task, "Task"),
    (F.question.action, "Action"),
    (F.question.result, "Result"),
    (F.question.reflection, "Reflection"),
)
MIN_GOAL, MAX_GOAL = 15, 30 * 60


def star_notes(values: dict[str, Any]) -> str:
    parts = [
        f"{label}: {str(values.get(name) or '').strip()}"
        for name, label in STAR_LABELS
        if str(values.get(name) or "").strip()
    ]
    if not parts:
        return "No answer written yet. Practise it anyway, then write down what worked."
    return "\n\n".join(parts)


def goal_editor(parent: QWidget) -> QTimeEdit:
    editor = QTimeEdit(parent)
    editor.setObjectName("goal_length")
    editor.setDisplayFormat("m:ss")
    editor.setMinimumTime(QTime(0, 0, MIN_GOAL))
    editor.setMaximumTime(QTime(0, 30, 0))
    editor.setToolTip("How long you aim to speak; saved with the question when you rate")
    editor.setAccessibleName("Goal length")
    return editor


def seconds_of(editor: QTimeEdit) -> int:
    return int(QTime(0, 0).secsTo(editor.time()))


class PractiseDialog(QDialog):
    recorded = Signal(int)  # the question id

    def __init__(
        self,
        ctx: AppContext,
        question_ids: list[int],
        drafts: dict[int, str],
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Practise ``question_ids[0]``; the rest are offered next, one at a time."""
        super().__init__(parent)
        self.setObjectName("practise_dialog")
        self.setWindowTitle("Practise out loud")
        self.ctx = ctx
        self.queue = list(question_ids)
        self.drafts = drafts
        self.question_id = 0
        self.values: dict[str, Any] = {}
        self.stored_goal = 0
        self.recorded_ids: list[int] = []

        self.header = QuestionHeader(self)
        self.timer = AnswerTimer(clock, self)
        self.start_button = QPushButton("Start  (Space)", self)
        self.start_button.setObjectName("timer_start")
        self.start_button.clicked.connect(self.timer.toggle)
        self.reset_button = QPushButton("Start over", self)
        self.reset_button.setObjectName("timer_reset")
        self.reset_button.clicked.connect(self._start_over)
        self.goal = goal_editor(self)
        self.goal.timeChanged.connect(lambda _t: self.timer.set_goal(seconds_of(self.goal)))
        self.peek = QPushButton("Peek at my notes  (N)", self)
        self.peek.setObjectName("peek_notes")
        self.peek.setCheckable(True)
        self.peek.toggled.connect(self._peek)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("star_notes")
        self.notes.setReadOnly(True)
        self.notes.hide()
        controls = QHBoxLayout()
        controls.addWidget(self.start_button)
        controls.addWidget(self.reset_button)
        controls.addStretch(1)
        controls.addWidget(QLabel("Goal", self))
        controls.addWidget(self.goal)
        controls.addWidget(self.peek)

        # Before rating: how did it go?  After: what was recorded, and a journal line.
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._rating_page())
        self.pages.addWidget(self._done_page())

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        # Spacers of no stretch: they share the room only while the notes are hidden,
        # which keeps the timer in the middle; shown, the notes take it all.
        layout.addStretch(0)
        layout.addWidget(self.timer)
        layout.addLayout(controls)
        layout.addWidget(self.notes, 1)
        layout.addStretch(0)
        layout.addWidget(self.pages)
        self.pages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        space = QShortcut(QKeySequence("Space"), self)
        space.activated.connect(self._space)
        peek = QShortcut(QKeySequence("N"), self)
        peek.activated.connect(self.peek.toggle)
        self.timer.started.connect(self._timer_changed)
        self.timer.stopped.connect(lambda _s: self._timer_changed())
        self.resize(720, 560)
        self._load(self.queue.pop(0))

    # --- pages ----------------------------------------------------------------------------

    def _rating_page(self) -> QWidget:
        page = QWidget(self)
        self.rate_label = QLabel("How did it go?", page)
        self.ratings = RatingRow(page)
        self.ratings.rated.connect(self.rate)
        self.note = QLineEdit(page)
        self.note.setObjectName("practice_note")
        self.note.setPlaceholderText("A note for next time (optional)")
        self.note.setMaxLength(2000)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rate_label)
        layout.addWidget(self.ratings)
        layout.addWidget(self.note)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget(self)
        self.outcome = QLabel(page)
        self.outcome.setObjectName("practice_outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.journal = JournalPrompt(page)
        self.journal.submitted.connect(self._add_journal)
        self.next_button = QPushButton("Practise the next due question", page)
        self.next_button.setObjectName("practise_next")
        self.next_button.clicked.connect(self._next)
        close = QPushButton("Close", page)
        close.setObjectName("practise_close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.outcome)
        layout.addWidget(self.journal)
        layout.addLayout(buttons)
        return page

    # --- one question -------------------------------------------------------------------------

    def _load(self, question_id: int) -> None:
        row = records.get_record(self.ctx.db, "question", question_id)
        self.question_id = question_id
        self.values = dict(row.values)
        category = self.values.get(F.question.category)
        self.stored_goal = answer_goal(category, self.values.get(F.question.target_seconds))
        due = self.values.get(F.question.practice_due)
        when = ""
        if isinstance(due, dt.date):
            today = dt.date.today()
            when = " · due today" if due <= today else f" · next due {day_label(due, today)}"
        label = category.label if isinstance(category, m.QuestionCategory) else ""
        self.header.show_question(
            str(self.values.get(F.question.question) or ""),
            str(self.values.get(F.question.hint) or ""),
            f"{label}{when}",
        )
        self.notes.setPlainText(star_notes(self.values))
        self.peek.setChecked(False)
        self.goal.setTime(QTime(0, 0).addSecs(self.stored_goal))
        self.timer.reset()
        self.timer.set_goal(self.stored_goal)
        self.note.setText(self.drafts.get(question_id, ""))
        self.pages.setCurrentIndex(0)
        self._timer_changed()
        self.setFocus()

    def _peek(self, shown: bool) -> None:
        self.notes.setVisible(shown)
        self.peek.setText("Hide my notes  (N)" if shown else "Peek at my notes  (N)")

    def _space(self) -> None:
        if self.pages.currentIndex() == 0:
            self.timer.toggle()

    def _start_over(self) -> None:
        self.timer.reset()
        self._timer_changed()

    def _timer_changed(self) -> None:
        running = self.timer.running
        self.start_button.setText("Stop  (Space)" if running else "Start  (Space)")
        measured = self.timer.seconds() > 0 or running
        self.ratings.setEnabled(measured)
        self.reset_button.setEnabled(measured and not running)
        self.rate_label.setText(
            "How did it go? Press 1–4." if measured else "Start the timer, then answer out loud."
        )

    # --- recording --------------------------------------------------------------------------

    def rate(self, rating: m.PracticeRating) -> None:
        self.timer.stop()
        seconds = self.timer.seconds()
        today = dt.date.today()
        changes: list[Change] = []
        goal = seconds_of(self.goal)
        if goal != self.stored_goal:
            changes.append(Update("question", self.question_id, {F.question.target_seconds: goal}))
        session: Create = practice_change(
            self.question_id, today, seconds, rating, self.note.text()
        )
        changes.append(session)
        title = str(self.values.get(F.question.question) or "")
        try:
            commit(
                self.ctx,
                changes,
                f"Practice recorded: {format_seconds(seconds)}, {rating.label}",
                f"Practise “{title[:40]}”",
            )
        except CHANGE_ERRORS as exc:
            self.rate_label.setText(f"Not recorded: {first_message(exc)} Your note is kept.")
            return
        self.drafts.pop(self.question_id, None)
        self.recorded_ids.append(self.question_id)
        self.recorded.emit(self.question_id)
        self._show_outcome(seconds, goal, rating)

    def _show_outcome(self, seconds: int, goal: int, rating: m.PracticeRating) -> None:
        row = records.get_record(self.ctx.db, "question", self.question_id)
        due = row.values.get(F.question.practice_due)
        today = dt.date.today()
        parts = [
            f"Recorded: {format_seconds(seconds)} (goal {format_seconds(goal)}), {rating.label}."
        ]
        if isinstance(due, dt.date):
            parts.append(f"This question comes back on {day_label(due, today)}.")
        self.outcome.setText(" ".join(parts))
        self.journal.suggest(rating in (m.PracticeRating.good, m.PracticeRating.easy))
        self.next_button.setVisible(bool(self.queue))
        self.pages.setCurrentIndex(1)
        (self.next_button if self.queue else self.journal.line).setFocus()

    def _add_journal(self, text: str, kind: m.JournalKind) -> None:
        target = self.ctx.target_id
        if target is None:
            return
        values = {F.journal.text: text, F.journal.kind: kind, F.journal.date: dt.date.today()}
        try:
            commit(self.ctx, [Create("journal", values, target)], "Added to your journal")
        except CHANGE_ERRORS as exc:
            self.journal.done.setText(f"Not added: {first_message(exc)}")
            self.journal.done.show()
            return
        self.journal.saved()

    def _next(self) -> None:
        if self.queue:
            self._load(self.queue.pop(0))

    # --- leaving ------------------------------------------------------------------------------

    def _keep_draft(self) -> None:
        """Nothing half-made is recorded; the note typed so far waits for next time."""
        self.timer.stop()
        if self.pages.currentIndex() == 0 and self.note.text().strip():
            self.drafts[self.question_id] = self.note.text()

    def reject(self) -> None:
        self._keep_draft()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._keep_draft()
        super().closeEvent(event)
