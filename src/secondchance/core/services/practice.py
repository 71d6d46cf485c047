"""When to practise each question next: FSRS over the question's practice history.

FSRS (the Free Spaced Repetition Scheduler, the algorithm Anki uses) estimates how well an
answer is remembered from the self-ratings so far and picks the next day to practise it.
The ``fsrs`` package does the arithmetic; this module decides how the app uses it:

- A question's schedule is worked out again from its whole history (its practice sessions,
  oldest first) whenever that history changes: a session recorded, edited, deleted or
  brought back by an undo.  So the stored ``practice_state`` (the FSRS card, JSON) and
  ``practice_due`` are always what FSRS computes for the sessions on record, and an undo
  gives back exactly the schedule there was.
- Practice is counted in days: a session happened on a day (its ``practiced_on``), taken as
  noon UTC, and the scheduler has no minute-long learning steps (they suit flashcards
  reviewed many times an hour, not an answer rehearsed out loud once a day).  Fuzzing is
  off, so the same history always gives the same dates.
- **Cram before the day.**  Before the next of the target's interview date and eligible
  date, no question is scheduled past the day before it: FSRS may say "in 40 days", but if
  the interview is in 10, the question comes back on day 9.  (If that day is tomorrow or
  sooner, it comes back the next day.)  The cap moves only the due date, never the card's
  memory state, so the next rating is still judged on the real gap since the last one.
- A question with no practice yet is due now: today, or the day already set if earlier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from secondchance.core import models as m

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

    from secondchance.core.db import Database

# Why these settings: see the module docstring.  90% is FSRS's default target recall.
DESIRED_RETENTION = 0.9
# No answer rests longer than a year: a comeback is months, not decades.
MAXIMUM_INTERVAL_DAYS = 365
REVIEW_HOUR_UTC = 12
# FSRS's four ratings, by the names it gives them (the stored names are the same).
RATINGS: dict[m.PracticeRating, str] = {
    m.PracticeRating.again: "Again",
    m.PracticeRating.hard: "Hard",
    m.PracticeRating.good: "Good",
    m.PracticeRating.easy: "Easy",
}


@cache
def scheduler() -> Scheduler:
    # Imported on first use: start-up (the Overview asks ``is_due``) never pays for it.
    from fsrs import Scheduler

    return Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


@dataclass(frozen=True)
class Review:
    """One practice session as the scheduler sees it."""

    day: dt.date
    rating: m.PracticeRating


@dataclass(frozen=True)
class Schedule:
    due: dt.date | None
    state: str | None  # the FSRS card as JSON; None before the first practice


def review_time(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, REVIEW_HOUR_UTC, tzinfo=dt.UTC)


def replay(card_id: int, reviews: Sequence[Review]) -> Card | None:
    """The FSRS card after ``reviews`` (in the order given), or None with no review."""
    if not reviews:
        return None
    from fsrs import Card, Rating

    card = Card(card_id=card_id, due=review_time(reviews[0].day))
    for review in reviews:
        rating = Rating[RATINGS[review.rating]]
        card, _log = scheduler().review_card(card, rating, review_time(review.day))
    return card


def deadline_after(day: dt.date, *dates: dt.date | None) -> dt.date | None:
    """The first of ``dates`` (interview date, eligible date) that is after ``day``."""
    later = [d for d in dates if d is not None and d > day]
    return min(later, default=None)


def capped(due: dt.date, last: dt.date, deadline: dt.date | None) -> dt.date:
    """``due``, brought forward to the day before ``deadline`` (but never before the day
    after ``last``, the day of the latest practice)."""
    if deadline is None:
        return due
    latest = max(deadline - dt.timedelta(days=1), last + dt.timedelta(days=1))
    return min(due, latest)


def schedule(
    card_id: int,
    reviews: Sequence[Review],
    *,
    interview_date: dt.date | None,
    eligible_date: dt.date | None,
    today: dt.date,
    due_before: dt.date | None = None,
) -> Schedule:
    """The question's schedule from its history (see the module docstring).

    ``due_before`` is the due date stored now; it only matters when there is no history
    (a question never practised keeps an earlier day it was due).
    """
    card = replay(card_id, reviews)
    if card is None:
        due = today if due_before is None else min(due_before, today)
        return Schedule(due, None)
    last = reviews[-1].day
    deadline = deadline_after(last, interview_date, eligible_date)
    due = capped(card.due.date(), last, deadline)
    return Schedule(due, card.to_json())


def due_questions(db: Database, target_id: int, today: dt.date) -> list[int]:
    """The ids of the target's questions to practise today, the longest-waiting first.

    ``is_due`` in SQL (never practised, or due by today), so that only ids come back: at
    8,000 questions reading every row's date took longer than the rest of the view."""
    q, p = m.Question, m.PracticeSession
    practised = exists().where(p.question_id == q.id)
    stmt = (
        select(q.id)
        .where(
            q.target_id == target_id,
            or_(~practised, and_(q.practice_due.is_not(None), q.practice_due <= today)),
        )
        .order_by(func.coalesce(q.practice_due, today), q.id)
    )
    with db.transaction() as session:
        return list(session.scalars(stmt))


def practised_questions(db: Database, target_id: int) -> set[int]:
    """The ids of the target's questions practised at least once."""
    with db.transaction() as session:
        return practised_in(session, target_id)


def practised_in(session: Session, target_id: int) -> set[int]:
    """The ids of the target's questions practised at least once (one distinct select: the
    sessions themselves are not read)."""
    return set(
        session.scalars(
            select(m.PracticeSession.question_id)
            .distinct()
            .join(m.Question, m.Question.id == m.PracticeSession.question_id)
            .where(m.Question.target_id == target_id)
        )
    )


# --- keeping stored schedules in step (called from the kinds' write hooks) ------------


def _reviews(session: Session, question_id: int) -> list[Review]:
    rows = session.execute(
        select(m.PracticeSession.practiced_on, m.PracticeSession.rating)
        .where(
            m.PracticeSession.question_id == question_id,
            m.PracticeSession.practiced_on.is_not(None),
        )
        .order_by(m.PracticeSession.practiced_on, m.PracticeSession.id)
    )
    return [Review(day, rating) for day, rating in rows if day is not None]


def reschedule(session: Session, question_ids: Iterable[int], today: dt.date) -> None:
    """Work out the schedule of each question again from its history, in ``session``."""
    for question_id in sorted(set(question_ids)):
        question = session.get(m.Question, question_id)
        if question is None:
            continue  # deleted in the same unit of work
        target = session.get(m.Target, question.target_id)
        assert target is not None
        result = schedule(
            question_id,
            _reviews(session, question_id),
            interview_date=target.interview_date,
            eligible_date=target.eligible_date,
            today=today,
            due_before=question.practice_due,
        )
        if (question.practice_due, question.practice_state) != (result.due, result.state):
            question.practice_due = result.due
            question.practice_state = result.state
    session.flush()


def reschedule_target(session: Session, target_id: int, today: dt.date) -> None:
    """Every question of a target (its interview or eligible date moved)."""
    ids = session.scalars(select(m.Question.id).where(m.Question.target_id == target_id))
    reschedule(session, list(ids), today)
