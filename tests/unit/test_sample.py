from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause

from secondchance.core import models
from secondchance.core.dates import add_months
from secondchance.core.db import Database
from secondchance.core.interop.sample import SAMPLE_COMPANY, add_sample_target, story_document
from secondchance.resources import resource_path

TODAY = dt.date(2026, 3, 31)
# Month ends and a leap day, where calendar arithmetic likes to go wrong.
SOME_DAYS = [TODAY, dt.date(2024, 2, 29), dt.date(2025, 8, 31), dt.date(2027, 1, 1)]


def _count(session: Session, table: FromClause) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def _counts(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        return {t.name: _count(session, t) for t in models.Base.metadata.sorted_tables}


def test_every_table_gets_rows_except_settings(db: Database) -> None:
    add_sample_target(db, TODAY)

    counts = _counts(db)
    empty = [name for name, n in counts.items() if n == 0 and name != "app_setting"]
    assert empty == []
    assert counts["app_setting"] == 0


def test_foreign_keys_hold(db: Database) -> None:
    add_sample_target(db, TODAY)
    add_sample_target(db, TODAY)

    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


@pytest.mark.parametrize("today", SOME_DAYS)
def test_target_dates_tell_the_story(db: Database, today: dt.date) -> None:
    target_id = add_sample_target(db, today)

    with db.transaction() as session:
        target = session.get_one(models.Target, target_id)
        rounds = session.scalars(
            select(models.InterviewRound).where(models.InterviewRound.target_id == target_id)
        ).all()
    assert target.company == SAMPLE_COMPANY
    final = max(r.date for r in rounds if r.date is not None)
    assert all(r.date is not None and r.date <= final for r in rounds)
    assert target.first_interview_date == min(r.date for r in rounds if r.date is not None)
    assert target.rejection_date == final + dt.timedelta(days=7)
    assert target.eligible_date == add_months(final + dt.timedelta(days=7), 6)
    # About five months back for the interview, about a month ahead for the countdown.
    assert 140 <= (today - final).days <= 160
    assert target.eligible_date is not None
    assert 20 <= (target.eligible_date - today).days <= 45


@pytest.mark.parametrize("today", SOME_DAYS)
def test_no_record_ends_before_it_starts(db: Database, today: dt.date) -> None:
    target_id = add_sample_target(db, today)

    with db.transaction() as session:
        target = session.get_one(models.Target, target_id)
        assert target.rejection_date is not None
        rejection = target.rejection_date

        for a in session.scalars(select(models.LearningActivity)):
            assert a.start_date is not None, a.title
            if a.due_date is not None:
                assert a.start_date <= a.due_date, a.title
            if a.completed_on is not None:
                assert a.start_date <= a.completed_on <= today, a.title
                assert a.status is models.ActivityStatus.done
            if a.status is models.ActivityStatus.planned:
                assert a.start_date > today, a.title
            if a.status in (models.ActivityStatus.done, models.ActivityStatus.in_progress):
                assert a.start_date <= today, a.title

        for e in session.scalars(select(models.Experience)):
            assert e.start_date is not None and e.start_date <= today, e.title
            if e.end_date is not None:
                assert e.start_date <= e.end_date <= today, e.title

        for i in session.scalars(select(models.Interaction)):
            assert i.date is not None and i.date <= today
            if i.follow_up_date is not None:
                assert i.date <= i.follow_up_date
                if i.follow_up_date > today:
                    assert not i.follow_up_done

        for f in session.scalars(
            select(models.Feedback).where(models.Feedback.target_id == target_id)
        ):
            assert f.received_on is not None and rejection <= f.received_on <= today

        changes = select(models.SkillLevelChange).join(models.Skill)
        for change in session.scalars(changes.where(models.Skill.target_id == target_id)):
            assert rejection <= change.date <= today

        # The archived earlier application ended before this story began.
        earlier = session.scalars(select(models.Target).where(models.Target.id != target_id)).one()
        assert earlier.archived_on is not None and earlier.archived_on < rejection
        assert earlier.rejection_date is not None and earlier.rejection_date < earlier.archived_on
        for f in session.scalars(
            select(models.Feedback).where(models.Feedback.target_id == earlier.id)
        ):
            assert f.received_on is not None and earlier.rejection_date <= f.received_on

        for p in session.scalars(select(models.PracticeSession)):
            assert p.practiced_on is not None and rejection < p.practiced_on <= today

        for j in session.scalars(select(models.JournalEntry)):
            assert j.date is not None and rejection < j.date <= today

        resumes = session.scalars(
            select(models.ResumeVersion).order_by(models.ResumeVersion.created_on)
        ).all()
        sent_before, reworked = resumes
        assert sent_before.sent_on is not None
        assert target.first_interview_date is not None
        assert sent_before.sent_on < target.first_interview_date
        assert reworked.sent_on is None
        assert reworked.created_on is not None and rejection < reworked.created_on <= today
        assert all(r.plain_text and r.file is None for r in resumes)


def test_skill_levels_rise_and_match_history(db: Database) -> None:
    add_sample_target(db, TODAY)

    with db.transaction() as session:
        skills = session.scalars(select(models.Skill)).all()
        changes = session.scalars(
            select(models.SkillLevelChange).order_by(
                models.SkillLevelChange.date, models.SkillLevelChange.id
            )
        ).all()
    by_skill: dict[int, list[models.SkillLevelChange]] = {}
    for change in changes:
        by_skill.setdefault(change.skill_id, []).append(change)

    rising = 0
    for skill in skills:
        history = by_skill[skill.id]
        levels = [c.level for c in history]
        assert levels == sorted(levels), skill.name
        assert levels[-1] == skill.current_level, skill.name
        dates = [c.date for c in history]
        assert len(set(dates)) == len(dates), skill.name
        rising += levels[-1] > levels[0]
    assert rising >= 3


def test_the_plan_is_partly_done_and_partly_open(db: Database) -> None:
    add_sample_target(db, TODAY)

    with db.transaction() as session:
        feedback = set(session.scalars(select(models.Feedback.status)))
        activities = set(session.scalars(select(models.LearningActivity.status)))
        areas = set(session.scalars(select(models.CompetencyRating.area)))
        categories = set(session.scalars(select(models.Question.category)))
        kinds = set(session.scalars(select(models.JournalEntry.kind)))
        done = session.scalars(
            select(models.LearningActivity).where(
                models.LearningActivity.status == models.ActivityStatus.done
            )
        ).all()
        changed = session.scalars(
            select(models.Question).where(
                models.Question.category == models.QuestionCategory.previous_application
            )
        ).first()
    assert feedback == set(models.FeedbackStatus)
    assert activities == set(models.ActivityStatus)
    assert areas == set(models.CompetencyArea)
    assert models.QuestionCategory.previous_application in categories
    assert kinds == set(models.JournalKind)
    assert all(a.evidence_url and a.evidence_url.startswith("https://example.") for a in done)
    assert changed.question == "What has changed since you last applied?"
    star_r = [changed.situation, changed.task, changed.action, changed.result]
    assert all(star_r) and changed.reflection


def test_unicode_names_round_trip(db: Database) -> None:
    add_sample_target(db, TODAY)

    with db.transaction() as session:
        names = set(session.scalars(select(models.Contact.name)))
    assert {"Zoë Ahmed", "Łukasz Nowak"} <= names


def test_only_example_urls(db: Database) -> None:
    add_sample_target(db, TODAY)

    url_columns = [
        models.Target.posting_url,
        models.LearningActivity.url,
        models.LearningActivity.evidence_url,
        models.Experience.url,
        models.Contact.linkedin_url,
        models.PortfolioItem.url,
    ]
    with db.transaction() as session:
        urls = [u for column in url_columns for u in session.scalars(select(column)) if u]
        emails = [e for e in session.scalars(select(models.Contact.email)) if e]
    assert urls
    hosts = {u.split("/")[2] for u in urls}
    assert all(h.split(".")[-2] == "example" for h in hosts), hosts
    assert all(e.rsplit("@", 1)[1] in ("example.com", "example.org") for e in emails)


def test_two_calls_make_two_targets_and_share_contacts(db: Database) -> None:
    first = add_sample_target(db, TODAY)
    once = _counts(db)
    second = add_sample_target(db, TODAY)
    twice = _counts(db)

    assert first != second
    with db.transaction() as session:
        companies = session.scalars(select(models.Target.company).order_by(models.Target.id))
        # The archived earlier application comes with the first sample only.
        assert list(companies) == [
            SAMPLE_COMPANY,
            "Fabrikam Clinics",
            f"{SAMPLE_COMPANY} (sample 2)",
        ]
        second_skills = _count(
            session, select(models.Skill).where(models.Skill.target_id == second).subquery()
        )
    assert second_skills > 0

    # Shared records are reused, owned records are doubled, links cover both targets.
    for shared in ("contact", "interaction", "event", "event_contact"):
        assert twice[shared] == once[shared], shared
    assert twice["contact_target"] == 2 * once["contact_target"]
    with db.transaction() as session:
        archived = session.scalars(
            select(models.Target.id).where(models.Target.archived_on.is_not(None))
        ).one()
        earlier_skills = _count(
            session, select(models.Skill).where(models.Skill.target_id == archived).subquery()
        )
    assert earlier_skills > 0
    for owned in ("skill", "feedback", "feedback_skill", "question", "practice_session"):
        assert twice[owned] - once[owned] <= once[owned], owned
    assert twice["skill"] - once["skill"] == once["skill"] - earlier_skills

    third = add_sample_target(db, TODAY)
    with db.transaction() as session:
        assert session.get_one(models.Target, third).company == f"{SAMPLE_COMPANY} (sample 3)"


def test_failure_leaves_nothing_behind(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from secondchance.core.interop.workspace import bulk, importer

    real_insert_many = bulk.insert_many
    reached: list[str] = []

    def insert_until_the_practice_sessions(
        connection: Any, table: Any, rows: Any, now: Any
    ) -> None:
        reached.append(table.name)
        if table.name == "practice_session":
            raise RuntimeError("disk full")
        real_insert_many(connection, table, rows, now)

    # Practice sessions are written last, so everything before them must be rolled back.
    monkeypatch.setattr(importer, "insert_many", insert_until_the_practice_sessions)
    with pytest.raises(RuntimeError):
        add_sample_target(db, TODAY)

    assert {"target", "skill", "feedback_skill"} <= set(reached)
    assert all(n == 0 for n in _counts(db).values())


def test_default_today_works(db: Database) -> None:
    target_id = add_sample_target(db)

    with db.transaction() as session:
        target = session.get_one(models.Target, target_id)
    assert target.rejection_date is not None and target.eligible_date is not None
    assert target.eligible_date > target.rejection_date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 8, 31), -6, dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 31), -1, dt.date(2024, 2, 29)),
        (dt.date(2025, 11, 15), 3, dt.date(2026, 2, 15)),
        (dt.date(2026, 1, 10), -1, dt.date(2025, 12, 10)),
    ],
)
def test_add_months_clamps(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_a_date_written_in_text_moves_with_the_story(db: Database) -> None:
    for today in SOME_DAYS:
        target_id = add_sample_target(db, today)
        with db.transaction() as session:
            target = session.get_one(models.Target, target_id)
            contact_ids = select(models.contact_target.c.contact_id).where(
                models.contact_target.c.target_id == target_id
            )
            summaries = session.scalars(
                select(models.Interaction.summary).where(
                    models.Interaction.contact_id.in_(contact_ids)
                )
            ).all()
        assert target.eligible_date is not None
        [note] = [s for s in summaries if s and "reapply window opens on" in s]
        assert note.endswith(f"opens on {target.eligible_date.isoformat()}.")
        # Later samples share the contacts (and their history): start afresh for each day.
        with db.transaction() as session:
            for table in reversed(models.Base.metadata.sorted_tables):
                session.execute(table.delete())


def test_past_and_future_never_cross_on_any_day() -> None:
    """Dates before the file's reference day land on or before today, the others after it,
    whatever the month lengths between (two years: every month end and a leap day)."""
    reference = json.loads(resource_path("sample", "story.json").read_text(encoding="utf-8"))
    reference_day = dt.date.fromisoformat(reference["reference_day"])
    date_columns = [
        (table.name, column.name)
        for table in models.Base.metadata.sorted_tables
        for column in table.columns
        if column.type.python_type is dt.date
    ]

    def dates(document: dict[str, Any]) -> list[dt.date | None]:
        return [
            dt.date.fromisoformat(row[column]) if row[column] else None
            for table, column in date_columns
            for row in document["tables"][table]
        ]

    before = dates(reference)
    day = dt.date(2027, 1, 1)
    while day < dt.date(2029, 1, 1):
        moved = story_document(day)
        target = moved["tables"]["target"][0]
        rejection = dt.date.fromisoformat(target["rejection_date"])
        assert target["eligible_date"] == add_months(rejection, 6).isoformat()
        for old, new in zip(before, dates(moved), strict=True):
            if old is not None and new is not None:
                assert (new <= day) == (old <= reference_day), (day, old, new)
        day += dt.timedelta(days=1)
