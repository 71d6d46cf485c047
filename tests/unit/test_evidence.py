"""Linking evidence to feedback through skills (core/services/evidence.py)."""

from __future__ import annotations

import datetime as dt

from secondchance.core.db import Database
from secondchance.core.services import records
from secondchance.core.services.changes import Update
from secondchance.core.services.evidence import (
    EvidenceChoice,
    already_linked,
    evidence_choices,
    plan_links,
)
from secondchance.core.services.targets import create_target


def choice(kind: str, record_id: int, *skills: int) -> EvidenceChoice:
    return EvidenceChoice(kind, record_id, f"{kind} {record_id}", "Done", skills)  # type: ignore[arg-type]


def test_evidence_sharing_a_skill_needs_nothing() -> None:
    plan = plan_links([1, 2], [choice("activity", 7, 2)])
    assert (plan.feedback_skills, plan.changes, plan.unlinkable) == ([1, 2], [], [])


def test_evidence_on_other_skills_adds_them_to_the_feedback() -> None:
    plan = plan_links([1], [choice("experience", 3, 4, 5)])
    assert plan.feedback_skills == [1, 4, 5]
    assert plan.changes == []


def test_evidence_without_a_skill_gets_the_feedbacks_first_skill() -> None:
    plan = plan_links([9, 1], [choice("activity", 7), choice("experience", 8)])
    assert plan.changes == [
        Update("activity", 7, {"skill_id": 9}),
        Update("experience", 8, {"skills": [9]}),
    ]


def test_nothing_to_join_by_is_reported() -> None:
    lonely = choice("activity", 7)
    plan = plan_links([], [lonely])
    assert plan.unlinkable == [lonely] and plan.changes == []


def test_a_skill_added_by_one_choice_links_the_next() -> None:
    plan = plan_links([], [choice("experience", 3, 4), choice("activity", 7)])
    assert plan.feedback_skills == [4]
    assert plan.changes == [Update("activity", 7, {"skill_id": 4})]
    assert already_linked(choice("activity", 1, 4), plan.feedback_skills)


def test_choices_list_the_targets_activities_and_experiences(db: Database) -> None:
    target = create_target(db, {"company": "Acme", "role": "Analyst"}, None).id
    other = create_target(db, {"company": "Other", "role": "Analyst"}, None).id
    skill = records.create_record(db, "skill", {"name": "SQL"}, target_id=target).id
    records.create_record(db, "activity", {"title": "Course", "skill_id": skill}, target_id=target)
    records.create_record(
        db,
        "experience",
        {"title": "Project", "skills": [skill], "end_date": dt.date(2026, 1, 5)},
        target_id=target,
    )
    records.create_record(db, "activity", {"title": "Not mine"}, target_id=other)
    found = evidence_choices(db, target, today=dt.date(2026, 2, 1))
    assert [(c.kind, c.title, c.status, c.skill_ids) for c in found] == [
        ("experience", "Project", "Done", (skill,)),
        ("activity", "Course", "Planned", (skill,)),
    ]
    assert found[0].label == "Project (Experience, done)"
