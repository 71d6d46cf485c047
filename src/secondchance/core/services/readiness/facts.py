"""The facts about one target that readiness, the next actions and the steps all read.

One short transaction loads them (``load_facts``) with Core selects: aggregates where the
rules only need a figure, and plain rows (every column, as attributes) where they look at
each record; everything else is worked out from them without going back to the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from secondchance.core import models as m
from secondchance.core.db import Database

NETWORK_WINDOW_DAYS = 90
# Relationships that count as "inside the company" even when the contact's company field
# is empty or spelled differently.
INSIDE_RELATIONSHIPS = frozenset(
    {
        m.Relationship.employee_at_target,
        m.Relationship.recruiter,
        m.Relationship.hiring_manager,
        m.Relationship.interviewer,
    }
)


@dataclass
class SkillFacts:
    skill: m.Skill
    lowest: int  # lowest level ever recorded (history or now)

    @property
    def had_gap(self) -> bool:
        return self.lowest < self.skill.required_level

    @property
    def closed(self) -> bool:
        return self.skill.current_level >= self.skill.required_level

    @property
    def progress(self) -> float:
        """Share of the gap closed since the lowest level recorded (1.0 when closed)."""
        s = self.skill
        if s.current_level >= s.required_level:
            return 1.0
        span = s.required_level - self.lowest
        return max(0.0, (s.current_level - self.lowest) / span) if span > 0 else 0.0


@dataclass
class ContactFacts:
    contact: m.Contact
    inside: bool
    last_touch: dt.date | None


@dataclass
class QuestionFacts:
    question: m.Question
    practised: int

    @cached_property  # facts are read once and never change: each is worked out once
    def star(self) -> bool:
        q = self.question
        return all((v or "").strip() for v in (q.situation, q.task, q.action, q.result))


@dataclass
class Facts:
    today: dt.date
    target: m.Target
    feedback: list[tuple[m.Feedback, int]] = field(default_factory=list)  # (item, importance)
    skills: list[SkillFacts] = field(default_factory=list)
    activities: list[m.LearningActivity] = field(default_factory=list)
    experiences: int = 0
    experience_skills: set[int] = field(default_factory=set)
    contacts: list[ContactFacts] = field(default_factory=list)
    follow_ups: list[tuple[m.Interaction, str]] = field(default_factory=list)  # (item, name)
    resumes: list[m.ResumeVersion] = field(default_factory=list)
    questions: list[QuestionFacts] = field(default_factory=list)
    reflections: int = 0
    areas_rated: int = 0
    journal: int = 0
    wins: int = 0
    portfolio: int = 0
    cover_letters: int = 0

    @property
    def company(self) -> str:
        return self.target.company.strip() or "the company"

    @cached_property
    def gap_skills(self) -> list[SkillFacts]:
        return [s for s in self.skills if s.had_gap]

    @cached_property
    def plan(self) -> list[m.LearningActivity]:
        return [a for a in self.activities if a.status is not m.ActivityStatus.dropped]

    @cached_property
    def inside_contacts(self) -> list[ContactFacts]:
        return [c for c in self.contacts if c.inside]

    def touched_recently(self, c: ContactFacts) -> bool:
        window = self.today - dt.timedelta(days=NETWORK_WINDOW_DAYS)
        return c.last_touch is not None and c.last_touch >= window

    @property
    def reworked(self) -> m.ResumeVersion | None:
        """The latest resume version made after the rejection, if any."""
        rejected = self.target.rejection_date
        if rejected is None:
            return None
        after = [r for r in self.resumes if r.created_on is not None and r.created_on > rejected]
        return max(after, key=lambda r: (r.created_on or rejected, r.id), default=None)

    @cached_property
    def finished_skills(self) -> set[int]:
        """Skills with a finished development activity."""
        return {
            a.skill_id
            for a in self.activities
            if a.status is m.ActivityStatus.done and a.skill_id is not None
        }

    def evidenced(self, s: SkillFacts) -> bool:
        return s.skill.id in self.finished_skills or s.skill.id in self.experience_skills


_STAMPS = frozenset({"created_at", "updated_at"})
FETCH_BATCH = 1000


def _columns_of(table: Any) -> Select[Any]:
    """Every column of the table but the timestamps, which no rule reads (and whose time-zone
    conversion was a third of the load at 100k rows)."""
    return select(*(c for c in table.columns if c.name not in _STAMPS))


def _rows(session: Session, stmt: Select[Any]) -> list[Any]:
    # Core rows carry the columns as attributes, typed and converted like the ORM's (enum
    # members, dates), so the rules read them as they would read the model objects;
    # building ORM instances costs ~20 µs a row, a Core row a fraction of that.  Fetched a
    # thousand at a time: SQLAlchemy converts a batch in C without letting go of Python's
    # lock, and this runs beside the GUI thread (100 000 rows at once froze it 170 ms).
    rows: list[Any] = []
    for part in session.execute(stmt).partitions(FETCH_BATCH):
        rows.extend(part)
    return rows


def load_facts(db: Database, target_id: int, today: dt.date | None) -> Facts:
    today = today if today is not None else dt.date.today()
    with db.transaction() as session:
        found = _rows(
            session, _columns_of(m.Target.__table__).where(m.Target.__table__.c.id == target_id)
        )
        if not found:
            raise LookupError("That target no longer exists (it may have been deleted).")
        target = found[0]
        facts = Facts(today=today, target=cast(m.Target, target))

        importance: dict[int, int] = dict(
            session.execute(
                select(m.feedback_skill.c.feedback_id, func.max(m.Skill.importance))
                .join(m.Skill, m.Skill.id == m.feedback_skill.c.skill_id)
                .where(m.Skill.target_id == target_id)
                .group_by(m.feedback_skill.c.feedback_id)
            ).all()
        )
        feedback = m.Feedback.__table__
        # A feedback item without linked skills counts as of middle importance.
        facts.feedback = [
            (cast(m.Feedback, f), int(importance.get(f.id, 2)))
            for f in _rows(
                session,
                _columns_of(feedback)
                .where(feedback.c.target_id == target_id)
                .order_by(feedback.c.id),
            )
        ]

        lowest: dict[int, int] = dict(
            session.execute(
                select(m.SkillLevelChange.skill_id, func.min(m.SkillLevelChange.level))
                .join(m.Skill, m.Skill.id == m.SkillLevelChange.skill_id)
                .where(m.Skill.target_id == target_id)
                .group_by(m.SkillLevelChange.skill_id)
            ).all()
        )
        skill = m.Skill.__table__
        facts.skills = [
            SkillFacts(cast(m.Skill, s), min(s.current_level, lowest.get(s.id, s.current_level)))
            for s in _rows(
                session,
                _columns_of(skill).where(skill.c.target_id == target_id).order_by(skill.c.id),
            )
        ]

        activity = m.LearningActivity.__table__
        facts.activities = cast(
            list[m.LearningActivity],
            _rows(
                session,
                _columns_of(activity)
                .where(activity.c.target_id == target_id)
                .order_by(activity.c.id),
            ),
        )
        facts.experience_skills = set(
            session.scalars(
                select(m.experience_skill.c.skill_id)
                .join(m.Experience, m.Experience.id == m.experience_skill.c.experience_id)
                .where(m.Experience.target_id == target_id)
            )
        )

        contact = m.Contact.__table__
        contacts = _rows(
            session,
            _columns_of(contact)
            .join(m.contact_target, m.contact_target.c.contact_id == contact.c.id)
            .where(m.contact_target.c.target_id == target_id)
            .order_by(contact.c.id),
        )
        linked = select(m.contact_target.c.contact_id).where(
            m.contact_target.c.target_id == target_id
        )
        last: dict[int, dt.date | None] = dict(
            session.execute(
                # A conversation dated ahead (a meeting arranged) counts from now, so the
                # score never rises just because its day comes (see score.py).
                select(m.Interaction.contact_id, func.max(m.Interaction.date))
                .where(m.Interaction.contact_id.in_(linked))
                .group_by(m.Interaction.contact_id)
            ).all()
        )
        company = _norm(target.company)
        facts.contacts = [
            ContactFacts(
                cast(m.Contact, c),
                inside=(bool(company) and _norm(c.company) == company)
                or c.relationship in INSIDE_RELATIONSHIPS,
                last_touch=last.get(c.id),
            )
            for c in contacts
        ]
        names = {c.id: c.name for c in contacts}
        interaction = m.Interaction.__table__
        facts.follow_ups = [
            (cast(m.Interaction, i), names[i.contact_id])
            for i in _rows(
                session,
                _columns_of(interaction)
                .where(
                    interaction.c.contact_id.in_(linked),
                    interaction.c.follow_up_done.is_(False),
                    interaction.c.follow_up_date <= today,
                )
                .order_by(interaction.c.follow_up_date, interaction.c.id),
            )
        ]

        resume = m.ResumeVersion.__table__
        facts.resumes = cast(
            list[m.ResumeVersion],
            _rows(session, _columns_of(resume).where(resume.c.target_id == target_id)),
        )

        practised: dict[int, int] = dict(
            session.execute(
                select(m.PracticeSession.question_id, func.count())
                .join(m.Question, m.Question.id == m.PracticeSession.question_id)
                .where(m.Question.target_id == target_id)
                .group_by(m.PracticeSession.question_id)
            ).all()
        )
        question = m.Question.__table__
        facts.questions = [
            QuestionFacts(cast(m.Question, q), int(practised.get(q.id, 0)))
            for q in _rows(
                session,
                _columns_of(question)
                .where(question.c.target_id == target_id)
                .order_by(question.c.id),
            )
        ]

        def count_of(model: type[m.Base], *where: object) -> object:
            stmt = select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
            return stmt.scalar_subquery()

        row = session.execute(
            select(
                count_of(m.Experience, m.Experience.target_id == target_id),  # type: ignore[call-overload]
                count_of(m.Reflection, m.Reflection.target_id == target_id),
                select(func.count(func.distinct(m.CompetencyRating.area)))
                .where(m.CompetencyRating.target_id == target_id)
                .scalar_subquery(),
                count_of(m.JournalEntry, m.JournalEntry.target_id == target_id),
                count_of(
                    m.JournalEntry,
                    m.JournalEntry.target_id == target_id,
                    m.JournalEntry.kind == m.JournalKind.win,
                ),
                count_of(m.PortfolioItem, m.PortfolioItem.target_id == target_id),
                count_of(m.CoverLetter, m.CoverLetter.target_id == target_id),
            )
        ).one()
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


def _norm(text: str | None) -> str:
    return (text or "").strip().casefold()
