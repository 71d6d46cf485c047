"""Reading one target's facts: SQL on the driver's own connection.

The same reading serves the window (``load_facts``, inside a session's transaction) and
start-up's first look at the data (``read_facts`` on a plain ``sqlite3`` connection, before
SQLAlchemy is loaded: importing it and the model classes takes longer than the rest of the
start).  So nothing here imports SQLAlchemy; the values are converted as the model classes
convert them (``COLUMN_TYPES``, which a test keeps equal to the models' column types).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import namedtuple
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

from secondchance.core import enums as e
from secondchance.core.services.readiness.facts import (
    INSIDE_RELATIONSHIPS,
    ContactFacts,
    Facts,
    QuestionFacts,
    SkillFacts,
    norm,
)

if TYPE_CHECKING:
    from secondchance.core import models as m
    from secondchance.core.db import Database

__all__ = ["COLUMN_TYPES", "load_facts", "read_facts"]

# Each table's columns that are not stored as they are read: dates (ISO text), flags (0/1)
# and enumerations (stored by member name).  Timestamps are left as stored: no rule reads
# them (their time-zone conversion was a third of the load at 100k rows).
COLUMN_TYPES: dict[str, dict[str, type[Enum] | type[dt.date] | type[bool]]] = {
    "target": {
        "first_interview_date": dt.date,
        "rejection_date": dt.date,
        "eligible_date": dt.date,
        "status": e.TargetStatus,
        "feedback_requested_on": dt.date,
        "interview_date": dt.date,
        "reapplied_on": dt.date,
        "reapply_stage": e.ReapplyStage,
        "outcome": e.ReapplyOutcome,
        "outcome_on": dt.date,
        "archived_on": dt.date,
    },
    "feedback": {
        "received_on": dt.date,
        "source": e.FeedbackSource,
        "theme": e.FeedbackTheme,
        "status": e.FeedbackStatus,
    },
    "skill": {"category": e.SkillCategory},
    "learning_activity": {
        "kind": e.ActivityKind,
        "status": e.ActivityStatus,
        "start_date": dt.date,
        "due_date": dt.date,
        "completed_on": dt.date,
    },
    "contact": {"relationship": e.Relationship, "quiet_until": dt.date},
    "interaction": {
        "date": dt.date,
        "channel": e.Channel,
        "follow_up_date": dt.date,
        "follow_up_done": bool,
    },
    "resume_version": {"created_on": dt.date, "sent_on": dt.date},
    "question": {"category": e.QuestionCategory, "practice_due": dt.date},
}


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _converter(kind: type[Enum] | type[dt.date] | type[bool]) -> Callable[[Any], Any]:
    if kind is dt.date:
        return _date
    if kind is bool:
        return lambda value: None if value is None else bool(value)
    members = cast(type[Enum], kind).__members__
    return lambda value: None if value is None else members[value]


_Convert = Callable[[Any], Any]
_ROW_CLASSES: dict[tuple[str, tuple[str, ...]], tuple[type, list[tuple[int, _Convert]]]] = {}


def _shape(table: str, names: tuple[str, ...]) -> tuple[type, list[tuple[int, _Convert]]]:
    """The row class for these columns (attributes, like a model object) and the
    converters by position; made once per table and column list."""
    key = (table, names)
    found = _ROW_CLASSES.get(key)
    if found is None:
        types = COLUMN_TYPES[table]
        converters = [(i, _converter(types[n])) for i, n in enumerate(names) if n in types]
        found = (namedtuple(f"{table}_row", names), converters)
        _ROW_CLASSES[key] = found
    return found


def _rows(conn: sqlite3.Connection, table: str, sql: str, params: Sequence[Any]) -> list[Any]:
    cursor = conn.execute(sql, params)
    names = tuple(d[0] for d in cursor.description)
    row_class, converters = _shape(table, names)
    make = row_class._make  # type: ignore[attr-defined]
    if not converters:
        return [make(raw) for raw in cursor]
    rows = []
    for raw in cursor:
        values = list(raw)
        for i, convert in converters:
            values[i] = convert(values[i])
        rows.append(make(values))
    return rows


def _of_target(
    conn: sqlite3.Connection, table: str, target_id: int, order: bool = True
) -> list[Any]:
    sql = f"SELECT * FROM {table} WHERE target_id = ?" + (" ORDER BY id" if order else "")
    return _rows(conn, table, sql, (target_id,))


def _pairs(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> Iterable[Any]:
    return conn.execute(sql, params).fetchall()


def read_facts(conn: sqlite3.Connection, target_id: int, today: dt.date) -> Facts:
    """The target's facts, read on ``conn`` (in whatever transaction it is in)."""
    t = (target_id,)
    found = _rows(conn, "target", "SELECT * FROM target WHERE id = ?", t)
    if not found:
        raise LookupError("That target no longer exists (it may have been deleted).")
    target = found[0]
    facts = Facts(today=today, target=cast("m.Target", target))

    importance = dict(
        _pairs(
            conn,
            "SELECT fs.feedback_id, max(s.importance) FROM feedback_skill AS fs"
            " JOIN skill AS s ON s.id = fs.skill_id WHERE s.target_id = ?"
            " GROUP BY fs.feedback_id",
            t,
        )
    )
    # A feedback item without linked skills counts as of middle importance.
    facts.feedback = [
        (cast("m.Feedback", f), int(importance.get(f.id, 2)))
        for f in _of_target(conn, "feedback", target_id)
    ]

    lowest = dict(
        _pairs(
            conn,
            "SELECT c.skill_id, min(c.level) FROM skill_level_change AS c"
            " JOIN skill AS s ON s.id = c.skill_id WHERE s.target_id = ? GROUP BY c.skill_id",
            t,
        )
    )
    facts.skills = [
        SkillFacts(cast("m.Skill", s), min(s.current_level, lowest.get(s.id, s.current_level)))
        for s in _of_target(conn, "skill", target_id)
    ]
    facts.activities = _of_target(conn, "learning_activity", target_id)
    facts.experience_skills = {
        skill_id
        for (skill_id,) in _pairs(
            conn,
            "SELECT es.skill_id FROM experience_skill AS es"
            " JOIN experience AS x ON x.id = es.experience_id WHERE x.target_id = ?",
            t,
        )
    }

    linked = "SELECT contact_id FROM contact_target WHERE target_id = ?"
    contacts = _rows(
        conn,
        "contact",
        "SELECT contact.* FROM contact JOIN contact_target AS ct ON ct.contact_id = contact.id"
        " WHERE ct.target_id = ? ORDER BY contact.id",
        t,
    )
    # A conversation dated ahead (a meeting arranged) counts from now, so the score never
    # rises just because its day comes (see score.py).
    last = {
        contact_id: _date(day)
        for contact_id, day in _pairs(
            conn,
            "SELECT contact_id, max(date) FROM interaction"
            f" WHERE contact_id IN ({linked}) GROUP BY contact_id",
            t,
        )
    }
    company = norm(target.company)
    facts.contacts = [
        ContactFacts(
            cast("m.Contact", c),
            inside=(bool(company) and norm(c.company) == company)
            or c.relationship in INSIDE_RELATIONSHIPS,
            last_touch=last.get(c.id),
        )
        for c in contacts
    ]
    names = {c.id: c.name for c in contacts}
    facts.follow_ups = [
        (cast("m.Interaction", i), names[i.contact_id])
        for i in _rows(
            conn,
            "interaction",
            f"SELECT * FROM interaction WHERE contact_id IN ({linked})"
            " AND follow_up_done IS 0 AND follow_up_date <= ?"
            " ORDER BY follow_up_date, id",
            (target_id, today.isoformat()),
        )
    ]

    facts.resumes = _of_target(conn, "resume_version", target_id, order=False)

    practised = dict(
        _pairs(
            conn,
            "SELECT p.question_id, count(*) FROM practice_session AS p"
            " JOIN question AS q ON q.id = p.question_id WHERE q.target_id = ?"
            " GROUP BY p.question_id",
            t,
        )
    )
    facts.questions = [
        QuestionFacts(cast("m.Question", q), int(practised.get(q.id, 0)))
        for q in _of_target(conn, "question", target_id)
    ]

    def count_of(table: str, where: str = "") -> str:
        return f"(SELECT count(*) FROM {table} WHERE target_id = :t{where})"

    row = conn.execute(
        "SELECT "
        + ", ".join(
            (
                count_of("experience"),
                count_of("reflection"),
                "(SELECT count(DISTINCT area) FROM competency_rating WHERE target_id = :t)",
                count_of("journal_entry"),
                count_of("journal_entry", f" AND kind = '{e.JournalKind.win.name}'"),
                count_of("portfolio_item"),
                count_of("cover_letter"),
            )
        ),
        {"t": target_id},
    ).fetchone()
    (
        facts.experiences,
        facts.reflections,
        facts.areas_rated,
        facts.journal,
        facts.wins,
        facts.portfolio,
        facts.cover_letters,
    ) = (int(v or 0) for v in row)
    return facts


def load_facts(db: Database, target_id: int, today: dt.date | None) -> Facts:
    """The target's facts, read in one transaction of the open database."""
    from secondchance.core.db import StorageError, storage_message

    with db.transaction() as session:
        conn = session.connection().connection.driver_connection
        try:
            return read_facts(cast(sqlite3.Connection, conn), target_id, today or dt.date.today())
        except sqlite3.OperationalError as exc:  # what the session's own reads would say
            raise StorageError(storage_message(exc)) from exc
