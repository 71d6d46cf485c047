"""Spaced repetition: a question's schedule is what FSRS computes for its practice history,
capped before the interview (or eligible) date, and kept in step by every change."""

from __future__ import annotations

import datetime as dt

import pytest
from fsrs import Card, Rating, Scheduler

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import field_names as F
from secondchance.core.services import practice, records
from secondchance.core.services.changes import Create, Delete, apply_changes
from secondchance.core.services.due_rules import is_due
from secondchance.core.services.practice import Review, capped, deadline_after

DAY = dt.date(2026, 3, 2)
R = m.PracticeRating


def _fsrs_reference(card_id: int, history: list[tuple[dt.date, Rating]]) -> Card:
    """What the ``fsrs`` package computes on its own for the same history."""
    scheduler = Scheduler(
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
        maximum_interval=practice.MAXIMUM_INTERVAL_DAYS,
    )
    card = Card(card_id=card_id)
    for day, rating in history:
        when = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
        card, _log = scheduler.review_card(card, rating, when)
    return card


@pytest.fixture
def target(db: Database) -> int:
    return records.create_record(db, "target", {"company": "Contoso", "role": "Analyst"}).id


def _question(db: Database, target: int, text: str = "Tell me about yourself") -> int:
    return records.create_record(db, "question", {F.question.question: text}, target, today=DAY).id


def _practise(
    db: Database, question: int, day: dt.date, rating: m.PracticeRating, today: dt.date = DAY
) -> int:
    values = {F.practice.question_id: question, F.practice.practiced_on: day, "rating": rating}
    return records.create_record(db, "practice", values, today=today).id


def _stored(db: Database, question: int) -> tuple[dt.date | None, str | None]:
    with db.transaction() as session:
        row = session.get(m.Question, question)
        assert row is not None
        return row.practice_due, row.practice_state


HISTORY = [
    (DAY, R.again),
    (DAY + dt.timedelta(days=1), R.hard),
    (DAY + dt.timedelta(days=3), R.good),
    (DAY + dt.timedelta(days=3), R.good),  # twice in a day: FSRS's short-term rule
    (DAY + dt.timedelta(days=12), R.easy),
    (DAY + dt.timedelta(days=40), R.again),
    (DAY + dt.timedelta(days=45), R.good),
]


def test_state_and_due_date_match_what_fsrs_computes(db: Database, target: int) -> None:
    question = _question(db, target)
    for i, (day, rating) in enumerate(HISTORY, start=1):
        _practise(db, question, day, rating)
        due, state = _stored(db, question)
        reference = _fsrs_reference(
            question, [(d, Rating[practice.RATINGS[r]]) for d, r in HISTORY[:i]]
        )
        assert state is not None
        stored = Card.from_json(state)
        assert stored.state == reference.state
        assert stored.stability == pytest.approx(reference.stability, rel=1e-12)
        assert stored.difficulty == pytest.approx(reference.difficulty, rel=1e-12)
        assert stored.last_review == reference.last_review
        assert due == reference.due.date()  # no interview or eligible date: no cap


def test_ratings_drive_the_schedule(db: Database, target: int) -> None:
    """The complaint of the issue: "Again" used to leave the due date where it was."""
    blanked, nailed = _question(db, target, "A"), _question(db, target, "B")
    _practise(db, blanked, DAY, R.again)
    _practise(db, nailed, DAY, R.easy)
    due_blanked, _ = _stored(db, blanked)
    due_nailed, _ = _stored(db, nailed)
    assert due_blanked is not None and due_nailed is not None
    assert due_blanked == DAY + dt.timedelta(days=1)
    assert due_nailed > due_blanked + dt.timedelta(days=3)


def test_history_order_is_by_day_not_by_entry(db: Database, target: int) -> None:
    """A session logged late (for an earlier day) is replayed in its place."""
    late, in_order = _question(db, target, "Late"), _question(db, target, "In order")
    _practise(db, late, DAY + dt.timedelta(days=5), R.good)
    _practise(db, late, DAY, R.hard)
    _practise(db, in_order, DAY, R.hard)
    _practise(db, in_order, DAY + dt.timedelta(days=5), R.good)
    assert Card.from_json(_stored(db, late)[1] or "").stability == pytest.approx(
        Card.from_json(_stored(db, in_order)[1] or "").stability
    )
    assert _stored(db, late)[0] == _stored(db, in_order)[0]


# --- cramming before the day -----------------------------------------------------------


def test_cap_keeps_every_question_before_the_interview(db: Database, target: int) -> None:
    interview = DAY + dt.timedelta(days=5)
    records.update_record(db, "target", target, {F.target.interview_date: interview}, today=DAY)
    question = _question(db, target)
    _practise(db, question, DAY, R.easy)  # FSRS alone: weeks away
    reference = _fsrs_reference(question, [(DAY, Rating.Easy)])
    assert reference.due.date() > interview
    due, state = _stored(db, question)
    assert due == interview - dt.timedelta(days=1)
    # The cap moves the due date only; the memory state is FSRS's own.
    assert Card.from_json(state or "").stability == pytest.approx(reference.stability)


def test_eligible_date_caps_until_it_passes(db: Database, target: int) -> None:
    eligible = DAY + dt.timedelta(days=6)
    records.update_record(db, "target", target, {F.target.eligible_date: eligible}, today=DAY)
    question = _question(db, target)
    _practise(db, question, DAY, R.easy)
    assert _stored(db, question)[0] == eligible - dt.timedelta(days=1)
    # Practised after the eligible date: nothing left to cap for.
    after = _question(db, target, "After")
    _practise(db, after, eligible + dt.timedelta(days=1), R.easy)
    expected = _fsrs_reference(after, [(eligible + dt.timedelta(days=1), Rating.Easy)])
    assert _stored(db, after)[0] == expected.due.date()


def test_moving_the_interview_reschedules_and_undo_puts_it_back(db: Database, target: int) -> None:
    question = _question(db, target)
    _practise(db, question, DAY, R.easy)
    uncapped = _stored(db, question)
    interview = DAY + dt.timedelta(days=4)
    applied = apply_changes(
        db, [records.Update("target", target, {F.target.interview_date: interview})], today=DAY
    )
    assert "question" in applied.kinds  # the question lists reload
    assert _stored(db, question)[0] == interview - dt.timedelta(days=1)
    apply_changes(db, applied.inverse, today=DAY)
    assert _stored(db, question) == uncapped


def test_the_cap_is_never_today() -> None:
    # The interview is tomorrow: come back tomorrow, not today.
    assert capped(DAY + dt.timedelta(days=30), DAY, DAY + dt.timedelta(days=1)) == DAY + (
        dt.timedelta(days=1)
    )
    assert capped(DAY + dt.timedelta(days=30), DAY, None) == DAY + dt.timedelta(days=30)
    assert capped(DAY + dt.timedelta(days=2), DAY, DAY + dt.timedelta(days=9)) == DAY + (
        dt.timedelta(days=2)
    )


def test_the_deadline_is_the_next_date_after_the_practice() -> None:
    eligible, interview = DAY + dt.timedelta(days=5), DAY + dt.timedelta(days=20)
    assert deadline_after(DAY, interview, eligible) == eligible
    assert deadline_after(eligible, interview, eligible) == interview
    assert deadline_after(interview, interview, eligible) is None
    assert deadline_after(DAY, None, None) is None


# --- every change keeps it in step -----------------------------------------------------


def test_undo_of_a_practice_gives_back_the_schedule(db: Database, target: int) -> None:
    question = _question(db, target)
    _practise(db, question, DAY, R.good)
    before = _stored(db, question)
    applied = apply_changes(
        db,
        [
            Create(
                "practice",
                {
                    F.practice.question_id: question,
                    "rating": R.again,
                    F.practice.practiced_on: DAY + dt.timedelta(days=2),
                },
            )
        ],
        today=DAY,
    )
    assert "question" in applied.kinds
    assert _stored(db, question) != before
    redo = apply_changes(db, applied.inverse, today=DAY)  # undo: a delete, then its hook
    assert _stored(db, question) == before
    apply_changes(db, redo.inverse, today=DAY)  # redo: a restore, then its hook
    assert _stored(db, question)[1] != before[1]


def test_deleting_the_only_practice_makes_it_due_again(db: Database, target: int) -> None:
    question = _question(db, target)
    session = _practise(db, question, DAY, R.easy)
    tomorrow = DAY + dt.timedelta(days=1)
    apply_changes(db, [Delete("practice", session)], today=tomorrow)
    assert _stored(db, question) == (tomorrow, None)


def test_moving_a_session_to_another_question_reschedules_both(db: Database, target: int) -> None:
    first, second = _question(db, target, "First"), _question(db, target, "Second")
    session = _practise(db, first, DAY, R.easy)
    records.update_record(db, "practice", session, {F.practice.question_id: second}, today=DAY)
    assert _stored(db, first)[1] is None
    assert _stored(db, second)[1] is not None


def test_a_session_without_a_day_happened_today(db: Database, target: int) -> None:
    question = _question(db, target)
    row = records.create_record(
        db, "practice", {F.practice.question_id: question, "rating": R.good}, today=DAY
    )
    assert row.values[F.practice.practiced_on] == DAY


def test_a_new_question_is_due_at_once(db: Database, target: int) -> None:
    assert _stored(db, _question(db, target)) == (DAY, None)


def test_what_is_due() -> None:
    assert is_due(None, False, DAY)
    assert is_due(DAY + dt.timedelta(days=3), False, DAY)  # never practised
    assert is_due(DAY, True, DAY)
    assert not is_due(DAY + dt.timedelta(days=1), True, DAY)
    assert not is_due(None, True, DAY)  # practised before scheduling: no date, not due


def test_replay_of_nothing_is_nothing() -> None:
    assert practice.replay(1, []) is None
    plan = practice.schedule(
        1, [Review(DAY, R.good)], interview_date=None, eligible_date=None, today=DAY
    )
    assert plan.state is not None and plan.due is not None and plan.due > DAY


# --- the Overview uses the same due dates --------------------------------------------------


def test_overview_actions_and_steps_follow_the_fsrs_due_date(db: Database, target: int) -> None:
    from secondchance.core.services.readiness import checklist, next_actions

    star = {"situation": "s", "task": "t", "action": "a", "result": "r"}
    question = records.create_record(
        db, "question", {F.question.question: "What has changed?", **star}, target, today=DAY
    ).id
    _practise(db, question, DAY, R.good)
    due, _state = _stored(db, question)
    assert due is not None and due > DAY

    def practise_actions(today: dt.date) -> list[int | None]:
        actions = next_actions(db, target, today, limit=20)
        return [a.record_id for a in actions if a.text.startswith("Practise")]

    def step_detail(today: dt.date) -> str:
        return checklist(db, target, today)[9].detail

    assert practise_actions(due - dt.timedelta(days=1)) == []
    assert "due for practice" not in step_detail(due - dt.timedelta(days=1))
    assert practise_actions(due) == [question]
    assert "1 due for practice today" in step_detail(due)
