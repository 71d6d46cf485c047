"""The one reading of readiness's facts (readiness/load.py): SQL on the driver's connection.

It must read what the model classes would (every column, converted the same way), run on a
plain ``sqlite3`` connection as well as inside a session, and leave SQLAlchemy unloaded, so
that start-up can work the Overview out before SQLAlchemy is imported.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secondchance.core import models as m
from secondchance.core.db import Database, StorageError
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.services import readiness, records, targets
from secondchance.core.services.readiness import load

TODAY = dt.date(2026, 3, 31)
STAMPS = {"created_at", "updated_at"}


def _model_values(db: Database, model: Any, ids: list[int]) -> dict[int, dict[str, Any]]:
    columns = [c for c in model.__table__.columns if c.name not in STAMPS]
    with db.transaction() as session:
        objects = session.scalars(sa.select(model).where(model.id.in_(ids))).all()
        return {o.id: {c.name: getattr(o, c.key) for c in columns} for o in objects}


def _add_overdue_follow_up(db: Database, target_id: int) -> None:
    with db.transaction() as session:
        contact_id = session.scalars(
            sa.select(m.contact_target.c.contact_id).where(
                m.contact_target.c.target_id == target_id
            )
        ).first()
        assert contact_id is not None
        session.add(
            m.Interaction(
                contact_id=contact_id,
                date=TODAY - dt.timedelta(days=20),
                channel=m.Channel.email,
                summary="Asked about the team",
                follow_up_date=TODAY - dt.timedelta(days=3),
                follow_up_done=False,
            )
        )


def test_rows_read_as_the_model_objects_read(db: Database) -> None:
    target_id = add_sample_target(db, TODAY)
    _add_overdue_follow_up(db, target_id)
    facts = load.load_facts(db, target_id, TODAY)
    feedback = facts.feedback.open_first + facts.feedback.addressing_first
    groups: list[tuple[Any, list[Any]]] = [
        (m.Target, [facts.target]),
        (m.Feedback, [f for f, _ in feedback]),
        (m.Skill, [s.skill for s in facts.skills]),
        (m.LearningActivity, facts.activities),
        (m.Contact, [c.contact for c in facts.contacts]),
        (m.Interaction, [i for i, _ in facts.follow_ups]),
        (m.ResumeVersion, facts.resumes),
        (m.Question, [q.question for q in facts.questions]),
    ]
    for model, rows in groups:
        assert rows, model.__name__
        expected = _model_values(db, model, [r.id for r in rows])
        for row in rows:
            # Each row carries only the columns the rules read: those read as the models do.
            got = {name: getattr(row, name) for name in row._fields if name in expected[row.id]}
            assert len(got) > 1, (model.__name__, row._fields)
            assert got == {name: expected[row.id][name] for name in got}, (model.__name__, row.id)
            for name, value in got.items():  # same types too (an enum, not its name)
                assert type(value) is type(expected[row.id][name]), (model.__name__, name)


def test_sql_trims_what_python_strips() -> None:
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(load.SPACES) == spaces and len(load.SPACES) == len(spaces)


STAR = ("situation", "task", "action", "result")
PARTS = st.sampled_from(["", " ", "\u3000", "\xa0\t\n", "\u2028", "x", " y ", "ב", "\u200b"])


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(answers=st.lists(st.lists(st.none() | PARTS, min_size=4, max_size=4), max_size=4))
def test_a_star_answer_is_written_as_python_would_say(
    db: Database, answers: list[list[str | None]]
) -> None:
    target_id = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    for i, parts in enumerate(answers):
        values = {name: v for name, v in zip(STAR, parts, strict=True) if v is not None}
        records.create_record(db, "question", {"question": f"q{i}", **values}, target_id)
    facts = load.load_facts(db, target_id, TODAY)
    assert [q.star for q in facts.questions] == [
        all((v or "").strip() for v in parts) for parts in answers
    ]


# Feedback items (state, index of a linked skill or none) and follow-ups (days from today).
FEEDBACK = st.lists(
    st.tuples(st.sampled_from(["open", "addressing", "addressed"]), st.none() | st.integers(0, 3)),
    max_size=14,
)
FOLLOW_UPS = st.lists(st.integers(-20, 3), max_size=8)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    importances=st.lists(st.integers(1, 3), min_size=4, max_size=4),
    feedback=FEEDBACK,
    follow_ups=FOLLOW_UPS,
)
def test_the_few_read_choose_as_every_item_would(
    db: Database,
    importances: list[int],
    feedback: list[tuple[str, int | None]],
    follow_ups: list[int],
) -> None:
    """Only the few items of a kind worth acting on first are read (SQL picks them): the
    next actions chosen from those equal the ones chosen from every item, at any limit."""
    target_id = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    skills = [
        records.create_record(
            db,
            "skill",
            {"name": f"s{i}", "required_level": 0, "current_level": 0, "importance": level},
            target_id,
        ).id
        for i, level in enumerate(importances)
    ]
    for i, (status, skill) in enumerate(feedback):
        values: dict[str, Any] = {"text": f"f{i}", "status": status}
        if skill is not None:
            values["skills"] = [skills[skill]]
        records.create_record(db, "feedback", values, target_id)
    contact = records.create_record(
        db, "contact", {"name": "Sam", "company": "Contoso", "targets": [target_id]}
    ).id
    for offset in follow_ups:
        records.create_record(
            db,
            "interaction",
            {
                "contact_id": contact,
                "date": TODAY - dt.timedelta(days=30),
                "follow_up_date": TODAY + dt.timedelta(days=offset),
            },
        )
    every = load.load_facts(db, target_id, TODAY, most=10_000)
    assert every.feedback.total == len(feedback)
    for limit in range(1, 8):
        few = load.load_facts(db, target_id, TODAY, most=limit)
        assert len(few.feedback.open_first) <= limit and len(few.follow_ups) <= limit
        assert readiness.actions_of(few, limit) == readiness.actions_of(every, limit), limit
        assert readiness.readiness_of(few) == readiness.readiness_of(every)
        assert readiness.steps_of(few) == readiness.steps_of(every)
    with pytest.raises(ValueError, match="not 8"):
        readiness.actions_of(load.load_facts(db, target_id, TODAY, most=7), 8)


def test_a_plain_sqlite_connection_reads_the_same_figures(db: Database) -> None:
    target_id = add_sample_target(db, TODAY)
    in_session = readiness.summary(db, target_id, TODAY)
    db.close()
    path = db.data_dir / "secondchance.sqlite3"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        facts = load.read_facts(conn, target_id, TODAY)
    finally:
        conn.close()
    assert readiness.readiness_of(facts) == in_session.readiness
    assert readiness.actions_of(facts, 5) == in_session.actions
    assert readiness.steps_of(facts) == in_session.steps


def test_a_driver_error_reads_as_a_plain_storage_message(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    target_id = add_sample_target(db, TODAY)

    def busy(*_args: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(load, "read_facts", busy)
    with pytest.raises(StorageError, match="busy"):
        readiness.summary(db, target_id, TODAY)


def test_a_missing_target_is_reported(db: Database) -> None:
    with pytest.raises(LookupError, match="no longer exists"):
        readiness.summary(db, 999, TODAY)


def test_readiness_loads_without_sqlalchemy() -> None:
    code = (
        "import sys, secondchance.core.services.readiness as r, "
        "secondchance.core.services.readiness.load; "
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'sqlalchemy'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
