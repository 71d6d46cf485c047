"""The growth ledger: feedback → skills → activities/experiences, and what is still open."""

from __future__ import annotations

import datetime as dt

import pytest

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.services import records
from secondchance.core.services.ledger import build_ledger
from secondchance.core.services.targets import create_target

TODAY = dt.date(2026, 6, 1)


def _target(db: Database) -> int:
    return create_target(db, {"company": "Acme", "role": "Analyst"}, None).id


def _feedback(db: Database, target: int, text: str, **values: object) -> int:
    return records.create_record(db, "feedback", {"text": text, **values}, target_id=target).id


def _skill(db: Database, target: int, name: str, required: int, current: int) -> int:
    return records.create_record(
        db,
        "skill",
        {"name": name, "required_level": required, "current_level": current},
        target_id=target,
    ).id


def _activity(db: Database, target: int, skill: int | None, title: str, **values: object) -> int:
    return records.create_record(
        db, "activity", {"title": title, "skill_id": skill, **values}, target_id=target
    ).id


def test_empty_target_has_an_empty_ledger(db: Database) -> None:
    target = _target(db)
    ledger = build_ledger(db, target, TODAY)
    assert ledger.entries == ()
    assert ledger.open_count == 0


def test_feedback_with_no_skill_says_so(db: Database) -> None:
    target = _target(db)
    _feedback(db, target, "Be more concise")
    (entry,) = build_ledger(db, target, TODAY).entries
    assert entry.skills == ()
    assert any("No skill linked" in note for note in entry.still_open)
    assert any("not addressed yet" in note for note in entry.still_open)
    assert not entry.complete


def test_skill_with_no_plan_is_open(db: Database) -> None:
    target = _target(db)
    sql = _skill(db, target, "SQL", 4, 2)
    _feedback(db, target, "SQL was slow", skills=[sql])
    (entry,) = build_ledger(db, target, TODAY).entries
    (skill,) = entry.skills
    assert (skill.name, skill.gap, skill.evidence) == ("SQL", 2, ())
    assert "SQL: no plan yet (level 2 of 4)." in entry.still_open


def test_dropped_activity_is_shown_but_does_not_count(db: Database) -> None:
    """A dropped activity is listed (honest history) but is neither plan nor evidence."""
    target = _target(db)
    sql = _skill(db, target, "SQL", 4, 2)
    _activity(db, target, sql, "A book", status=m.ActivityStatus.dropped)
    _feedback(db, target, "SQL was slow", skills=[sql])
    (entry,) = build_ledger(db, target, TODAY).entries
    (evidence,) = entry.skills[0].evidence
    assert evidence.dropped and not evidence.done
    assert "SQL: no plan yet (level 2 of 4)." in entry.still_open
    assert any("No completed activity or experience" in n for n in entry.still_open)


def test_work_under_way_then_finished(db: Database) -> None:
    target = _target(db)
    sql = _skill(db, target, "SQL", 4, 2)
    course = _activity(db, target, sql, "Course", status=m.ActivityStatus.in_progress)
    feedback = _feedback(db, target, "SQL was slow", skills=[sql])
    (entry,) = build_ledger(db, target, TODAY).entries
    assert any("work under way" in note for note in entry.still_open)

    records.update_record(
        db,
        "activity",
        course,
        {
            "title": "Course",
            "skill_id": sql,
            "status": m.ActivityStatus.done,
            "completed_on": TODAY,
            "evidence_url": "https://example.org/cert",
        },
    )
    records.update_record(
        db, "skill", sql, {"name": "SQL", "required_level": 4, "current_level": 4}
    )
    records.update_record(
        db,
        "feedback",
        feedback,
        {
            "text": "SQL was slow",
            "skills": [sql],
            "status": m.FeedbackStatus.addressed,
            "response": "Took the course",
        },
    )
    (entry,) = build_ledger(db, target, TODAY).entries
    (evidence,) = entry.skills[0].evidence
    assert evidence.done and evidence.proof == "https://example.org/cert"
    assert evidence.date == TODAY
    assert entry.still_open == ()
    assert entry.complete


def test_an_experience_under_way_is_evidence_but_not_yet_done(db: Database) -> None:
    target = _target(db)
    sql = _skill(db, target, "SQL", 3, 3)
    records.create_record(
        db,
        "experience",
        {"title": "Food bank", "skills": [sql], "end_date": TODAY + dt.timedelta(days=5)},
        target_id=target,
    )
    _feedback(db, target, "SQL", skills=[sql], status=m.FeedbackStatus.addressed, response="x")
    (entry,) = build_ledger(db, target, TODAY).entries
    (evidence,) = entry.skills[0].evidence
    assert (evidence.kind, evidence.status, evidence.done) == ("experience", "Ongoing", False)
    # As in the readiness score: an experience shows the skill in use, ended or not.
    assert not any("No completed activity" in n for n in entry.still_open)
    assert entry.complete

    later = build_ledger(db, target, TODAY + dt.timedelta(days=10))
    assert later.entries[0].skills[0].evidence[0].done
    assert later.entries[0].complete


def test_entries_follow_the_received_date_and_skills_the_priority(db: Database) -> None:
    target = _target(db)
    small = _skill(db, target, "Small gap", 3, 2)
    big = _skill(db, target, "Big gap", 5, 1)
    _feedback(db, target, "undated")
    _feedback(db, target, "later", received_on=dt.date(2026, 3, 2), skills=[small, big])
    _feedback(db, target, "earlier", received_on=dt.date(2026, 3, 1))
    entries = build_ledger(db, target, TODAY).entries
    assert [e.text for e in entries] == ["earlier", "later", "undated"]
    assert [s.name for s in entries[1].skills] == ["Big gap", "Small gap"]


def test_other_targets_stay_out(db: Database) -> None:
    mine, other = _target(db), _target(db)
    sql = _skill(db, other, "SQL", 4, 1)
    _feedback(db, other, "theirs", skills=[sql])
    assert build_ledger(db, mine, TODAY).entries == ()


def test_sample_story_is_partly_done_and_partly_open(db: Database) -> None:
    target = add_sample_target(db)
    ledger = build_ledger(db, target)
    sql = next(e for e in ledger.entries if "window-function" in e.text)
    assert sql.addressed and sql.round is not None and sql.round.startswith("Final round")
    (skill,) = sql.skills
    course = next(e for e in skill.evidence if e.title.startswith("Advanced SQL"))
    assert course.done and course.proof and course.proof.startswith("https://")
    assert any(e.kind == "experience" and e.done for e in skill.evidence)
    assert sql.complete
    # The self-observed dashboard point is still open: the certification is only planned.
    viz = next(e for e in ledger.entries if "dashboard was crowded" in e.text)
    assert viz.status == "Open" and not viz.complete
    assert any("not addressed yet" in note for note in viz.still_open)
    assert 0 < ledger.open_count < len(ledger.entries)


def test_completeness_is_known_for_every_entry_before_any_is_made(db: Database) -> None:
    """The summary and "only what's still open" read ``entries.complete``, worked out from
    the rows; each flag must say what the entry made later says."""
    target = _target(db)
    closed = _skill(db, target, "Closed", 3, 3)
    open_gap = _skill(db, target, "Open gap", 4, 2)
    unproven = _skill(db, target, "No proof", 2, 2)
    _activity(db, target, closed, "Course", status=m.ActivityStatus.done, completed_on=TODAY)
    addressed = m.FeedbackStatus.addressed
    cases: list[tuple[dict[str, object], bool]] = [
        ({"skills": [closed], "status": addressed, "response": "Did it"}, True),
        ({"skills": [closed], "status": addressed, "response": "  \n "}, False),
        ({"skills": [closed], "status": addressed}, False),
        ({"skills": [closed], "response": "Did it"}, False),
        ({"skills": [closed, open_gap], "status": addressed, "response": "x"}, False),
        ({"skills": [unproven], "status": addressed, "response": "x"}, False),
        ({"skills": [unproven, closed], "status": addressed, "response": "x"}, True),
        ({"status": addressed, "response": "x"}, False),
    ]
    for number, (values, _complete) in enumerate(cases):
        _feedback(db, target, f"point {number}", received_on=dt.date(2026, 1, 1 + number), **values)
    ledger = build_ledger(db, target, TODAY)
    entries = ledger.entries
    assert list(entries.complete) == [complete for _values, complete in cases]
    assert [e.complete for e in entries] == list(entries.complete)
    assert ledger.open_count == sum(1 for _v, complete in cases if not complete)


def test_entries_are_made_when_asked_and_a_subset_shares_them(db: Database) -> None:
    target = _target(db)
    skill = _skill(db, target, "SQL", 2, 2)
    _activity(db, target, skill, "Course", status=m.ActivityStatus.done, completed_on=TODAY)
    done = {"skills": [skill], "status": m.FeedbackStatus.addressed, "response": "x"}
    _feedback(db, target, "first", received_on=dt.date(2026, 1, 1), **done)
    second = _feedback(db, target, "second", received_on=dt.date(2026, 1, 2))
    _feedback(db, target, "third", received_on=dt.date(2026, 1, 3), **done)
    entries = build_ledger(db, target, TODAY).entries
    assert len(entries) == 3 and entries[-1].text == "third"
    assert [e.text for e in entries[0:2]] == ["first", "second"]
    still_open = entries.where(lambda complete: not complete)
    assert still_open.feedback_ids == [second]
    assert still_open[0] is entries[1]  # made once, for both
    assert [e.text for e in entries.where(bool)] == ["first", "third"]
    with pytest.raises(IndexError):
        entries[3]


def test_the_same_day_keeps_the_order_entered(db: Database) -> None:
    target = _target(db)
    day = dt.date(2026, 2, 2)
    for text in ("b", "a", "c"):
        _feedback(db, target, text, received_on=day)
    _feedback(db, target, "none")
    _feedback(db, target, "z-first", received_on=day - dt.timedelta(days=40))
    entries = build_ledger(db, target, TODAY).entries
    assert [e.text for e in entries] == ["z-first", "b", "a", "c", "none"]
    assert entries[1].received_on == day and entries[4].received_on is None


def _varied_ledger(db: Database) -> int:
    """A target whose feedback shares days, has undated items, skills with and without
    evidence (done, under way, dropped, experiences) and items linked to several skills;
    another target's records beside it."""
    target = _target(db)
    other = create_target(db, {"company": "Other", "role": "Analyst"}, None).id
    _feedback(db, other, "Elsewhere", received_on=dt.date(2026, 1, 1))
    skills = [
        _skill(db, target, f"Skill {i}", 4, level) for i, level in enumerate([4, 1, 2, 4, 3, 0])
    ]
    _activity(db, target, skills[0], "Course", status="done", completed_on=dt.date(2026, 2, 1))
    _activity(db, target, skills[1], "Book", status="in_progress")
    _activity(db, target, skills[2], "Dropped", status="dropped")
    for linked in ([skills[3]], [skills[4], skills[3]], [skills[3]]):  # alike but for id
        records.create_record(
            db,
            "experience",
            {"title": "Side project", "skills": linked, "end_date": dt.date(2026, 3, 1)},
            target_id=target,
        )
    days = [dt.date(2026, 1, 5), None, dt.date(2026, 1, 3), dt.date(2026, 1, 5), None]
    for i in range(23):
        linked = [skills[i % 6], skills[(i * 3) % 6]] if i % 4 else []
        values: dict[str, object] = {"skills": sorted(set(linked)), "received_on": days[i % 5]}
        if i % 3 == 0:
            values.update(status=m.FeedbackStatus.addressed, response="Did the course")
        _feedback(db, target, f"Item {i}", **values)
    return target


@pytest.mark.parametrize("first", [1, 5, 11, 23, 50])
def test_the_head_is_the_whole_ledgers_first_entries(db: Database, first: int) -> None:
    from secondchance.core.services.ledger import build_ledger_head

    target = _varied_ledger(db)
    whole = build_ledger(db, target, TODAY)
    head = build_ledger_head(db, target, TODAY, first)
    assert len(head.entries) == min(first, len(whole.entries))
    assert list(head.entries) == list(whole.entries[: len(head.entries)])
    assert list(head.entries.complete) == list(whole.entries.complete[: len(head.entries)])
    assert any(whole.entries.complete) and not all(whole.entries.complete)
    assert head.target_id == target


def test_the_head_of_an_empty_ledger_is_empty(db: Database) -> None:
    from secondchance.core.services.ledger import build_ledger_head

    assert build_ledger_head(db, _target(db), TODAY).entries == ()
