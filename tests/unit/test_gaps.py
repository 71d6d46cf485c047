"""Gap matrix order, plan totals, overdue rule and level history."""

from __future__ import annotations

import datetime as dt

import pytest

from secondchance.core.db import Database
from secondchance.core.models import ActivityStatus
from secondchance.core.services import due_rules, gaps, records, targets

TODAY = dt.date(2026, 5, 10)


@pytest.fixture
def target(db: Database) -> int:
    return targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id


def skill(db: Database, target: int, name: str, required: int, current: int, imp: int) -> int:
    values = {"name": name, "required_level": required, "current_level": current}
    values["importance"] = imp
    return records.create_record(db, "skill", values, target, today=TODAY).id


def activity(db: Database, target: int, skill_id: int | None, **values: object) -> int:
    values.setdefault("title", "Something to do")
    values["skill_id"] = skill_id
    return records.create_record(db, "activity", values, target).id


def test_no_skills_gives_an_empty_matrix_and_zero_totals(db: Database, target: int) -> None:
    assert gaps.gap_matrix(db, target) == []
    totals = gaps.plan_totals(db, target, TODAY)
    assert totals.per_skill == []
    assert (totals.overall.count, totals.overall.hours_planned, totals.overall.cost) == (0, 0, 0)


def test_matrix_sorts_by_gap_times_importance_then_gap_then_name(db: Database, target: int) -> None:
    skill(db, target, "small gap, vital", 4, 3, 3)  # gap 1 × 3 = 3
    skill(db, target, "big gap, minor", 5, 1, 1)  # gap 4 × 1 = 4
    skill(db, target, "Mid", 4, 2, 2)  # gap 2 × 2 = 4 (ties with "big gap", smaller gap)
    skill(db, target, "beyond", 2, 5, 3)  # ahead of the requirement: gap 0, not negative
    skill(db, target, "Alpha", 3, 3, 1)  # gap 0 too: ties broken by name, ignoring case
    rows = gaps.gap_matrix(db, target)
    assert [r.name for r in rows] == [
        "big gap, minor",
        "Mid",
        "small gap, vital",
        "Alpha",
        "beyond",
    ]
    assert [(r.gap, r.priority) for r in rows] == [(4, 4), (2, 4), (1, 3), (0, 0), (0, 0)]


def test_equal_priorities_and_gaps_fall_back_to_alphabetical(db: Database, target: int) -> None:
    for name in ["Łódź data", "zeta", "Lambda", "alpha"]:
        skill(db, target, name, 3, 1, 2)
    assert [r.name for r in gaps.gap_matrix(db, target)] == ["alpha", "Lambda", "Łódź data", "zeta"]


def test_matrix_counts_feedback_and_activities(db: Database, target: int) -> None:
    sql = skill(db, target, "SQL", 4, 2, 3)
    other = skill(db, target, "Other", 3, 3, 1)
    for text in ("slow joins", "windows"):
        records.create_record(db, "feedback", {"text": text, "skills": [sql]}, target)
    records.create_record(db, "feedback", {"text": "both", "skills": [sql, other]}, target)
    activity(db, target, sql, status="done")
    activity(db, target, sql, status="planned")
    activity(db, target, sql, status="in_progress")
    activity(db, target, sql, status="dropped")
    activity(db, target, None, status="planned")
    by_name = {r.name: r for r in gaps.gap_matrix(db, target)}
    assert by_name["SQL"].feedback_count == 3
    assert by_name["Other"].feedback_count == 1
    assert (by_name["SQL"].activities_open, by_name["SQL"].activities_done) == (2, 1)
    assert by_name["SQL"].category == "technical"
    assert by_name["SQL"].category_label == "Technical"


def test_a_stored_value_no_member_has_is_refused_by_name(db: Database, target: int) -> None:
    import sqlite3

    sql = skill(db, target, "SQL", 4, 2, 3)
    with sqlite3.connect(db.path) as conn:
        conn.execute("UPDATE skill SET category = 'alchemy' WHERE id = ?", (sql,))
    conn.close()
    with pytest.raises(LookupError, match="SkillCategory has no member 'alchemy'"):
        gaps.gap_matrix(db, target)


def test_matrix_is_per_target(db: Database, target: int) -> None:
    other = targets.create_target(db, {"company": "Fabrikam", "role": "Analyst"}).id
    skill(db, other, "SQL", 5, 0, 3)
    assert gaps.gap_matrix(db, target) == []


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        ("planned", dt.date(2026, 5, 9), True),
        (ActivityStatus.in_progress, dt.date(2026, 1, 1), True),
        ("planned", TODAY, False),  # due today is not late yet
        ("planned", None, False),
        ("done", dt.date(2026, 5, 1), False),
        ("dropped", dt.date(2026, 5, 1), False),
    ],
)
def test_is_overdue(status: str, due: dt.date | None, overdue: bool) -> None:
    assert due_rules.is_overdue(status, due, TODAY) is overdue


def test_plan_totals_per_skill_and_overall(db: Database, target: int) -> None:
    sql = skill(db, target, "SQL", 4, 2, 3)
    viz = skill(db, target, "Data viz", 4, 1, 2)
    late = TODAY - dt.timedelta(days=3)
    activity(db, target, sql, status="done", hours_planned=30, hours_spent=34, cost=49)
    activity(db, target, sql, status="planned", hours_planned=10, due_date=late)
    activity(db, target, sql, status="dropped", hours_planned=20, hours_spent=6, cost=38)
    activity(db, target, viz, status="in_progress")  # no hours, no cost: counts as zero
    activity(db, target, None, status="planned", hours_planned=5, cost=12.5, due_date=late)
    totals = gaps.plan_totals(db, target, TODAY)
    assert [t.name for t in totals.per_skill] == ["Data viz", "SQL", gaps.NO_SKILL]
    viz_t, sql_t, none_t = totals.per_skill
    assert (viz_t.count, viz_t.open, viz_t.hours_planned, viz_t.cost) == (1, 1, 0, 0)
    # The dropped book's spent hours and cost happened; its planned hours no longer count.
    assert (sql_t.hours_planned, sql_t.hours_spent, sql_t.cost) == (40, 40, 87)
    assert (sql_t.count, sql_t.open, sql_t.done, sql_t.overdue) == (3, 1, 1, 1)
    assert none_t.skill_id is None and none_t.overdue == 1
    overall = totals.overall
    assert (overall.count, overall.open, overall.done, overall.overdue) == (5, 3, 1, 2)
    assert (overall.hours_planned, overall.hours_spent, overall.cost) == (45, 40, 99.5)


def test_level_history_keeps_each_change_with_its_date(db: Database, target: int) -> None:
    sql = skill(db, target, "SQL", 4, 1, 3)
    later = TODAY + dt.timedelta(days=20)
    records.update_record(db, "skill", sql, {"current_level": 2}, today=later)
    records.update_record(db, "skill", sql, {"current_level": 3}, today=later)  # same day: one
    records.update_record(db, "skill", sql, {"notes": "no level change"}, today=later)
    last = later + dt.timedelta(days=5)
    records.update_record(db, "skill", sql, {"current_level": 4}, today=last)
    assert gaps.level_history(db, sql) == [(TODAY, 1), (later, 3), (last, 4)]
    assert gaps.level_history(db, 999_999) == []
