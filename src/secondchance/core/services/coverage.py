"""Keyword coverage that counts proof: what the posting asks for, what the resume says, and
what the person can show.

The posting and the resume are read by the same scanner (``jd_scanner``).  Each skill the
posting asks for is in one of four states:

- ``in_resume_proven``: the resume names it and a completed activity, an experience or a
  portfolio item backs it;
- ``proven_missing``: the proof is there but the resume doesn't say so ("add it", with the
  experience's resume bullet that would show it);
- ``in_resume_unproven``: the resume names it with nothing behind it yet ("be ready to back
  this in the interview");
- ``absent``.

The coverage figure weighs each skill by how much the posting asks for it: an emphasised
must-have ("strong SQL") 3, a must-have 2, a nice-to-have 1.  A skill the resume names counts
fully when it is proven and half when it is not: a claim that can't be backed yet is only
half a claim.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services.jd_scanner import (
    HIGH_LEVEL,
    Finding,
    Vocabulary,
    load_vocabulary,
    scan_job_description,
    skill_mentions,
)
from secondchance.core.services.kinds import kind
from secondchance.core.services.records import RecordNotFound


class State(enum.Enum):
    in_resume_proven = "In the resume and proven"
    proven_missing = "Proven, missing from the resume"
    in_resume_unproven = "In the resume, not proven yet"
    absent = "Not in the resume"

    @property
    def label(self) -> str:
        return str(self.value)

    @property
    def advice(self) -> str:
        return _ADVICE[self]

    @property
    def in_resume(self) -> bool:
        return self in (State.in_resume_proven, State.in_resume_unproven)


_ADVICE = {
    State.in_resume_proven: "Keep it.",
    State.proven_missing: "Add it: you can show it.",
    State.in_resume_unproven: "Be ready to back this in the interview.",
    State.absent: "A gap to close, or leave out.",
}
_CREDIT = {
    State.in_resume_proven: 1.0,
    State.in_resume_unproven: 0.5,
    State.proven_missing: 0.0,
    State.absent: 0.0,
}


class CoverageUnavailable(ValueError):
    """Coverage can't be worked out yet; the message says what to add first."""


@dataclass(frozen=True)
class Proof:
    kind: Literal["activity", "experience", "portfolio"]
    id: int
    title: str
    bullet: str | None = None  # an experience's resume bullet


@dataclass(frozen=True)
class SkillCoverage:
    name: str
    category: str
    must_have: bool
    weight: int
    state: State
    sentence: str  # where the posting asks for it
    proof: tuple[Proof, ...]
    before: State | None = None  # in the version compared with

    @property
    def suggestion(self) -> str | None:
        """The resume bullet that would show this skill, for a proven skill the resume
        leaves out."""
        if self.state is not State.proven_missing:
            return None
        return next((p.bullet for p in self.proof if p.bullet), None)


@dataclass(frozen=True)
class VersionRef:
    id: int
    label: str
    sent_on: dt.date | None
    percent: int


@dataclass(frozen=True)
class Coverage:
    target_id: int
    version: VersionRef
    skills: tuple[SkillCoverage, ...]
    compared_with: VersionRef | None = None  # the version sent last time

    @property
    def percent(self) -> int:
        return self.version.percent

    def count(self, state: State) -> int:
        return sum(1 for s in self.skills if s.state is state)

    @property
    def change_line(self) -> str:
        """ "Coverage 25% → 52% since the version sent on 30 September 2025"."""
        if self.compared_with is None:
            return f"Coverage {self.percent}%"
        from secondchance.core.dates import long_date

        before = self.compared_with
        when = f" sent on {long_date(before.sent_on)}" if before.sent_on else ""
        return f"Coverage {before.percent}% → {self.percent}% since “{before.label}”{when}"


# --- the pure part: findings, text and proof → states ----------------------------------


def weight_of(finding: Finding) -> int:
    if not finding.must_have:
        return 1
    return 3 if finding.suggested_level >= HIGH_LEVEL else 2


def _state(in_resume: bool, proven: bool) -> State:
    if in_resume:
        return State.in_resume_proven if proven else State.in_resume_unproven
    return State.proven_missing if proven else State.absent


def assess(
    findings: Iterable[Finding],
    resume_text: str,
    proof: Mapping[str, tuple[Proof, ...]],
    vocabulary: Vocabulary | None = None,
) -> tuple[tuple[SkillCoverage, ...], int]:
    """Each finding's state for ``resume_text``, and the weighted coverage in percent."""
    named = skill_mentions(resume_text, vocabulary)
    skills: list[SkillCoverage] = []
    total = earned = 0.0
    for finding in findings:
        backing = proof.get(finding.name, ())
        state = _state(finding.name in named, bool(backing))
        weight = weight_of(finding)
        total += weight
        earned += weight * _CREDIT[state]
        skills.append(
            SkillCoverage(
                name=finding.name,
                category=finding.category,
                must_have=finding.must_have,
                weight=weight,
                state=state,
                sentence=finding.sentence,
                proof=backing,
            )
        )
    percent = round(100 * earned / total) if total else 0
    return tuple(skills), percent


# --- reading the proof -----------------------------------------------------------------

_QUALIFIER = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _primary_skills(name: str, vocabulary: Vocabulary | None) -> set[str]:
    """The vocabulary skills a tracked skill stands for: "Data visualisation (Tableau)" is
    data visualisation, and its qualifier in brackets is not proven by the same evidence."""
    outside = _QUALIFIER.sub(" ", name)
    found = set(skill_mentions(outside, vocabulary)) if outside.strip() else set()
    return found or set(skill_mentions(name, vocabulary))


def _texts(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


class _Proofs:
    """Skill name → its proofs in the order first met, each once (a dict keeps the order and
    finds a repeat in O(1): a list's ``in`` made this quadratic at 100k records)."""

    def __init__(self) -> None:
        self.by_skill: dict[str, dict[Proof, None]] = defaultdict(dict)

    def add(self, names: Iterable[str], proof: Proof) -> None:
        for name in names:
            self.by_skill[name].setdefault(proof, None)

    def frozen(self) -> dict[str, tuple[Proof, ...]]:
        return {name: tuple(items) for name, items in self.by_skill.items() if items}


def _links(session: Session, link: Table, owner_name: str, target_id: int) -> dict[int, list[int]]:
    """Owner id → the tracked skill ids linked to it, for the target's owners."""
    owner = link.metadata.tables[owner_name]
    owner_id = link.c[f"{owner_name}_id"]
    rows = session.execute(
        select(owner_id, link.c.skill_id)
        .join(owner, owner.c.id == owner_id)
        .where(owner.c.target_id == target_id)
    )
    found: dict[int, list[int]] = defaultdict(list)
    for record_id, skill_id in rows:
        found[record_id].append(skill_id)
    return found


def proof_count(db: Database, target_id: int) -> int:
    """How many records ``read_proof`` would scan for skills: a window decides by it
    whether coverage is worked out where it is or off the GUI thread."""
    a, x, p = m.LearningActivity, m.Experience, m.PortfolioItem
    with db.transaction() as session:
        return sum(
            int(session.execute(stmt).scalar_one())
            for stmt in (
                select(func.count(a.id)).where(
                    a.target_id == target_id, a.status == m.ActivityStatus.done
                ),
                select(func.count(x.id)).where(x.target_id == target_id),
                select(func.count(p.id)).where(p.target_id == target_id),
            )
        )


def read_proof(
    db: Database, target_id: int, vocabulary: Vocabulary | None = None
) -> dict[str, tuple[Proof, ...]]:
    """Vocabulary skill name → what backs it: a completed activity, an experience or a
    portfolio item that names it, or that is linked to a tracked skill standing for it."""
    proofs = _Proofs()
    # Plain rows, not ORM objects: only a few columns are read, and 100k records must stay quick.
    a, x, p = m.LearningActivity, m.Experience, m.PortfolioItem
    with db.transaction() as session:
        tracked_names: dict[int, str] = {
            skill_id: name
            for skill_id, name in session.execute(
                select(m.Skill.id, m.Skill.name).where(m.Skill.target_id == target_id)
            )
        }
        done = session.execute(
            select(a.id, a.title, a.notes, a.skill_id)
            .where(a.target_id == target_id, a.status == m.ActivityStatus.done)
            .order_by(a.id)
        ).all()
        experiences = session.execute(
            select(x.id, x.title, x.description, x.outcomes, x.resume_bullet)
            .where(x.target_id == target_id)
            .order_by(x.id)
        ).all()
        items = session.execute(
            select(p.id, p.title, p.description).where(p.target_id == target_id).order_by(p.id)
        ).all()
        experience_skills = _links(session, m.experience_skill, "experience", target_id)
        item_skills = _links(session, m.portfolio_skill, "portfolio_item", target_id)
    tracked: dict[int, set[str]] = {}

    def standing_for(skill_id: int) -> set[str]:
        # Worked out for linked skills only, once each: a target may track thousands.
        if skill_id not in tracked:
            name = tracked_names.get(skill_id)
            tracked[skill_id] = _primary_skills(name, vocabulary) if name is not None else set()
        return tracked[skill_id]

    for activity_id, title, notes, skill_id in done:
        proof = Proof("activity", activity_id, title)
        proofs.add(skill_mentions(_texts(title, notes), vocabulary), proof)
        if skill_id is not None:
            proofs.add(standing_for(skill_id), proof)
    # Experiences with a bullet first: they are what a resume can use.
    for e in sorted(experiences, key=lambda e: not (e.resume_bullet or "").strip()):
        bullet = (e.resume_bullet or "").strip() or None
        proof = Proof("experience", e.id, e.title, bullet)
        text = _texts(e.title, e.description, e.outcomes, e.resume_bullet)
        proofs.add(skill_mentions(text, vocabulary), proof)
        for linked in experience_skills.get(e.id, ()):
            proofs.add(standing_for(linked), proof)
    for item in items:
        proof = Proof("portfolio", item.id, item.title)
        proofs.add(skill_mentions(_texts(item.title, item.description), vocabulary), proof)
        for linked in item_skills.get(item.id, ()):
            proofs.add(standing_for(linked), proof)
    return proofs.frozen()


# --- one version against the target's posting ------------------------------------------


def _versions(db: Database, target_id: int) -> tuple[str, list[m.ResumeVersion]]:
    with db.transaction() as session:
        target = session.get(m.Target, target_id)
        if target is None:
            raise RecordNotFound(kind("target"), target_id)
        versions = list(
            session.scalars(select(m.ResumeVersion).where(m.ResumeVersion.target_id == target_id))
        )
        for version in versions:
            session.expunge(version)
        return target.job_description or "", versions


def _newest_first(v: m.ResumeVersion) -> tuple[dt.date, int]:
    return (v.created_on or dt.date.min, v.id)


def last_sent(
    versions: Iterable[m.ResumeVersion], before: m.ResumeVersion
) -> m.ResumeVersion | None:
    """The version sent most recently, other than ``before`` (and not sent after it)."""
    sent = [v for v in versions if v.sent_on is not None and v.id != before.id]
    if before.sent_on is not None:
        sent = [v for v in sent if v.sent_on is not None and v.sent_on <= before.sent_on]
    if not sent:
        return None
    return max(sent, key=lambda v: (v.sent_on or dt.date.min, v.id))


def find_version(versions: list[m.ResumeVersion], label: str) -> m.ResumeVersion:
    """A version by its label (case-insensitive; a unique part of it will do)."""
    wanted = label.strip().casefold()
    exact = [v for v in versions if v.label.casefold() == wanted]
    matches = exact or [v for v in versions if wanted in v.label.casefold()]
    if len(matches) == 1:
        return matches[0]
    names = "; ".join(f"“{v.label}”" for v in sorted(versions, key=_newest_first, reverse=True))
    if matches:
        raise CoverageUnavailable(f"“{label}” matches more than one version: {names}.")
    raise CoverageUnavailable(f"No resume version is called “{label}”. The versions are: {names}.")


def coverage_for(
    db: Database,
    target_id: int,
    version_id: int | None = None,
    label: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> Coverage:
    """Coverage of one resume version (by id, by label, else the newest) against the
    target's job description, compared with the version sent last time.

    Raises CoverageUnavailable (what to add first) or RecordNotFound.
    """
    posting, versions = _versions(db, target_id)
    if not posting.strip():
        raise CoverageUnavailable(
            "Paste the job description into the target first (Target ▸ Edit): coverage "
            "compares your resume with what the posting asks for."
        )
    if not versions:
        raise CoverageUnavailable(
            "Add a resume version first, with its text: coverage compares it with the posting."
        )
    if version_id is not None:
        version = next((v for v in versions if v.id == version_id), None)
        if version is None:
            raise RecordNotFound(kind("resume"), version_id)
    elif label is not None:
        version = find_version(versions, label)
    else:
        version = max(versions, key=_newest_first)
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    findings = scan_job_description(posting, vocabulary=vocab)
    if not findings:
        raise CoverageUnavailable(
            "The job description names no skill this app knows, so there is nothing to "
            "compare. Add the skills by hand on the Skills tab."
        )
    if not (version.plain_text or "").strip():
        raise CoverageUnavailable(
            f"“{version.label}” has no text yet: attach its PDF or Word file, or paste its "
            "text, and coverage can be worked out."
        )
    proof = read_proof(db, target_id, vocab)
    skills, percent = assess(findings, version.plain_text or "", proof, vocab)
    compared: VersionRef | None = None
    sent = last_sent(versions, version)
    if sent is not None and (sent.plain_text or "").strip():
        before, before_percent = assess(findings, sent.plain_text or "", proof, vocab)
        states = {s.name: s.state for s in before}
        skills = tuple(dataclasses.replace(s, before=states.get(s.name)) for s in skills)
        compared = VersionRef(sent.id, sent.label, sent.sent_on, before_percent)
    return Coverage(
        target_id=target_id,
        version=VersionRef(version.id, version.label, version.sent_on, percent),
        skills=tuple(sorted(skills, key=_order)),
        compared_with=compared,
    )


_STATE_ORDER = {
    State.proven_missing: 0,  # the quickest win first
    State.in_resume_unproven: 1,
    State.absent: 2,
    State.in_resume_proven: 3,
}


def _order(s: SkillCoverage) -> tuple[int, int, str]:
    return (_STATE_ORDER[s.state], -s.weight, s.name.casefold())
