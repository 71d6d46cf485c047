"""The growth ledger: what the company said → what I did about it → the proof.

For every feedback item of a target: the skills it points to, and for each skill the
development activities and experiences that work on it, with their status and evidence,
plus plain sentences about what is still open.  The Feedback tab shows it as a tree and
the packet prints it; both read this one structure, so they can't tell different stories.

The chain goes through skills on purpose (DESIGN: feedback ↔ skills, activities → skill,
experiences ↔ skills): linking evidence to a feedback item means linking both to a skill,
so the same course also shows up under the skill's gap and in the plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secondchance.core import models as m
from secondchance.core.collation import text_sort_key
from secondchance.core.dates import medium_date
from secondchance.core.db import Database
from secondchance.core.services.attachments import display_name
from secondchance.core.services.record_rows import plain_rows


@dataclass(frozen=True, slots=True)
class Evidence:
    kind: Literal["activity", "experience"]
    id: int
    title: str
    status: str  # "Planned", "In progress", "Done", "Dropped"; experiences "Ongoing"/"Done"
    done: bool
    dropped: bool
    date: dt.date | None  # completed_on / end_date
    proof: str | None  # evidence URL, attached file's display name, or the experience's URL


@dataclass(frozen=True, slots=True)
class LedgerSkill:
    id: int
    name: str
    required_level: int
    current_level: int
    importance: int
    gap: int  # max(required - current, 0)
    evidence: tuple[Evidence, ...]

    @property
    def done_evidence(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.done)


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    feedback_id: int
    received_on: dt.date | None
    source: str
    theme: str
    text: str
    status: str
    addressed: bool
    response: str | None
    round: str | None
    skills: tuple[LedgerSkill, ...]
    still_open: tuple[str, ...]  # plain sentences about what is still open

    @property
    def complete(self) -> bool:
        """Addressed, with nothing left open: the chain is whole."""
        return self.addressed and not self.still_open


@dataclass(frozen=True, slots=True)
class Ledger:
    target_id: int
    entries: tuple[LedgerEntry, ...]

    @property
    def open_count(self) -> int:
        return sum(1 for e in self.entries if not e.complete)


def _levels(n: int) -> str:
    return f"{n} level" if n == 1 else f"{n} levels"


def _round_label(r: Any) -> str:  # a round's row (or model object)
    if r.date is None:
        return f"{r.stage.label} round"
    return f"{r.stage.label} round, {medium_date(r.date)}"


def _activity_evidence(a: Any) -> Evidence:  # an activity's row (or model object)
    proof = a.evidence_url or (display_name(a.evidence_file) if a.evidence_file else None)
    return Evidence(
        kind="activity",
        id=a.id,
        title=a.title,
        status=a.status.label,
        done=a.status is m.ActivityStatus.done,
        dropped=a.status is m.ActivityStatus.dropped,
        date=a.completed_on if a.status is m.ActivityStatus.done else a.due_date,
        proof=proof,
    )


def _experience_evidence(x: Any, today: dt.date) -> Evidence:
    done = x.end_date is not None and x.end_date <= today
    return Evidence(
        kind="experience",
        id=x.id,
        title=x.title,
        status="Done" if done else "Ongoing",
        done=done,
        dropped=False,
        date=x.end_date,
        proof=x.url,
    )


def _skill_still_open(skill: LedgerSkill) -> str | None:
    if skill.gap == 0:
        return None
    live = [e for e in skill.evidence if not e.dropped]
    level = f"level {skill.current_level} of {skill.required_level}"
    if not live:
        return f"{skill.name}: no plan yet ({level})."
    if not any(e.done for e in live):
        return f"{skill.name}: work under way, nothing finished yet ({level})."
    return f"{skill.name}: still {_levels(skill.gap)} short ({level})."


def _entry_still_open(
    feedback: Any, skills: tuple[LedgerSkill, ...], skill_notes: list[str | None]
) -> tuple[str, ...]:
    """``skill_notes``: ``_skill_still_open`` of each of ``skills``."""
    notes: list[str] = []
    if not skills:
        notes.append("No skill linked yet: link the skill this feedback points to.")
    notes.extend(note for note in skill_notes if note is not None)
    # The same rule as the readiness score's evidence: a completed activity, or any
    # experience (a side project under way already shows the skill in use).
    if skills and not any(e.done or e.kind == "experience" for s in skills for e in s.evidence):
        notes.append("No completed activity or experience to show as evidence yet.")
    if feedback.status is not m.FeedbackStatus.addressed:
        notes.append(f"Marked “{feedback.status.label}”, not addressed yet.")
    elif not (feedback.response or "").strip():
        notes.append("Marked addressed, but what was done isn't written down.")
    return tuple(notes)


def _evidence_order(e: Evidence) -> tuple[int, int, tuple[str, ...]]:
    # Finished proof first (newest first), then work under way (soonest due), dropped last.
    rank = 0 if e.done else (2 if e.dropped else 1)
    day = (e.date or dt.date.max).toordinal()
    return (rank, -day if e.done else day, text_sort_key(e.title))


def feedback_count(db: Database, target_id: int) -> int:
    """How many feedback items the target's ledger follows (one line each at the top)."""
    with db.transaction() as session:
        found = session.scalar(
            select(func.count()).select_from(m.Feedback).where(m.Feedback.target_id == target_id)
        )
    return int(found or 0)


def _rows(session: Session, table: Any, *where: Any) -> list[Any]:
    # Core rows, not model objects: the ledger reads every feedback item, skill and piece
    # of evidence of a target, and model objects cost ~20 µs each to build.  The rows carry
    # the columns as attributes, converted as the model's would be.
    # A thousand at a time: the ledger is read beside the GUI thread, and SQLAlchemy
    # converts each batch in C without letting go of Python's lock.
    columns = [c for c in table.columns if c.name not in ("created_at", "updated_at")]
    rows: list[Any] = []
    for part in session.execute(select(*columns).where(*where)).partitions(1000):
        rows.extend(part)
    return rows


def _pairs(session: Session, stmt: Any) -> list[tuple[int, int]]:
    # Two ids a row, thousands of rows: the driver's own tuples, not result rows.
    return [(int(a), int(b)) for a, b in plain_rows(session, stmt)]


def build_ledger(db: Database, target_id: int, today: dt.date | None = None) -> Ledger:
    """The ledger of one target, feedback in the order it was received."""
    today = today or dt.date.today()
    fb, sk = m.Feedback.__table__, m.Skill.__table__
    rd, act, exp = m.InterviewRound.__table__, m.LearningActivity.__table__, m.Experience.__table__
    with db.transaction() as session:
        feedback = _rows(session, fb, fb.c.target_id == target_id)
        skills = {s.id: s for s in _rows(session, sk, sk.c.target_id == target_id)}
        rounds = {r.id: r for r in _rows(session, rd, rd.c.target_id == target_id)}
        feedback_skills: dict[int, list[int]] = defaultdict(list)
        for fid, sid in _pairs(
            session,
            select(m.feedback_skill.c.feedback_id, m.feedback_skill.c.skill_id)
            .join(fb, fb.c.id == m.feedback_skill.c.feedback_id)
            .where(fb.c.target_id == target_id),
        ):
            feedback_skills[fid].append(sid)
        evidence: dict[int, list[Evidence]] = defaultdict(list)
        for activity in _rows(
            session, act, act.c.target_id == target_id, act.c.skill_id.is_not(None)
        ):
            evidence[activity.skill_id].append(_activity_evidence(activity))
        experiences = {x.id: x for x in _rows(session, exp, exp.c.target_id == target_id)}
        linked_experiences = _pairs(
            session,
            select(m.experience_skill.c.experience_id, m.experience_skill.c.skill_id)
            .join(exp, exp.c.id == m.experience_skill.c.experience_id)
            .where(exp.c.target_id == target_id),
        )
        for experience_id, sid in linked_experiences:
            evidence[sid].append(_experience_evidence(experiences[experience_id], today))

    ledger_skills = {
        sid: LedgerSkill(
            id=s.id,
            name=s.name,
            required_level=s.required_level,
            current_level=s.current_level,
            importance=s.importance,
            gap=max(s.required_level - s.current_level, 0),
            evidence=tuple(sorted(evidence.get(sid, ()), key=_evidence_order)),
        )
        for sid, s in skills.items()
    }
    # Worked out once per skill and round, not once per feedback item that names them
    # (thousands of items share a few hundred skills).
    priority = {
        sid: (-s.gap * s.importance, text_sort_key(s.name)) for sid, s in ledger_skills.items()
    }
    skill_notes = {sid: _skill_still_open(s) for sid, s in ledger_skills.items()}
    round_labels = {rid: _round_label(r) for rid, r in rounds.items()}
    entries = []
    for item in sorted(
        feedback, key=lambda f: (f.received_on is None, f.received_on or dt.date.min, f.id)
    ):
        linked_ids = sorted(feedback_skills.get(item.id, ()), key=priority.__getitem__)
        linked = tuple(ledger_skills[sid] for sid in linked_ids)
        status = item.status
        entries.append(
            LedgerEntry(
                feedback_id=item.id,
                received_on=item.received_on,
                source=item.source.value,
                theme=item.theme.value,
                text=item.text,
                status=status.value,
                addressed=status is m.FeedbackStatus.addressed,
                response=item.response,
                round=round_labels.get(item.round_id) if item.round_id is not None else None,
                skills=linked,
                still_open=_entry_still_open(item, linked, [skill_notes[i] for i in linked_ids]),
            )
        )
    return Ledger(target_id=target_id, entries=tuple(entries))
