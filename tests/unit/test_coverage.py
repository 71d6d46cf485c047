"""Keyword coverage on a hand-checked posting: four states, must-have vs nice-to-have from the
posting's sections, the weighted figure, and the comparison with the version sent last time;
plus the word diff and the bullets offered for a new version."""

from __future__ import annotations

import datetime as dt

import pytest

from secondchance.core.db import Database
from secondchance.core.models import ActivityStatus
from secondchance.core.services import field_names as F
from secondchance.core.services import records, resume_bullets, word_diff
from secondchance.core.services.changes import apply_changes
from secondchance.core.services.coverage import (
    CoverageUnavailable,
    Proof,
    State,
    assess,
    coverage_for,
    read_proof,
)
from secondchance.core.services.jd_scanner import (
    Vocabulary,
    VocabularySkill,
    scan_job_description,
)
from secondchance.core.services.targets import new_target

VOCAB = Vocabulary(
    skills=tuple(
        VocabularySkill(name, "technical", aliases)
        for name, aliases in (
            ("SQL", ()),
            ("Python", ()),
            ("Tableau", ()),
            ("dbt", ()),
            ("Airflow", ()),
            ("Mental health", ()),
            ("Data visualisation", ("data visualization",)),
        )
    )
)
POSTING = """Data Analyst

Requirements
- Strong SQL and Python.
- Building Tableau reports for the clinics.

Nice to have:
- dbt
- Airflow

Compensation and benefits
Pension, mental health support and a learning budget.
"""


def test_states_weights_and_figure_on_a_hand_checked_posting() -> None:
    findings = scan_job_description(POSTING, vocabulary=VOCAB)
    # Worked out by hand: "Strong" makes SQL and Python emphasised must-haves (weight 3),
    # Tableau a must-have (2), dbt and Airflow extras (1); mental health is a benefit.
    assert [(f.name, f.must_have) for f in findings] == [
        ("SQL", True),
        ("Python", True),
        ("Tableau", True),
        ("dbt", False),
        ("Airflow", False),
    ]
    proof = {
        "SQL": (Proof("activity", 1, "Advanced SQL course"),),
        "Tableau": (Proof("experience", 2, "Clinic dashboards", "Built Tableau reports"),),
    }
    skills, percent = assess(findings, "Skills: sql, Python, Airflow", proof, VOCAB)
    states = {s.name: (s.state, s.weight) for s in skills}
    assert states == {
        "SQL": (State.in_resume_proven, 3),
        "Python": (State.in_resume_unproven, 3),
        "Tableau": (State.proven_missing, 2),
        "dbt": (State.absent, 1),
        "Airflow": (State.in_resume_unproven, 1),
    }
    # (3×1 + 3×½ + 2×0 + 1×0 + 1×½) / (3+3+2+1+1) = 5 / 10
    assert percent == 50
    tableau = next(s for s in skills if s.name == "Tableau")
    assert tableau.suggestion == "Built Tableau reports"
    assert next(s for s in skills if s.name == "SQL").suggestion is None


def _world(db: Database) -> tuple[int, int, int]:
    target = apply_changes(
        db, [new_target({"company": "Acme", "role": "Analyst", "job_description": POSTING})]
    ).rows[0]
    assert target is not None
    t = target.id
    sql = records.create_record(db, "skill", {F.skill.name: "SQL (window functions)"}, t)
    viz = records.create_record(db, "skill", {F.skill.name: "Data visualisation (Tableau)"}, t)
    records.create_record(
        db,
        "activity",
        {
            F.activity.title: "A course",
            F.activity.skill_id: sql.id,
            F.activity.status: ActivityStatus.done,
        },
        t,
    )
    records.create_record(
        db,
        "experience",
        {
            F.experience.title: "Clinic reports",
            F.experience.skills: [viz.id],
            F.experience.resume_bullet: "Built reports the clinics read weekly.",
        },
        t,
    )
    sent = records.create_record(
        db,
        "resume",
        {
            F.resume.label: "v1",
            F.resume.created_on: dt.date(2025, 1, 1),
            F.resume.sent_on: dt.date(2025, 1, 2),
            F.resume.plain_text: "Python",
        },
        t,
    )
    new = records.create_record(
        db,
        "resume",
        {
            F.resume.label: "v2",
            F.resume.created_on: dt.date(2025, 6, 1),
            F.resume.plain_text: "SQL, Python, dbt",
        },
        t,
    )
    return t, sent.id, new.id


def test_proof_through_tracked_skills_counts_the_name_not_its_qualifier(db: Database) -> None:
    target, _sent, _new = _world(db)
    proof = read_proof(db, target, VOCAB)
    assert [p.title for p in proof["SQL"]] == ["A course"]
    assert [p.title for p in proof["Data visualisation"]] == ["Clinic reports"]
    # "(Tableau)" qualifies the skill: the reports don't prove Tableau itself.
    assert "Tableau" not in proof


def test_proof_is_listed_once_bullets_first_and_only_the_targets_own(db: Database) -> None:
    target, _sent, _new = _world(db)
    sql = records.list_records(db, "skill", target)
    sql_id = next(s.id for s in sql if s.title.startswith("SQL"))
    # Names SQL in its text and is linked to the tracked SQL skill: one proof, not two.
    plain = records.create_record(
        db,
        "experience",
        {F.experience.title: "SQL audit", F.experience.skills: [sql_id]},
        target,
    )
    bulleted = records.create_record(
        db,
        "experience",
        {F.experience.title: "SQL dashboards", F.experience.resume_bullet: "Cut SQL time."},
        target,
    )
    other = apply_changes(db, [new_target({"company": "Other", "role": "Analyst"})]).rows[0]
    assert other is not None
    records.create_record(db, "experience", {F.experience.title: "SQL elsewhere"}, other.id)
    proof = read_proof(db, target, VOCAB)
    experiences = [(p.id, p.bullet) for p in proof["SQL"] if p.kind == "experience"]
    assert experiences == [(bulleted.id, "Cut SQL time."), (plain.id, None)]
    assert [p.title for p in proof["SQL"] if p.kind == "activity"] == ["A course"]


def test_coverage_compared_with_the_version_sent_last_time(db: Database) -> None:
    target, sent, new = _world(db)
    result = coverage_for(db, target, vocabulary=VOCAB)
    assert result.version.id == new
    assert result.compared_with is not None and result.compared_with.id == sent
    assert result.compared_with.percent < result.percent
    states = {s.name: (s.state, s.before) for s in result.skills}
    assert states["SQL"] == (State.in_resume_proven, State.proven_missing)
    assert states["dbt"] == (State.in_resume_unproven, State.absent)
    assert "Coverage" in result.change_line and "→" in result.change_line
    by_label = coverage_for(db, target, label="V1", vocabulary=VOCAB)
    assert by_label.version.id == sent and by_label.compared_with is None
    with pytest.raises(CoverageUnavailable, match="No resume version is called"):
        coverage_for(db, target, label="v9", vocabulary=VOCAB)


def test_coverage_says_what_is_missing(db: Database) -> None:
    target = apply_changes(db, [new_target({"company": "Acme", "role": "Analyst"})]).rows[0]
    assert target is not None
    with pytest.raises(CoverageUnavailable, match="job description"):
        coverage_for(db, target.id, vocabulary=VOCAB)
    records.update_record(db, "target", target.id, {"job_description": POSTING})
    with pytest.raises(CoverageUnavailable, match="Add a resume version"):
        coverage_for(db, target.id, vocabulary=VOCAB)
    records.create_record(db, "resume", {F.resume.label: "empty"}, target.id)
    with pytest.raises(CoverageUnavailable, match="has no text yet"):
        coverage_for(db, target.id, vocabulary=VOCAB)


# --- word diff --------------------------------------------------------------------------


def test_word_diff_marks_added_and_removed_words() -> None:
    old = "Data Analyst\n- Responsible for reporting.\n- Used SQL.\n"
    new = "Data Analyst\n- Automated the weekly report with SQL.\n- Used SQL.\n"
    pieces = word_diff.word_diff(old, new)
    added = "".join(p.text for p in pieces if p.kind == "added")
    removed = "".join(p.text for p in pieces if p.kind == "removed")
    assert "Automated" in added and "Responsible" in removed
    assert "Used SQL" not in added + removed
    left, right = word_diff.sides(pieces)
    assert "".join(p.text for p in left) == old
    assert "".join(p.text for p in right) == new
    stats = word_diff.stats(pieces)
    assert stats.added > 0 and stats.removed > 0


def test_rewrapping_is_no_change_and_huge_texts_stay_quick() -> None:
    pieces = word_diff.word_diff("one two three four\n", "one two\nthree four\n")
    assert not word_diff.stats(pieces).changed
    big_old = "word " * 200_000
    big_new = "other " * 200_000
    pieces = word_diff.word_diff(big_old, big_new)
    assert word_diff.stats(pieces).added == 200_000
    assert word_diff.stats(word_diff.word_diff("", "")).sentence() == "No words changed."


# --- bullets for a new version --------------------------------------------------------------


def test_bullets_already_there_are_not_offered_and_new_ones_go_under_experience(
    db: Database,
) -> None:
    target, _sent, _new = _world(db)
    text = "Amara\n\nExperience\n- Did things.\n\nSkills\nSQL\n"
    [offer] = resume_bullets.offers(db, target, text)
    assert offer.bullet == "Built reports the clinics read weekly."
    assert offer.skills == ("Data visualisation (Tableau)",)
    added, _end = resume_bullets.add_bullet(text, offer.bullet)
    assert added == (
        "Amara\n\nExperience\n- Did things.\n- Built reports the clinics read weekly.\n\n"
        "Skills\nSQL\n"
    )
    assert resume_bullets.offers(db, target, added) == []
    # A reworded bullet still counts as there.
    assert resume_bullets.contains_bullet("- Built weekly reports the clinics read.", offer.bullet)
    assert resume_bullets.next_label("CV (v2)", ["CV (v3)"]) == "CV (v4)"
    change = resume_bullets.new_version(target, "v3", added, "v2", [1], dt.date(2026, 1, 1))
    assert change.values[F.resume.change_notes] == (
        "Started from “v2”. Added 1 bullet from my experience."
    )


def test_the_sample_story_improves_from_the_sent_version_with_every_state(db: Database) -> None:
    from secondchance.core.interop.sample import add_sample_target

    target = add_sample_target(db)
    result = coverage_for(db, target)
    assert result.version.label == "Reworked after feedback (v2)"
    assert result.compared_with is not None
    assert result.compared_with.label == "Resume as sent to Northwind (v1)"
    assert result.compared_with.percent < result.percent
    assert {s.state for s in result.skills} == set(State)
    states = {s.name: s.state for s in result.skills}
    assert states["Healthcare quality metrics"] is State.in_resume_unproven  # claimed early
    assert states["Tableau"] is State.absent  # mentioned only once it is earned
