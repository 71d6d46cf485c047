"""The readiness score can be trusted: properties that hold for any data (hypothesis).

- Adding evidence of work done never lowers the score: a feedback item moved on or
  addressed, an activity started, advanced or finished, a level gained, an experience
  linked, a conversation, a practice session, a STAR part written, a resume reworked.
- Starting a part (its first record: the first feedback item, skill, activity, contact at
  the company, question) never lowers it either: the part adds points, it doesn't dilute.
- Time passing alone never raises it (the waiting period is the countdown, not readiness).

Worlds are built through the record service, as the window does (so the level history is
kept), one target per example.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secondchance.core.db import Database
from secondchance.core.services import records, targets
from secondchance.core.services.readiness import compute_readiness

TODAY = dt.date(2026, 3, 31)
FEEDBACK = ["open", "addressing", "addressed"]
ACTIVITY = ["planned", "in_progress", "done", "dropped"]
STAR = ("situation", "task", "action", "result")
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


@dataclass
class World:
    target: int
    rejection: dt.date | None
    feedback: list[int] = field(default_factory=list)
    skills: list[int] = field(default_factory=list)
    activities: list[int] = field(default_factory=list)
    contacts: list[int] = field(default_factory=list)
    questions: list[int] = field(default_factory=list)


skills_st = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(1, 3)), max_size=4)
activities_st = st.lists(
    st.tuples(
        st.integers(0, 5),  # skill (index, or none past the end)
        st.sampled_from(ACTIVITY),
        st.none() | st.integers(1, 40),  # hours planned
        st.none() | st.integers(0, 50),  # hours spent
    ),
    max_size=4,
)
contacts_st = st.lists(
    st.tuples(st.booleans(), st.lists(st.integers(-300, 60), max_size=3)), max_size=3
)
questions_st = st.lists(
    st.tuples(st.lists(st.booleans(), min_size=4, max_size=4), st.integers(0, 2)), max_size=3
)
worlds = st.fixed_dictionaries(
    {
        "rejection": st.none() | st.integers(-300, -1),
        "feedback": st.lists(st.sampled_from(FEEDBACK), max_size=4),
        "skills": skills_st,
        "activities": activities_st,
        "experiences": st.lists(st.lists(st.integers(0, 5), max_size=2), max_size=2),
        "contacts": contacts_st,
        "questions": questions_st,
        "resumes": st.lists(st.integers(-320, 0), max_size=2),
    }
)


def build(db: Database, spec: dict[str, Any]) -> World:
    rejection = day(spec["rejection"]) if spec["rejection"] is not None else None
    values: dict[str, Any] = {"company": "Contoso", "role": "Analyst"}
    if rejection is not None:
        values["rejection_date"] = rejection
    target = targets.create_target(db, values).id
    w = World(target, rejection)
    for i, status in enumerate(spec["feedback"]):
        w.feedback.append(_create(db, w, "feedback", {"text": f"f{i}", "status": status}))
    for i, (required, current, importance) in enumerate(spec["skills"]):
        values = {"name": f"s{i}", "required_level": required, "current_level": current}
        w.skills.append(_create(db, w, "skill", {**values, "importance": importance}))
    for i, (skill, status, planned, spent) in enumerate(spec["activities"]):
        values = {"title": f"a{i}", "status": status, "skill_id": _pick(w.skills, skill)}
        values.update({"hours_planned": planned, "hours_spent": spent})
        w.activities.append(_create(db, w, "activity", values))
    for i, linked in enumerate(spec["experiences"]):
        skills = sorted({s for s in (_pick(w.skills, n) for n in linked) if s is not None})
        _create(db, w, "experience", {"title": f"e{i}", "skills": skills})
    for i, (inside, talks) in enumerate(spec["contacts"]):
        contact = _contact(db, w, f"c{i}", inside)
        for offset in talks:
            records.create_record(db, "interaction", {"contact_id": contact, "date": day(offset)})
    for i, (parts, practised) in enumerate(spec["questions"]):
        values = {name: "x" for name, on in zip(STAR, parts, strict=True) if on}
        question = _create(db, w, "question", {"question": f"q{i}", **values})
        w.questions.append(question)
        for _ in range(practised):
            records.create_record(db, "practice", {"question_id": question})
    for i, offset in enumerate(spec["resumes"]):
        _create(db, w, "resume", {"label": f"r{i}", "created_on": day(offset)})
    return w


def _create(db: Database, w: World, kind: str, values: dict[str, Any]) -> int:
    return records.create_record(db, kind, values, w.target).id


def _pick(ids: list[int], index: int) -> int | None:
    return ids[index] if index < len(ids) else None


def _contact(db: Database, w: World, name: str, inside: bool) -> int:
    company = "Contoso" if inside else "Elsewhere"
    contact = records.create_record(
        db, "contact", {"name": name, "company": company, "targets": [w.target]}
    ).id
    w.contacts.append(contact)
    return contact


def points(db: Database, w: World, today: dt.date = TODAY) -> tuple[float, int]:
    result = compute_readiness(db, w.target, today)
    return result.points, result.score or 0


# --- what a person does that is evidence of work done -----------------------------------


def _advance(db: Database, kind: str, ids: list[int], n: int, order: list[str]) -> None:
    if not ids:
        return
    record_id = ids[n % len(ids)]
    status = records.get_record(db, kind, record_id).values["status"].name
    if status in order[:-1]:
        records.update_record(db, kind, record_id, {"status": order[order.index(status) + 1]})


def advance_feedback(db: Database, w: World, n: int) -> None:
    _advance(db, "feedback", w.feedback, n, FEEDBACK)


def address_new_feedback(db: Database, w: World, n: int) -> None:
    w.feedback.append(_create(db, w, "feedback", {"text": "new", "status": "addressed"}))


def advance_activity(db: Database, w: World, n: int) -> None:
    _advance(db, "activity", w.activities, n, ["planned", "in_progress", "done"])


def spend_hours(db: Database, w: World, n: int) -> None:
    if not w.activities:
        return
    activity = w.activities[n % len(w.activities)]
    spent = records.get_record(db, "activity", activity).values["hours_spent"] or 0
    records.update_record(db, "activity", activity, {"hours_spent": spent + 1 + n % 7})


def finish_new_activity(db: Database, w: World, n: int) -> None:
    skill = w.skills[n % len(w.skills)] if w.skills else None
    values = {"title": "done", "status": "done", "skill_id": skill}
    w.activities.append(_create(db, w, "activity", values))


def gain_a_level(db: Database, w: World, n: int) -> None:
    if not w.skills:
        return
    skill = w.skills[n % len(w.skills)]
    level = records.get_record(db, "skill", skill).values["current_level"]
    records.update_record(db, "skill", skill, {"current_level": min(5, level + 1)})


def link_experience(db: Database, w: World, n: int) -> None:
    skills = [w.skills[n % len(w.skills)]] if w.skills else []
    _create(db, w, "experience", {"title": "proof", "skills": skills})


def talk(db: Database, w: World, n: int) -> None:
    if w.contacts:
        contact = w.contacts[n % len(w.contacts)]
        records.create_record(db, "interaction", {"contact_id": contact, "date": day(-(n % 90))})


def practise(db: Database, w: World, n: int) -> None:
    if w.questions:
        question = w.questions[n % len(w.questions)]
        records.create_record(db, "practice", {"question_id": question})


def write_star_part(db: Database, w: World, n: int) -> None:
    if w.questions:
        question = w.questions[n % len(w.questions)]
        records.update_record(db, "question", question, {STAR[n % 4]: "written"})


def rework_resume(db: Database, w: World, n: int) -> None:
    after = (w.rejection or TODAY) + dt.timedelta(days=1 + n % 30)
    _create(db, w, "resume", {"label": "reworked", "created_on": after})


EVIDENCE = [
    advance_feedback,
    address_new_feedback,
    advance_activity,
    spend_hours,
    finish_new_activity,
    gain_a_level,
    link_experience,
    talk,
    practise,
    write_star_part,
    rework_resume,
]


# --- starting a part: its first record ---------------------------------------------------


def first_feedback(db: Database, w: World, n: int) -> None:
    if not w.feedback:
        w.feedback.append(_create(db, w, "feedback", {"text": "they said", "status": "open"}))


def first_skill(db: Database, w: World, n: int) -> None:
    if not w.skills:
        values = {"name": "SQL", "required_level": 4, "current_level": n % 5}
        w.skills.append(_create(db, w, "skill", values))


def first_activity(db: Database, w: World, n: int) -> None:
    if not w.activities:
        w.activities.append(_create(db, w, "activity", {"title": "a course"}))


def first_contact(db: Database, w: World, n: int) -> None:
    if not w.contacts:
        _contact(db, w, "Zoë", inside=True)


def first_question(db: Database, w: World, n: int) -> None:
    if not w.questions:
        w.questions.append(_create(db, w, "question", {"question": "What changed?"}))


STARTS = [first_feedback, first_skill, first_activity, first_contact, first_question]


@SETTINGS
@given(worlds, st.sampled_from(EVIDENCE), st.integers(0, 50))
def test_evidence_never_lowers_the_score(db: Database, spec: Any, act: Any, n: int) -> None:
    w = build(db, spec)
    before = points(db, w)
    act(db, w, n)
    after = points(db, w)
    assert after[0] >= before[0] - 1e-9, (act.__name__, before, after)
    assert after[1] >= before[1], (act.__name__, before, after)


@SETTINGS
@given(worlds, st.sampled_from(STARTS), st.integers(0, 50))
def test_starting_a_part_never_lowers_the_score(
    db: Database, spec: Any, start: Any, n: int
) -> None:
    w = build(db, spec)
    before = points(db, w)
    start(db, w, n)
    after = points(db, w)
    assert after[0] >= before[0] - 1e-9, (start.__name__, before, after)


@SETTINGS
@given(worlds, st.integers(1, 500))
def test_time_passing_alone_never_raises_the_score(db: Database, spec: Any, days: int) -> None:
    w = build(db, spec)
    now = points(db, w)
    later = points(db, w, TODAY + dt.timedelta(days=days))
    assert later[0] <= now[0] + 1e-9
    assert later[1] <= now[1]


def test_recording_the_first_feedback_starts_its_part_and_loses_nothing(db: Database) -> None:
    """The report that started this: the first feedback item took 4% down to 2%."""
    w = build(
        db,
        {
            "rejection": -40,
            "feedback": [],
            "skills": [],
            "activities": [],
            "experiences": [],
            "contacts": [],
            "questions": [([True, True, False, False], 0)],
            "resumes": [-10],
        },
    )
    before = compute_readiness(db, w.target, TODAY)
    first_feedback(db, w, 0)
    after = compute_readiness(db, w.target, TODAY)
    assert after.measured == before.measured + 1
    assert after.points == before.points


def test_a_meeting_arranged_counts_now_not_when_its_day_comes(db: Database) -> None:
    empty: dict[str, Any] = {k: [] for k in ("feedback", "skills", "activities", "experiences")}
    spec = {**empty, "rejection": None, "contacts": [(True, [5])], "questions": [], "resumes": []}
    w = build(db, spec)
    now = points(db, w)
    assert now[0] > 0
    for days in (5, 30, 95):
        assert points(db, w, TODAY + dt.timedelta(days=days))[0] <= now[0]
