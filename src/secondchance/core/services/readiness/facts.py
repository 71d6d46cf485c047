"""The facts about one target that readiness, the next actions and the steps all read.

One short transaction loads them (``load_facts``); everything else is worked out from them
without going back to the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import func, select

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

    @property
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

    @property
    def gap_skills(self) -> list[SkillFacts]:
        return [s for s in self.skills if s.had_gap]

    @property
    def plan(self) -> list[m.LearningActivity]:
        return [a for a in self.activities if a.status is not m.ActivityStatus.dropped]

    @property
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


def load_facts(db: Database, target_id: int, today: dt.date | None) -> Facts:
    today = today if today is not None else dt.date.today()
    with db.transaction() as session:
        target = session.get(m.Target, target_id)
        if target is None:
            raise LookupError("That target no longer exists (it may have been deleted).")
        facts = Facts(today=today, target=target)

        importance: dict[int, int] = dict(
            session.execute(
                select(m.feedback_skill.c.feedback_id, func.max(m.Skill.importance))
                .join(m.Skill, m.Skill.id == m.feedback_skill.c.skill_id)
                .where(m.Skill.target_id == target_id)
                .group_by(m.feedback_skill.c.feedback_id)
            ).all()
        )
        feedback = session.scalars(
            select(m.Feedback).where(m.Feedback.target_id == target_id).order_by(m.Feedback.id)
        )
        # A feedback item without linked skills counts as of middle importance.
        facts.feedback = [(f, int(importance.get(f.id, 2))) for f in feedback]

        lowest: dict[int, int] = dict(
            session.execute(
                select(m.SkillLevelChange.skill_id, func.min(m.SkillLevelChange.level))
                .join(m.Skill, m.Skill.id == m.SkillLevelChange.skill_id)
                .where(m.Skill.target_id == target_id)
                .group_by(m.SkillLevelChange.skill_id)
            ).all()
        )
        skills = session.scalars(
            select(m.Skill).where(m.Skill.target_id == target_id).order_by(m.Skill.id)
        )
        facts.skills = [
            SkillFacts(s, min(s.current_level, lowest.get(s.id, s.current_level))) for s in skills
        ]

        facts.activities = list(
            session.scalars(
                select(m.LearningActivity)
                .where(m.LearningActivity.target_id == target_id)
                .order_by(m.LearningActivity.id)
            )
        )
        facts.experience_skills = set(
            session.scalars(
                select(m.experience_skill.c.skill_id)
                .join(m.Experience, m.Experience.id == m.experience_skill.c.experience_id)
                .where(m.Experience.target_id == target_id)
            )
        )

        contacts = list(
            session.scalars(
                select(m.Contact)
                .join(m.contact_target, m.contact_target.c.contact_id == m.Contact.id)
                .where(m.contact_target.c.target_id == target_id)
                .order_by(m.Contact.id)
            )
        )
        ids = [c.id for c in contacts]
        last: dict[int, dt.date | None] = dict(
            session.execute(
                # A conversation dated ahead (a meeting arranged) counts from now, so the
                # score never rises just because its day comes (see score.py).
                select(m.Interaction.contact_id, func.max(m.Interaction.date))
                .where(m.Interaction.contact_id.in_(ids))
                .group_by(m.Interaction.contact_id)
            ).all()
        )
        company = _norm(target.company)
        facts.contacts = [
            ContactFacts(
                c,
                inside=(bool(company) and _norm(c.company) == company)
                or c.relationship in INSIDE_RELATIONSHIPS,
                last_touch=last.get(c.id),
            )
            for c in contacts
        ]
        names = {c.id: c.name for c in contacts}
        facts.follow_ups = [
            (i, names[i.contact_id])
            for i in session.scalars(
                select(m.Interaction)
                .where(
                    m.Interaction.contact_id.in_(ids),
                    m.Interaction.follow_up_done.is_(False),
                    m.Interaction.follow_up_date <= today,
                )
                .order_by(m.Interaction.follow_up_date, m.Interaction.id)
            )
        ]

        facts.resumes = list(
            session.scalars(select(m.ResumeVersion).where(m.ResumeVersion.target_id == target_id))
        )

        practised: dict[int, int] = dict(
            session.execute(
                select(m.PracticeSession.question_id, func.count())
                .join(m.Question, m.Question.id == m.PracticeSession.question_id)
                .where(m.Question.target_id == target_id)
                .group_by(m.PracticeSession.question_id)
            ).all()
        )
        questions = session.scalars(
            select(m.Question).where(m.Question.target_id == target_id).order_by(m.Question.id)
        )
        facts.questions = [QuestionFacts(q, int(practised.get(q.id, 0))) for q in questions]

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
