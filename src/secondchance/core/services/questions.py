"""Interview Prep questions that come from the rest of the record, or from the bank.

- A debrief answer marked "gap" is worth practising: it becomes a question, with the better
  answer as a draft, in the category its round suggests.
- A feedback item becomes the question a reapplicant will be asked about it ("You were told
  … What have you done about it since?"), linked to the feedback (the question shows the
  feedback it answers; the packet groups answers by it) and to the feedback's skills.
- Questions picked in "Add from bank…" come with their hint.

The same question is never added twice to a target (same words, ignoring case, spacing
and accents).
"""

from __future__ import annotations

from sqlalchemy import select

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import field_names as F
from secondchance.core.services.changes import Create
from secondchance.core.services.kinds import FEEDBACK, REFLECTION
from secondchance.core.services.question_bank import BankQuestion
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


# --- from a feedback item ----------------------------------------------------------------

FEEDBACK_QUOTE_LIMIT = 160


def feedback_question(text: str) -> str:
    """The question a feedback item raises in the next interview."""
    said = " ".join(text.split())
    if len(said) > FEEDBACK_QUOTE_LIMIT:
        said = said[: FEEDBACK_QUOTE_LIMIT - 1].rstrip() + "…"
    return f"Last time you were told: “{said}” What have you done about it since?"


def from_feedback(db: Database, feedback_id: int) -> Create | int:
    """The change that turns a feedback item into a question linked to it, or the id of
    the question already linked to it (or already asking the same words)."""
    with db.transaction() as session:
        item = session.get(m.Feedback, feedback_id)
        if item is None:
            raise RecordNotFound(FEEDBACK, feedback_id)
        target_id, text, theme = item.target_id, item.text, item.theme
        response = (item.response or "").strip()
        skills = sorted(
            session.scalars(
                select(m.feedback_skill.c.skill_id).where(
                    m.feedback_skill.c.feedback_id == feedback_id
                )
            )
        )
        linked = session.scalars(
            select(m.Question.id)
            .where(m.Question.feedback_id == feedback_id)
            .order_by(m.Question.id)
        ).first()
    if linked is not None:
        return linked
    question = feedback_question(text)
    existing = find_question(db, target_id, question)
    if existing is not None:
        return existing
    technical = theme is m.FeedbackTheme.technical
    values = {
        F.question.question: question,
        F.question.category: (
            m.QuestionCategory.technical if technical else m.QuestionCategory.previous_application
        ),
        F.question.feedback_id: feedback_id,
        F.question.skills: skills,
        F.question.hint: "Did you take our feedback seriously, and can you show what changed?",
        F.question.action: f"Draft from my plan: {response}" if response else None,
    }
    return Create("question", values, target_id)


# --- from the bank -------------------------------------------------------------------------


def from_bank(db: Database, target_id: int, picked: list[BankQuestion]) -> list[Create]:
    """The changes that add the picked bank questions the target doesn't have yet."""
    with db.transaction() as session:
        have = {
            _same_words(text)
            for text in session.scalars(
                select(m.Question.question).where(m.Question.target_id == target_id)
            )
        }
    changes: list[Create] = []
    for entry in picked:
        key = _same_words(entry.question)
        if key in have:
            continue
        have.add(key)
        values = {
            F.question.question: entry.question,
            F.question.category: entry.category,
            F.question.hint: entry.hint,
        }
        changes.append(Create("question", values, target_id))
    return changes


def existing_words(db: Database, target_id: int) -> set[str]:
    """The target's questions, each as its folded words (what "already added" compares)."""
    with db.transaction() as session:
        texts = session.scalars(
            select(m.Question.question).where(m.Question.target_id == target_id)
        )
        return {_same_words(t) for t in texts}


def same_words(text: str) -> str:
    return _same_words(text)
