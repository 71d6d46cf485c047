"""Mock interviews: which questions to ask, what a finished one records, and its summary.

**The draw.**  A mock asks ``count`` questions (5 by default) from the target's own
questions.  "What has changed since you last applied?" (any question whose words include
"changed since") is always asked first when the target has it: a reapplicant should
expect it.  The others are drawn without replacement, each pick taking a question with a
probability proportional to its weight among the questions left:

    weight = 1
           + 2    if it is due (never practised, or due by today: ``due_rules.is_due``)
           + 0.5  per point of confidence below 5 (no confidence given counts as 3)
           + 2    if it answers a feedback item

So a due, unsure (1/5), feedback-linked question weighs 7 and a confident (5/5) question
practised recently weighs 1.  The draw takes a seed, so a test (or a "same again") gets the
same questions; the window seeds it with the time.

**The record.**  A finished mock is one unit of work: a ``mock_interview`` row and one
practice session per answer (date, measured time, rating, note) pointing at it, so each
answer moves its question's schedule like any practice, and one undo takes it all back.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import field_names as F
from secondchance.core.services.changes import Change, Create, NewId
from secondchance.core.services.due_rules import is_due
from secondchance.core.services.practice import practised_in
from secondchance.core.text import fold

DEFAULT_COUNT = 5
BASE_WEIGHT = 1.0
DUE_WEIGHT = 2.0
CONFIDENCE_STEP = 0.5
UNKNOWN_CONFIDENCE = 3
FEEDBACK_WEIGHT = 2.0
OPENER_WORDS = "changed since"

# How long an answer should take when the person hasn't said: about two minutes for a
# story (behavioural, and what changed since last time), less for motivation and company
# questions, more for a technical walk-through.
ANSWER_GOALS: dict[m.QuestionCategory, int] = {
    m.QuestionCategory.behavioural: 120,
    m.QuestionCategory.previous_application: 120,
    m.QuestionCategory.motivation: 90,
    m.QuestionCategory.company: 90,
    m.QuestionCategory.technical: 180,
}


def answer_goal(category: m.QuestionCategory | None, target_seconds: int | None) -> int:
    """Seconds the person aims to speak for: their own goal, or the category's."""
    if target_seconds:
        return int(target_seconds)
    return ANSWER_GOALS.get(category or m.QuestionCategory.behavioural, 120)


@dataclass(frozen=True)
class Candidate:
    id: int
    question: str
    category: m.QuestionCategory
    hint: str
    goal_seconds: int
    due: bool
    confidence: int | None
    feedback_linked: bool

    @property
    def weight(self) -> float:
        return weight_of(self.due, self.confidence, self.feedback_linked)

    @property
    def is_opener(self) -> bool:
        return is_what_changed(self.question)


def weight_of(due: bool, confidence: int | None, feedback_linked: bool) -> float:
    """A question's weight in the draw (see the module docstring)."""
    sure = UNKNOWN_CONFIDENCE if confidence is None else min(5, max(1, confidence))
    return (
        BASE_WEIGHT
        + (DUE_WEIGHT if due else 0.0)
        + CONFIDENCE_STEP * (5 - sure)
        + (FEEDBACK_WEIGHT if feedback_linked else 0.0)
    )


def is_what_changed(text: str) -> bool:
    return OPENER_WORDS in " ".join(fold(text).split())


def candidates(db: Database, target_id: int, today: dt.date) -> list[Candidate]:
    """The target's questions as the draw sees them, oldest first."""
    with db.transaction() as session:
        practised = practised_in(session, target_id)
        rows = session.scalars(
            select(m.Question).where(m.Question.target_id == target_id).order_by(m.Question.id)
        ).all()
        return [
            Candidate(
                id=q.id,
                question=q.question,
                category=q.category,
                hint=q.hint or "",
                goal_seconds=answer_goal(q.category, q.target_seconds),
                due=is_due(q.practice_due, q.id in practised, today),
                confidence=q.confidence,
                feedback_linked=q.feedback_id is not None,
            )
            for q in rows
        ]


def draw(pool: Sequence[Candidate], count: int, seed: int | str) -> list[Candidate]:
    """``count`` questions for a mock (fewer if the pool is smaller), the opener first."""
    if count <= 0 or not pool:
        return []
    ordered = sorted(pool, key=lambda c: c.id)
    opener = next((c for c in ordered if c.is_opener), None)
    rest = [c for c in ordered if c is not opener]
    rng = random.Random(seed)
    # Weighted sampling without replacement (Efraimidis and Spirakis): each question gets
    # the key u^(1/w) for a uniform u; the largest keys win.  This is the same as picking
    # one at a time in proportion to weight among those left.
    keys = [(rng.random() ** (1.0 / c.weight), c) for c in rest]
    keys.sort(key=lambda pair: pair[0], reverse=True)
    picked = [c for _key, c in keys]
    chosen = ([opener] if opener is not None else []) + picked
    return chosen[:count]


# --- recording a finished mock -------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    question_id: int
    seconds: int
    rating: m.PracticeRating
    note: str = ""


def practice_change(
    question_id: int, day: dt.date, seconds: int, rating: m.PracticeRating, note: str = ""
) -> Create:
    """One practice session, as recorded by the timer."""
    return Create(
        "practice",
        {
            F.practice.question_id: question_id,
            F.practice.practiced_on: day,
            F.practice.duration_seconds: max(0, int(seconds)),
            F.practice.rating: rating,
            F.practice.notes: note.strip() or None,
        },
    )


def record_mock(
    target_id: int, day: dt.date, planned: int, answers: Sequence[Answer], notes: str = ""
) -> list[Change]:
    """The changes that save a mock: the mock, then each answer pointing at it."""
    changes: list[Change] = [
        Create(
            "mock",
            {F.mock.held_on: day, F.mock.planned: planned, F.mock.notes: notes.strip() or None},
            target_id,
        )
    ]
    for answer in answers:
        session = practice_change(
            answer.question_id, day, answer.seconds, answer.rating, answer.note
        )
        # Each answer points at the mock the first change creates.
        changes.append(Create(session.kind, {**session.values, F.practice.mock_id: NewId(0)}))
    return changes


# --- the summary -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerSummary:
    question_id: int
    question: str
    seconds: int
    goal_seconds: int
    rating: m.PracticeRating

    @property
    def over_by(self) -> int:
        return self.seconds - self.goal_seconds


# Practise next: anything rated Blanked or Struggled, and answers that ran a quarter over
# their goal (a long answer loses the room even when it is right).
OVERRUN_SHARE = 0.25
_RATING_ORDER = list(m.PracticeRating)


def practise_next(answers: Sequence[AnswerSummary]) -> list[AnswerSummary]:
    """The answers to practise next, the weakest first."""
    weak = {m.PracticeRating.again, m.PracticeRating.hard}

    def needs_work(a: AnswerSummary) -> bool:
        return a.rating in weak or a.over_by > OVERRUN_SHARE * a.goal_seconds

    chosen = [a for a in answers if needs_work(a)]
    return sorted(chosen, key=lambda a: (_RATING_ORDER.index(a.rating), -a.over_by))


def summary(db: Database, mock_id: int) -> list[AnswerSummary]:
    """A saved mock's answers in the order they were given."""
    with db.transaction() as session:
        rows = session.execute(
            select(m.PracticeSession, m.Question)
            .join(m.Question, m.Question.id == m.PracticeSession.question_id)
            .where(m.PracticeSession.mock_id == mock_id)
            .order_by(m.PracticeSession.id)
        ).all()
        return [
            AnswerSummary(
                question_id=q.id,
                question=q.question,
                seconds=int(p.duration_seconds or 0),
                goal_seconds=answer_goal(q.category, q.target_seconds),
                rating=p.rating,
            )
            for p, q in rows
        ]


def format_seconds(seconds: int) -> str:
    """m:ss, as a timer shows it."""
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"
