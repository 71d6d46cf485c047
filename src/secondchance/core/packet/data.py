"""What the packet holds: plain frozen dataclasses, one per kind of record it shows.

Each is filled from its record kind's fields (``snapshot.from_kind``): an attribute named
like one of the kind's fields holds that field's value as the packet shows it (an option's
label, a file's own name), so a new field needs one attribute here and no copy line.  Any
other attribute is derived and names the fields it comes from, so that a private field
blanks everything derived from it in the shareable packet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from secondchance.core.dates import medium_date
from secondchance.core.packet.sections import Preset
from secondchance.core.packet.snapshot import from_kind
from secondchance.core.services.ledger import Evidence, LedgerEntry, LedgerSkill

# --- the snapshot: attributes named like a kind's fields are filled from them -------------


@from_kind("target", id=())
@dataclass(frozen=True)
class TargetInfo:
    id: int
    company: str
    role: str
    posting_url: str | None
    first_interview_date: dt.date | None
    rejection_date: dt.date | None
    eligible_date: dt.date | None
    status: str
    notes: str | None


@from_kind("round")
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


# The level before is read from the skill's level history: the current level over time.
@from_kind("skill", before=("current_level",))
@dataclass(frozen=True)
class SkillInfo:
    name: str
    category: str
    required_level: int
    before: int
    current_level: int
    importance: int
    notes: str | None

    @property
    def gap(self) -> int:
        return max(self.required_level - self.current_level, 0)


@from_kind(
    "activity",
    skill=("skill_id", "skill.name"),
    done=("status",),
    evidence=("evidence_url", "evidence_file"),
)
@dataclass(frozen=True)
class ActivityInfo:
    title: str
    kind: str
    provider: str | None
    skill: str | None
    status: str
    done: bool
    start_date: dt.date | None
    due_date: dt.date | None
    completed_on: dt.date | None
    hours_planned: float | None
    hours_spent: float | None
    url: str | None
    evidence: str | None
    notes: str | None


@from_kind("experience", skills=("skills", "skill.name"))
@dataclass(frozen=True)
class ExperienceInfo:
    title: str
    kind: str
    organisation: str | None
    role: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    description: str | None
    outcomes: str | None
    url: str | None
    resume_bullet: str | None
    skills: tuple[str, ...]


@from_kind("interaction")
@dataclass(frozen=True)
class InteractionInfo:
    date: dt.date | None
    channel: str
    summary: str | None
    follow_up_date: dt.date | None
    follow_up_done: bool


@from_kind(
    "contact",
    conversations=("interaction.*",),
    last_contact=("interaction.date",),
    interactions=("interaction.*",),
)
@dataclass(frozen=True)
class ContactInfo:
    name: str
    company: str | None
    title: str | None
    relationship: str
    conversations: int
    last_contact: dt.date | None
    email: str | None
    phone: str | None
    linkedin_url: str | None
    how_we_met: str | None
    notes: str | None
    interactions: tuple[InteractionInfo, ...]


@from_kind("event", people_met=("contacts",))
@dataclass(frozen=True)
class EventInfo:
    name: str
    kind: str
    organiser: str | None
    date: dt.date | None
    location: str | None
    status: str
    people_met: int
    notes: str | None


@from_kind("resume")
@dataclass(frozen=True)
class ResumeInfo:
    label: str
    created_on: dt.date | None
    sent_on: dt.date | None
    change_notes: str | None
    file: str | None  # the attached file's own name


@from_kind("portfolio", skills=("skills", "skill.name"))
@dataclass(frozen=True)
class PortfolioInfo:
    title: str
    url: str | None
    description: str | None
    skills: tuple[str, ...]


@from_kind("cover_letter")
@dataclass(frozen=True)
class CoverLetterInfo:
    title: str
    body: str | None
    created_on: dt.date | None
    sent_on: dt.date | None


@from_kind(
    "question",
    experience=("experience_id", "experience.title"),
    practice_count=("practice.*",),
    last_practised=("practice.practiced_on",),
    feedback=("feedback_id", "feedback.text"),
)
@dataclass(frozen=True)
class QuestionInfo:
    category: str
    question: str
    # The feedback this answer shows was acted on (the section groups answers by it).
    feedback: str | None
    situation: str | None
    task: str | None
    action: str | None
    result: str | None
    reflection: str | None
    experience: str | None
    confidence: int | None
    practice_count: int
    last_practised: dt.date | None


@from_kind("reflection", round=("round_id", "round.stage", "round.date"))
@dataclass(frozen=True)
class ReflectionInfo:
    question: str
    round: str | None
    verdict: str
    what_i_said: str | None
    what_landed: str | None
    what_was_missing: str | None
    better_answer: str | None


@from_kind("competency")
@dataclass(frozen=True)
class CompetencyInfo:
    area: str
    rating: int
    note: str | None


@from_kind("journal")
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


# The growth ledger is the Feedback tab's own structure; the packet holds its entries as
# they are, blanked by the same declarations.
from_kind(
    "feedback",
    feedback_id=(),
    addressed=("status",),
    round=("round_id", "round.stage", "round.date"),
    skills=("skills",),
    still_open=("status", "response", "skills", "skill.name", "skill.current_level"),
)(LedgerEntry)
from_kind(
    "skill",
    id=(),
    gap=("required_level", "current_level"),
    evidence=("activity.skill_id", "experience.skills"),
)(LedgerSkill)
from_kind(
    None,
    kind=(),
    id=(),
    title=("activity.title", "experience.title"),
    status=("activity.status", "experience.end_date"),
    done=("activity.status", "experience.end_date"),
    dropped=("activity.status",),
    date=("activity.completed_on", "activity.due_date", "experience.end_date"),
    proof=("activity.evidence_url", "activity.evidence_file", "experience.url"),
)(Evidence)


@dataclass(frozen=True)
class Omitted:
    """What the sections left out (each tuple in the section's own order)."""

    ledger: tuple[LedgerEntry, ...] = ()
    skills: tuple[SkillInfo, ...] = ()
    activities: tuple[ActivityInfo, ...] = ()
    experiences: tuple[ExperienceInfo, ...] = ()
    contacts: tuple[ContactInfo, ...] = ()
    events: tuple[EventInfo, ...] = ()
    resumes: tuple[ResumeInfo, ...] = ()
    portfolio: tuple[PortfolioInfo, ...] = ()
    cover_letters: tuple[CoverLetterInfo, ...] = ()
    questions: tuple[QuestionInfo, ...] = ()
    reflections: tuple[ReflectionInfo, ...] = ()
    journal: tuple[JournalInfo, ...] = ()
    texts_cut: int = 0  # free-text fields shown only in part

    @property
    def anything(self) -> bool:
        return any(getattr(self, f.name) for f in dataclasses.fields(self))


@dataclass(frozen=True)
class PacketData:
    preset: Preset
    today: dt.date
    person_name: str
    person_email: str
    target: TargetInfo
    rounds: tuple[RoundInfo, ...]
    readiness: ReadinessInfo | None
    ledger: tuple[LedgerEntry, ...]  # the Feedback tab's own ledger
    skills: tuple[SkillInfo, ...]
    activities: tuple[ActivityInfo, ...]
    experiences: tuple[ExperienceInfo, ...]
    contacts: tuple[ContactInfo, ...]
    events: tuple[EventInfo, ...]
    resumes: tuple[ResumeInfo, ...]
    portfolio: tuple[PortfolioInfo, ...]
    cover_letters: tuple[CoverLetterInfo, ...]
    questions: tuple[QuestionInfo, ...]
    self_assessment: SelfAssessment  # empty in the shareable snapshot: its kinds are private
    attached_resume: AttachedResume | None
    # "Since the version I sent (…), … has 119 words added and 25 removed; keyword coverage
    # 25% → 50%": from resume texts and the job description, none of them private.
    resume_change: str | None = None
    # What the default packet left out to stay short (``choose.choose``); None: nothing cut.
    omitted: Omitted | None = None

    @property
    def interview_date(self) -> dt.date | None:
        """The interview the story starts from: the last round, else the first interview."""
        dated = [r.date for r in self.rounds if r.date is not None]
        return max(dated) if dated else self.target.first_interview_date


# --- dates: the one style of the screen (core/dates.py), never Qt's locale -----------------


def format_date(day: dt.date | None, short: bool = False) -> str:
    del short  # one date style everywhere; the argument stays for the sections' calls
    return medium_date(day) if day is not None else ""
