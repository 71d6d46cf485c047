"""Import a JSON Resume into a target: ``work``/``volunteer``/``projects`` become experience
(highlights as outcomes, the first as its resume bullet), ``skills`` and project keywords
become skills, ``basics`` fills in the person's name and e-mail, and the whole file becomes
the text of a new resume version.

Everything is one unit of work (``records.apply_changes``): all of it or, on any error,
nothing.  This is separate from the workspace import on purpose: it adds to a target, it
never replaces anything, and it reads a format other tools write.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop.json_resume import schema
from secondchance.core.interop.json_resume.text import render
from secondchance.core.services import field_names as F
from secondchance.core.services import preferences, records
from secondchance.core.services.changes import Applied, Change, Create, NewId
from secondchance.core.services.fields import ValidationError
from secondchance.core.services.jd_vocabulary import fold, load_vocabulary
from secondchance.core.services.kinds import kind

MAX_BYTES = 50 * 1024 * 1024
_SECTIONS = ("basics", "work", "volunteer", "projects", "skills", "education")
_LEVEL_WORDS = {
    "beginner": 1, "novice": 1, "elementary": 1, "learning": 1,
    "basic": 2, "fundamental": 2, "junior": 2, "familiar": 2,
    "intermediate": 3, "competent": 3, "proficient": 3, "working": 3, "good": 3,
    "advanced": 4, "experienced": 4, "strong": 4, "fluent": 4, "senior": 4,
    "expert": 5, "master": 5, "native": 5,
}  # fmt: skip
_UNMAPPED = {
    "education": "education",
    "awards": "awards",
    "certificates": "certificates",
    "publications": "publications",
    "languages": "languages",
    "interests": "interests",
    "references": "references",
}


def looks_like_json_resume(data: Any) -> bool:
    """A JSON Resume, told by its content: an object with its sections and not a workspace."""
    if not isinstance(data, dict) or "tables" in data or "format" in data:
        return False
    return any(isinstance(data.get(key), dict | list) for key in _SECTIONS)


def read_file(path: Path) -> Any:
    """The parsed JSON of ``path``; raises JsonResumeError in one sentence."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise schema.JsonResumeError(
                f"“{path.name}” is larger than 50 MB, too large to import."
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise schema.JsonResumeError(f"“{path.name}” can't be read ({exc.strerror}).") from exc
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise schema.JsonResumeError(f"“{path.name}” is not a text file in UTF-8.") from exc
    except json.JSONDecodeError as exc:
        raise schema.JsonResumeError(
            f"“{path.name}” is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg.lower()})."
        ) from exc


def level_of(word: Any) -> int | None:
    """A JSON Resume skill level ("Advanced", "4/5", "80%") on the app's 0–5 scale."""
    if not isinstance(word, str) or not word.strip():
        return None
    text = word.strip().casefold()
    fraction = re.fullmatch(r"(\d+(?:\.\d+)?)\s*/\s*(\d+)", text)
    if fraction and float(fraction.group(2)) > 0:
        return max(0, min(5, round(5 * float(fraction.group(1)) / float(fraction.group(2)))))
    percent = re.fullmatch(r"(\d{1,3})\s*%", text)
    if percent:
        return max(0, min(5, round(int(percent.group(1)) / 20)))
    if text.isdigit():
        return max(0, min(5, int(text)))
    for key, level in _LEVEL_WORDS.items():
        if re.search(rf"\b{key}\b", text):
            return level
    return None


@dataclass
class ImportPlan:
    """What an import will do: the changes (one unit of work), the person's details to fill
    in, and the notes to show."""

    target_id: int
    changes: list[Change] = field(default_factory=list)
    person_name: str | None = None
    person_email: str | None = None
    notes: list[str] = field(default_factory=list)
    experiences: int = 0
    skills_added: int = 0
    skills_reused: int = 0
    version_label: str = ""


@dataclass(frozen=True)
class ImportResult:
    target_id: int
    applied: Applied
    experiences: int
    skills_added: int
    skills_reused: int
    version_label: str
    notes: tuple[str, ...]

    def sentence(self) -> str:
        skills = f"{self.skills_added} new skill{'s' if self.skills_added != 1 else ''}"
        if self.skills_reused:
            skills += f" ({self.skills_reused} you already track linked, not repeated)"
        plural = "s" if self.experiences != 1 else ""
        return (
            f"Imported {self.experiences} experience{plural}, {skills} and a new resume "
            f"version “{self.version_label}”."
        )


def _str(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _lines(values: Any) -> list[str]:
    return [_str(v) for v in values if _str(v)] if isinstance(values, list) else []


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_BARE_HOST = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$")


def _url(value: Any) -> str:
    """A web address; "example.com/me" (no scheme, as people type it) gets https://."""
    text = _str(value)
    return f"https://{text}" if text and "://" not in text and _BARE_HOST.match(text) else text


def _date(value: Any) -> dt.date | None:
    read = schema.read_date(value)
    return read.day if read is not None else None


class _Planner:
    def __init__(self, db: Database, target_id: int, today: dt.date) -> None:
        self.today = today
        self.plan = ImportPlan(target_id)
        with db.transaction() as session:
            if session.get(m.Target, target_id) is None:
                raise records.RecordNotFound(kind("target"), target_id)
            self.skills: dict[str, int | NewId] = {
                fold(s.name): s.id
                for s in session.scalars(select(m.Skill).where(m.Skill.target_id == target_id))
            }
        self.reused: set[int] = set()
        self.vocabulary = load_vocabulary()

    def add(self, change: Change) -> NewId:
        self.plan.changes.append(change)
        return NewId(len(self.plan.changes) - 1)

    def skill(self, name: str, level: int | None = None, notes: str | None = None) -> Any:
        name = _clip(_str(name), kind("skill").field(F.skill.name).max_length or 200)
        if not name:
            return None
        key = fold(name)
        if key in self.skills:
            found = self.skills[key]
            if isinstance(found, int) and found not in self.reused:
                self.reused.add(found)
                self.plan.skills_reused += 1
            return found
        known = self.vocabulary.find(name)
        values: dict[str, Any] = {
            F.skill.name: name,
            F.skill.category: known.category if known else m.SkillCategory.technical.name,
        }
        if level is not None:
            values[F.skill.current_level] = level
        if notes:
            values[F.skill.notes] = notes
        ref = self.add(Create("skill", values, self.plan.target_id))
        self.skills[key] = ref
        self.plan.skills_added += 1
        return ref

    def experience(self, where: str, values: dict[str, Any], skills: list[Any]) -> None:
        values = {k: v for k, v in values.items() if v not in (None, "", [])}
        values[F.experience.skills] = [s for s in dict.fromkeys(skills) if s is not None]
        links = values.pop(F.experience.skills)
        for _ in range(len(values)):
            try:
                records.clean("experience", values)
                break
            except ValidationError as exc:
                bad = [name for name in exc.errors if name in values and name != F.experience.title]
                if not bad:
                    self.plan.notes.append(
                        f"{where} was left out: {next(iter(exc.errors.values()))}."
                    )
                    return
                for name in bad:
                    self.plan.notes.append(f"{where}: {exc.errors[name]}; left empty.")
                    values.pop(name)
        values[F.experience.skills] = links
        self.add(Create("experience", values, self.plan.target_id))
        self.plan.experiences += 1


def _highlights(values: dict[str, Any], highlights: list[str]) -> None:
    if highlights:
        values[F.experience.outcomes] = "\n".join(highlights)
        values[F.experience.resume_bullet] = highlights[0]


def _project_kind(type_text: str) -> m.ExperienceKind:
    text = type_text.casefold()
    for member in (
        m.ExperienceKind.course_project,
        m.ExperienceKind.freelance,
        m.ExperienceKind.volunteer,
        m.ExperienceKind.work_project,
    ):
        if member.name.split("_")[0] in text or member.label.casefold() in text:
            return member
    return m.ExperienceKind.side_project


def plan_import(
    db: Database,
    target_id: int,
    data: Any,
    source_name: str,
    today: dt.date | None = None,
) -> ImportPlan:
    """The changes that import ``data`` (a parsed JSON Resume) into the target; raises
    JsonResumeError (with the schema's complaints in plain words) and changes nothing."""
    cleaned = schema.clean(data)
    schema.check(cleaned.document, f"“{source_name}”")
    doc = cleaned.document
    planner = _Planner(db, target_id, today or dt.date.today())
    plan = planner.plan

    for index, skill in enumerate(doc.get("skills", [])):
        keywords = _lines(skill.get("keywords"))
        note = f"Keywords: {', '.join(keywords)}" if keywords else None
        if planner.skill(skill.get("name", ""), level_of(skill.get("level")), note) is None:
            plan.notes.append(f"skills[{index}] has no name, so it was left out.")

    sections = (
        ("work", "name", m.ExperienceKind.work_project),
        ("volunteer", "organization", m.ExperienceKind.volunteer),
    )
    for section, org, member in sections:
        for index, entry in enumerate(doc.get(section, [])):
            position = _str(entry.get("position"))
            title = position or _str(entry.get(org)) or section.capitalize()
            values: dict[str, Any] = {
                F.experience.title: _clip(title, 300),
                F.experience.kind: member.name,
                F.experience.organisation: _str(entry.get(org)),
                F.experience.role: position,
                F.experience.start_date: _date(entry.get("startDate")),
                F.experience.end_date: _date(entry.get("endDate")),
                F.experience.description: (entry.get("summary") or "").strip()
                or (entry.get("description") or "").strip(),
                F.experience.url: _url(entry.get("url")),
            }
            _highlights(values, _lines(entry.get("highlights")))
            planner.experience(f"{section}[{index}]", values, [])

    for index, project in enumerate(doc.get("projects", [])):
        name = _str(project.get("name")) or _str(project.get("description"))[:80] or "Project"
        values = {
            F.experience.title: _clip(name, 300),
            F.experience.kind: _project_kind(_str(project.get("type"))).name,
            F.experience.organisation: _str(project.get("entity")),
            F.experience.role: ", ".join(_lines(project.get("roles"))),
            F.experience.start_date: _date(project.get("startDate")),
            F.experience.end_date: _date(project.get("endDate")),
            F.experience.description: (project.get("description") or "").strip(),
            F.experience.url: _url(project.get("url")),
        }
        _highlights(values, _lines(project.get("highlights")))
        links = [planner.skill(word) for word in _lines(project.get("keywords"))]
        planner.experience(f"projects[{index}]", values, links)

    basics = doc.get("basics", {})
    plan.person_name = _str(basics.get("name")) or None
    plan.person_email = _str(basics.get("email")) or None
    label = _clip(f"From JSON Resume: {Path(source_name).stem or source_name}", 200)
    plan.version_label = label
    planner.add(
        Create(
            "resume",
            {
                F.resume.label: label,
                F.resume.created_on: planner.today,
                F.resume.plain_text: render(data if isinstance(data, dict) else doc),
                F.resume.change_notes: f"Imported from the JSON Resume file “{source_name}”.",
            },
            target_id,
        )
    )
    plan.notes.extend(_set_aside_notes(cleaned, doc))
    return plan


def _set_aside_notes(cleaned: schema.Cleaned, doc: Mapping[str, Any]) -> list[str]:
    notes: list[str] = []
    if cleaned.ignored:
        shown = [
            f"{path} ({count}×)" if count > 1 else path
            for path, count in list(cleaned.ignored.items())[:8]
        ]
        more = len(cleaned.ignored) - len(shown)
        notes.append(
            "Ignored fields the JSON Resume format doesn't have: "
            + ", ".join(shown)
            + (f" and {more} more" if more > 0 else "")
            + "."
        )
    kept = [word for key, word in _UNMAPPED.items() if doc.get(key)]
    if kept:
        listed = ", ".join(kept[:-1]) + (" and " if len(kept) > 1 else "") + kept[-1]
        notes.append(
            f"The {listed} are kept in the text of the new resume version (they have no list "
            "of their own here)."
        )
    if cleaned.unreadable_dates:
        notes.append(
            "These dates could not be read and were left empty: "
            + ", ".join(cleaned.unreadable_dates[:8])
            + "."
        )
    if cleaned.ongoing:
        notes.append(f"Read as still going on: {', '.join(cleaned.ongoing[:8])}.")
    if cleaned.partial_dates:
        n = cleaned.partial_dates
        notes.append(
            f"{n} date{'s' if n != 1 else ''} given as only a year or a month "
            f"{'were' if n != 1 else 'was'} read as its first day."
        )
    return notes


def fill_in_person(db: Database, plan: ImportPlan) -> str | None:
    """Your name and e-mail from the file, where Preferences has none yet; a note, if any."""
    current = preferences.load(db)
    name = current.name or plan.person_name or ""
    email = current.email or plan.person_email or ""
    filled = [
        what
        for what, before, after in (("name", current.name, name), ("e-mail", current.email, email))
        if before != after
    ]
    if not filled:
        if plan.person_name and plan.person_name != current.name:
            return f"Your name in Preferences was kept (the file says “{plan.person_name}”)."
        return None
    try:
        preferences.save(db, name, email)
    except ValidationError:
        return "The name or e-mail in the file couldn't be used for Preferences; set them there."
    verb = "were" if len(filled) > 1 else "was"
    return f"Your {' and '.join(filled)} in Preferences {verb} filled in from the file."


def import_json_resume(
    db: Database,
    target_id: int,
    data: Any,
    source_name: str,
    today: dt.date | None = None,
) -> ImportResult:
    """Plan and apply the import as one unit of work, then fill in the person's details."""
    plan = plan_import(db, target_id, data, source_name, today)
    applied = records.apply_changes(db, plan.changes, today)
    notes = list(plan.notes)
    person = fill_in_person(db, plan)
    if person:
        notes.append(person)
    return ImportResult(
        target_id=target_id,
        applied=applied,
        experiences=plan.experiences,
        skills_added=plan.skills_added,
        skills_reused=plan.skills_reused,
        version_label=plan.version_label,
        notes=tuple(notes),
    )
