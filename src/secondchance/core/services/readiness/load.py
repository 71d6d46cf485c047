"""Reading one target's facts: SQL on the driver's own connection (``driver_rows``).

The same reading serves the window (``load_facts``, inside a session's transaction) and a
plain ``sqlite3`` connection (``read_facts``), which needs no SQLAlchemy: importing it and
the model classes takes longer than the rest of the start, so a first look at the data
before they are loaded can work readiness out too.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING, cast

from secondchance.core import enums as e
from secondchance.core.services.driver_rows import of_target, pairs, read_in, rows, to_date
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

__all__ = ["load_facts", "read_facts"]


def read_facts(conn: sqlite3.Connection, target_id: int, today: dt.date) -> Facts:
    """The target's facts, read on ``conn`` (in whatever transaction it is in)."""
    t = (target_id,)
    found = rows(conn, "target", "SELECT * FROM target WHERE id = ?", t)
    if not found:
        raise LookupError("That target no longer exists (it may have been deleted).")
    target = found[0]
    facts = Facts(today=today, target=cast("m.Target", target))

    importance = dict(
        pairs(
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
        for f in of_target(conn, "feedback", target_id)
    ]

    lowest = dict(
        pairs(
            conn,
            "SELECT c.skill_id, min(c.level) FROM skill_level_change AS c"
            " JOIN skill AS s ON s.id = c.skill_id WHERE s.target_id = ? GROUP BY c.skill_id",
            t,
        )
    )
    facts.skills = [
        SkillFacts(cast("m.Skill", s), min(s.current_level, lowest.get(s.id, s.current_level)))
        for s in of_target(conn, "skill", target_id)
    ]
    facts.activities = of_target(conn, "learning_activity", target_id)
    facts.experience_skills = {
        skill_id
        for (skill_id,) in pairs(
            conn,
            "SELECT es.skill_id FROM experience_skill AS es"
            " JOIN experience AS x ON x.id = es.experience_id WHERE x.target_id = ?",
            t,
        )
    }

    linked = "SELECT contact_id FROM contact_target WHERE target_id = ?"
    contacts = rows(
        conn,
        "contact",
        "SELECT contact.* FROM contact JOIN contact_target AS ct ON ct.contact_id = contact.id"
        " WHERE ct.target_id = ? ORDER BY contact.id",
        t,
    )
    # A conversation dated ahead (a meeting arranged) counts from now, so the score never
    # rises just because its day comes (see score.py).
    last = {
        contact_id: to_date(day)
        for contact_id, day in pairs(
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
        for i in rows(
            conn,
            "interaction",
            f"SELECT * FROM interaction WHERE contact_id IN ({linked})"
            " AND follow_up_done IS 0 AND follow_up_date <= ?"
            " ORDER BY follow_up_date, id",
            (target_id, today.isoformat()),
        )
    ]

    facts.resumes = of_target(conn, "resume_version", target_id, order=False)

    practised = dict(
        pairs(
            conn,
            "SELECT p.question_id, count(*) FROM practice_session AS p"
            " JOIN question AS q ON q.id = p.question_id WHERE q.target_id = ?"
            " GROUP BY p.question_id",
            t,
        )
    )
    facts.questions = [
        QuestionFacts(cast("m.Question", q), int(practised.get(q.id, 0)))
        for q in of_target(conn, "question", target_id)
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
    return read_in(db, lambda conn: read_facts(conn, target_id, today or dt.date.today()))
