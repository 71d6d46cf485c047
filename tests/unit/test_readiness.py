"""Readiness: each component on hand-built data, the next best actions, the ten steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.services import readiness
from secondchance.core.services.readiness import (
    WEIGHTS,
    Component,
    checklist,
    compute_readiness,
    day_label,
    next_actions,
    summary,
)

TODAY = dt.date(2026, 3, 31)
KEYS = ["feedback", "gaps", "plan", "evidence", "network", "resume", "questions"]


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def make_target(db: Database, **fields: Any) -> int:
    values: dict[str, Any] = {"company": "Contoso", "role": "Analyst", **fields}
    with db.transaction() as session:
        target = m.Target(**values)
        session.add(target)
        session.flush()
        return target.id


def add(db: Database, *objects: m.Base) -> list[int]:
    with db.transaction() as session:
        session.add_all(objects)
        session.flush()
        return [int(getattr(o, "id", 0)) for o in objects]


def component(db: Database, target_id: int, key: str) -> Component:
    found = {c.key: c for c in compute_readiness(db, target_id, TODAY).components}
    return found[key]


def linked_contact(db: Database, target_id: int, **fields: Any) -> int:
    (contact_id,) = add(db, m.Contact(**{"name": "Zoë", **fields}))
    with db.transaction() as session:
        session.execute(
            m.contact_target.insert().values(contact_id=contact_id, target_id=target_id)
        )
    return contact_id


# --- weights and the empty case -------------------------------------------------------


def test_weights_sum_to_100_and_cover_every_component(db: Database) -> None:
    assert sum(WEIGHTS.values()) == 100
    target = make_target(db)
    components = compute_readiness(db, target, TODAY).components
    assert [c.key for c in components] == KEYS
    assert [c.weight for c in components] == [WEIGHTS[k] for k in KEYS]
    assert all(c.weight > 0 for c in components)


def test_nothing_recorded_scores_none_and_says_so(db: Database) -> None:
    target = make_target(db)
    result = compute_readiness(db, target, TODAY)
    assert result.score is None
    for c in result.components:
        assert c.score is None, c.key
        assert c.figure == "—"
        assert c.sentence.startswith(("No ", "Nothing", "Add ")), c.sentence
        assert c.sentence.endswith((".", "”")), c.sentence


def test_missing_target_is_a_lookup_error(db: Database) -> None:
    with pytest.raises(LookupError):
        compute_readiness(db, 999, TODAY)
    with pytest.raises(LookupError):
        next_actions(db, 999, TODAY)
    with pytest.raises(LookupError):
        checklist(db, 999, TODAY)


def build_complete(db: Database) -> int:
    """A target where every component is fully done."""
    target = make_target(
        db, company="  Northwind Health ", rejection_date=ago(200), eligible_date=ago(10)
    )
    with db.transaction() as session:
        skill = m.Skill(
            target_id=target,
            name="SQL",
            required_level=4,
            current_level=4,
            importance=3,
            level_changes=[m.SkillLevelChange(date=ago(150), level=2)],
        )
        session.add(skill)
        session.flush()
        session.add_all(
            [
                m.Feedback(target_id=target, text="Slow SQL", status=m.FeedbackStatus.addressed),
                m.LearningActivity(
                    target_id=target,
                    skill_id=skill.id,
                    title="SQL course",
                    status=m.ActivityStatus.done,
                ),
                m.ResumeVersion(target_id=target, label="v2", created_on=ago(20)),
            ]
        )
        question = m.Question(
            target_id=target,
            question="What changed?",
            situation="s",
            task="t",
            action="a",
            result="r",
        )
        session.add(question)
        session.flush()
        session.add(m.PracticeSession(question_id=question.id, practiced_on=ago(3)))
    contact = linked_contact(db, target, company="northwind health")
    add(db, m.Interaction(contact_id=contact, date=ago(5)))
    return target


def test_everything_done_scores_100(db: Database) -> None:
    target = build_complete(db)
    result = compute_readiness(db, target, TODAY)
    assert {c.key: c.score for c in result.components} == dict.fromkeys(KEYS, 1.0)
    assert result.score == 100
    sentences = {c.key: c.sentence for c in result.components}
    assert sentences["gaps"] == "The skill gap is closed."
    assert sentences["plan"] == "The planned activity is done."
    add(db, m.Feedback(target_id=target, text="more", status=m.FeedbackStatus.addressed))
    assert component(db, target, "feedback").sentence == "All 2 feedback items are addressed."


def test_score_is_the_points_earned_and_a_new_part_never_lowers_it(db: Database) -> None:
    target = make_target(db)
    add(db, m.Feedback(target_id=target, text="a", status=m.FeedbackStatus.open))
    # The first feedback item starts the part at 0 points: measured, and nothing lost.
    result = compute_readiness(db, target, TODAY)
    assert (result.score, result.measured) == (0, 1)
    add(db, m.Feedback(target_id=target, text="b", status=m.FeedbackStatus.addressed))
    # Half the feedback addressed earns half its points, out of 100.
    assert compute_readiness(db, target, TODAY).score == round(WEIGHTS["feedback"] * 0.5)

    add(db, m.Question(target_id=target, question="Why us?"))  # a new part, at 0
    result = compute_readiness(db, target, TODAY)
    assert result.score == round(WEIGHTS["feedback"] * 0.5)
    assert result.points == pytest.approx(WEIGHTS["feedback"] * 0.5)
    assert result.measured == 2


def test_each_figure_is_what_its_bar_shows(db: Database) -> None:
    target = add_sample_target(db, today=TODAY)
    for c in compute_readiness(db, target, TODAY).components:
        assert c.score is not None
        assert c.figure == f"{round(100 * c.score)}%", c.key


# --- components one by one --------------------------------------------------------------


def test_feedback_counts_addressed_and_half_for_in_progress(db: Database) -> None:
    target = make_target(db)
    add(
        db,
        m.Feedback(target_id=target, text="a", status=m.FeedbackStatus.addressed),
        m.Feedback(target_id=target, text="b", status=m.FeedbackStatus.addressing),
        m.Feedback(target_id=target, text="c", status=m.FeedbackStatus.open),
        m.Feedback(target_id=target, text="d", status=m.FeedbackStatus.open),
    )
    c = component(db, target, "feedback")
    assert c.score == pytest.approx((1 + 0.5) / 4)
    assert c.figure == "38%"
    assert c.sentence == "1 of 4 feedback items addressed; 1 more in progress counts half."


def test_feedback_all_addressed_sentence(db: Database) -> None:
    target = make_target(db)
    add(db, m.Feedback(target_id=target, text="a", status=m.FeedbackStatus.addressed))
    c = component(db, target, "feedback")
    assert (c.score, c.sentence) == (1.0, "The feedback item is addressed.")


def skill(
    target: int, name: str, required: int, current: int, importance: int = 2, *history: int
) -> m.Skill:
    return m.Skill(
        target_id=target,
        name=name,
        required_level=required,
        current_level=current,
        importance=importance,
        level_changes=[
            m.SkillLevelChange(date=ago(100 - i), level=level) for i, level in enumerate(history)
        ],
    )


def test_gaps_weighted_by_importance_with_partial_progress(db: Database) -> None:
    target = make_target(db)
    add(
        db,
        skill(target, "SQL", 4, 4, 3, 2, 4),  # a former gap, closed: 1.0 × 3
        skill(target, "Tableau", 4, 2, 1, 0, 2),  # half way from 0 to 4: 0.5 × 1
        skill(target, "Domain", 3, 1, 2),  # no progress recorded: 0 × 2
        skill(target, "Python", 3, 3, 3),  # never a gap: not counted
    )
    c = component(db, target, "gaps")
    assert c.score == pytest.approx((3 * 1.0 + 1 * 0.5 + 2 * 0.0) / 6)
    assert c.figure == "58%"
    assert c.sentence.startswith("1 of 3 skill gaps closed; the levels gained")


def test_gaps_none_without_skills_and_full_without_gaps(db: Database) -> None:
    target = make_target(db)
    assert component(db, target, "gaps").score is None
    add(db, skill(target, "SQL", 3, 4))
    c = component(db, target, "gaps")
    assert (c.score, c.figure) == (1.0, "100%")
    assert c.sentence == "Your skill is at the level the role asks for."


def test_plan_ignores_dropped_and_credits_hours(db: Database) -> None:
    target = make_target(db)
    add(
        db,
        m.LearningActivity(target_id=target, title="a", status=m.ActivityStatus.done),
        m.LearningActivity(
            target_id=target,
            title="b",
            status=m.ActivityStatus.in_progress,
            hours_planned=10,
            hours_spent=3,
        ),
        m.LearningActivity(target_id=target, title="c", status=m.ActivityStatus.in_progress),
        m.LearningActivity(target_id=target, title="d", status=m.ActivityStatus.planned),
        m.LearningActivity(target_id=target, title="e", status=m.ActivityStatus.dropped),
    )
    c = component(db, target, "plan")
    # In progress: half, and 3 of 10 hours carry it 30% of the way from half to 0.9.
    assert c.score == pytest.approx((1.0 + 0.62 + 0.5 + 0.0) / 4)
    assert c.figure == "53%"
    assert c.sentence == (
        "1 of 4 planned activities done; 2 in progress count half, and more as the hours "
        "planned are spent."
    )


def test_plan_in_progress_never_counts_as_done_by_hours(db: Database) -> None:
    target = make_target(db)
    add(
        db,
        m.LearningActivity(
            target_id=target,
            title="a",
            status=m.ActivityStatus.in_progress,
            hours_planned=10,
            hours_spent=25,
        ),
    )
    assert component(db, target, "plan").score == pytest.approx(0.9)


def test_plan_with_only_dropped_items_has_nothing_to_measure(db: Database) -> None:
    target = make_target(db)
    add(db, m.LearningActivity(target_id=target, title="a", status=m.ActivityStatus.dropped))
    assert component(db, target, "plan").score is None


def test_evidence_is_a_finished_activity_or_an_experience(db: Database) -> None:
    target = make_target(db)
    with db.transaction() as session:
        by_course, by_project, planned_only, none, no_gap = (
            skill(target, "A", 4, 2),
            skill(target, "B", 4, 4, 2, 1),
            skill(target, "C", 4, 2),
            skill(target, "D", 4, 2),
            skill(target, "E", 2, 3),
        )
        session.add_all([by_course, by_project, planned_only, none, no_gap])
        session.flush()
        session.add_all(
            [
                m.LearningActivity(
                    target_id=target,
                    skill_id=by_course.id,
                    title="x",
                    status=m.ActivityStatus.done,
                ),
                m.LearningActivity(
                    target_id=target,
                    skill_id=planned_only.id,
                    title="y",
                    status=m.ActivityStatus.in_progress,
                ),
                m.Experience(target_id=target, title="p", skills=[by_project, no_gap]),
            ]
        )
    c = component(db, target, "evidence")
    assert c.score == pytest.approx(2 / 4)
    assert c.figure == "50%"


def test_evidence_has_nothing_to_measure_without_gaps(db: Database) -> None:
    target = make_target(db)
    add(db, skill(target, "A", 2, 3))
    c = component(db, target, "evidence")
    assert c.score is None and c.sentence.startswith("Nothing to prove yet")


def test_network_counts_people_inside_the_company_touched_in_90_days(db: Database) -> None:
    target = make_target(db, company=" Contoso Ltd ")
    inside_recent = linked_contact(db, target, name="A", company="contoso ltd")
    inside_edge = linked_contact(db, target, name="B", company="CONTOSO LTD  ")
    inside_old = linked_contact(db, target, name="C", company="Contoso Ltd")
    by_role = linked_contact(
        db, target, name="D", company=None, relationship=m.Relationship.hiring_manager
    )
    future_only = linked_contact(
        db, target, name="E", relationship=m.Relationship.employee_at_target
    )
    outsider = linked_contact(db, target, name="F", company="Elsewhere")
    (unlinked,) = add(db, m.Contact(name="G", company="Contoso Ltd"))
    add(
        db,
        m.Interaction(contact_id=inside_recent, date=ago(3)),
        m.Interaction(contact_id=inside_edge, date=ago(90)),
        m.Interaction(contact_id=inside_old, date=ago(91)),
        m.Interaction(contact_id=by_role, date=ago(30)),
        m.Interaction(contact_id=future_only, date=TODAY + dt.timedelta(days=2)),  # arranged
        m.Interaction(contact_id=outsider, date=ago(1)),
        m.Interaction(contact_id=unlinked, date=ago(1)),
        m.Interaction(contact_id=inside_old, date=None),
    )
    c = component(db, target, "network")
    # A meeting already arranged counts now, so the score never rises by the days passing.
    assert c.figure == "80%"
    assert c.score == pytest.approx(4 / 5)
    assert c.sentence == (
        "4 of 5 contacts at Contoso Ltd heard from you in the last 90 days "
        "(or have a meeting planned)."
    )


def test_network_without_contacts_at_the_company_says_so(db: Database) -> None:
    target = make_target(db)
    linked_contact(db, target, company="Elsewhere", relationship=m.Relationship.mentor)
    c = component(db, target, "network")
    assert c.score is None
    assert "No contacts at Contoso yet" in c.sentence


def test_resume_reworked_after_the_rejection(db: Database) -> None:
    target = make_target(db)
    add(db, m.ResumeVersion(target_id=target, label="v2", created_on=ago(5)))
    assert component(db, target, "resume").score is None  # no rejection date to compare with

    with db.transaction() as session:
        session.get_one(m.Target, target).rejection_date = ago(5)
    c = component(db, target, "resume")
    assert (c.score, c.figure) == (0.0, "0%")  # same day is not after
    assert (
        c.sentence == f"No resume version made since the rejection on {day_label(ago(5), TODAY)}."
    )

    add(db, m.ResumeVersion(target_id=target, label="v3 with numbers", created_on=ago(4)))
    c = component(db, target, "resume")
    assert (c.score, c.figure) == (1.0, "100%")
    assert "“v3 with numbers”" in c.sentence


def test_questions_need_all_four_star_parts_and_a_practice(db: Database) -> None:
    target = make_target(db)
    star = {"situation": "s", "task": "t", "action": "a", "result": "r"}
    ids = add(
        db,
        m.Question(target_id=target, question="ready", **star),
        m.Question(target_id=target, question="not practised", **star),
        m.Question(target_id=target, question="blank part", **{**star, "task": "  \n"}),
        m.Question(target_id=target, question="no answer"),
    )
    add(
        db,
        m.PracticeSession(question_id=ids[0]),
        m.PracticeSession(question_id=ids[2]),
        m.PracticeSession(question_id=ids[3]),
    )
    c = component(db, target, "questions")
    assert (c.score, c.figure) == (pytest.approx(0.25), "25%")


def test_the_waiting_period_is_not_readiness(db: Database) -> None:
    target = make_target(db, rejection_date=ago(30), eligible_date=TODAY + dt.timedelta(days=10))
    result = compute_readiness(db, target, TODAY)
    assert "eligible" not in {c.key for c in result.components}
    later = compute_readiness(db, target, TODAY + dt.timedelta(days=40))
    assert later.points == result.points


def test_day_label_is_the_one_date_style() -> None:
    assert day_label(dt.date(2026, 4, 3), TODAY) == "3 Apr 2026"
    assert day_label(dt.date(2027, 1, 12), TODAY) == "12 Jan 2027"


# --- next best actions ---------------------------------------------------------------


def test_an_empty_target_gets_first_steps_in_order(db: Database) -> None:
    target = make_target(db, rejection_date=ago(20))
    actions = next_actions(db, target, TODAY)
    assert [(a.kind, a.record_id) for a in actions] == [
        ("feedback", None),
        ("skill", None),
        ("contact", None),
        ("resume", None),
        ("question", None),
    ]
    assert [a.priority for a in actions] == sorted((a.priority for a in actions), reverse=True)
    assert actions[0].text.startswith("Ask Contoso for feedback")


def test_actions_name_their_records_and_respect_the_limit(db: Database) -> None:
    target = make_target(db)
    with db.transaction() as session:
        sql = skill(target, "SQL", 4, 1, 3)
        session.add(sql)
        session.flush()
        fb_open = m.Feedback(
            target_id=target,
            text="Your SQL was slow " + "and long " * 20,
            status=m.FeedbackStatus.open,
            skills=[sql],
        )
        fb_open_low = m.Feedback(target_id=target, text="Dress code", status=m.FeedbackStatus.open)
        fb_third = m.Feedback(target_id=target, text="Third", status=m.FeedbackStatus.open)
        fb_doing = m.Feedback(target_id=target, text="Examples", status=m.FeedbackStatus.addressing)
        overdue = m.LearningActivity(
            target_id=target,
            skill_id=sql.id,
            title="SQL course",
            status=m.ActivityStatus.in_progress,
            due_date=ago(3),
        )
        session.add_all([fb_open, fb_open_low, fb_third, fb_doing, overdue])
        session.flush()
        ids = {"open": fb_open.id, "low": fb_open_low.id, "overdue": overdue.id}
    contact = linked_contact(db, target, name="Dana", keep_in_touch_days=30)
    (follow_up,) = add(db, m.Interaction(contact_id=contact, date=ago(40), follow_up_date=ago(2)))

    actions = next_actions(db, target, TODAY, limit=10)
    first = actions[0]
    assert (first.kind, first.record_id) == ("feedback", ids["open"])
    assert first.text.startswith("Decide how to address the feedback “Your SQL was slow")
    assert first.text.endswith("…”")
    assert len(first.text) < 110
    kinds = [(a.kind, a.record_id) for a in actions]
    assert ("feedback", ids["low"]) in kinds
    assert ("interaction", follow_up) in kinds
    assert ("activity", ids["overdue"]) in kinds
    assert ("contact", contact) in kinds
    overdue_action = next(a for a in actions if a.kind == "activity")
    assert overdue_action.text == "“SQL course” was due 3 days ago: finish it or set a new date"

    # The default five: no more than two about feedback while other sorts are waiting.
    top = next_actions(db, target, TODAY)
    assert len(top) == 5
    assert sum(1 for a in top if a.kind == "feedback") == 2
    assert [a.priority for a in top] == sorted((a.priority for a in top), reverse=True)
    assert next_actions(db, target, TODAY, limit=1) == top[:1]
    assert next_actions(db, target, TODAY, limit=0) == []


def test_the_per_kind_cap_gives_way_when_nothing_else_is_left(db: Database) -> None:
    target = build_complete(db)
    add(
        db,
        *[
            m.Feedback(target_id=target, text=f"fb {i}", status=m.FeedbackStatus.open)
            for i in range(4)
        ],
    )
    actions = next_actions(db, target, TODAY)
    assert [a.kind for a in actions] == ["feedback"] * 4


def test_contact_due_follows_keep_in_touch(db: Database) -> None:
    target = make_target(db)
    due = linked_contact(db, target, name="Due", keep_in_touch_days=30)
    fresh = linked_contact(db, target, name="Fresh", keep_in_touch_days=30)
    never = linked_contact(db, target, name="Never", keep_in_touch_days=30)
    linked_contact(db, target, name="No cadence", company="Elsewhere")
    add(
        db,
        m.Interaction(contact_id=due, date=ago(45)),
        m.Interaction(contact_id=fresh, date=ago(29)),
    )
    texts = {
        a.record_id: a.text
        for a in next_actions(db, target, TODAY, limit=20)
        if a.kind == "contact" and a.record_id is not None
    }
    assert texts == {
        due: "Get in touch with Due (last contact 45 days ago)",
        never: "Get in touch with Never (no contact recorded yet)",
    }


def test_everything_done_leaves_no_actions(db: Database) -> None:
    target = build_complete(db)
    assert next_actions(db, target, TODAY) == []


# --- checklist ------------------------------------------------------------------------

# Where each step's work happens (DESIGN.md's table; the window maps kinds to tabs).
DESIGN_KINDS = [
    "feedback",
    "reflection",
    "skill",
    "activity",
    "experience",
    "contact",
    "resume",
    "cover_letter",
    "journal",
    "question",
]


def test_checklist_has_the_ten_steps_of_the_method(db: Database) -> None:
    target = make_target(db)
    steps = checklist(db, target, TODAY)
    assert [s.number for s in steps] == list(range(1, 11))
    assert [s.kind for s in steps] == DESIGN_KINDS
    assert steps[0].title == "Reflect on the feedback"
    assert steps[9].title == "Interview preparation"
    assert {s.state for s in steps} == {"not started"}
    assert all(s.detail for s in steps)


def test_checklist_states_move_from_started_to_done(db: Database) -> None:
    target = make_target(db, job_description="SQL and Tableau")
    by_number = {s.number: s for s in checklist(db, target, TODAY)}
    assert by_number[3].state == "started"  # a job description, no skills yet

    add(db, m.Feedback(target_id=target, text="a", status=m.FeedbackStatus.open))
    assert checklist(db, target, TODAY)[0].state == "started"
    assert checklist(db, target, TODAY)[0].detail == "1 item recorded, 1 still open"
    add(db, m.Feedback(target_id=target, text="b", status=m.FeedbackStatus.addressing))
    with db.transaction() as session:
        for fb in session.query(m.Feedback).filter_by(target_id=target):
            fb.status = m.FeedbackStatus.addressing
    assert checklist(db, target, TODAY)[0].state == "done"

    add(db, m.JournalEntry(target_id=target, text="a", kind=m.JournalKind.lesson))
    assert checklist(db, target, TODAY)[8].state == "started"
    add(
        db,
        m.JournalEntry(target_id=target, text="b", kind=m.JournalKind.lesson),
        m.JournalEntry(target_id=target, text="c", kind=m.JournalKind.win),
    )
    assert checklist(db, target, TODAY)[8].state == "done"

    with db.transaction() as session:
        session.get_one(m.Target, target).status = m.TargetStatus.reapplied
    step = checklist(db, target, TODAY)[7]
    assert (step.state, step.detail) == ("done", "Status: Reapplied")


def test_complete_target_has_most_steps_done(db: Database) -> None:
    target = build_complete(db)
    states = {s.number: s.state for s in checklist(db, target, TODAY)}
    assert states[1] == states[4] == states[6] == states[7] == "done"
    assert states[5] == "not started"  # no experience recorded
    assert states[10] == "started"  # no "what changed since last time?" question yet


# --- the sample story -----------------------------------------------------------------


def test_sample_story(db: Database) -> None:
    target = add_sample_target(db, today=TODAY)
    result = summary(db, target, TODAY)
    scores = {c.key: c for c in result.readiness.components}
    assert scores["feedback"].figure == "60%"
    assert scores["feedback"].sentence.startswith("2 of 5 feedback items addressed; 2 more")
    assert scores["gaps"].sentence.startswith("1 of 4 skill gaps closed")
    assert scores["evidence"].score == 1.0
    assert scores["network"].figure == "100%"
    assert scores["resume"].figure == "100%"
    assert scores["questions"].figure == "75%"
    assert all(c.score is not None for c in result.readiness.components)
    assert result.readiness.score is not None and 50 < result.readiness.score < 95
    assert result.readiness == compute_readiness(db, target, TODAY)

    assert len(result.actions) == 5
    assert result.actions == next_actions(db, target, TODAY)
    assert result.actions[0].kind == "feedback"  # the open item about the crowded dashboard
    assert "dashboard" in result.actions[0].text
    assert result.steps == checklist(db, target, TODAY)
    states = [s.state for s in result.steps]
    assert "not started" not in states
    assert states.count("done") >= 5


@contextmanager
def counting_queries(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_one_read_takes_a_handful_of_queries(db: Database) -> None:
    target = add_sample_target(db, today=TODAY)
    with counting_queries(db) as statements:
        summary(db, target, TODAY)
    assert len(statements) <= 15, statements


def test_component_labels_are_the_documented_ones() -> None:
    assert readiness.LABELS["feedback"] == "Feedback addressed"
    assert set(readiness.LABELS) == set(WEIGHTS)


# --- the feedback request (target.feedback_requested_on) ------------------------------


def test_feedback_request_starts_step_one_and_waits_a_week_before_a_reminder(
    db: Database,
) -> None:
    target = make_target(db, feedback_requested_on=ago(3))
    step = checklist(db, target, TODAY)[0]
    assert (step.state, step.detail) == (
        "started",
        f"Feedback requested on {day_label(ago(3), TODAY)}",
    )
    c = component(db, target, "feedback")
    assert c.score is None
    assert c.sentence == f"You asked for feedback on {day_label(ago(3), TODAY)}; none recorded yet."
    assert all(a.kind != "feedback" for a in next_actions(db, target, TODAY, limit=20))

    with db.transaction() as session:
        session.get_one(m.Target, target).feedback_requested_on = ago(10)
    (reminder,) = [a for a in next_actions(db, target, TODAY, limit=20) if a.kind == "feedback"]
    assert reminder.text.startswith("No feedback yet since you asked on")
    assert reminder.record_id is None

    add(db, m.Feedback(target_id=target, text="a", status=m.FeedbackStatus.open))
    step = checklist(db, target, TODAY)[0]
    assert (step.state, step.detail) == ("started", "1 item recorded, 1 still open")


def test_without_a_request_step_one_says_to_ask(db: Database) -> None:
    target = make_target(db)
    step = checklist(db, target, TODAY)[0]
    assert (step.state, step.detail) == ("not started", "Ask for feedback, then note what they say")


def test_only_the_chosen_actions_have_their_sentences_made(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A large target has tens of thousands of candidates: quoting each one took most of
    # the time, so a sentence is made only for the few shown.
    from secondchance.core.services.readiness import actions as actions_module

    target = make_target(db)
    add(
        db,
        *(
            m.Feedback(target_id=target, text=f"Point {i} " + "word " * 30, status=s)
            for i in range(40)
            for s in (m.FeedbackStatus.open, m.FeedbackStatus.addressing)
        ),
    )
    from secondchance.core.services.readiness.wording import shorten as real

    made: list[str | None] = []

    def counted(text: str | None, limit: int = 60) -> str:
        made.append(text)
        return real(text, limit)

    monkeypatch.setattr(actions_module, "shorten", counted)
    chosen = next_actions(db, target, TODAY, limit=3)
    assert len(chosen) == 3
    assert len(made) <= 3
    assert all(a.text.endswith("…”") for a in chosen if a.kind == "feedback")
