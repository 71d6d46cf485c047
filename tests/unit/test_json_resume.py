"""JSON Resume in and out: the published sample round trip (import → export validates against
the shipped schema → import again gives the same records), real-world oddities (unknown
fields, missing sections, "present", "2014"), and invalid files that import nothing."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from secondchance.core.db import Database
from secondchance.core.interop import json_resume as jr
from secondchance.core.interop.json_resume.reader import level_of
from secondchance.core.interop.json_resume.schema import read_date, schema
from secondchance.core.services import field_names as F
from secondchance.core.services import preferences, records
from secondchance.core.services.changes import Create, NewId, apply_changes
from secondchance.core.services.targets import new_target

SAMPLE = Path(__file__).parent / "data" / "json_resume_sample.json"
TODAY = dt.date(2026, 3, 1)


def _sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def _target(db: Database, company: str = "Northwind") -> int:
    applied = apply_changes(db, [new_target({"company": company, "role": "Analyst"})])
    row = applied.rows[0]
    assert row is not None
    return row.id


def _experiences(db: Database, target_id: int) -> list[dict[str, Any]]:
    skill_names = {
        r.id: r.values[F.skill.name] for r in records.list_records(db, "skill", target_id)
    }
    rows = records.list_records(db, "experience", target_id)
    mapped = []
    for row in rows:
        v = row.values
        mapped.append(
            {
                "title": v[F.experience.title],
                "kind": v[F.experience.kind],
                "organisation": v[F.experience.organisation],
                "role": v[F.experience.role],
                "start": v[F.experience.start_date],
                "end": v[F.experience.end_date],
                "description": v[F.experience.description],
                "outcomes": v[F.experience.outcomes],
                "bullet": v[F.experience.resume_bullet],
                "url": v[F.experience.url],
                "skills": sorted(skill_names[i] for i in v[F.experience.skills]),
            }
        )
    return sorted(mapped, key=lambda e: e["title"])


def _skills(db: Database, target_id: int) -> list[tuple[Any, ...]]:
    return sorted(
        (r.values[F.skill.name], r.values[F.skill.current_level], r.values[F.skill.notes])
        for r in records.list_records(db, "skill", target_id)
    )


def test_the_published_sample_round_trips(db: Database) -> None:
    original = _sample()
    first = _target(db)
    result = jr.import_json_resume(db, first, original, "richard.json", TODAY)
    assert result.experiences == 3  # one job, one volunteering role, one project
    assert preferences.load(db).name == "Richard Hendriks"

    exported = jr.build(db, first, TODAY)
    jsonschema.Draft4Validator(schema()).validate(exported)  # the schema as published
    # The mapped fields say what the file said.
    work, source = exported["work"][0], original["work"][0]
    for key in ("name", "position", "startDate", "endDate", "summary", "url", "highlights"):
        assert work[key] == source[key], key
    volunteer = exported["volunteer"][0]
    for key in ("organization", "position", "startDate", "endDate", "summary", "highlights"):
        assert volunteer[key] == original["volunteer"][0][key], key
    project = exported["projects"][0]
    for key in ("name", "description", "highlights", "startDate", "endDate", "entity"):
        assert project[key] == original["projects"][0][key], key
    assert sorted(project["keywords"]) == sorted(original["projects"][0]["keywords"])
    assert project["url"] == "https://" + original["projects"][0]["url"]  # a scheme added
    skills = {s["name"]: s for s in exported["skills"]}
    for skill in original["skills"]:
        assert skills[skill["name"]]["keywords"] == skill["keywords"]

    second = _target(db, "Second")
    jr.import_json_resume(db, second, exported, "again.json", TODAY)
    assert _experiences(db, second) == _experiences(db, first)
    assert _skills(db, second) == _skills(db, first)


def test_the_whole_file_is_the_text_of_a_new_version(db: Database) -> None:
    target = _target(db)
    jr.import_json_resume(db, target, _sample(), "richard.json", TODAY)
    [version] = records.list_records(db, "resume", target)
    text = version.values[F.resume.plain_text]
    assert version.values[F.resume.label] == "From JSON Resume: richard"
    for expected in ("Richard Hendriks", "Pied Piper", "University of Oklahoma", "English"):
        assert expected in text


def test_unknown_fields_and_missing_sections_import_with_a_summary(db: Database) -> None:
    target = _target(db)
    data = {
        "$schema": "https://example.org/some-other-version.json",
        "basics": {"name": "Zoë", "email": "", "x-pronouns": "she/her"},
        "work": [
            {
                "name": "Acme <b>",
                "position": "Analyst 📊",
                "startDate": "2014",
                "endDate": "present",
                "tags": ["x"],
                "highlights": ["Cut costs 10%", "", "عربي"],
            },
            {"name": "Beta", "position": "Lead", "startDate": "2014-06", "endDate": "Summer 2019"},
        ],
        "customSection": {"anything": True},
        "meta": {"theme": "even"},
    }
    result = jr.import_json_resume(db, target, data, "mine.json", TODAY)
    notes = " ".join(result.notes)
    assert "work[].tags" in notes and "customSection" in notes and "basics.x-pronouns" in notes
    assert "work[1].endDate “Summer 2019”" in notes and "left empty" in notes
    assert "Read as still going on: work[0].endDate" in notes
    assert "2 dates given as only a year or a month were read as its first day" in notes
    rows = {e["title"]: e for e in _experiences(db, target)}
    assert rows["Analyst 📊"]["start"] == dt.date(2014, 1, 1)
    assert rows["Analyst 📊"]["end"] is None
    assert rows["Analyst 📊"]["outcomes"] == "Cut costs 10%\nعربي"
    assert rows["Analyst 📊"]["bullet"] == "Cut costs 10%"
    assert rows["Lead"]["start"] == dt.date(2014, 6, 1) and rows["Lead"]["end"] is None
    assert _skills(db, target) == []


def test_an_invalid_file_lists_its_problems_and_imports_nothing(db: Database) -> None:
    target = _target(db)
    bad = {
        "work": {"name": "not a list"},
        "skills": [{"name": 3}, {"name": "SQL", "keywords": "SQL"}],
        "basics": {"email": "not-an-address"},
    }
    with pytest.raises(jr.JsonResumeError) as caught:
        jr.import_json_resume(db, target, bad, "bad.json", TODAY)
    message = str(caught.value)
    assert "“bad.json” doesn't follow the JSON Resume format" in message
    assert "work should be a list" in message
    assert "skills[0].name should be text" in message
    assert "skills[1].keywords should be a list" in message
    assert "basics.email is not an e-mail address" in message
    for kind in ("experience", "skill", "resume"):
        assert records.list_records(db, kind, target) == []
    assert preferences.load(db).email == ""
    with pytest.raises(jr.JsonResumeError, match="should hold one object"):
        jr.plan_import(db, target, ["a", "list"], "list.json")


def test_skills_are_not_repeated_and_projects_link_them(db: Database) -> None:
    target = _target(db)
    records.create_record(db, "skill", {F.skill.name: "SQL"}, target)
    data = {
        "skills": [{"name": "sql", "level": "Master"}, {"name": "Tableau", "level": "3/5"}],
        "projects": [{"name": "Dashboards", "keywords": ["SQL", "Tableau", "Python"]}],
    }
    result = jr.import_json_resume(db, target, data, "p.json", TODAY)
    assert (result.skills_added, result.skills_reused) == (2, 1)
    assert [s[:2] for s in _skills(db, target)] == [("Python", 0), ("SQL", 0), ("Tableau", 3)]
    [project] = _experiences(db, target)
    assert project["skills"] == ["Python", "SQL", "Tableau"]
    assert project["kind"].name == "side_project"


def test_recognised_by_content_and_files_that_cant_be_read(tmp_path: Path) -> None:
    assert jr.looks_like_json_resume(_sample())
    assert jr.looks_like_json_resume({"basics": {"name": "x"}})
    assert not jr.looks_like_json_resume({"format": "secondchance-workspace", "tables": {}})
    assert not jr.looks_like_json_resume({"name": "x"})
    assert not jr.looks_like_json_resume([1, 2])
    broken = tmp_path / "broken.json"
    broken.write_text('{"basics": ', encoding="utf-8")
    with pytest.raises(jr.JsonResumeError, match=r"not valid JSON \(line 1"):
        jr.read_file(broken)
    with pytest.raises(jr.JsonResumeError, match="can't be read"):
        jr.read_file(tmp_path / "missing.json")


def test_dates_and_levels_as_other_tools_write_them() -> None:
    assert read_date("2014-06-29").day == dt.date(2014, 6, 29)
    assert read_date("2014-06").partial and read_date("2014").day == dt.date(2014, 1, 1)
    assert read_date("Present").ongoing
    for unreadable in ("2014-13", "Summer 2019", "06/2014", 2014, None):
        assert read_date(unreadable) is None
    levels = [level_of(w) for w in ("Master", "beginner", "4/5", "80%", "3", "wizard", "")]
    assert levels == [5, 1, 4, 4, 3, None, None]


def test_the_export_validates_with_nothing_but_a_profile(db: Database, tmp_path: Path) -> None:
    target = _target(db)
    out = tmp_path / "resume.json"
    summary = jr.write_json_resume(db, target, out)
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema()).validate(document)
    assert summary.sentence().startswith("Wrote a JSON Resume with your profile")


def test_a_batch_links_to_a_record_it_creates(db: Database) -> None:
    target = _target(db)
    applied = apply_changes(
        db,
        [
            Create("skill", {F.skill.name: "Kiln"}, target),
            Create(
                "experience", {F.experience.title: "Pots", F.experience.skills: [NewId(0)]}, target
            ),
        ],
    )
    skill, experience = applied.rows
    assert skill is not None and experience is not None
    assert experience.values[F.experience.skills] == [skill.id]
    with pytest.raises(ValueError, match="created no record"):
        apply_changes(
            db,
            [
                Create(
                    "experience", {F.experience.title: "x", F.experience.skills: [NewId(5)]}, target
                )
            ],
        )
    assert len(records.list_records(db, "experience", target)) == 1
    _ = copy
