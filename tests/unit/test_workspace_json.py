"""Whole-workspace JSON export/import: round trips, merging, and refusing bad files."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select

from secondchance.core import models
from secondchance.core.db import Database
from secondchance.core.interop.workspace import (
    FORMAT_NAME,
    FORMAT_VERSION,
    SettingsPolicy,
    WorkspaceExportError,
    WorkspaceImportError,
    export_workspace,
    import_workspace,
    write_export,
)
from secondchance.core.interop.workspace import export as workspace_export
from secondchance.core.interop.workspace import importer as workspace_importer
from secondchance.core.interop.workspace import validate as workspace_validate
from tests.unit.conftest import open_copy

TABLES = list(models.Base.metadata.sorted_tables)
RESUME_BYTES = b"%PDF-1.4 not really a pdf \x00\xff\xfe"
EVIDENCE_BYTES = bytes(range(256))


# --- databases --------------------------------------------------------------------------


@pytest.fixture
def db(template_dir: Path, tmp_path: Path) -> Iterator[Database]:
    database = open_copy(template_dir, tmp_path / "workspace")
    yield database
    database.close()


@pytest.fixture
def fresh_db(template_dir: Path, tmp_path: Path) -> Iterator[Database]:
    database = open_copy(template_dir, tmp_path / "fresh")
    yield database
    database.close()


# --- a workspace with rows in every table -----------------------------------------------


def _stamp(day: int, micro: int = 0) -> dt.datetime:
    return dt.datetime(2026, 1, day, 9, 30, 15, micro, tzinfo=UTC)


def populate(db: Database) -> None:
    """Rows in every table, with id gaps so a naive "ids line up" check can't pass."""
    db.attachments_dir.mkdir(parents=True, exist_ok=True)
    (db.attachments_dir / "resume-7f3a.pdf").write_bytes(RESUME_BYTES)
    (db.attachments_dir / "evidence-01.png").write_bytes(EVIDENCE_BYTES)
    d = dt.date
    with db.transaction() as s:
        gone = [models.Target(company="Gone", role="Deleted") for _ in range(3)]
        s.add_all(gone)
        s.flush()
        t1 = models.Target(
            company="Northwind Health",
            role="Data Analyst",
            posting_url="https://example.invalid/jobs/42",
            job_description="SQL, Python, dashboards — «stakeholders» 📊",
            first_interview_date=d(2026, 1, 10),
            rejection_date=d(2026, 1, 24),
            eligible_date=d(2026, 7, 24),
            status=models.TargetStatus.preparing,
            notes='שלום <b>not markup</b> & "quotes"\nsecond line',
            created_at=_stamp(1, 123456),
            updated_at=_stamp(2, 654321),
        )
        t2 = models.Target(company="Contoso", role="BI Developer", status=models.TargetStatus.ready)
        s.add_all([t1, t2])
        s.flush()
        for row in gone:
            s.delete(row)

        r1 = models.InterviewRound(
            target_id=t1.id,
            date=d(2026, 1, 10),
            stage=models.RoundStage.technical,
            format="Video",
            interviewers="A. Person, B. Person",
            outcome="Rejected",
            notes="Live SQL",
        )
        r2 = models.InterviewRound(target_id=t2.id, stage=models.RoundStage.final)
        c1 = models.Contact(
            name="Dana Recruiter",
            company="Northwind",
            title="Talent partner",
            email="dana@example.invalid",
            phone="+1 555 0100",
            linkedin_url="https://example.invalid/in/dana",
            relationship=models.Relationship.recruiter,
            how_we_met="The first application",
            keep_in_touch_days=30,
            tags="recruiter,northwind",
            notes="Kind",
        )
        c2 = models.Contact(name="Lee Mentor", relationship=models.Relationship.mentor)
        s.add_all([r1, r2, c1, c2])
        s.flush()

        sk1 = models.Skill(
            target_id=t1.id,
            name="SQL",
            category=models.SkillCategory.technical,
            required_level=4,
            current_level=2,
            importance=3,
            notes="Window functions",
        )
        sk2 = models.Skill(target_id=t1.id, name="Storytelling", category=models.SkillCategory.soft)
        sk3 = models.Skill(target_id=t2.id, name="SQL", category=models.SkillCategory.technical)
        s.add_all([sk1, sk2, sk3])
        s.flush()

        fb1 = models.Feedback(
            target_id=t1.id,
            round_id=r1.id,
            received_on=d(2026, 1, 25),
            source=models.FeedbackSource.hiring_manager,
            contact_id=c1.id,
            text="Your SQL answers were slow.",
            theme=models.FeedbackTheme.technical,
            status=models.FeedbackStatus.addressing,
            response="Daily practice",
        )
        fb2 = models.Feedback(
            target_id=t2.id, text="Good culture fit", source=models.FeedbackSource.self
        )
        ex1 = models.Experience(
            target_id=t1.id,
            kind=models.ExperienceKind.volunteer,
            title="Food bank dashboard",
            organisation="Food bank",
            role="Analyst",
            start_date=d(2026, 2, 1),
            end_date=d(2026, 4, 1),
            description="Built it",
            outcomes="Cut waste 12%",
            url="https://example.invalid/dash",
            resume_bullet="Cut waste 12% with a dashboard",
        )
        ex2 = models.Experience(target_id=t2.id, title="Side project")
        pi = models.PortfolioItem(
            target_id=t1.id, title="Dashboard", url="https://example.invalid/p", description="d"
        )
        ev = models.Event(
            name="PyData",
            kind=models.EventKind.conference,
            organiser="NumFOCUS",
            date=d(2026, 3, 3),
            location="Online",
            status=models.EventStatus.attended,
            notes="Met Dana",
        )
        s.add_all([fb1, fb2, ex1, ex2, pi, ev])
        s.flush()

        q1 = models.Question(
            target_id=t1.id,
            category=models.QuestionCategory.previous_application,
            question="What changed since last time?",
            situation="S",
            task="T",
            action="A",
            result="R",
            reflection="Refl",
            experience_id=ex1.id,
            confidence=4,
            practice_due=d(2026, 5, 1),
            practice_state='{"ease": 2.5, "interval": 3}',
            feedback_id=fb1.id,
            hint="Have you acted on what we told you?",
            target_seconds=150,
            skills=[sk1],
        )
        q2 = models.Question(target_id=t2.id, question="Why us?")
        mock = models.MockInterview(target_id=t1.id, held_on=d(2026, 4, 5), planned=5, notes="m")
        s.add_all(
            [
                q1,
                q2,
                mock,
                models.Reflection(
                    target_id=t1.id,
                    round_id=r1.id,
                    question="Tell me about a time…",
                    what_i_said="Rambled",
                    what_landed="The numbers",
                    what_was_missing="Structure",
                    better_answer="STAR",
                    verdict=models.Verdict.gap,
                ),
                models.Reflection(target_id=t2.id, question="Q"),
                models.CompetencyRating(
                    target_id=t1.id, area=models.CompetencyArea.ambiguity, rating=2, note="n"
                ),
                models.CompetencyRating(target_id=t2.id, area=models.CompetencyArea.growth),
                models.SkillLevelChange(skill_id=sk1.id, date=d(2026, 2, 1), level=1),
                models.SkillLevelChange(skill_id=sk1.id, date=d(2026, 3, 1), level=2),
                models.LearningActivity(
                    target_id=t1.id,
                    skill_id=sk1.id,
                    kind=models.ActivityKind.course,
                    title="Advanced SQL",
                    provider="Somewhere",
                    url="https://example.invalid/course",
                    status=models.ActivityStatus.in_progress,
                    start_date=d(2026, 2, 1),
                    due_date=d(2026, 3, 1),
                    completed_on=None,
                    hours_planned=12.5,
                    hours_spent=0.1 + 0.2,
                    cost=49.99,
                    evidence_url="https://example.invalid/cert",
                    evidence_file="evidence-01.png",
                    notes="n",
                ),
                models.LearningActivity(target_id=t2.id, title="Book", hours_spent=-0.0),
                models.Interaction(
                    contact_id=c1.id,
                    date=d(2026, 2, 2),
                    channel=models.Channel.coffee,
                    summary="Coffee",
                    follow_up_date=d(2026, 3, 2),
                    follow_up_done=True,
                ),
                models.Interaction(contact_id=c2.id, follow_up_done=False),
                models.ResumeVersion(
                    target_id=t1.id,
                    label="v2",
                    created_on=d(2026, 4, 1),
                    file="resume-7f3a.pdf",
                    plain_text="SQL Python",
                    sent_on=d(2026, 4, 2),
                    change_notes="Quantified",
                ),
                models.ResumeVersion(target_id=t2.id, label="v1"),
                models.PortfolioItem(target_id=t2.id, title="Other"),
                models.CoverLetter(
                    target_id=t1.id,
                    title="How I've grown",
                    body="Dear…",
                    created_on=d(2026, 4, 1),
                    sent_on=d(2026, 4, 2),
                ),
                models.CoverLetter(target_id=t2.id, title="Draft"),
                models.JournalEntry(
                    target_id=t1.id, date=d(2026, 2, 3), kind=models.JournalKind.win, text="🎉"
                ),
                models.JournalEntry(target_id=t2.id, text="Lesson", kind=models.JournalKind.lesson),
                models.Event(name="Meetup"),
                models.AppSetting(key="profile.name", value="Sam"),
                models.AppSetting(key="profile.email", value=None),
            ]
        )
        s.flush()
        q1_id, q2_id = q1.id, q2.id
        s.add_all(
            [
                models.PracticeSession(
                    question_id=q1_id,
                    practiced_on=d(2026, 4, 5),
                    duration_seconds=95,
                    rating=models.PracticeRating.hard,
                    notes="Too long",
                    mock_id=mock.id,
                ),
                models.PracticeSession(question_id=q2_id),
            ]
        )
        links = {
            models.feedback_skill: [(fb1.id, sk1.id), (fb1.id, sk2.id), (fb2.id, sk3.id)],
            models.experience_skill: [(ex1.id, sk1.id), (ex2.id, sk3.id)],
            models.portfolio_skill: [(pi.id, sk1.id)],
            models.contact_target: [(c1.id, t1.id), (c1.id, t2.id), (c2.id, t1.id)],
            models.event_contact: [(ev.id, c1.id), (ev.id, c2.id)],
        }
        for table, pairs in links.items():
            left, right = (c.name for c in table.columns)
            s.execute(insert(table), [{left: a, right: b} for a, b in pairs])


def row_counts(db: Database) -> dict[str, int]:
    with db.transaction() as s:
        return {t.name: s.execute(select(func.count()).select_from(t)).scalar_one() for t in TABLES}


def canonical(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every id replaced by its row's position, so two workspaces holding
    the same records in the same order compare equal whatever ids they were given."""
    surrogate = {
        t.name: t.autoincrement_column.name for t in TABLES if t.autoincrement_column is not None
    }
    positions: dict[str, dict[int, int]] = {}
    for name, key in surrogate.items():
        rows = sorted(document["tables"][name], key=lambda r: r[key])
        positions[name] = {row[key]: index for index, row in enumerate(rows)}
    out: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        rows = []
        for row in document["tables"][table.name]:
            row = dict(row)
            for column in table.columns:
                refs = [fk.column.table.name for fk in column.foreign_keys]
                if column.name == surrogate.get(table.name):
                    row[column.name] = positions[table.name][row[column.name]]
                elif refs and row.get(column.name) is not None:
                    row[column.name] = positions[refs[0]][row[column.name]]
            rows.append(row)
        out[table.name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    return {"tables": out, "attachments": document["attachments"]}


def snapshot(db: Database) -> dict[str, Any]:
    """Everything an import could change: contents, counts, files, and the database bytes."""
    document = export_workspace(db)
    document.pop("exported_at")
    files = (
        {p.name: p.read_bytes() for p in sorted(db.attachments_dir.iterdir())}
        if db.attachments_dir.exists()
        else {}
    )
    db.engine.dispose()  # checkpoints the WAL so the main file holds every committed page
    digest = hashlib.sha256(db.path.read_bytes()).hexdigest()
    return {"document": document, "counts": row_counts(db), "files": files, "sha256": digest}


# --- round trip and merge ---------------------------------------------------------------


def test_builder_fills_every_table(db: Database) -> None:
    populate(db)
    empty = [name for name, count in row_counts(db).items() if count == 0]
    assert empty == [], "extend populate() so the round trip covers these tables"


# The schema that export format version 3 describes.  The export follows the model on its
# own, so a model change silently changes the format: this makes it a decision instead.
FORMAT_3_SCHEMA_SHA256 = "ef372bc9fe6a5a5a3fd8cd4e8cff4b23ed7429ab23b224e3648f6c240fe02416"


def _schema_fingerprint() -> str:
    description = sorted(
        (
            table.name,
            column.name,
            str(column.type),
            bool(column.nullable),
            sorted(getattr(column.type, "enums", None) or []),
            sorted(fk.target_fullname for fk in column.foreign_keys),
        )
        for table in TABLES
        for column in table.columns
    )
    return hashlib.sha256(json.dumps(description).encode()).hexdigest()


def test_model_change_is_a_format_version_decision() -> None:
    assert (FORMAT_VERSION, _schema_fingerprint()) == (3, FORMAT_3_SCHEMA_SHA256), (
        "The data model changed, so the export format changed with it. Raise FORMAT_VERSION, "
        "add an _UPGRADES step for older files, update docs/export-format.md, and pin the "
        "new schema here."
    )


def test_export_document_shape(db: Database) -> None:
    populate(db)
    doc = export_workspace(db)
    assert doc["format"] == FORMAT_NAME
    assert doc["version"] == FORMAT_VERSION == 3
    assert isinstance(doc["app_version"], str)
    assert doc["exported_at"].endswith("Z")
    assert set(doc["tables"]) == {t.name for t in TABLES}
    target = next(r for r in doc["tables"]["target"] if r["company"] == "Northwind Health")
    assert target["status"] == "preparing"
    assert target["first_interview_date"] == "2026-01-10"
    assert target["created_at"] == "2026-01-01T09:30:15.123456Z"
    activity = next(r for r in doc["tables"]["learning_activity"] if r["skill_id"] is not None)
    assert activity["hours_spent"] == 0.1 + 0.2
    assert any(r["follow_up_done"] is True for r in doc["tables"]["interaction"])
    assert base64.b64decode(doc["attachments"]["resume-7f3a.pdf"]) == RESUME_BYTES
    assert "warnings" not in doc
    # Every record carries its identity, so importing it again finds it.
    for table in TABLES:
        if table.autoincrement_column is not None:
            uuids = [r["uuid"] for r in doc["tables"][table.name]]
            assert all(isinstance(u, str) and len(u) == 36 for u in uuids), table.name
            assert len(set(uuids)) == len(uuids)
    json.dumps(doc, allow_nan=False)  # JSON-ready as it stands


def test_round_trip_into_fresh_workspace_reproduces_everything(
    db: Database, fresh_db: Database
) -> None:
    populate(db)
    first = export_workspace(db)
    summary = import_workspace(fresh_db, first)
    second = export_workspace(fresh_db)

    assert canonical(second) == canonical(first)
    assert summary.counts == row_counts(db)
    assert summary.attachments == 2
    assert summary.warnings == ()
    assert (fresh_db.attachments_dir / "resume-7f3a.pdf").read_bytes() == RESUME_BYTES
    assert (fresh_db.attachments_dir / "evidence-01.png").read_bytes() == EVIDENCE_BYTES
    # The original had id gaps; the copy didn't keep the old ids, yet every link held.
    assert {r["id"] for r in first["tables"]["target"]} != {
        r["id"] for r in second["tables"]["target"]
    }


def test_round_trip_through_file(db: Database, fresh_db: Database, tmp_path: Path) -> None:
    populate(db)
    out = tmp_path / "export.json"
    summary = write_export(db, out)
    assert summary.path == out
    assert summary.counts == row_counts(db)
    assert summary.attachments == 2
    text = out.read_text(encoding="utf-8")
    assert "📊" in text and "שלום" in text  # ensure_ascii=False
    assert text.startswith('{\n  "format"')  # indent=2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json", "fresh", "workspace"]

    import_workspace(fresh_db, str(out))  # a str is a path
    assert canonical(export_workspace(fresh_db)) == canonical(json.loads(text))


def test_write_export_failure_keeps_previous_file(db: Database, tmp_path: Path) -> None:
    populate(db)
    out = tmp_path / "export.json"
    out.write_text("previous export", encoding="utf-8")
    with db.transaction() as s:
        activity = s.execute(select(models.LearningActivity).limit(1)).scalar_one()
        activity.cost = float("inf")
    with pytest.raises(WorkspaceExportError, match="'cost' holds inf"):
        write_export(db, out)
    assert out.read_text(encoding="utf-8") == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json", "workspace"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_written_export_is_owner_only(db: Database, tmp_path: Path) -> None:
    populate(db)
    out = tmp_path / "export.json"
    out.write_text("previous export")
    out.chmod(0o644)
    write_export(db, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == FORMAT_NAME


def test_write_export_interrupted_at_rename_leaves_no_temp_file(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(db)
    out = tmp_path / "export.json"

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_export(db, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["workspace"]


def _without_uuids(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as a version 2 file, from before records had a uuid."""
    doc = copy.deepcopy(doc)
    doc["version"] = 2
    for rows in doc["tables"].values():
        for row in rows:
            row.pop("uuid", None)
    return doc


def _records(counts: dict[str, int]) -> int:
    return sum(counts[t.name] for t in TABLES if t.autoincrement_column is not None)


def test_importing_the_same_file_again_adds_nothing(db: Database, tmp_path: Path) -> None:
    populate(db)
    out = tmp_path / "export.json"
    write_export(db, out)
    before = snapshot(db)

    summary = import_workspace(db, out)

    assert (summary.new, summary.updated, summary.links) == (0, 0, 0)
    assert summary.already == _records(before["counts"])
    assert summary.line == f"0 new, {summary.already} already here, 0 updated"
    assert summary.total_rows == 0 and summary.attachments == 0
    after = snapshot(db)
    assert after["counts"] == before["counts"]
    assert after["files"] == before["files"]
    assert canonical(after["document"]) == canonical(before["document"])


def test_a_dry_run_reports_the_same_and_writes_nothing(
    db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    populate(db)
    out = tmp_path / "export.json"
    write_export(db, out)
    before = snapshot(fresh_db)

    planned = import_workspace(fresh_db, out, dry_run=True)

    assert planned.dry_run
    assert snapshot(fresh_db) == before
    assert not any(fresh_db.attachments_dir.iterdir())
    done = import_workspace(fresh_db, out)
    assert (planned.new, planned.already, planned.updated) == (done.new, done.already, 0)
    assert planned.counts == done.counts and planned.attachments == done.attachments == 2
    again = import_workspace(fresh_db, out, dry_run=True)
    assert (again.new, again.updated) == (0, 0) and again.already == done.new


def test_a_newer_edit_in_the_file_updates_an_older_one_does_not(
    db: Database, fresh_db: Database
) -> None:
    populate(db)
    import_workspace(fresh_db, export_workspace(db))
    doc = export_workspace(db)
    newer = next(r for r in doc["tables"]["target"] if r["company"] == "Northwind Health")
    older = next(r for r in doc["tables"]["target"] if r["company"] == "Contoso")
    newer["notes"], newer["updated_at"] = "Edited later", "2099-01-01T00:00:00Z"
    older["notes"], older["updated_at"] = "Edited earlier", "2000-01-01T00:00:00Z"

    summary = import_workspace(fresh_db, doc)

    assert (summary.new, summary.updated) == (0, 1)
    with fresh_db.transaction() as s:
        notes = dict(s.execute(select(models.Target.company, models.Target.notes)).all())
        updated_at = s.scalars(
            select(models.Target.updated_at).where(models.Target.company == "Northwind Health")
        ).one()
    assert notes["Northwind Health"] == "Edited later"
    assert notes["Contoso"] is None  # ours was newer: left as it is
    assert updated_at == dt.datetime(2099, 1, 1, tzinfo=UTC)  # the edit's own time


def test_shared_contacts_merge_by_uuid_then_by_email(db: Database, fresh_db: Database) -> None:
    populate(db)
    doc = export_workspace(db)
    import_workspace(fresh_db, doc)
    contacts = row_counts(fresh_db)["contact"]
    # The same people written down again elsewhere: new uuids, e-mail in other case.
    elsewhere = _without_uuids(doc)
    for row in elsewhere["tables"]["contact"]:
        if row["email"]:
            row["email"] = f"  {row['email'].upper()} "

    summary = import_workspace(fresh_db, elsewhere)

    with_email = sum(1 for r in doc["tables"]["contact"] if r["email"])
    assert row_counts(fresh_db)["contact"] == 2 * contacts - with_email
    assert summary.counts["contact"] == contacts - with_email
    import_workspace(fresh_db, doc)  # and by uuid: nothing more
    assert row_counts(fresh_db)["contact"] == 2 * contacts - with_email


def test_a_file_without_uuids_is_added_as_new_records(db: Database) -> None:
    populate(db)
    before = row_counts(db)
    summary = import_workspace(db, _without_uuids(export_workspace(db)))

    after = row_counts(db)
    emails = 1  # Dana's address: the one contact found again
    for table in TABLES:
        if table.name == "app_setting":
            assert after[table.name] == before[table.name]
        elif table.name == "contact":
            assert after[table.name] == 2 * before[table.name] - emails
        else:  # every record and link again, next to the originals; skills didn't collide
            assert after[table.name] == 2 * before[table.name], table.name
    assert summary.new == _records(before) - emails
    with db.transaction() as s:
        resumes = s.execute(select(models.ResumeVersion.file).order_by(models.ResumeVersion.id))
        names = [n for n in resumes.scalars() if n]
    # The names were taken, so the copies were saved under new names with the same bytes.
    assert names == ["resume-7f3a.pdf", "resume-7f3a-2.pdf"]
    assert (db.attachments_dir / "resume-7f3a-2.pdf").read_bytes() == RESUME_BYTES
    assert any("saved as 'resume-7f3a-2.pdf'" in w for w in summary.warnings)


def test_settings_of_the_person_are_kept_unless_asked(db: Database, fresh_db: Database) -> None:
    with fresh_db.transaction() as s:
        s.add(models.AppSetting(key="person.name", value="Old name"))
        s.add(models.AppSetting(key="person.email", value=""))
        s.add(models.AppSetting(key="ui.last_target", value="1"))
    doc = _minimal_document()
    doc["tables"]["app_setting"] = [
        {"key": "person.name", "value": "New name"},
        {"key": "person.email", "value": "sam@example.invalid"},
        {"key": "person.city", "value": "Leeds"},
        {"key": "ui.last_target", "value": "99"},
    ]

    kept = import_workspace(fresh_db, doc)

    assert kept.settings_kept == ("person.name",)
    assert _settings(fresh_db) == {
        "person.name": "Old name",  # the person's own: kept
        "person.email": "sam@example.invalid",  # was empty: filled
        "person.city": "Leeds",  # was missing: added
        "ui.last_target": "1",  # about this window: never from a file
    }
    replaced = import_workspace(fresh_db, doc, settings=SettingsPolicy.replace)
    assert replaced.settings_kept == ()
    assert _settings(fresh_db)["person.name"] == "New name"
    assert _settings(fresh_db)["ui.last_target"] == "1"


def _settings(db: Database) -> dict[str, str | None]:
    with db.transaction() as s:
        return dict(s.execute(select(models.AppSetting.key, models.AppSetting.value)).all())


def test_export_is_one_snapshot_even_if_the_app_writes_meanwhile(
    db: Database, fresh_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(db)
    real_encode = workspace_export._encode
    written: list[bool] = []

    def encode_and_write_elsewhere(spec: Any, value: Any, where: str) -> Any:
        # While the export is between tables, someone saves a contact and a chat with them.
        if not written and where.endswith("'target'"):
            written.append(True)
            other = sqlite3.connect(db.path)
            with other:
                other.execute(
                    "INSERT INTO contact (name, relationship, created_at, updated_at) "
                    "VALUES ('Late', 'other', '2026-01-01', '2026-01-01')"
                )
                other.execute(
                    "INSERT INTO interaction (contact_id, channel, follow_up_done, created_at, "
                    "updated_at) VALUES (last_insert_rowid(), 'email', 0, '2026-01-01', "
                    "'2026-01-01')"
                )
            other.close()
        return real_encode(spec, value, where)

    monkeypatch.setattr(workspace_export, "_encode", encode_and_write_elsewhere)
    doc = export_workspace(db)
    assert written
    assert all(r["name"] != "Late" for r in doc["tables"]["contact"])
    import_workspace(fresh_db, doc)  # no reference to a row the export didn't see


def test_datetimes_with_offsets_and_naive_are_read_as_utc(fresh_db: Database) -> None:
    doc = _minimal_document()
    doc["tables"]["target"][0]["created_at"] = "2026-03-12T10:00:00+02:00"
    doc["tables"]["target"][0]["updated_at"] = "2026-03-12 10:00:00"
    import_workspace(fresh_db, doc)
    row = export_workspace(fresh_db)["tables"]["target"][0]
    assert row["created_at"] == "2026-03-12T08:00:00Z"
    assert row["updated_at"] == "2026-03-12T10:00:00Z"


def test_missing_attachment_is_reported_on_export_and_dropped_on_import(
    db: Database, fresh_db: Database
) -> None:
    populate(db)
    (db.attachments_dir / "resume-7f3a.pdf").unlink()
    doc = export_workspace(db)
    assert "resume-7f3a.pdf" not in doc["attachments"]
    assert any("resume-7f3a.pdf" in w for w in doc["warnings"])

    summary = import_workspace(fresh_db, doc)
    assert any("imported without it" in w for w in summary.warnings)
    with fresh_db.transaction() as s:
        files = s.execute(select(models.ResumeVersion.file)).scalars().all()
    assert files == [None, None]
    assert sorted(p.name for p in fresh_db.attachments_dir.iterdir()) == ["evidence-01.png"]


def test_unreferenced_attachment_is_not_written(fresh_db: Database) -> None:
    doc = _minimal_document()
    doc["attachments"] = {"stray.bin": base64.b64encode(b"x").decode()}
    summary = import_workspace(fresh_db, doc)
    assert summary.attachments == 0
    assert any("stray.bin" in w for w in summary.warnings)
    assert not (fresh_db.attachments_dir / "stray.bin").exists()


def test_import_from_older_export_missing_tables_and_optional_fields(fresh_db: Database) -> None:
    doc = _minimal_document()
    del doc["attachments"]
    summary = import_workspace(fresh_db, doc)
    assert summary.counts["target"] == 1
    assert summary.total_rows == 1
    with fresh_db.transaction() as s:
        target = s.execute(select(models.Target)).scalar_one()
    assert target.status is models.TargetStatus.preparing  # the column default
    assert target.created_at.tzinfo is not None


# --- refusing bad files ------------------------------------------------------------------


def _minimal_document() -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "tables": {"target": [{"id": 1, "company": "Acme", "role": "Analyst"}]},
        "attachments": {},
    }


def _set(table: str, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        doc["tables"][table][0][field] = value

    return mutate


def _dangling(doc: dict[str, Any]) -> None:
    doc["tables"]["feedback"][0]["contact_id"] = 9999


def _duplicate_skill(doc: dict[str, Any]) -> None:
    clone = dict(doc["tables"]["skill"][0])
    clone["id"] = 9999
    clone.pop("uuid")
    doc["tables"]["skill"].append(clone)


def _duplicate_id(doc: dict[str, Any]) -> None:
    clone = dict(doc["tables"]["contact"][0])
    doc["tables"]["contact"].append(clone)


def _missing_required(doc: dict[str, Any]) -> None:
    del doc["tables"]["skill"][0]["name"]


def _bad_base64(doc: dict[str, Any]) -> None:
    doc["attachments"]["resume-7f3a.pdf"] = "not base64!!"


def _evil_attachment_name(doc: dict[str, Any]) -> None:
    data = doc["attachments"].pop("resume-7f3a.pdf")
    doc["attachments"]["../../escape.pdf"] = data
    for row in doc["tables"]["resume_version"]:
        if row["file"] == "resume-7f3a.pdf":
            row["file"] = "../../escape.pdf"


def _duplicate_link(doc: dict[str, Any]) -> None:
    doc["tables"]["feedback_skill"].append(dict(doc["tables"]["feedback_skill"][0]))


def _unknown_table(doc: dict[str, Any]) -> None:
    doc["tables"]["gossip"] = []


def _tables_not_object(doc: dict[str, Any]) -> None:
    doc["tables"] = [1, 2]


def _rows_not_list(doc: dict[str, Any]) -> None:
    doc["tables"]["skill"] = {"id": 1}


def _row_not_object(doc: dict[str, Any]) -> None:
    doc["tables"]["skill"][0] = ["SQL"]


def _lone_surrogate(doc: dict[str, Any]) -> None:
    doc["tables"]["target"][0]["notes"] = "broken \ud800 text"


FAILURES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("no format", lambda d: d.pop("format"), r"not a Second Chance export \(no 'format' field\)"),
    ("wrong format", lambda d: d.update(format="other-app"), r"its format is 'other-app'"),
    ("too new", lambda d: d.update(version=FORMAT_VERSION + 1), r"newer version of Second Chance"),
    ("version zero", lambda d: d.update(version=0), r"format version 0"),
    ("version text", lambda d: d.update(version="1"), r"no valid 'version' number"),
    ("no tables", lambda d: d.pop("tables"), r"no 'tables' section"),
    ("tables list", _tables_not_object, r"no 'tables' section"),
    ("unknown table", _unknown_table, r"table 'gossip' that this version .* doesn't know"),
    ("unknown column", _set("skill", "colour", "red"), r"doesn't know the field 'colour'"),
    ("rows not list", _rows_not_list, r"'skill' should be a list of rows"),
    ("row not object", _row_not_object, r"Row 1 of 'skill' should be an object"),
    (
        "int as text",
        _set("skill", "required_level", "three"),
        r"^Row 1 of 'skill': 'required_level' should be a whole number\.$",
    ),
    ("bool as int", _set("skill", "required_level", True), r"should be a whole number"),
    ("float as int", _set("skill", "required_level", 2.5), r"should be a whole number"),
    ("huge int", _set("skill", "required_level", 2**70), r"too large"),
    ("text as number", _set("learning_activity", "cost", "12"), r"'cost' should be a number"),
    ("bool as 1", _set("interaction", "follow_up_done", 1), r"should be true or false"),
    ("text not str", _set("target", "notes", 42), r"'notes' should be text"),
    ("bad date", _set("target", "eligible_date", "24/07/2026"), r"written like 2026-03-12"),
    ("impossible date", _set("target", "eligible_date", "2026-02-30"), r"not a real date"),
    ("date only time", _set("target", "created_at", "2026-02-03"), r"date and time written"),
    ("bad enum", _set("target", "status", "Preparing"), r"'status' should be one of preparing"),
    ("enum number", _set("target", "status", 3), r"should be one of .*\(found 3\)"),
    ("null required", _set("skill", "name", None), r"'name' can't be empty"),
    ("null defaulted", _set("target", "status", None), r"'status' can't be empty"),
    ("missing required", _missing_required, r"required field 'name' is missing"),
    ("dangling reference", _dangling, r"'contact_id' refers to contact 9999, which isn't in"),
    ("duplicate id", _duplicate_id, r"id \d+ is used by another row"),
    ("duplicate unique", _duplicate_skill, r"repeats the target_id and name of row 1"),
    ("duplicate link", _duplicate_link, r"repeats the feedback_id and skill_id"),
    ("bad base64", _bad_base64, r"'resume-7f3a.pdf' is damaged"),
    ("attachments list", lambda d: d.update(attachments=[]), r"'attachments' section"),
    ("path escape", _evil_attachment_name, r"'../../escape.pdf' is not a plain file name"),
    ("lone surrogate", _lone_surrogate, r"broken character"),
]


@pytest.mark.parametrize(
    ("mutate", "message"), [(m, msg) for _, m, msg in FAILURES], ids=[n for n, _, _ in FAILURES]
)
def test_bad_document_is_refused_and_changes_nothing(
    db: Database, mutate: Callable[[dict[str, Any]], None], message: str
) -> None:
    populate(db)
    doc = export_workspace(db)
    mutate(doc)
    before = snapshot(db)
    with pytest.raises(WorkspaceImportError, match=message) as caught:
        import_workspace(db, doc)
    assert "Traceback" not in str(caught.value)
    assert caught.value.problems
    assert snapshot(db) == before


def test_many_problems_are_listed_together(db: Database) -> None:
    populate(db)
    doc = export_workspace(db)
    for row in doc["tables"]["skill"]:
        row["required_level"] = "high"
    doc["tables"]["feedback"][0]["contact_id"] = 9999
    with pytest.raises(WorkspaceImportError) as caught:
        import_workspace(db, doc)
    assert len(caught.value.problems) == len(doc["tables"]["skill"]) + 1
    assert str(caught.value).startswith(
        f"This file can't be imported ({len(caught.value.problems)}"
    )
    assert "Row 3 of 'skill': 'required_level' should be a whole number." in caught.value.problems


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "secondchance-workspace", "version": 1,', r"not valid JSON \(line 1"),
        (b"[1, 2, 3]", r"does not contain a JSON object"),
        (b'"just a string"', r"does not contain a JSON object"),
        (b"\xff\xfe\x00garbage", r"not a text file"),
        (
            b'{"format": "secondchance-workspace", "version": 1, "tables": {"x": NaN}}',
            r"'NaN'",
        ),
        (b"", r"not valid JSON"),
    ],
    ids=["truncated", "array", "string", "binary", "nan", "empty"],
)
def test_bad_file_is_refused_and_changes_nothing(
    db: Database, tmp_path: Path, content: bytes, message: str
) -> None:
    populate(db)
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = snapshot(db)
    with pytest.raises(WorkspaceImportError, match=message):
        import_workspace(db, path)
    assert snapshot(db) == before


def test_missing_file_is_a_clear_error(db: Database, tmp_path: Path) -> None:
    with pytest.raises(WorkspaceImportError, match=r"'nope\.json' could not be read"):
        import_workspace(db, tmp_path / "nope.json")


def test_byte_order_mark_is_accepted(fresh_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_minimal_document()).encode())
    assert import_workspace(fresh_db, path).counts["target"] == 1


def test_prepare_can_point_records_at_rows_already_there(fresh_db: Database) -> None:
    with fresh_db.transaction() as s:
        kept = models.Contact(name="Zoë", relationship=models.Relationship.mentor)
        s.add(kept)
        s.flush()
        kept_id = kept.id
    doc = _minimal_document()
    doc["tables"]["contact"] = [
        {"id": 7, "name": "Zoë", "relationship": "mentor"},
        {"id": 8, "name": "Ade", "relationship": "other"},
    ]
    doc["tables"]["contact_target"] = [
        {"contact_id": 7, "target_id": 1},
        {"contact_id": 8, "target_id": 1},
    ]
    seen: list[bool] = []

    def prepare(session: Any, document: dict[str, Any]) -> dict[str, dict[int, int]]:
        seen.append(session.in_transaction())
        document["tables"]["target"][0]["company"] = "Acme (2)"
        return {"contact": {7: kept_id}}

    summary = import_workspace(fresh_db, doc, prepare=prepare)

    assert seen == [True]
    assert summary.counts["contact"] == 1 and summary.counts["contact_target"] == 2
    assert summary.ids["contact"][7] == kept_id
    target_id = summary.ids["target"][1]
    with fresh_db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(models.Contact)) == 2
        assert s.get_one(models.Target, target_id).company == "Acme (2)"
        linked = s.scalars(
            select(models.contact_target.c.contact_id).where(
                models.contact_target.c.target_id == target_id
            )
        ).all()
    assert sorted(linked) == sorted([kept_id, summary.ids["contact"][8]])


def test_a_prepared_document_is_checked_too(fresh_db: Database) -> None:
    def break_it(session: Any, document: dict[str, Any]) -> dict[str, dict[int, int]]:
        document["tables"]["target"][0]["role"] = None
        return {}

    with pytest.raises(WorkspaceImportError, match="'role' can't be empty"):
        import_workspace(fresh_db, _minimal_document(), prepare=break_it)
    assert row_counts(fresh_db)["target"] == 0


def test_failure_while_writing_rolls_back_rows_and_files(
    db: Database, fresh_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(db)
    doc = export_workspace(db)
    before = snapshot(fresh_db)
    real_write = workspace_importer._write_files
    staged: list[Path] = []

    def write_then_fail(staging: Path, *args: Any) -> None:
        real_write(staging, *args)
        staged.extend(staging.iterdir())
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workspace_importer, "_write_files", write_then_fail)
    with pytest.raises(WorkspaceImportError, match="No space left on device"):
        import_workspace(fresh_db, doc)
    assert len(staged) == 2 and not any(p.exists() for p in staged)
    assert list(fresh_db.attachments_dir.iterdir()) == []
    assert snapshot(fresh_db) == before


def test_a_full_data_file_is_named_as_the_cause_not_attachments(
    fresh_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondchance.core.db import StorageError

    def full(*_a: Any, **_k: Any) -> None:
        raise StorageError("The disk is full, so your change could not be saved. Free some space.")

    monkeypatch.setattr(workspace_importer, "_write", full)
    with pytest.raises(StorageError) as caught:
        import_workspace(fresh_db, _minimal_document())
    assert "Nothing was imported. The disk is full" in str(caught.value)
    assert "attached" not in str(caught.value)


def test_database_refusal_rolls_back(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    populate(db)
    doc = _without_uuids(export_workspace(db))  # all new, so the duplicate is inserted
    before = snapshot(db)
    # Validation is bypassed for once, to prove the transaction is what keeps the data whole.
    real_validate = workspace_validate.validate_document

    def sneak_in_duplicate(document: Any) -> Any:
        plan = real_validate(document)
        plan.rows["skill"].append({**plan.rows["skill"][0], "id": 10**9})
        return plan

    monkeypatch.setattr(workspace_importer, "validate_document", sneak_in_duplicate)
    with pytest.raises(WorkspaceImportError, match="the database refused it") as caught:
        import_workspace(db, doc)
    assert "UNIQUE constraint failed" in str(caught.value)
    assert snapshot(db) == before


def test_text_the_app_would_refuse_is_refused_on_import(db: Database, tmp_path: Path) -> None:
    doc = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "tables": {
            "target": [
                {"id": 1, "company": "a\x00b", "role": "Analyst", "status": "preparing"},
            ],
            "skill": [
                {
                    "id": 1,
                    "target_id": 1,
                    "name": "SQL",
                    "category": "technical",
                    "required_level": 9,
                    "current_level": 0,
                    "importance": 2,
                },
            ],
        },
    }
    with pytest.raises(WorkspaceImportError) as caught:
        import_workspace(db, doc)
    problems = "\n".join(caught.value.problems)
    assert "Row 1 of 'target': Company contains a null character" in problems
    assert "Row 1 of 'skill': Required level should be between 0 and 5" in problems


# --- arbitrary text ---------------------------------------------------------------------

# Settings are free text, NUL included: SQLite stores it and Python reads it back exactly.
TEXT = st.text(max_size=60)
# Record fields hold what the app's own forms accept: no NUL; required ones not blank.
_NO_NUL = st.characters(exclude_characters="\x00", exclude_categories=["Cs"])
FIELD_TEXT = st.text(alphabet=_NO_NUL, max_size=60)
REQUIRED_TEXT = FIELD_TEXT.filter(lambda text: bool(text.strip()))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    company=REQUIRED_TEXT,
    notes=FIELD_TEXT,
    skill=REQUIRED_TEXT,
    feedback=REQUIRED_TEXT,
    answer=REQUIRED_TEXT,
    setting_key=TEXT,
    setting_value=TEXT,
)
@example(
    company="Łukasz & Co <b>",
    notes="👩🏽‍💻 emoji, ZWJ and skin tone",
    skill="مهارة SQL",  # right-to-left
    feedback="<script>alert('x')</script> & {\"json\": [1]} \\ \u202e",
    answer="line\r\nbreaks\ttabs\u2028\u2029 and trailing space ",
    setting_key="",
    setting_value="\x00",
)
def test_arbitrary_text_round_trips_exactly(
    template_dir: Path,
    company: str,
    notes: str,
    skill: str,
    feedback: str,
    answer: str,
    setting_key: str,
    setting_value: str,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = open_copy(template_dir, root / "a")
        target = open_copy(template_dir, root / "b")
        try:
            with source.transaction() as s:
                t = models.Target(company=company, role="role", notes=notes)
                s.add(t)
                s.flush()
                s.add(models.Skill(target_id=t.id, name=skill))
                s.add(models.Feedback(target_id=t.id, text=feedback))
                s.add(models.Question(target_id=t.id, question=answer, reflection=answer))
                s.add(models.AppSetting(key=setting_key, value=setting_value))
            write_export(source, root / "export.json")
            import_workspace(target, root / "export.json")
            with target.transaction() as s:
                got_target = s.execute(select(models.Target)).scalar_one()
                got_skill = s.execute(select(models.Skill)).scalar_one()
                got_feedback = s.execute(select(models.Feedback)).scalar_one()
                got_question = s.execute(select(models.Question)).scalar_one()
                got_setting = s.execute(select(models.AppSetting)).scalar_one()
            assert (got_target.company, got_target.notes) == (company, notes)
            assert got_skill.name == skill
            assert got_feedback.text == feedback
            assert (got_question.question, got_question.reflection) == (answer, answer)
            assert (got_setting.key, got_setting.value) == (setting_key, setting_value)
            assert got_skill.target_id == got_target.id == got_feedback.target_id
        finally:
            source.close()
            target.close()


def test_version_1_file_without_the_feedback_request_date_still_imports(
    db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    populate(db)
    doc = json.loads(json.dumps(export_workspace(db)))
    doc["version"] = 1
    for row in doc["tables"]["target"]:
        row.pop("feedback_requested_on", None)
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    summary = import_workspace(fresh_db, path)
    assert summary.counts["target"] == len(doc["tables"]["target"])
    with fresh_db.transaction() as session:
        assert session.scalars(select(models.Target.feedback_requested_on)).all() == [None] * len(
            doc["tables"]["target"]
        )


def test_feedback_request_date_survives_the_round_trip(fresh_db: Database, tmp_path: Path) -> None:
    doc = _minimal_document()
    doc["tables"]["target"][0]["feedback_requested_on"] = "2026-04-03"
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    import_workspace(fresh_db, path)
    with fresh_db.transaction() as session:
        assert session.scalars(select(models.Target.feedback_requested_on)).one() == dt.date(
            2026, 4, 3
        )


def test_version_2_file_without_the_network_and_timing_fields_still_imports(
    db: Database, fresh_db: Database, tmp_path: Path
) -> None:
    populate(db)
    doc = json.loads(json.dumps(export_workspace(db)))
    doc["version"] = 2
    new_fields = {
        "target": (
            "attempt",
            "previous_attempt_id",
            "reapplied_on",
            "reapply_stage",
            "outcome",
            "outcome_on",
            "outcome_note",
            "archived_on",
        ),
        "contact": ("quiet_until",),
    }
    for table, fields in new_fields.items():
        for row in doc["tables"][table]:
            for name in fields:
                row.pop(name, None)
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    import_workspace(fresh_db, path)
    with fresh_db.transaction() as session:
        for target in session.scalars(select(models.Target)):
            assert target.reapply_stage is models.ReapplyStage.not_yet
            assert target.outcome is models.ReapplyOutcome.pending
            assert (target.attempt, target.previous_attempt_id, target.archived_on) == (
                None,
                None,
                None,
            )


def test_attempts_and_the_reapplication_survive_the_round_trip(
    db: Database, fresh_db: Database
) -> None:
    from secondchance.core.services import attempts, records, targets

    first = targets.create_target(db, {"company": "Again Inc", "role": "Analyst"}).id
    records.update_record(
        db,
        "target",
        first,
        {
            "reapplied_on": dt.date(2026, 5, 1),
            "reapply_stage": models.ReapplyStage.final,
            "outcome": models.ReapplyOutcome.rejected_again,
            "outcome_on": dt.date(2026, 6, 1),
            "outcome_note": "Close — «again» 📉",
        },
    )
    attempts.start_next_attempt(db, first, dt.date(2026, 6, 2))
    contact = records.create_record(
        db, "contact", {"name": "Quiet", "quiet_until": dt.date(2026, 7, 1)}
    )
    assert contact.values["quiet_until"] == dt.date(2026, 7, 1)
    import_workspace(fresh_db, export_workspace(db))
    [old, new] = sorted(attempts.all_targets(fresh_db), key=lambda t: t.attempt)
    assert new.previous_id == old.id and old.kept and old.archived_on == dt.date(2026, 6, 2)
    assert (old.outcome, old.reapply_stage) == (
        models.ReapplyOutcome.rejected_again,
        models.ReapplyStage.final,
    )
    assert canonical(export_workspace(fresh_db)) == canonical(export_workspace(db))


def test_an_attempt_must_come_after_the_one_it_started_from(fresh_db: Database) -> None:
    doc = _minimal_document()
    [target] = doc["tables"]["target"]
    later = {**target, "id": target["id"] + 1, "company": "Later"}
    target["previous_attempt_id"] = later["id"]
    doc["tables"]["target"].append(later)
    with pytest.raises(WorkspaceImportError, match="must come before it in the file"):
        import_workspace(fresh_db, doc)
