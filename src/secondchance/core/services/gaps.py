"""Skill gaps and the development plan in figures (method steps 3 and 4).

``gap_matrix`` says which skills need work first (gap × importance), ``plan_totals`` adds up
the plan's hours and cost per skill, and ``level_history`` gives the dated levels a skill
went through, so the person sees a gap closing.
"""

from __future__ import annotations

import datetime as dt
import enum
import sqlite3
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from sqlalchemy import case, func, select

from secondchance.core import models as m
from secondchance.core.collation import text_sort_key
from secondchance.core.db import Database
from secondchance.core.services.driver_rows import read_in
from secondchance.core.services.due_rules import is_open, is_overdue

__all__ = [
    "NO_SKILL",
    "GapRow",
    "PlanTotals",
    "SkillTotals",
    "gap_matrix",
    "is_open",
    "is_overdue",
    "level_history",
    "plan_totals",
    "skill_count",
]

NO_SKILL = "No skill"

_E = TypeVar("_E", bound=enum.Enum)


class GapRow(NamedTuple):
    # A named tuple, not a frozen dataclass: a target may list 4 000 skills, and a frozen
    # dataclass sets each field through object.__setattr__ (a fifth of the matrix's read).
    skill_id: int
    name: str
    category: str  # SkillCategory member name
    category_label: str
    required: int
    current: int
    importance: int
    feedback_count: int
    activities_open: int  # planned or in progress
    activities_done: int

    @property
    def gap(self) -> int:
        return max(self.required - self.current, 0)

    @property
    def priority(self) -> int:
        return self.gap * self.importance


def gap_row_key(row: GapRow) -> tuple[int, int, tuple[str, str], int]:
    """The default order: biggest priority first, then biggest gap, then by name."""
    gap = row.gap
    return (-gap * row.importance, -gap, text_sort_key(row.name), row.skill_id)


def gap_matrix(db: Database, target_id: int) -> list[GapRow]:
    """Every skill of the target with its gap, sorted by gap × importance (highest first)."""
    return read_in(db, lambda conn: _gap_rows(conn, target_id))


def _member(enum_cls: type[_E], stored: str) -> _E:
    # Enumerations are stored by member name (models.enum_column); a value stored by an
    # older build that no member has any more reads as the models would refuse it.
    try:
        return enum_cls[stored]
    except KeyError:
        raise LookupError(f"{enum_cls.__name__} has no member {stored!r}") from None


def _gap_rows(conn: sqlite3.Connection, target_id: int) -> list[GapRow]:
    # The driver's own tuples, counted in SQL, no SQLAlchemy result rows: a target may list
    # 4 000 skills and plan 28 000 activities (0.05–0.09 s through the ORM's rows, ~0.03 s).
    t = (target_id,)
    skills = conn.execute(
        "SELECT id, name, category, required_level, current_level, importance"
        " FROM skill WHERE target_id = ?",
        t,
    ).fetchall()
    feedback: dict[int, int] = dict(
        conn.execute(
            "SELECT skill_id, count(*) FROM feedback_skill"
            " WHERE skill_id IN (SELECT id FROM skill WHERE target_id = ?) GROUP BY skill_id",
            t,
        ).fetchall()
    )
    open_counts: dict[int, int] = {}
    done_counts: dict[int, int] = {}
    statuses: dict[str, m.ActivityStatus] = {}
    for skill_id, stored, count in conn.execute(
        "SELECT skill_id, status, count(*) FROM learning_activity"
        " WHERE target_id = ? AND skill_id IS NOT NULL GROUP BY skill_id, status",
        t,
    ):
        status = statuses.get(stored)
        if status is None:
            status = statuses[stored] = _member(m.ActivityStatus, stored)
        if status is m.ActivityStatus.done:
            done_counts[skill_id] = done_counts.get(skill_id, 0) + int(count)
        elif is_open(status):
            open_counts[skill_id] = open_counts.get(skill_id, 0) + int(count)
    labels: dict[str, str] = {}
    rows = []
    for skill_id, name, stored, required, current, importance in skills:
        label = labels.get(stored)
        if label is None:
            label = labels[stored] = _member(m.SkillCategory, stored).label
        rows.append(
            GapRow(
                skill_id,
                name,
                stored,
                label,
                required,
                current,
                importance,
                feedback.get(skill_id, 0),
                open_counts.get(skill_id, 0),
                done_counts.get(skill_id, 0),
            )
        )
    return sorted(rows, key=gap_row_key)


@dataclass
class SkillTotals:
    """One skill's share of the plan (``skill_id`` None: activities linked to no skill).

    Dropped activities still count their hours spent and cost (that time and money are
    gone) but not their planned hours, which nobody means to spend any more.
    """

    skill_id: int | None
    name: str
    count: int = 0
    open: int = 0
    done: int = 0
    overdue: int = 0
    hours_planned: float = 0.0
    hours_spent: float = 0.0
    cost: float = 0.0

    def add(
        self,
        status: m.ActivityStatus,
        due: dt.date | None,
        planned: float | None,
        spent: float | None,
        cost: float | None,
        today: dt.date,
    ) -> None:
        self.count += 1
        self.open += int(is_open(status))
        self.done += int(status is m.ActivityStatus.done)
        self.overdue += int(is_overdue(status, due, today))
        if status is not m.ActivityStatus.dropped:
            self.hours_planned += planned or 0.0
        self.hours_spent += spent or 0.0
        self.cost += cost or 0.0

    def add_group(
        self,
        status: m.ActivityStatus,
        count: int,
        past_due: int,
        planned: float,
        spent: float,
        cost: float,
    ) -> None:
        """``count`` activities of one status at once (``past_due``: how many are past their
        due date), as ``add`` would count them one by one."""
        self.count += count
        self.open += count if is_open(status) else 0
        self.done += count if status is m.ActivityStatus.done else 0
        self.overdue += past_due if is_open(status) else 0
        if status is not m.ActivityStatus.dropped:
            self.hours_planned += planned
        self.hours_spent += spent
        self.cost += cost


@dataclass
class PlanTotals:
    per_skill: list[SkillTotals] = field(default_factory=list)  # by name, "No skill" last
    overall: SkillTotals = field(default_factory=lambda: SkillTotals(None, "All activities"))


def skill_count(db: Database, target_id: int) -> int:
    """The target's skills (a window works a large matrix out off the GUI thread)."""
    s = m.Skill.__table__
    with db.transaction() as session:
        stmt = select(func.count(s.c.id)).where(s.c.target_id == target_id)
        return int(session.execute(stmt).scalar_one())


def activity_count(db: Database, target_id: int) -> int:
    """The target's plan activities (a window adds a large plan up off the GUI thread)."""
    a = m.LearningActivity.__table__
    with db.transaction() as session:
        stmt = select(func.count(a.c.id)).where(a.c.target_id == target_id)
        return int(session.execute(stmt).scalar_one())


def plan_totals(db: Database, target_id: int, today: dt.date | None = None) -> PlanTotals:
    """The plan's figures per skill, added up by SQL (one row per skill and status)."""
    today = today or dt.date.today()
    a = m.LearningActivity.__table__
    late = case((a.c.due_date < today, 1), else_=0)
    with db.transaction() as session:
        names: dict[int, str] = {
            skill_id: name
            for skill_id, name in session.execute(
                select(m.Skill.id, m.Skill.name).where(m.Skill.target_id == target_id)
            )
        }
        groups = session.execute(
            select(
                a.c.skill_id,
                a.c.status,
                func.count(),
                func.sum(late),
                func.total(a.c.hours_planned),
                func.total(a.c.hours_spent),
                func.total(a.c.cost),
            )
            .where(a.c.target_id == target_id)
            .group_by(a.c.skill_id, a.c.status)
        ).all()
    totals = PlanTotals()
    per: dict[int | None, SkillTotals] = {}
    for skill_id, status, count, overdue, planned, spent, cost in groups:
        entry = per.get(skill_id)
        if entry is None:
            name = names.get(skill_id, NO_SKILL) if skill_id is not None else NO_SKILL
            entry = per[skill_id] = SkillTotals(skill_id, name)
        for into in (entry, totals.overall):
            into.add_group(status, int(count), int(overdue or 0), planned, spent, cost)
    totals.per_skill = sorted(
        per.values(), key=lambda t: (t.skill_id is None, text_sort_key(t.name), t.skill_id or 0)
    )
    return totals


def level_history(db: Database, skill_id: int) -> list[tuple[dt.date, int]]:
    """The skill's recorded levels, oldest first (one entry per day it changed)."""
    with db.transaction() as session:
        rows = session.execute(
            select(m.SkillLevelChange.date, m.SkillLevelChange.level)
            .where(m.SkillLevelChange.skill_id == skill_id)
            .order_by(m.SkillLevelChange.date, m.SkillLevelChange.id)
        )
        return [(day, level) for day, level in rows]
