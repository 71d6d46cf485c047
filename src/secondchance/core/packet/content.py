"""Everything the packet shows, read in one transaction into plain frozen dataclasses.

This is where the preset's privacy rule is applied: for the shareable packet the snapshot
never holds a contact's e-mail, phone, profile link, how-we-met, notes or conversation
summaries, any record's private notes, the self-assessment or the journal.  The renderer
cannot leak what it was never given.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from secondchance.core import models as m
from secondchance.core.dates import long_date, short_date
from secondchance.core.db import Database
from secondchance.core.packet.sections import Preset
from secondchance.core.services import attachments
from secondchance.core.services.ledger import LedgerEntry, build_ledger

log = logging.getLogger(__name__)

# --- the snapshot -------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetInfo:
    id: int
    company: str
    role: str
    posting_url: str | None
    first_interview: dt.date | None
    rejection: dt.date | None
    eligible: dt.date | None
    status: str
    notes: str | None  # personal only


@dataclass(frozen=True)
class RoundInfo:
    date: dt.date | None
    stage: str
    format: str | None
    interviewers: str | None
    outcome: str | None


@dataclass(frozen=True)
class ReadinessPart:
    label: str
    score: int | None  # percent
    figure: str
    sentence: str


@dataclass(frozen=True)
class ReadinessInfo:
    score: int | None
    parts: tuple[ReadinessPart, ...]


@dataclass(frozen=True)
class SkillInfo:
    name: str
    category: str
    required: int
    before: int
    current: int
    importance: int
    notes: str | None  # personal only

    @property
    def gap(self) -> int:
        return max(self.required - self.current, 0)


@dataclass(frozen=True)
class ActivityInfo:
    title: str
    kind: str
    provider: str | None
    skill: str | None
    status: str
    done: bool
    start: dt.date | None
    due: dt.date | None
    completed_on: dt.date | None
    hours_planned: float | None
    hours_spent: float | None
    url: str | None
    evidence: str | None
    notes: str | None  # personal only


@dataclass(frozen=True)
class ExperienceInfo:
    title: str
    kind: str
    organisation: str | None
    role: str | None
    start: dt.date | None
    end: dt.date | None
    description: str | None
    outcomes: str | None
    url: str | None
    resume_bullet: str | None
    skills: tuple[str, ...]


@dataclass(frozen=True)
class InteractionInfo:
    date: dt.date | None
    channel: str
    summary: str | None
    follow_up: dt.date | None
    follow_up_done: bool


@dataclass(frozen=True)
class ContactInfo:
    name: str
    company: str | None
    title: str | None
    relationship: str
    conversations: int
    last_contact: dt.date | None
    # Personal only: None / empty in the shareable snapshot.
    email: str | None
    phone: str | None
    linkedin_url: str | None
    how_we_met: str | None
    notes: str | None
    interactions: tuple[InteractionInfo, ...]


@dataclass(frozen=True)
class EventInfo:
    name: str
    kind: str
    organiser: str | None
    date: dt.date | None
    location: str | None
    status: str
    people_met: int
    notes: str | None  # personal only


@dataclass(frozen=True)
class ResumeInfo:
    label: str
    created_on: dt.date | None
    sent_on: dt.date | None
    change_notes: str | None
    file_name: str | None


@dataclass(frozen=True)
class PortfolioInfo:
    title: str
    url: str | None
    description: str | None
    skills: tuple[str, ...]


@dataclass(frozen=True)
class CoverLetterInfo:
    title: str
    body: str | None
    created_on: dt.date | None
    sent_on: dt.date | None


@dataclass(frozen=True)
class QuestionInfo:
    category: str
    question: str
    situation: str | None
    task: str | None
    action: str | None
    result: str | None
    reflection: str | None
    experience: str | None
    # Personal only.
    confidence: int | None
    practice_count: int
    last_practised: dt.date | None


@dataclass(frozen=True)
class ReflectionInfo:
    question: str
    round: str | None
    verdict: str
    what_i_said: str | None
    what_landed: str | None
    what_was_missing: str | None
    better_answer: str | None


@dataclass(frozen=True)
class CompetencyInfo:
    area: str
    rating: int
    note: str | None


@dataclass(frozen=True)
class JournalInfo:
    date: dt.date | None
    kind: str
    text: str


@dataclass(frozen=True)
class SelfAssessment:
    reflections: tuple[ReflectionInfo, ...]
    competencies: tuple[CompetencyInfo, ...]
    journal: tuple[JournalInfo, ...]


@dataclass(frozen=True)
class AttachedResume:
    label: str
    file_name: str
    path: Path


@dataclass(frozen=True)
class PacketData:
    preset: Preset
    today: dt.date
    person_name: str
    person_email: str
    target: TargetInfo
    rounds: tuple[RoundInfo, ...]
    readiness: ReadinessInfo | None
    ledger: tuple[LedgerEntry, ...]  # the Feedback tab's own ledger, as is
    skills: tuple[SkillInfo, ...]
    activities: tuple[ActivityInfo, ...]
    experiences: tuple[ExperienceInfo, ...]
    contacts: tuple[ContactInfo, ...]
    events: tuple[EventInfo, ...]
    resumes: tuple[ResumeInfo, ...]
    portfolio: tuple[PortfolioInfo, ...]
    cover_letters: tuple[CoverLetterInfo, ...]
    questions: tuple[QuestionInfo, ...]
    self_assessment: SelfAssessment | None  # None in the shareable snapshot
    attached_resume: AttachedResume | None

    @property
    def interview_date(self) -> dt.date | None:
        """The interview the story starts from: the last round, else the first interview."""
        dated = [r.date for r in self.rounds if r.date is not None]
        return max(dated) if dated else self.target.first_interview


# --- reading ------------------------------------------------------------------------------


def _label(value: object) -> str:
    label = getattr(value, "label", None)
    return str(label) if label is not None else str(value)


def _by_date(day: dt.date | None) -> tuple[int, dt.date]:
    return (0, day) if day is not None else (1, dt.date.max)


def gather(
    db: Database, target_id: int, preset: Preset, today: dt.date | None = None
) -> PacketData:
    """Read the target's data for the packet.  Raises LookupError for an unknown target."""
    today = today or dt.date.today()
    readiness = _readiness(db, target_id, today)
    ledger_entries = _ledger(db, target_id, today)
    with db.transaction() as session:
        data = _gather(session, db, target_id, preset, today, readiness, ledger_entries)
    return data


def _gather(
    session: Session,
    db: Database,
    target_id: int,
    preset: Preset,
    today: dt.date,
    readiness: ReadinessInfo | None,
    ledger_entries: tuple[LedgerEntry, ...],
) -> PacketData:
    personal = preset is Preset.personal
    target = session.get(m.Target, target_id)
    if target is None:
        raise LookupError(f"There is no target with id {target_id}.")
    name_setting = session.get(m.AppSetting, "person.name")
    email_setting = session.get(m.AppSetting, "person.email")

    rounds_raw = session.scalars(
        select(m.InterviewRound).where(m.InterviewRound.target_id == target_id)
    ).all()
    rounds_raw = sorted(rounds_raw, key=lambda r: (_by_date(r.date), r.id))
    round_names = {r.id: _round_name(r) for r in rounds_raw}
    rounds = tuple(
        RoundInfo(r.date, _label(r.stage), r.format, r.interviewers, r.outcome) for r in rounds_raw
    )

    skills_raw = session.scalars(
        select(m.Skill)
        .where(m.Skill.target_id == target_id)
        .options(selectinload(m.Skill.level_changes))
    ).all()
    reference = target.rejection_date or max(
        (r.date for r in rounds_raw if r.date is not None), default=None
    )
    skills = tuple(
        sorted(
            (
                SkillInfo(
                    name=s.name,
                    category=_label(s.category),
                    required=s.required_level,
                    before=_level_before(s, reference),
                    current=s.current_level,
                    importance=s.importance,
                    notes=s.notes if personal else None,
                )
                for s in skills_raw
            ),
            key=lambda s: (-s.importance, -s.gap, s.name.casefold()),
        )
    )
    skill_names = {s.id: s.name for s in skills_raw}

    activities_raw = session.scalars(
        select(m.LearningActivity).where(m.LearningActivity.target_id == target_id)
    ).all()
    status_order = {
        m.ActivityStatus.done: 0,
        m.ActivityStatus.in_progress: 1,
        m.ActivityStatus.planned: 2,
        m.ActivityStatus.dropped: 3,
    }
    activities_raw = sorted(
        activities_raw,
        key=lambda a: (status_order[a.status], _by_date(a.completed_on or a.due_date), a.id),
    )
    activities = tuple(
        ActivityInfo(
            title=a.title,
            kind=_label(a.kind),
            provider=a.provider,
            skill=skill_names.get(a.skill_id) if a.skill_id is not None else None,
            status=_label(a.status),
            done=a.status is m.ActivityStatus.done,
            start=a.start_date,
            due=a.due_date,
            completed_on=a.completed_on,
            hours_planned=a.hours_planned,
            hours_spent=a.hours_spent,
            url=a.url,
            evidence=_activity_proof(a),
            notes=a.notes if personal else None,
        )
        for a in activities_raw
    )

    experiences_raw = session.scalars(
        select(m.Experience)
        .where(m.Experience.target_id == target_id)
        .options(selectinload(m.Experience.skills))
    ).all()
    # Newest first: what was done since the interview leads.
    experiences_raw = sorted(
        experiences_raw,
        key=lambda e: (
            e.end_date is not None,
            -(e.end_date or e.start_date or dt.date.min).toordinal(),
            e.id,
        ),
    )
    experiences = tuple(
        ExperienceInfo(
            title=e.title,
            kind=_label(e.kind),
            organisation=e.organisation,
            role=e.role,
            start=e.start_date,
            end=e.end_date,
            description=e.description,
            outcomes=e.outcomes,
            url=e.url,
            resume_bullet=e.resume_bullet,
            skills=tuple(s.name for s in e.skills),
        )
        for e in experiences_raw
    )

    contacts = _contacts(session, target_id, personal)
    events = _events(session, target_id, personal)

    resumes_raw = session.scalars(
        select(m.ResumeVersion).where(m.ResumeVersion.target_id == target_id)
    ).all()
    resumes_raw = sorted(resumes_raw, key=lambda r: (_by_date(r.created_on), r.id))
    resumes = tuple(
        ResumeInfo(
            label=r.label,
            created_on=r.created_on,
            sent_on=r.sent_on,
            change_notes=r.change_notes,
            file_name=attachments.display_name(r.file) if r.file else None,
        )
        for r in resumes_raw
    )
    attached = _attached_resume(db, resumes_raw)

    portfolio_raw = session.scalars(
        select(m.PortfolioItem)
        .where(m.PortfolioItem.target_id == target_id)
        .options(selectinload(m.PortfolioItem.skills))
    ).all()
    portfolio = tuple(
        PortfolioInfo(p.title, p.url, p.description, tuple(s.name for s in p.skills))
        for p in sorted(portfolio_raw, key=lambda p: p.id)
    )
    letters_raw = session.scalars(
        select(m.CoverLetter).where(m.CoverLetter.target_id == target_id)
    ).all()
    # The latest letter first: it is the one the packet prints in full.
    letters_raw = sorted(
        letters_raw, key=lambda c: (c.created_on or dt.date.min, c.id), reverse=True
    )
    cover_letters = tuple(
        CoverLetterInfo(c.title, c.body, c.created_on, c.sent_on) for c in letters_raw
    )

    questions = _questions(session, target_id, personal, {e.id: e.title for e in experiences_raw})
    self_assessment = _self_assessment(session, target_id, round_names) if personal else None

    return PacketData(
        preset=preset,
        today=today,
        person_name=(name_setting.value or "") if name_setting else "",
        person_email=(email_setting.value or "") if email_setting else "",
        target=TargetInfo(
            id=target.id,
            company=target.company,
            role=target.role,
            posting_url=target.posting_url,
            first_interview=target.first_interview_date,
            rejection=target.rejection_date,
            eligible=target.eligible_date,
            status=_label(target.status),
            notes=target.notes if personal else None,
        ),
        rounds=rounds,
        readiness=readiness,
        ledger=ledger_entries,
        skills=skills,
        activities=activities,
        experiences=experiences,
        contacts=contacts,
        events=events,
        resumes=resumes,
        portfolio=portfolio,
        cover_letters=cover_letters,
        questions=questions,
        self_assessment=self_assessment,
        attached_resume=attached,
    )


def _round_name(r: m.InterviewRound) -> str:
    stage = _label(r.stage)
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


def _contacts(session: Session, target_id: int, personal: bool) -> tuple[ContactInfo, ...]:
    contacts_raw = session.scalars(
        select(m.Contact)
        .join(m.contact_target, m.contact_target.c.contact_id == m.Contact.id)
        .where(m.contact_target.c.target_id == target_id)
    ).all()
    ids = [c.id for c in contacts_raw]
    by_contact: dict[int, list[m.Interaction]] = defaultdict(list)
    if ids:
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            for interaction in session.scalars(
                select(m.Interaction).where(m.Interaction.contact_id.in_(chunk))
            ):
                by_contact[interaction.contact_id].append(interaction)
    result = []
    for c in contacts_raw:
        talks = sorted(by_contact[c.id], key=lambda i: (_by_date(i.date), i.id))
        dated = [i.date for i in talks if i.date is not None]
        result.append(
            ContactInfo(
                name=c.name,
                company=c.company,
                title=c.title,
                relationship=_label(c.relationship),
                conversations=len(talks),
                last_contact=max(dated) if dated else None,
                email=c.email if personal else None,
                phone=c.phone if personal else None,
                linkedin_url=c.linkedin_url if personal else None,
                how_we_met=c.how_we_met if personal else None,
                notes=c.notes if personal else None,
                interactions=tuple(
                    InteractionInfo(
                        i.date, _label(i.channel), i.summary, i.follow_up_date, i.follow_up_done
                    )
                    for i in talks
                )
                if personal
                else (),
            )
        )
    result.sort(key=lambda c: (-c.conversations, c.name.casefold()))
    return tuple(result)


def _events(session: Session, target_id: int, personal: bool) -> tuple[EventInfo, ...]:
    # Events are shared by every target: the packet shows all of them (industry involvement
    # counts for any application), with how many of this target's contacts were there.
    events_raw = session.scalars(select(m.Event).options(selectinload(m.Event.contacts))).all()
    linked = set(
        session.scalars(
            select(m.contact_target.c.contact_id).where(m.contact_target.c.target_id == target_id)
        )
    )
    result = [
        EventInfo(
            name=e.name,
            kind=_label(e.kind),
            organiser=e.organiser,
            date=e.date,
            location=e.location,
            status=_label(e.status),
            people_met=sum(1 for c in e.contacts if c.id in linked),
            notes=e.notes if personal else None,
        )
        for e in events_raw
    ]
    result.sort(key=lambda e: (_by_date(e.date), e.name.casefold()))
    return tuple(result)


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


def _questions(
    session: Session, target_id: int, personal: bool, experience_titles: dict[int, str]
) -> tuple[QuestionInfo, ...]:
    questions_raw = session.scalars(
        select(m.Question).where(m.Question.target_id == target_id)
    ).all()
    practice: dict[int, list[m.PracticeSession]] = defaultdict(list)
    if personal and questions_raw:
        ids = [q.id for q in questions_raw]
        for start in range(0, len(ids), 500):
            for p in session.scalars(
                select(m.PracticeSession).where(
                    m.PracticeSession.question_id.in_(ids[start : start + 500])
                )
            ):
                practice[p.question_id].append(p)
    order = {c: i for i, c in enumerate(m.QuestionCategory)}
    questions_raw = sorted(questions_raw, key=lambda q: (order[q.category], q.id))
    result = []
    for q in questions_raw:
        sessions = practice.get(q.id, [])
        dated = [p.practiced_on for p in sessions if p.practiced_on is not None]
        result.append(
            QuestionInfo(
                category=_label(q.category),
                question=q.question,
                situation=q.situation,
                task=q.task,
                action=q.action,
                result=q.result,
                reflection=q.reflection,
                experience=experience_titles.get(q.experience_id) if q.experience_id else None,
                confidence=q.confidence if personal else None,
                practice_count=len(sessions),
                last_practised=max(dated) if dated else None,
            )
        )
    return tuple(result)


def _self_assessment(
    session: Session, target_id: int, round_names: dict[int, str]
) -> SelfAssessment:
    reflections = session.scalars(
        select(m.Reflection).where(m.Reflection.target_id == target_id).order_by(m.Reflection.id)
    ).all()
    ratings = session.scalars(
        select(m.CompetencyRating).where(m.CompetencyRating.target_id == target_id)
    ).all()
    areas = {a: i for i, a in enumerate(m.CompetencyArea)}
    journal = session.scalars(
        select(m.JournalEntry).where(m.JournalEntry.target_id == target_id)
    ).all()
    return SelfAssessment(
        reflections=tuple(
            ReflectionInfo(
                question=r.question,
                round=round_names.get(r.round_id) if r.round_id else None,
                verdict=_label(r.verdict),
                what_i_said=r.what_i_said,
                what_landed=r.what_landed,
                what_was_missing=r.what_was_missing,
                better_answer=r.better_answer,
            )
            for r in reflections
        ),
        competencies=tuple(
            CompetencyInfo(_label(c.area), c.rating, c.note)
            for c in sorted(ratings, key=lambda c: (areas[c.area], c.id))
        ),
        journal=tuple(
            JournalInfo(j.date, _label(j.kind), j.text)
            for j in sorted(journal, key=lambda j: (_by_date(j.date), j.id))
        ),
    )


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
    shows, so the packet can't tell a different story.  It holds no private field."""
    return build_ledger(db, target_id, today).entries


# --- dates as people write them (never the locale's: Qt changes it in the window) --------


def format_date(day: dt.date | None, short: bool = False) -> str:
    if day is None:
        return ""
    return short_date(day) if short else long_date(day)
