"""The facts about one target that readiness, the next actions and the steps all read.

``load`` reads them in one short transaction: figures counted in SQL where the rules only
need a figure (the feedback, which can run to 100 000 items, is only counted, and its few
items worth acting on first picked by SQL), and plain rows of only the columns the rules
read where they look at each record; everything else is worked out from them without going
back to the database.  Nothing here imports SQLAlchemy (the model classes are only types),
so the rules can run on facts read before it is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from secondchance.core.enums import ActivityStatus, FeedbackStatus, Relationship

if TYPE_CHECKING:
    from secondchance.core import models as m
    from secondchance.core.db import Database

NETWORK_WINDOW_DAYS = 90
# The next actions a reading of the facts can choose among by default: the items of a kind
# worth acting on first are read up to this many, not every one (``Facts.most``).
MOST_ACTIONS = 20
# Relationships that count as "inside the company" even when the contact's company field
# is empty or spelled differently.
INSIDE_RELATIONSHIPS = frozenset(
    {
        Relationship.employee_at_target,
        Relationship.recruiter,
        Relationship.hiring_manager,
        Relationship.interviewer,
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
    star: bool  # situation, task, action and result all written (not only spaces)


@dataclass(frozen=True)
class FeedbackFacts:
    """The target's feedback: how many items in each state, and the items the next actions
    choose from — the open and the in-progress ones most worth acting on first (the most
    important, then in the order listed), at most ``Facts.most`` of each, with the
    importance of each (the highest of its linked skills; 2 when it has none)."""

    by_status: dict[FeedbackStatus, int] = field(default_factory=dict)
    open_first: list[tuple[m.Feedback, int]] = field(default_factory=list)
    addressing_first: list[tuple[m.Feedback, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    def count(self, status: FeedbackStatus) -> int:
        return self.by_status.get(status, 0)


@dataclass
class Facts:
    today: dt.date
    target: m.Target
    most: int = MOST_ACTIONS  # next actions that can be chosen from these facts, at most
    feedback: FeedbackFacts = field(default_factory=FeedbackFacts)
    skills: list[SkillFacts] = field(default_factory=list)
    activities: list[m.LearningActivity] = field(default_factory=list)
    experiences: int = 0
    experience_skills: set[int] = field(default_factory=set)
    contacts: list[ContactFacts] = field(default_factory=list)
    # (item, name): follow-ups due by today, the longest overdue first, at most ``most``.
    follow_ups: list[tuple[m.Interaction, str]] = field(default_factory=list)
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
        return [a for a in self.activities if a.status is not ActivityStatus.dropped]

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
            if a.status is ActivityStatus.done and a.skill_id is not None
        }

    def evidenced(self, s: SkillFacts) -> bool:
        return s.skill.id in self.finished_skills or s.skill.id in self.experience_skills


def norm(text: str | None) -> str:
    """A company name as compared: spaces and case ignored."""
    return (text or "").strip().casefold()


def load_facts(
    db: Database, target_id: int, today: dt.date | None, most: int = MOST_ACTIONS
) -> Facts:
    """The target's facts, read in one transaction of the open database (``load``)."""
    from secondchance.core.services.readiness.load import load_facts as load

    return load(db, target_id, today, most)
