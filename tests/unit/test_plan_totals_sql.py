"""The plan's totals added up by SQL equal the totals added up one activity at a time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services.gaps import PlanTotals, SkillTotals, plan_totals

TODAY = dt.date(2026, 3, 31)
HOURS = st.one_of(st.none(), st.integers(0, 400).map(lambda n: n / 4))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(0, 2)),
            st.sampled_from(list(m.ActivityStatus)),
            st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2026, 6, 1))),
            HOURS,
            HOURS,
            HOURS,
        ),
        max_size=25,
    )
)
def test_sql_totals_equal_adding_one_by_one(db: Database, activities: list[Any]) -> None:
    with db.transaction() as session:
        for model in (m.LearningActivity, m.Skill, m.Target):
            session.execute(delete(model))
        target = m.Target(company="Acme", role="Analyst")
        session.add(target)
        session.flush()
        skills = [m.Skill(target_id=target.id, name=n) for n in ("SQL", "Zoë", "écrire")]
        session.add_all(skills)
        session.flush()
        for skill, status, due, planned, spent, cost in activities:
            session.add(
                m.LearningActivity(
                    target_id=target.id,
                    skill_id=skills[skill].id if skill is not None else None,
                    title="Course",
                    status=status,
                    due_date=due,
                    hours_planned=planned,
                    hours_spent=spent,
                    cost=cost,
                )
            )
        target_id = target.id
        names = {s.id: s.name for s in skills}
        ids = [skills[s].id if s is not None else None for s, *_ in activities]

    expected = PlanTotals()
    per: dict[int | None, SkillTotals] = {}
    for skill_id, (_s, status, due, planned, spent, cost) in zip(ids, activities, strict=True):
        entry = per.setdefault(
            skill_id,
            SkillTotals(skill_id, names.get(skill_id, "No skill") if skill_id else "No skill"),
        )
        for into in (entry, expected.overall):
            into.add(status, due, planned, spent, cost, TODAY)

    got = plan_totals(db, target_id, TODAY)

    def figures(t: SkillTotals) -> tuple[Any, ...]:
        return (
            t.skill_id,
            t.name,
            t.count,
            t.open,
            t.done,
            t.overdue,
            round(t.hours_planned, 6),
            round(t.hours_spent, 6),
            round(t.cost, 6),
        )

    assert figures(got.overall) == figures(expected.overall)
    assert sorted(map(figures, got.per_skill), key=str) == sorted(
        map(figures, per.values()), key=str
    )
