"""Linking evidence (a development activity, an experience) to a feedback item.

The ledger's chain runs through skills (see ``ledger.py``), so "this course is my answer
to that feedback" is recorded by making the two share a skill:

- evidence that already works on one of the feedback's skills needs nothing;
- evidence that works on other skills adds those skills to the feedback;
- evidence with no skill yet is given the feedback's first skill;
- when neither has a skill there is nothing to join them by, and the person is told so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import select

from secondchance.core import models as m
from secondchance.core.collation import text_sort_key
from secondchance.core.db import Database
from secondchance.core.services import field_names as F
from secondchance.core.services.changes import Update

EvidenceKind = Literal["activity", "experience"]


@dataclass(frozen=True)
class EvidenceChoice:
    kind: EvidenceKind
    id: int
    title: str
    status: str
    skill_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        noun = "Activity" if self.kind == "activity" else "Experience"
        return f"{self.title} ({noun}, {self.status.lower()})"


@dataclass
class LinkPlan:
    feedback_skills: list[int]
    # Evidence records to change with the feedback, in the same unit of work.
    changes: list[Update] = field(default_factory=list)
    unlinkable: list[EvidenceChoice] = field(default_factory=list)


def evidence_choices(
    db: Database, target_id: int, today: dt.date | None = None
) -> list[EvidenceChoice]:
    """The target's activities and experiences, finished ones first, then by title."""
    today = today or dt.date.today()
    choices: list[EvidenceChoice] = []
    with db.transaction() as session:
        for activity in session.scalars(
            select(m.LearningActivity).where(m.LearningActivity.target_id == target_id)
        ):
            choices.append(
                EvidenceChoice(
                    kind="activity",
                    id=activity.id,
                    title=activity.title,
                    status=activity.status.label,
                    skill_ids=(activity.skill_id,) if activity.skill_id is not None else (),
                )
            )
        experience_skills: dict[int, list[int]] = {}
        for experience_id, skill_id in session.execute(
            select(m.experience_skill.c.experience_id, m.experience_skill.c.skill_id)
            .join(m.Experience, m.Experience.id == m.experience_skill.c.experience_id)
            .where(m.Experience.target_id == target_id)
        ):
            experience_skills.setdefault(experience_id, []).append(skill_id)
        for experience in session.scalars(
            select(m.Experience).where(m.Experience.target_id == target_id)
        ):
            choices.append(
                EvidenceChoice(
                    kind="experience",
                    id=experience.id,
                    title=experience.title,
                    status="Done"
                    if experience.end_date is not None and experience.end_date <= today
                    else "Ongoing",
                    skill_ids=tuple(sorted(experience_skills.get(experience.id, ()))),
                )
            )
    return sorted(
        choices, key=lambda c: (c.status not in ("Done",), c.kind, text_sort_key(c.title))
    )


def already_linked(choice: EvidenceChoice, feedback_skills: Sequence[int]) -> bool:
    return bool(set(choice.skill_ids) & set(feedback_skills))


def plan_links(feedback_skills: Sequence[int], chosen: Sequence[EvidenceChoice]) -> LinkPlan:
    """What to change so each chosen piece of evidence shares a skill with the feedback."""
    plan = LinkPlan(feedback_skills=list(feedback_skills))
    for choice in chosen:
        if already_linked(choice, plan.feedback_skills):
            continue
        if choice.skill_ids:
            plan.feedback_skills.extend(
                s for s in choice.skill_ids if s not in plan.feedback_skills
            )
        elif plan.feedback_skills:
            skill = plan.feedback_skills[0]
            if choice.kind == "activity":
                plan.changes.append(Update("activity", choice.id, {F.activity.skill_id: skill}))
            else:
                plan.changes.append(Update("experience", choice.id, {F.experience.skills: [skill]}))
        else:
            plan.unlinkable.append(choice)
    return plan
