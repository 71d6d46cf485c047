"""The unit of work: several changes in one transaction, all or nothing, with its undo."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import field_names as F
from secondchance.core.services import questions, records
from secondchance.core.services.changes import Applied, Change, Create, Delete, Restore, Update
from secondchance.core.services.fields import ValidationError
from secondchance.core.services.targets import create_target

TODAY = dt.date(2026, 12, 1)
# Rows keep their own "last changed" time; an undo is a new change, so these may differ.
CLOCK_COLUMNS = {"created_at", "updated_at"}


def dump(db: Database) -> list[tuple[str, tuple[Any, ...]]]:
    """Every row of every table, without the clock columns, in a stable order."""
    conn = sqlite3.connect(db.path)
    try:
        out = []
        for table in m.Base.metadata.sorted_tables:
            names = [c.name for c in table.columns if c.name not in CLOCK_COLUMNS]
            rows = conn.execute(f"SELECT {', '.join(names)} FROM {table.name}").fetchall()
            out += [(table.name, tuple(row)) for row in sorted(rows, key=repr)]
        return out
    finally:
        conn.close()


def exact_dump(db: Database) -> list[str]:
    conn = sqlite3.connect(db.path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def world(db: Database) -> dict[str, int]:
    target = create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    sql = records.create_record(db, "skill", {"name": "SQL"}, target).id
    feedback = records.create_record(
        db, "feedback", {"text": "Your SQL was slow", "skills": [sql]}, target
    ).id
    course = records.create_record(db, "activity", {"title": "SQL course"}, target).id
    project = records.create_record(db, "experience", {"title": "Dashboard"}, target).id
    return {
        "target": target,
        "sql": sql,
        "feedback": feedback,
        "course": course,
        "project": project,
    }


def test_several_changes_are_one_unit_and_the_inverse_undoes_them(
    db: Database, world: dict[str, int]
) -> None:
    before = dump(db)
    applied = records.apply_changes(
        db,
        [
            Update("feedback", world["feedback"], {F.feedback.status: "addressed"}),
            Update("activity", world["course"], {F.activity.skill_id: world["sql"]}),
            Update("experience", world["project"], {F.experience.skills: [world["sql"]]}),
            Create("skill", {F.skill.name: "Storytelling"}, world["target"]),
            Delete("experience", world["project"]),
        ],
        TODAY,
    )
    assert applied.kinds == {"feedback", "activity", "experience", "skill"}
    assert applied.rows[0] is not None
    assert applied.rows[0].values[F.feedback.status] is m.FeedbackStatus.addressed
    assert applied.rows[2] is None  # deleted later in the same batch
    assert applied.rows[4] is None
    after = dump(db)

    undone = records.apply_changes(db, applied.inverse, TODAY)
    assert dump(db) == before
    redone = records.apply_changes(db, undone.inverse, TODAY)
    assert dump(db) == after
    records.apply_changes(db, redone.inverse, TODAY)
    assert dump(db) == before


def test_a_failure_in_the_middle_leaves_the_file_exactly_as_before(
    db: Database, world: dict[str, int]
) -> None:
    before = exact_dump(db)
    failing: list[list[Change]] = [
        [  # a rule refuses the third change
            Update("feedback", world["feedback"], {F.feedback.status: "addressed"}),
            Create("skill", {F.skill.name: "Python"}, world["target"]),
            Create("skill", {F.skill.name: "SQL"}, world["target"]),
            Update("activity", world["course"], {F.activity.skill_id: world["sql"]}),
        ],
        [  # a record vanished
            Delete("activity", world["course"]),
            Update("experience", world["project"], {F.experience.title: "Renamed"}),
            Update("feedback", 999_999, {F.feedback.text: "gone"}),
        ],
        [  # a value a person must fix
            Update("experience", world["project"], {F.experience.title: "Renamed"}),
            Update("activity", world["course"], {F.activity.hours_spent: "lots"}),
        ],
    ]
    for changes in failing:
        with pytest.raises((ValidationError, records.RecordNotFound)):
            records.apply_changes(db, changes, TODAY)
        assert exact_dump(db) == before


def test_nothing_changed_means_nothing_to_undo(db: Database, world: dict[str, int]) -> None:
    applied = records.apply_changes(
        db, [Update("feedback", world["feedback"], {F.feedback.text: "Your SQL was slow"})]
    )
    assert applied == Applied(applied.rows, (), frozenset())
    assert not applied.changed


def test_a_restore_whose_parent_is_gone_is_refused_plainly(
    db: Database, world: dict[str, int]
) -> None:
    undo = records.apply_changes(db, [Delete("activity", world["course"])]).inverse
    records.delete_record(db, "target", world["target"])
    with pytest.raises(ValueError, match="can't be brought back"):
        records.apply_changes(db, undo)
    assert isinstance(undo[0], Restore)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["rename", "status", "hours", "delete", "add"]),
            st.integers(min_value=0, max_value=3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_batch_is_undone_exactly(
    db: Database, world: dict[str, int], steps: list[tuple[str, int]]
) -> None:
    """Random batches of edits: undo always restores the data, redo the result."""
    start = dump(db)
    changes: list[Any] = []
    for action, n in steps:
        if action == "rename":
            changes.append(Update("experience", world["project"], {"title": f"Project {n}"}))
        elif action == "status":
            status = list(m.ActivityStatus)[n % len(m.ActivityStatus)]
            changes.append(Update("activity", world["course"], {"status": status}))
        elif action == "hours":
            changes.append(Update("activity", world["course"], {"hours_spent": n * 1.5}))
        elif action == "add":
            changes.append(Create("journal", {"text": f"Win {n}"}, world["target"]))
        elif not any(isinstance(c, Delete) for c in changes):
            changes.append(Delete("feedback", world["feedback"]))
    try:
        applied = records.apply_changes(db, changes, TODAY)
    except records.RecordNotFound:
        assert dump(db) == start  # e.g. an edit after a delete in the same batch
        return
    after = dump(db)
    undone = records.apply_changes(db, applied.inverse, TODAY)
    assert dump(db) == start
    redone = records.apply_changes(db, undone.inverse, TODAY)
    assert dump(db) == after
    records.apply_changes(db, redone.inverse, TODAY)  # as it started, for the next example
    assert dump(db) == start


# --- rules attached to kinds ------------------------------------------------------------


def test_marking_an_activity_done_dates_its_completion(db: Database, world: dict[str, int]) -> None:
    row = records.update_record(db, "activity", world["course"], {"status": "done"}, TODAY)
    assert row.values[F.activity.completed_on] == TODAY
    given_day = dt.date(2026, 11, 20)
    other = records.create_record(
        db,
        "activity",
        {"title": "Book", "status": "done", "completed_on": given_day},
        world["target"],
    )
    assert other.values[F.activity.completed_on] == given_day


def test_a_filled_in_completion_date_is_undone_with_the_status(
    db: Database, world: dict[str, int]
) -> None:
    before = dump(db)
    applied = records.apply_changes(
        db, [Update("activity", world["course"], {"status": "done"})], TODAY
    )
    records.apply_changes(db, applied.inverse, TODAY)
    assert dump(db) == before


def test_a_completion_date_before_the_start_is_refused(db: Database, world: dict[str, int]) -> None:
    records.update_record(db, "activity", world["course"], {"start_date": dt.date(2027, 1, 5)})
    with pytest.raises(ValidationError) as caught:
        records.update_record(db, "activity", world["course"], {"status": "done"}, TODAY)
    assert "completed_on" in caught.value.errors


def test_clean_gives_stored_forms(db: Database) -> None:
    cleaned = records.clean(
        "feedback", {"text": " said ", "status": "addressed", "skills": ["3", 1]}
    )
    assert cleaned["status"] is m.FeedbackStatus.addressed
    assert cleaned["skills"] == [1, 3]
    assert cleaned["text"] == " said "  # multi-line text is kept as typed
    with pytest.raises(ValidationError):
        records.clean("feedback", {"text": ""})


# --- questions born from the debrief ----------------------------------------------------


def test_a_debrief_question_becomes_a_question_once(db: Database, world: dict[str, int]) -> None:
    technical = records.create_record(db, "round", {"stage": "technical"}, world["target"]).id
    reflection = records.create_record(
        db,
        "reflection",
        {"question": "Walk me  through a JOIN", "round_id": technical, "better_answer": "Start"},
        world["target"],
    ).id
    change = questions.from_reflection(db, reflection)
    assert isinstance(change, Create)
    assert change.values[F.question.category] is m.QuestionCategory.technical
    assert change.values[F.question.reflection] == "Draft from my debrief: Start"
    created = records.apply_changes(db, [change]).rows[0]
    assert created is not None
    # Same words, other case and spacing: already there.
    assert questions.from_reflection(db, reflection) == created.id
    assert questions.find_question(db, world["target"], "walk me through a join") == created.id


def test_a_question_without_a_round_is_behavioural(db: Database, world: dict[str, int]) -> None:
    reflection = records.create_record(
        db, "reflection", {"question": "Tell me about a conflict"}, world["target"]
    ).id
    change = questions.from_reflection(db, reflection)
    assert isinstance(change, Create)
    assert change.values[F.question.category] is m.QuestionCategory.behavioural
    assert change.values[F.question.reflection] is None
