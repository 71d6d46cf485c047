"""The target's whole life: archive, the reapplication's outcome, attempt 2 from attempt 1
(carrying skills, questions and contacts; the first kept read-only), and patterns across
rejections."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import attempts, gaps, patterns, records, targets
from secondchance.core.services import field_names as F
from secondchance.core.services.changes import Change, Create, Delete, Update
from secondchance.core.services.fields import ValidationError

TODAY = dt.date(2026, 9, 1)


def _first_attempt(db: Database) -> dict[str, int]:
    target = targets.create_target(
        db,
        {
            "company": "Northwind",
            "role": "Data Analyst",
            "rejection_date": dt.date(2026, 1, 10),
            "job_description": "SQL and dashboards",
        },
    ).id
    sql = records.create_record(
        db, "skill", {"name": "SQL", "required_level": 4, "current_level": 2}, target
    ).id
    records.update_record(db, "skill", sql, {"current_level": 3}, today=dt.date(2026, 3, 1))
    experience = records.create_record(db, "experience", {"title": "Food bank"}, target).id
    question = records.create_record(
        db,
        "question",
        {
            "question": "What changed since last time?",
            "situation": "S",
            "action": "A",
            "experience_id": experience,
            "practice_due": dt.date(2026, 2, 1),
            "confidence": 4,
        },
        target,
    ).id
    contact = records.create_record(db, "contact", {"name": "Dana", "targets": [target]}).id
    feedback = records.create_record(
        db, "feedback", {"text": "Slow SQL", "skills": [sql]}, target
    ).id
    records.update_record(
        db,
        "target",
        target,
        {
            "reapplied_on": dt.date(2026, 7, 15),
            "reapply_stage": m.ReapplyStage.technical,
            "outcome": m.ReapplyOutcome.rejected_again,
            "outcome_on": dt.date(2026, 8, 20),
            "outcome_note": "Close, they said — again SQL",
        },
    )
    return {
        "target": target,
        "sql": sql,
        "question": question,
        "contact": contact,
        "feedback": feedback,
    }


def test_the_reapplication_has_its_own_fields_and_checks(db: Database) -> None:
    ids = _first_attempt(db)
    row = records.get_record(db, "target", ids["target"])
    assert row.values[F.target.outcome] is m.ReapplyOutcome.rejected_again
    assert row.display[F.target.reapply_stage] == "Technical"
    with pytest.raises(ValidationError) as refused:
        records.update_record(db, "target", ids["target"], {"outcome_on": dt.date(2026, 7, 1)})
    assert "before you applied again" in refused.value.errors["outcome_on"]
    with pytest.raises(ValidationError) as refused:
        records.update_record(db, "target", ids["target"], {"reapplied_on": dt.date(2025, 1, 1)})
    assert "before the rejection" in refused.value.errors["reapplied_on"]


def test_archive_and_unarchive(db: Database) -> None:
    ids = _first_attempt(db)
    records.apply_changes(db, [attempts.archive(ids["target"], TODAY)])
    [summary] = attempts.all_targets(db)
    assert summary.archived and summary.archived_on == TODAY and not summary.kept
    # Archived is not kept: its records can still change.
    records.update_record(db, "skill", ids["sql"], {"notes": "still mine"})
    records.apply_changes(db, [attempts.unarchive(ids["target"])])
    assert not attempts.summary(db, ids["target"]).archived


def test_attempt_two_carries_skills_questions_and_contacts(db: Database) -> None:
    ids = _first_attempt(db)
    assert attempts.carried(db, ids["target"]) == attempts.Carried(1, 1, 1)
    applied = attempts.start_next_attempt(db, ids["target"], TODAY)
    new = applied.rows[0]
    assert new is not None
    assert new.title == "Northwind — Data Analyst (attempt 2)"
    assert new.values[F.target.attempt] == 2
    assert new.values[F.target.rejection_date] == dt.date(2026, 8, 20)  # rejected again
    assert new.values[F.target.job_description] == "SQL and dashboards"
    assert new.values[F.target.outcome] is m.ReapplyOutcome.pending
    assert new.values[F.target.reapplied_on] is None

    [skill] = records.list_records(db, "skill", new.id)
    assert (skill.values[F.skill.name], skill.values[F.skill.current_level]) == ("SQL", 3)
    assert gaps.level_history(db, skill.id) == [(TODAY, 3)]
    [question] = records.list_records(db, "question", new.id)
    assert question.values[F.question.action] == "A"
    assert question.values[F.question.confidence] == 4
    assert question.values[F.question.experience_id] is None  # experience stays behind
    assert question.values[F.question.practice_due] == TODAY
    contact = records.get_record(db, "contact", ids["contact"])
    assert contact.values[F.contact.targets] == sorted([ids["target"], new.id])
    assert records.list_records(db, "feedback", new.id) == []  # feedback stays behind

    old = attempts.summary(db, ids["target"])
    assert old.archived_on == TODAY and old.kept and old.later_id == new.id
    assert attempts.summary(db, new.id).previous_id == ids["target"]
    with pytest.raises(ValidationError, match="already started"):
        attempts.start_next_attempt(db, ids["target"], TODAY)


def test_the_first_attempt_is_kept_read_only(db: Database) -> None:
    ids = _first_attempt(db)
    new_id = attempts.start_next_attempt(db, ids["target"], TODAY).rows[0].id
    refused: list[Change] = [
        Update("skill", ids["sql"], {"notes": "edit"}),
        Delete("feedback", ids["feedback"]),
        Create("journal", {"text": "a win"}, ids["target"]),
        Create("practice", {"question_id": ids["question"]}),
        Update("target", ids["target"], {"notes": "rewrite history"}),
    ]
    for change in refused:
        with pytest.raises(ValidationError) as error:
            records.apply_changes(db, [change])
        assert "kept as it was, for comparison with attempt 2" in str(error.value)
    # Archiving it, the new attempt's records, and shared contacts all stay editable.
    records.apply_changes(db, [attempts.unarchive(ids["target"])])
    records.create_record(db, "journal", {"text": "a win"}, new_id)
    records.update_record(db, "contact", ids["contact"], {"notes": "met again"})
    # Deleting the newer attempt frees the first one.
    records.delete_record(db, "target", new_id)
    records.update_record(db, "skill", ids["sql"], {"notes": "edit"})


def test_starting_attempt_two_is_undone_in_one_step(db: Database) -> None:
    ids = _first_attempt(db)
    before = {t.id for t in attempts.all_targets(db)}
    applied = attempts.start_next_attempt(db, ids["target"], TODAY)
    redo = records.apply_changes(db, applied.inverse).inverse
    assert {t.id for t in attempts.all_targets(db)} == before
    assert not attempts.summary(db, ids["target"]).archived
    assert records.get_record(db, "contact", ids["contact"]).values[F.contact.targets] == [
        ids["target"]
    ]
    records.update_record(db, "skill", ids["sql"], {"notes": "editable again"})
    records.apply_changes(db, redo)
    again = attempts.summary(db, ids["target"])
    assert again.kept and again.archived


def test_patterns_find_themes_recurring_across_rejections(db: Database) -> None:
    ids = _first_attempt(db)
    new_id = attempts.start_next_attempt(db, ids["target"], TODAY).rows[0].id
    [sql2] = records.list_records(db, "skill", new_id)
    other = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    records.create_record(
        db,
        "feedback",
        {
            "text": "SQL window functions  were slow",
            "theme": m.FeedbackTheme.technical,
            "skills": [sql2.id],
        },
        new_id,
    )
    records.create_record(
        db,
        "feedback",
        {"text": "Great communicator", "theme": m.FeedbackTheme.communication},
        other,
    )
    records.create_record(
        db, "feedback", {"text": "Needs more SQL", "theme": m.FeedbackTheme.technical}, other
    )
    found = patterns.find_patterns(db)
    assert found.rejections == 3
    [technical] = found.themes
    assert technical.label == "Technical"
    assert technical.rejections == 2 and technical.items == 2 and technical.open == 2
    assert technical.examples[0] in ("Needs more SQL", "SQL window functions were slow")
    [sql] = found.skills
    assert sql.label == "SQL" and sql.targets == (
        "Northwind — Data Analyst",
        "Northwind — Data Analyst (attempt 2)",
    )
    assert patterns.find_patterns(db, recurs_from=4).themes == []


def test_a_deleted_first_attempt_unlinks_the_second_and_comes_back_with_undo(
    db: Database,
) -> None:
    ids = _first_attempt(db)
    new_id = attempts.start_next_attempt(db, ids["target"], TODAY).rows[0].id
    snapshot = records.delete_record(db, "target", ids["target"])
    assert attempts.summary(db, new_id).previous_id is None
    records.restore_snapshot(db, snapshot)
    assert attempts.summary(db, new_id).previous_id == ids["target"]
    with db.transaction() as session:
        assert session.scalar(select(m.Target.archived_on).where(m.Target.id == ids["target"]))
