"""Feedback per theme: how many items, and how many are not addressed yet (the Feedback
tab's "Open by theme" line), counted by SQL rather than by walking the loaded list."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from secondchance.core import models as m
from secondchance.core.db import Database


@dataclass(frozen=True)
class ThemeCount:
    theme: m.FeedbackTheme
    open: int  # not addressed yet (open or being addressed)
    total: int


def theme_counts(db: Database, target_id: int) -> list[ThemeCount]:
    """Themes the target's feedback uses, in the order of the theme list."""
    feedback = m.Feedback.__table__
    not_addressed = case((feedback.c.status != m.FeedbackStatus.addressed.name, 1), else_=0)
    with db.transaction() as session:
        found = {
            theme: (int(still_open or 0), int(total))
            for theme, still_open, total in session.execute(
                select(feedback.c.theme, func.sum(not_addressed), func.count())
                .where(feedback.c.target_id == target_id)
                .group_by(feedback.c.theme)
            )
        }
    return [ThemeCount(t, *found[t]) for t in m.FeedbackTheme if t in found]
