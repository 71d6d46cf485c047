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
    MOST_ACTIONS,
    ContactFacts,
    Facts,
    FeedbackFacts,
    QuestionFacts,
    SkillFacts,
    norm,
)

if TYPE_CHECKING:
    from secondchance.core import models as m
    from secondchance.core.db import Database

__all__ = ["SPACES", "load_facts", "read_facts"]


# What Python's ``str.strip()`` strips (``str.isspace``), for SQLite's ``trim``: an answer of
# only spaces is as empty in SQL as in the rules (a test keeps the two the same).
SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

# A feedback item's importance: the highest of its linked skills', 2 (middle) without any.
_IMPORTANCE = (
    "coalesce((SELECT max(s.importance) FROM feedback_skill AS fs"
    " JOIN skill AS s ON s.id = fs.skill_id WHERE fs.feedback_id = f.id AND s.target_id = :t),"
    " 2)"
)


def _feedback(conn: sqlite3.Connection, target_id: int, most: int) -> FeedbackFacts:
    """Counted by state in SQL; of the open and the in-progress items only the ``most``
    worth acting on first are read (a target can hold 100 000 items)."""
    by_status = {
        e.FeedbackStatus[status]: int(n)
        for status, n in pairs(
            conn,
            "SELECT status, count(*) FROM feedback WHERE target_id = ? GROUP BY status",
            (target_id,),
        )
    }

    def first(status: e.FeedbackStatus) -> list[tuple[m.Feedback, int]]:
        if not most or not by_status.get(status):
            return []
        found = rows(
            conn,
            "feedback",
            f"SELECT f.id, f.text, f.status, {_IMPORTANCE} AS importance FROM feedback AS f"
            " WHERE f.target_id = :t AND f.status = :s ORDER BY importance DESC, f.id LIMIT :n",
            {"t": target_id, "s": status.name, "n": most},
        )
        return [(cast("m.Feedback", f), int(f.importance)) for f in found]

    return FeedbackFacts(
        by_status, first(e.FeedbackStatus.open), first(e.FeedbackStatus.addressing)
    )


def read_facts(
    conn: sqlite3.Connection, target_id: int, today: dt.date, most: int = MOST_ACTIONS
) -> Facts:
    """The target's facts, read on ``conn`` (in whatever transaction it is in), enough to
    choose up to ``most`` next actions.  Rows carry only the columns the rules read."""
    t = (target_id,)
    found = rows(conn, "target", "SELECT * FROM target WHERE id = ?", t)
    if not found:
        raise LookupError("That target no longer exists (it may have been deleted).")
    target = found[0]
    facts = Facts(today=today, target=cast("m.Target", target), most=most)
    facts.feedback = _feedback(conn, target_id, most)

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
        for s in of_target(
            conn, "skill", target_id, "id, name, importance, current_level, required_level"
        )
    ]
    facts.activities = of_target(
        conn,
        "learning_activity",
        target_id,
        "id, title, status, due_date, skill_id, hours_planned, hours_spent",
    )
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
        "SELECT contact.id, contact.name, contact.company, contact.relationship,"
        " contact.keep_in_touch_days FROM contact"
        " JOIN contact_target AS ct ON ct.contact_id = contact.id"
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
    # The longest overdue first: the order the next actions rank them in (lateness counts
    # up to a cap, so no later one ever ranks above an earlier one).
    facts.follow_ups = [
        (cast("m.Interaction", i), i.name)
        for i in rows(
            conn,
            "interaction",
            "SELECT i.id, i.follow_up_date, c.name FROM interaction AS i"
            f" JOIN contact AS c ON c.id = i.contact_id WHERE i.contact_id IN ({linked})"
            " AND i.follow_up_done IS 0 AND i.follow_up_date <= ?"
            " ORDER BY i.follow_up_date, i.id LIMIT ?",
            (target_id, today.isoformat(), most),
        )
    ]

    facts.resumes = of_target(conn, "resume_version", target_id, "id, label, created_on")

    practised = dict(
        pairs(
            conn,
            "SELECT p.question_id, count(*) FROM practice_session AS p"
            " JOIN question AS q ON q.id = p.question_id WHERE q.target_id = ?"
            " GROUP BY p.question_id",
            t,
        )
    )
    filled = " AND ".join(
        f"trim(coalesce({part}, ''), :spaces) <> ''"
        for part in ("situation", "task", "action", "result")
    )
    facts.questions = [
        QuestionFacts(cast("m.Question", q), int(practised.get(q.id, 0)), bool(q.star))
        for q in rows(
            conn,
            "question",
            f"SELECT id, question, category, practice_due, {filled} AS star FROM question"
            " WHERE target_id = :t ORDER BY id",
            {"t": target_id, "spaces": SPACES},
        )
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


def load_facts(
    db: Database, target_id: int, today: dt.date | None, most: int = MOST_ACTIONS
) -> Facts:
    """The target's facts, read in one transaction of the open database."""
    return read_in(db, lambda conn: read_facts(conn, target_id, today or dt.date.today(), most))
