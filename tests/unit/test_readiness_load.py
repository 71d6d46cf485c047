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

from secondchance.core import models as m
from secondchance.core.db import Database, StorageError
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.services import readiness
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
    groups: list[tuple[Any, list[Any]]] = [
        (m.Target, [facts.target]),
        (m.Feedback, [f for f, _ in facts.feedback]),
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
            got = {name: getattr(row, name) for name in expected[row.id]}
            assert got == expected[row.id], (model.__name__, row.id)
            for name, value in got.items():  # same types too (an enum, not its name)
                assert type(value) is type(expected[row.id][name]), (model.__name__, name)


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
