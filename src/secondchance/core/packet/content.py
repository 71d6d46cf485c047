"""Everything the packet shows, read in one transaction into the dataclasses of ``data.py``.

The preset's privacy rule is applied here, from what ``kinds.py`` declares: for the
shareable packet every private field (a contact's e-mail, any record's notes, …) is blank,
and a private kind (the self-assessment, the journal, practice sessions) is never read.
The renderer cannot leak what it was never given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, defer, selectinload

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.packet.data import (
    ActivityInfo,
    AttachedResume,
    CompetencyInfo,
    ContactInfo,
    CoverLetterInfo,
    EventInfo,
    ExperienceInfo,
    InteractionInfo,
    JournalInfo,
    PacketData,
    PortfolioInfo,
    QuestionInfo,
    ReadinessInfo,
    ReadinessPart,
    ReflectionInfo,
    ResumeInfo,
    RoundInfo,
    SelfAssessment,
    SkillInfo,
    TargetInfo,
    format_date,
)
from secondchance.core.packet.resume_change import resume_change_line
from secondchance.core.packet.sections import Preset
from secondchance.core.packet.snapshot import Snapshot, is_private
from secondchance.core.services import attachments
from secondchance.core.services.kinds import kind
from secondchance.core.services.ledger import LedgerEntry, build_ledger

log = logging.getLogger(__name__)

# --- reading ------------------------------------------------------------------------------


def _by_date(day: dt.date | None) -> tuple[int, dt.date]:
    return (0, day) if day is not None else (1, dt.date.max)


def gather(
    db: Database, target_id: int, preset: Preset, today: dt.date | None = None
) -> PacketData:
    """Read the target's data for the packet.  Raises LookupError for an unknown target."""
    today = today or dt.date.today()
    snapshot = Snapshot(shareable=preset is Preset.shareable)
    # The score is the person's own measure of themselves (and counts private records):
    # only the personal packet's "Notes to myself" shows it.
    readiness = None if snapshot.shareable else _readiness(db, target_id, today)
    ledger_entries = snapshot.redact(_ledger(db, target_id, today))
    resume_change = resume_change_line(db, target_id)
    with db.transaction() as session:
        reader = _Reader(session, db, target_id, snapshot)
        packet = reader.packet(preset, today, readiness, ledger_entries)
    return dataclasses.replace(packet, resume_change=resume_change)


class _Reader:
    """One target's records, read in one session, as the packet's dataclasses."""

    def __init__(self, session: Session, db: Database, target_id: int, snapshot: Snapshot) -> None:
        self.session = session
        self.db = db
        self.target_id = target_id
        self.shareable = snapshot.shareable
        self.fill = snapshot.fill

    def read(self, kind_name: str, stmt: Select[Any]) -> list[Any]:
        if self.shareable and kind(kind_name).private:
            return []  # a private kind is no part of the shareable packet: not even read
        # The packet never shows when a record was created or changed: not loading the two
        # timestamps spares a time-zone conversion each (a third of reading at 2,000 records).
        model: Any = kind(kind_name).model
        stmt = stmt.options(
            defer(model.created_at, raiseload=True), defer(model.updated_at, raiseload=True)
        )
        return list(self.session.scalars(stmt).all())

    def children(self, kind_name: str, parent_ids: Iterable[int]) -> dict[int, list[Any]]:
        """The records of a "parent"-scoped kind, by parent (500 ids per query)."""
        k = kind(kind_name)
        assert k.parent_field is not None
        column = k.model.__table__.c[k.parent_field]
        ids = list(parent_ids)
        result: dict[int, list[Any]] = defaultdict(list)
        for start in range(0, len(ids), 500):
            stmt = select(k.model).where(column.in_(ids[start : start + 500]))
            for record in self.read(kind_name, stmt):
                result[getattr(record, k.parent_field)].append(record)
        return result

    def packet(
        self,
        preset: Preset,
        today: dt.date,
        readiness: ReadinessInfo | None,
        ledger: tuple[LedgerEntry, ...],
    ) -> PacketData:
        session, target_id = self.session, self.target_id
        target = session.get(m.Target, target_id)
        if target is None:
            raise LookupError(f"There is no target with id {target_id}.")
        name_setting = session.get(m.AppSetting, "person.name")
        email_setting = session.get(m.AppSetting, "person.email")
        rounds = sorted(
            self.read(
                "round", select(m.InterviewRound).where(m.InterviewRound.target_id == target_id)
            ),
            key=lambda r: (_by_date(r.date), r.id),
        )
        reference = target.rejection_date or max(
            (r.date for r in rounds if r.date is not None), default=None
        )
        skills = self.read(
            "skill",
            select(m.Skill)
            .where(m.Skill.target_id == target_id)
            .options(selectinload(m.Skill.level_changes)),
        )
        experiences = self.experiences()
        resumes = sorted(
            self.read(
                "resume", select(m.ResumeVersion).where(m.ResumeVersion.target_id == target_id)
            ),
            key=lambda r: (_by_date(r.created_on), r.id),
        )
        # The attached PDF is the resume's "file" field: appended only where that may be seen.
        hide_file = self.shareable and is_private("resume.file")
        attached = None if hide_file else _attached_resume(self.db, resumes)
        return PacketData(
            preset=preset,
            today=today,
            person_name=(name_setting.value or "") if name_setting else "",
            person_email=(email_setting.value or "") if email_setting else "",
            target=self.fill(TargetInfo, target, id=target.id),
            rounds=tuple(self.fill(RoundInfo, r) for r in rounds),
            readiness=readiness,
            ledger=ledger,
            skills=tuple(
                sorted(
                    (self.fill(SkillInfo, s, before=_level_before(s, reference)) for s in skills),
                    key=lambda s: (-s.importance, -s.gap, s.name.casefold()),
                )
            ),
            activities=self.activities({s.id: s.name for s in skills}),
            experiences=tuple(
                self.fill(ExperienceInfo, e, skills=tuple(s.name for s in e.skills))
                for e in experiences
            ),
            contacts=self.contacts(),
            events=self.events(target.company),
            resumes=tuple(self.fill(ResumeInfo, r) for r in resumes),
            portfolio=self.portfolio(),
            cover_letters=self.cover_letters(),
            questions=self.questions({e.id: e.title for e in experiences}),
            self_assessment=self.self_assessment({r.id: _round_name(r) for r in rounds}),
            attached_resume=attached,
        )

    def activities(self, skill_names: dict[int, str]) -> tuple[ActivityInfo, ...]:
        status_order = {
            m.ActivityStatus.done: 0,
            m.ActivityStatus.in_progress: 1,
            m.ActivityStatus.planned: 2,
            m.ActivityStatus.dropped: 3,
        }
        activities = sorted(
            self.read(
                "activity",
                select(m.LearningActivity).where(m.LearningActivity.target_id == self.target_id),
            ),
            key=lambda a: (status_order[a.status], _by_date(a.completed_on or a.due_date), a.id),
        )
        return tuple(
            self.fill(
                ActivityInfo,
                a,
                skill=skill_names.get(a.skill_id) if a.skill_id is not None else None,
                done=a.status is m.ActivityStatus.done,
                evidence=_activity_proof(a),
            )
            for a in activities
        )

    def experiences(self) -> list[m.Experience]:
        experiences = self.read(
            "experience",
            select(m.Experience)
            .where(m.Experience.target_id == self.target_id)
            .options(selectinload(m.Experience.skills)),
        )
        # Newest first: what was done since the interview leads.
        return sorted(
            experiences,
            key=lambda e: (
                e.end_date is not None,
                -(e.end_date or e.start_date or dt.date.min).toordinal(),
                e.id,
            ),
        )

    def contacts(self) -> tuple[ContactInfo, ...]:
        contacts = self.read(
            "contact",
            select(m.Contact)
            .join(m.contact_target, m.contact_target.c.contact_id == m.Contact.id)
            .where(m.contact_target.c.target_id == self.target_id),
        )
        talks_of = self.children("interaction", (c.id for c in contacts))
        result = []
        for c in contacts:
            talks = sorted(talks_of[c.id], key=lambda i: (_by_date(i.date), i.id))
            dated = [i.date for i in talks if i.date is not None]
            result.append(
                self.fill(
                    ContactInfo,
                    c,
                    conversations=len(talks),
                    last_contact=max(dated) if dated else None,
                    interactions=tuple(self.fill(InteractionInfo, i) for i in talks),
                )
            )
        result.sort(key=lambda c: (-c.conversations, c.name.casefold()))
        return tuple(result)

    def events(self, company: str) -> tuple[EventInfo, ...]:
        # Events are shared by every target.  The personal packet shows all of them
        # (industry involvement counts for any application), with how many of this target's
        # contacts were there; the shareable one only this application's own: where one of
        # its contacts was met, or that names its company (another application's events
        # are no business of this reader).
        events = self.read("event", select(m.Event).options(selectinload(m.Event.contacts)))
        linked = set(
            self.session.scalars(
                select(m.contact_target.c.contact_id).where(
                    m.contact_target.c.target_id == self.target_id
                )
            )
        )
        result = [
            self.fill(
                EventInfo,
                e,
                people_met=sum(1 for c in e.contacts if c.id in linked),
            )
            for e in events
        ]
        if self.shareable:
            wanted = company.casefold().strip()
            result = [
                e
                for e in result
                if e.people_met
                or (wanted and any(wanted in (x or "").casefold() for x in (e.name, e.organiser)))
            ]
        result.sort(key=lambda e: (_by_date(e.date), e.name.casefold()))
        return tuple(result)

    def portfolio(self) -> tuple[PortfolioInfo, ...]:
        items = self.read(
            "portfolio",
            select(m.PortfolioItem)
            .where(m.PortfolioItem.target_id == self.target_id)
            .options(selectinload(m.PortfolioItem.skills)),
        )
        return tuple(
            self.fill(PortfolioInfo, p, skills=tuple(s.name for s in p.skills))
            for p in sorted(items, key=lambda p: p.id)
        )

    def cover_letters(self) -> tuple[CoverLetterInfo, ...]:
        letters = self.read(
            "cover_letter",
            select(m.CoverLetter).where(m.CoverLetter.target_id == self.target_id),
        )
        # The latest letter first: it is the one the packet prints in full.
        letters.sort(key=lambda c: (c.created_on or dt.date.min, c.id), reverse=True)
        return tuple(self.fill(CoverLetterInfo, c) for c in letters)

    def questions(self, experience_titles: dict[int, str]) -> tuple[QuestionInfo, ...]:
        questions = self.read(
            "question", select(m.Question).where(m.Question.target_id == self.target_id)
        )
        practice = self.children("practice", (q.id for q in questions))
        feedback = self.feedback_said({q.feedback_id for q in questions if q.feedback_id})
        order = {c: i for i, c in enumerate(m.QuestionCategory)}

        # Answers to the feedback first, in the order it was received; then by category.
        def place(q: m.Question) -> tuple[int, tuple[int, dt.date], int, int, int]:
            linked = feedback.get(q.feedback_id) if q.feedback_id else None
            if linked is not None:
                return (0, _by_date(linked[0]), q.feedback_id or 0, 0, q.id)
            return (1, _by_date(None), 0, order[q.category], q.id)

        questions.sort(key=place)
        result = []
        for q in questions:
            sessions = practice.get(q.id, [])
            dated = [p.practiced_on for p in sessions if p.practiced_on is not None]
            linked = feedback.get(q.feedback_id) if q.feedback_id else None
            result.append(
                self.fill(
                    QuestionInfo,
                    q,
                    experience=experience_titles.get(q.experience_id) if q.experience_id else None,
                    practice_count=len(sessions),
                    last_practised=max(dated) if dated else None,
                    feedback=linked[1] if linked else None,
                )
            )
        return tuple(result)

    def feedback_said(self, ids: Iterable[int]) -> dict[int, tuple[dt.date | None, str]]:
        """When each of these feedback items came and what it said: only the items that
        questions answer (a target may hold 100 000 items; a few questions name one)."""
        if self.shareable and kind("feedback").private:
            return {}
        wanted = sorted(ids)
        fb = m.Feedback.__table__
        said: dict[int, tuple[dt.date | None, str]] = {}
        for start in range(0, len(wanted), 500):
            stmt = select(fb.c.id, fb.c.received_on, fb.c.text).where(
                fb.c.target_id == self.target_id, fb.c.id.in_(wanted[start : start + 500])
            )
            for fid, received_on, text in self.session.execute(stmt):
                said[fid] = (received_on, text)
        return said

    def self_assessment(self, round_names: dict[int, str]) -> SelfAssessment:
        target_id = self.target_id
        reflections = self.read(
            "reflection",
            select(m.Reflection)
            .where(m.Reflection.target_id == target_id)
            .order_by(m.Reflection.id),
        )
        areas = {a: i for i, a in enumerate(m.CompetencyArea)}
        ratings = self.read(
            "competency",
            select(m.CompetencyRating).where(m.CompetencyRating.target_id == target_id),
        )
        journal = self.read(
            "journal", select(m.JournalEntry).where(m.JournalEntry.target_id == target_id)
        )
        return SelfAssessment(
            reflections=tuple(
                self.fill(
                    ReflectionInfo,
                    r,
                    round=round_names.get(r.round_id) if r.round_id else None,
                )
                for r in reflections
            ),
            competencies=tuple(
                self.fill(CompetencyInfo, c)
                for c in sorted(ratings, key=lambda c: (areas[c.area], c.id))
            ),
            journal=tuple(
                self.fill(JournalInfo, j)
                for j in sorted(journal, key=lambda j: (_by_date(j.date), j.id))
            ),
        )


def _round_name(r: m.InterviewRound) -> str:
    stage = r.stage.label
    return f"{stage} round, {format_date(r.date)}" if r.date else f"{stage} round"


def _level_before(skill: m.Skill, reference: dt.date | None) -> int:
    """The level at the interview: the last recorded level on or before it, else the first
    level ever recorded (a baseline set just after the rejection), else today's level."""
    changes = list(skill.level_changes)
    if not changes:
        return skill.current_level
    if reference is not None:
        earlier = [c for c in changes if c.date <= reference]
        if earlier:
            return earlier[-1].level
    return changes[0].level


def _activity_proof(a: m.LearningActivity) -> str | None:
    if a.evidence_url:
        return a.evidence_url
    if a.evidence_file:
        return attachments.display_name(a.evidence_file)
    return None


def _attached_resume(db: Database, resumes: list[m.ResumeVersion]) -> AttachedResume | None:
    """The newest resume version with an attached PDF (its pages are appended)."""
    for r in reversed(resumes):
        if r.file and r.file.lower().endswith(".pdf"):
            try:
                path = attachments.path_of(db, r.file)
            except attachments.AttachmentError:
                continue
            return AttachedResume(r.label, attachments.display_name(r.file), path)
    return None


# --- readiness and the growth ledger: services that may or may not exist yet --------------


def _readiness(db: Database, target_id: int, today: dt.date) -> ReadinessInfo | None:
    try:
        from secondchance.core.services import readiness as service
    except ImportError:
        return None
    try:
        result = service.compute_readiness(db, target_id, today)
    except LookupError:
        return None
    except Exception:
        # The cover is still worth having without the score: say so in the log only.
        log.exception("readiness could not be computed for the packet")
        return None
    return ReadinessInfo(
        score=result.score,
        parts=tuple(
            ReadinessPart(
                str(c.label),
                round(100 * c.score) if c.score is not None else None,
                str(c.figure),
                str(c.sentence),
            )
            for c in result.components
        ),
    )


def _ledger(db: Database, target_id: int, today: dt.date) -> tuple[LedgerEntry, ...]:
    """The growth ledger (feedback → skills → evidence): the structure the Feedback tab
    shows, so the packet can't tell a different story (``gather`` blanks what is private)."""
    return tuple(build_ledger(db, target_id, today).entries)
