"""A mock interview: N questions drawn from the target's bank, one at a time, with the timer
and no notes; each rated; a summary at the end, saved as practice sessions.

Keyboard only: Enter starts the mock, Space starts and stops the timer, 1–4 rate the answer
(and move on), Esc leaves.  The answers are saved together when the summary shows (one
unit of work, one undo step); leaving earlier asks whether to keep the answers so far.
"""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from secondchance.core import models as m
from secondchance.core.services import field_names as F
from secondchance.core.services import mock
from secondchance.core.services.changes import Create
from secondchance.core.services.fields import first_message
from secondchance.core.services.mock import Answer, AnswerSummary, Candidate
from secondchance.ui.context import AppContext
from secondchance.ui.records.commands import CHANGE_ERRORS, commit
from secondchance.ui.tabs.interview_prep.mock_summary import MockSummary
from secondchance.ui.tabs.interview_prep.pieces import (
    JournalPrompt,
    QuestionHeader,
    RatingRow,
    muted,
)
from secondchance.ui.tabs.interview_prep.timer import AnswerTimer, Clock

SETUP, ASKING, SUMMARY = range(3)
MAX_QUESTIONS = 20


class MockDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        clock: Clock | None = None,
        seed: int | str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mock_dialog")
        self.setWindowTitle("Mock interview")
        self.ctx = ctx
        self.seed = seed if seed is not None else time.time_ns()
        self.today = dt.date.today()
        assert ctx.target_id is not None
        self.target_id = ctx.target_id
        self.pool = mock.candidates(ctx.db, self.target_id, self.today)
        self.drawn: list[Candidate] = []
        self.answers: list[Answer] = []
        self.saved_mock: int | None = None

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._asking_page(clock))
        self.pages.addWidget(self._summary_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        space = QShortcut(QKeySequence("Space"), self)
        space.activated.connect(self._space)
        self.resize(760, 560)
        self.count.setFocus()

    # --- the pages -------------------------------------------------------------------------

    def _setup_page(self) -> QWidget:
        page = QWidget(self)
        title = QLabel("A mock interview", page)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        size = len(self.pool)
        if size:
            text = (
                f"Questions are drawn from your {size} question{'s' if size != 1 else ''}, "
                "the ones due for practice, the ones you feel unsure about and the ones that "
                "answer the feedback more often. “What has changed since you last applied?” "
                "always comes first when you have it.\n\nAnswer each out loud, without notes, "
                "with the clock running: Space starts and stops it, keys 1–4 rate the answer."
            )
        else:
            text = "Add a few questions first (Add from bank… is a quick start), then come back."
        explain = QLabel(text, page)
        explain.setWordWrap(True)
        self.count = QSpinBox(page)
        self.count.setObjectName("mock_count")
        self.count.setRange(1, max(1, min(MAX_QUESTIONS, size)))
        self.count.setValue(min(mock.DEFAULT_COUNT, max(1, size)))
        self.count.setAccessibleName("Number of questions")
        self.count.setEnabled(bool(size))
        self.count.lineEdit().returnPressed.connect(self.begin)
        self.start = QPushButton("Start the mock  (Enter)", page)
        self.start.setObjectName("mock_start")
        self.start.setEnabled(bool(size))
        self.start.setDefault(True)
        self.start.clicked.connect(self.begin)
        row = QHBoxLayout()
        row.addWidget(QLabel("Questions", page))
        row.addWidget(self.count)
        row.addStretch(1)
        row.addWidget(self.start)
        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addStretch(1)
        layout.addLayout(row)
        return page

    def _asking_page(self, clock: Clock | None) -> QWidget:
        page = QWidget(self)
        self.header = QuestionHeader(page)
        self.timer = AnswerTimer(clock, page)
        self.timer.started.connect(self._timer_changed)
        self.timer.stopped.connect(lambda _s: self._timer_changed())
        self.toggle = QPushButton("Start  (Space)", page)
        self.toggle.setObjectName("mock_timer")
        self.toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.toggle.clicked.connect(self.timer.toggle)
        self.prompt = muted(QLabel(page))
        self.prompt.setObjectName("mock_prompt")
        self.ratings = RatingRow(page)
        self.ratings.rated.connect(self.rate)
        self.end = QPushButton("End here and see the summary", page)
        self.end.setObjectName("mock_end")
        self.end.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.end.setAutoDefault(False)
        self.end.clicked.connect(self.finish)
        row = QHBoxLayout()
        row.addWidget(self.toggle)
        row.addStretch(1)
        row.addWidget(self.end)
        layout = QVBoxLayout(page)
        layout.addWidget(self.header)
        layout.addStretch(1)
        layout.addWidget(self.timer)
        layout.addLayout(row)
        layout.addStretch(1)
        layout.addWidget(self.prompt)
        layout.addWidget(self.ratings)
        return page

    def _summary_page(self) -> QWidget:
        page = QWidget(self)
        self.summary = MockSummary(page)
        self.saved_label = muted(QLabel(page))
        self.saved_label.setObjectName("mock_saved")
        self.saved_label.setWordWrap(True)
        self.journal = JournalPrompt(page)
        self.journal.submitted.connect(self._add_journal)
        close = QPushButton("Close", page)
        close.setObjectName("mock_close")
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.journal)
        layout.addLayout(row)
        return page

    # --- asking ------------------------------------------------------------------------------

    def begin(self) -> None:
        if not self.pool or self.pages.currentIndex() != SETUP:
            return
        self.drawn = mock.draw(self.pool, self.count.value(), self.seed)
        self.answers = []
        self.pages.setCurrentIndex(ASKING)
        self._ask()

    def _ask(self) -> None:
        number = len(self.answers)
        current = self.drawn[number]
        # No hint and no notes: as on the day.
        self.header.show_question(
            current.question, "", f"Question {number + 1} of {len(self.drawn)}"
        )
        self.timer.reset()
        self.timer.set_goal(current.goal_seconds)
        self._timer_changed()
        self.setFocus()

    def _space(self) -> None:
        if self.pages.currentIndex() == ASKING:
            self.timer.toggle()

    def _timer_changed(self) -> None:
        running = self.timer.running
        self.toggle.setText("Stop  (Space)" if running else "Start  (Space)")
        measured = running or self.timer.seconds() > 0
        self.ratings.setEnabled(measured)
        self.prompt.setText(
            "When you have finished, stop the clock and rate the answer: keys 1–4."
            if measured
            else "Read the question, press Space, and answer out loud."
        )

    def rate(self, rating: m.PracticeRating) -> None:
        if self.pages.currentIndex() != ASKING:
            return
        self.timer.stop()
        current = self.drawn[len(self.answers)]
        self.answers.append(Answer(current.id, self.timer.seconds(), rating))
        if len(self.answers) < len(self.drawn):
            self._ask()
        else:
            self.finish()

    # --- the end --------------------------------------------------------------------------------

    def summaries(self) -> list[AnswerSummary]:
        by_id = {c.id: c for c in self.drawn}
        return [
            AnswerSummary(
                a.question_id,
                by_id[a.question_id].question,
                a.seconds,
                by_id[a.question_id].goal_seconds,
                a.rating,
            )
            for a in self.answers
        ]

    def finish(self) -> None:
        """Save the answers given (if any) and show the summary."""
        self.timer.stop()
        answers = self.summaries()
        self.summary.set_answers(answers)
        self.pages.setCurrentIndex(SUMMARY)
        if not self.answers:
            self.saved_label.setText("Nothing was saved: no answer was rated.")
            self.journal.hide()
            return
        changes = mock.record_mock(self.target_id, self.today, len(self.drawn), self.answers)
        try:
            applied = commit(
                self.ctx,
                changes,
                f"Mock interview saved: {len(self.answers)} answers",
                "Mock interview",
            )
        except CHANGE_ERRORS as exc:
            self.saved_label.setText(f"Not saved: {first_message(exc)}")
            return
        row = applied.rows[0]
        self.saved_mock = row.id if row is not None else None
        count = len(self.answers)
        self.saved_label.setText(
            f"Saved as {count} practice session{'s' if count != 1 else ''}: each question's "
            "next practice date moved with your rating. Undo (Ctrl+Z) takes the mock back."
        )
        good = {m.PracticeRating.good, m.PracticeRating.easy}
        self.journal.suggest(sum(a.rating in good for a in self.answers) * 2 >= count)
        self.journal.line.setFocus()

    def _add_journal(self, text: str, kind: m.JournalKind) -> None:
        values = {F.journal.text: text, F.journal.kind: kind, F.journal.date: self.today}
        try:
            commit(self.ctx, [Create("journal", values, self.target_id)], "Added to your journal")
        except CHANGE_ERRORS as exc:
            self.journal.done.setText(f"Not added: {first_message(exc)}")
            self.journal.done.show()
            return
        self.journal.saved()

    # --- leaving ------------------------------------------------------------------------------

    def _leave_midway(self) -> bool:
        """True when it is fine to close: nothing half-made is saved unless asked for."""
        if self.pages.currentIndex() != ASKING or not self.answers:
            self.timer.stop()
            return True
        self.timer.stop()
        answer = QMessageBox.question(
            self,
            "Stop the mock interview?",
            f"You have answered {len(self.answers)} of {len(self.drawn)} questions. "
            "Save those answers and see the summary, or leave without saving?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            self.finish()
            return False
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self._leave_midway():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._leave_midway():
            super().closeEvent(event)
        else:
            event.ignore()
