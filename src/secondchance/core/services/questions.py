"""Interview Prep questions that come from the rest of the record.

A debrief answer marked "gap" is worth practising: it becomes a question, with the better
answer as a draft, in the category its round suggests.  The same question is never added
twice (same words, ignoring case, spacing and accents).
"""

from __future__ import annotations

from sqlalchemy import select

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import field_names as F
from secondchance.core.services.changes import Create
from secondchance.core.services.kinds import REFLECTION
from secondchance.core.services.record_rows import RecordNotFound
from secondchance.core.text import fold


def _same_words(text: str) -> str:
    return " ".join(fold(text).split())


def find_question(db: Database, target_id: int, text: str) -> int | None:
    """The id of this target's question with the same words as ``text``, if there is one."""
    wanted = _same_words(text)
    with db.transaction() as session:
        rows = session.execute(
            select(m.Question.id, m.Question.question).where(m.Question.target_id == target_id)
        )
        return next((qid for qid, question in rows if _same_words(question) == wanted), None)


def category_for_round(stage: m.RoundStage | None) -> m.QuestionCategory:
    """Questions from a technical round are technical; the rest are behavioural."""
    if stage is m.RoundStage.technical:
        return m.QuestionCategory.technical
    return m.QuestionCategory.behavioural


def from_reflection(db: Database, reflection_id: int) -> Create | int:
    """The change that adds a debrief's question to Interview Prep, or the id of the
    question already there."""
    with db.transaction() as session:
        reflection = session.get(m.Reflection, reflection_id)
        if reflection is None:
            raise RecordNotFound(REFLECTION, reflection_id)
        target_id, text = reflection.target_id, reflection.question
        better = (reflection.better_answer or "").strip()
        stage = None
        if reflection.round_id is not None:
            stage = session.scalar(
                select(m.InterviewRound.stage).where(m.InterviewRound.id == reflection.round_id)
            )
    existing = find_question(db, target_id, text)
    if existing is not None:
        return existing
    values = {
        F.question.question: text,
        F.question.category: category_for_round(stage),
        F.question.reflection: f"Draft from my debrief: {better}" if better else None,
    }
    return Create("question", values, target_id)
