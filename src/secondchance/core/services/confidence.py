"""The confidence trend the journal shows: the mean self-rating of practice, week by week.

Each practice session's rating is a point on a 1–4 scale (Blanked 1, Struggled 2, Solid 3,
Nailed it 4); a week (Monday to Sunday) scores the mean of its sessions.  Weeks without
practice have no point, so a quiet week is a gap in the line, not a fall to zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from secondchance.core import models as m
from secondchance.core.db import Database

SCORES: dict[m.PracticeRating, int] = {
    m.PracticeRating.again: 1,
    m.PracticeRating.hard: 2,
    m.PracticeRating.good: 3,
    m.PracticeRating.easy: 4,
}
LOWEST, HIGHEST = 1, 4
WEEKS_SHOWN = 12


@dataclass(frozen=True)
class Week:
    start: dt.date  # the Monday
    mean: float | None  # None: no practice that week
    sessions: int


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly(
    sessions: list[tuple[dt.date, m.PracticeRating]], today: dt.date, weeks: int = WEEKS_SHOWN
) -> list[Week]:
    """The last ``weeks`` weeks up to this one, oldest first."""
    this_week = week_start(today)
    first = this_week - dt.timedelta(weeks=weeks - 1)
    scores: dict[dt.date, list[int]] = defaultdict(list)
    for day, rating in sessions:
        start = week_start(day)
        if first <= start <= this_week:
            scores[start].append(SCORES[rating])
    result = []
    for i in range(weeks):
        start = first + dt.timedelta(weeks=i)
        points = scores.get(start, [])
        mean = sum(points) / len(points) if points else None
        result.append(Week(start, mean, len(points)))
    return result


def confidence_trend(
    db: Database, target_id: int, today: dt.date | None = None, weeks: int = WEEKS_SHOWN
) -> list[Week]:
    """The target's weekly mean self-rating (see the module docstring)."""
    today = today or dt.date.today()
    with db.transaction() as session:
        rows = session.execute(
            select(m.PracticeSession.practiced_on, m.PracticeSession.rating)
            .join(m.Question, m.Question.id == m.PracticeSession.question_id)
            .where(m.Question.target_id == target_id, m.PracticeSession.practiced_on.is_not(None))
        ).all()
    return weekly([(day, rating) for day, rating in rows if day is not None], today, weeks)
