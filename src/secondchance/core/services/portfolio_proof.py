"""What a portfolio item proves: its skills, and the feedback that pointed to them.

The chain goes through skills, as the ledger's does: a portfolio item linked to "SQL" answers
the feedback that named SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services.kinds import kind
from secondchance.core.services.records import RecordNotFound


@dataclass(frozen=True)
class FeedbackLink:
    id: int
    text: str
    addressed: bool


@dataclass(frozen=True)
class PortfolioProof:
    skills: tuple[str, ...]
    feedback: tuple[FeedbackLink, ...]


def proof_of(db: Database, item_id: int) -> PortfolioProof:
    with db.transaction() as session:
        item = session.scalars(
            select(m.PortfolioItem)
            .where(m.PortfolioItem.id == item_id)
            .options(selectinload(m.PortfolioItem.skills))
        ).first()
        if item is None:
            raise RecordNotFound(kind("portfolio"), item_id)
        skill_ids = [s.id for s in item.skills]
        skills = tuple(s.name for s in item.skills)
        feedback: list[FeedbackLink] = []
        if skill_ids:
            rows = session.scalars(
                select(m.Feedback)
                .join(m.feedback_skill, m.feedback_skill.c.feedback_id == m.Feedback.id)
                .where(m.feedback_skill.c.skill_id.in_(skill_ids))
                .distinct()
                .order_by(m.Feedback.received_on, m.Feedback.id)
            )
            feedback = [
                FeedbackLink(f.id, f.text, f.status is m.FeedbackStatus.addressed) for f in rows
            ]
    return PortfolioProof(skills, tuple(feedback))
