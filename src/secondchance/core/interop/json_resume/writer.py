"""Export a target's experience, skills and the person's profile as a JSON Resume (schema
1.0), checked against the shipped schema before it is written, so that any JSON Resume theme
or resume builder can render it.

Experience whose title is its role (a job: "Operations Analyst" at a company) goes to
``work``; volunteering to ``volunteer``; every other project (a work project, a side project,
a course project) to ``projects``, with its skills as keywords.  Highlights are the resume
bullet first, then each line of the outcomes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.fileio import write_text
from secondchance.core.interop.json_resume.schema import SCHEMA_VERSION, check
from secondchance.core.services import preferences
from secondchance.core.services.kinds import kind
from secondchance.core.services.records import RecordNotFound

LEVEL_WORDS = {1: "Beginner", 2: "Basic", 3: "Intermediate", 4: "Advanced", 5: "Expert"}
_KEYWORDS = re.compile(r"^\s*Keywords:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_JOBS = (m.ExperienceKind.work_project, m.ExperienceKind.freelance)


@dataclass(frozen=True)
class JsonResumeExport:
    path: Path
    work: int
    volunteer: int
    projects: int
    skills: int

    def sentence(self) -> str:
        parts = [
            f"{n} {one if n == 1 else many}"
            for n, one, many in (
                (self.work, "job", "jobs"),
                (self.volunteer, "volunteering role", "volunteering roles"),
                (self.projects, "project", "projects"),
                (self.skills, "skill", "skills"),
            )
            if n
        ]
        listed = ", ".join(parts) if parts else "your profile"
        return f"Wrote a JSON Resume with {listed} to {self.path}"


def _put(entry: dict[str, Any], key: str, value: Any) -> None:
    if isinstance(value, str):
        value = value.strip()
    if value not in (None, "", []):
        entry[key] = value


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def highlights(bullet: str | None, outcomes: str | None) -> list[str]:
    lines = [*(bullet or "").splitlines(), *(outcomes or "").splitlines()]
    cleaned = [" ".join(line.split()).lstrip("-•* ").strip() for line in lines]
    return list(dict.fromkeys(line for line in cleaned if line))


def keywords_of(notes: str | None) -> list[str]:
    match = _KEYWORDS.search(notes or "")
    if match is None:
        return []
    return [w.strip() for w in match.group(1).split(",") if w.strip()]


def _is_job(x: m.Experience) -> bool:
    role = " ".join((x.role or "").split()).casefold()
    return x.kind in _JOBS and (not role or role == " ".join(x.title.split()).casefold())


def _experience(x: m.Experience) -> tuple[str, dict[str, Any]]:
    entry: dict[str, Any] = {}
    found = highlights(x.resume_bullet, x.outcomes)
    if x.kind is m.ExperienceKind.volunteer:
        _put(entry, "organization", x.organisation)
        _put(entry, "position", x.role or x.title)
        section = "volunteer"
    elif _is_job(x):
        _put(entry, "name", x.organisation)
        _put(entry, "position", x.role or x.title)
        section = "work"
    else:
        _put(entry, "name", x.title)
        _put(entry, "entity", x.organisation)
        _put(entry, "roles", [x.role.strip()] if x.role and x.role.strip() else [])
        _put(entry, "type", x.kind.label)
        _put(entry, "keywords", [s.name for s in x.skills])
        section = "projects"
    _put(entry, "description" if section == "projects" else "summary", x.description)
    _put(entry, "url", x.url)
    _put(entry, "startDate", _day(x.start_date))
    _put(entry, "endDate", _day(x.end_date))
    _put(entry, "highlights", found)
    return section, entry


def build(db: Database, target_id: int, today: dt.date | None = None) -> dict[str, Any]:
    """The target's JSON Resume document (checked against the schema)."""
    person = preferences.load(db)
    document: dict[str, Any] = {}
    basics: dict[str, Any] = {}
    _put(basics, "name", person.name)
    _put(basics, "email", person.email)
    if basics:
        document["basics"] = basics
    with db.transaction() as session:
        if session.get(m.Target, target_id) is None:
            raise RecordNotFound(kind("target"), target_id)
        experiences = session.scalars(
            select(m.Experience)
            .where(m.Experience.target_id == target_id)
            .options(selectinload(m.Experience.skills))
        ).all()
        for x in sorted(
            experiences, key=lambda x: (x.start_date or dt.date.min, x.id), reverse=True
        ):
            section, entry = _experience(x)
            document.setdefault(section, []).append(entry)
        skills = session.scalars(select(m.Skill).where(m.Skill.target_id == target_id)).all()
        for s in sorted(skills, key=lambda s: (-s.importance, s.name.casefold())):
            entry = {"name": s.name}
            _put(entry, "level", LEVEL_WORDS.get(s.current_level))
            _put(entry, "keywords", keywords_of(s.notes))
            document.setdefault("skills", []).append(entry)
    moment = dt.datetime.combine(today or dt.date.today(), dt.time())
    document["meta"] = {"version": SCHEMA_VERSION, "lastModified": moment.isoformat()}
    check(document, "The exported resume")
    return document


def write_json_resume(db: Database, target_id: int, out: Path) -> JsonResumeExport:
    """Write the target's JSON Resume to ``out`` (atomically); raises OSError or ValueError."""
    document = build(db, target_id)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_text(out, text)
    return JsonResumeExport(
        path=out.resolve(),
        work=len(document.get("work", [])),
        volunteer=len(document.get("volunteer", [])),
        projects=len(document.get("projects", [])),
        skills=len(document.get("skills", [])),
    )
