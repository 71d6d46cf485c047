"""The ORM classes: the single definition of each record.

Conventions:
- enumerations are Python enums stored by *name* (``native_enum=False``), so a renamed
  label never rewrites data;
- dates are ``date``; times are timezone-aware UTC ``datetime`` (stored naive in SQLite);
- every relationship is ``lazy="raise"``: services load what they return explicitly, and
  a forgotten load fails loudly in tests instead of silently querying from the UI;
- deletes are done by the database (``ON DELETE``): deleting a target deletes what belongs
  to it; deleting a skill, round, contact or experience unlinks it and keeps the records
  that pointed at it.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from datetime import UTC
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm import relationship as orm_relationship

from secondchance.core.enums import (
    ActivityKind,
    ActivityStatus,
    Channel,
    CompetencyArea,
    EventKind,
    EventStatus,
    ExperienceKind,
    FeedbackSource,
    FeedbackStatus,
    FeedbackTheme,
    JournalKind,
    LabelledEnum,
    PracticeRating,
    QuestionCategory,
    ReapplyOutcome,
    ReapplyStage,
    Relationship,
    RoundStage,
    SkillCategory,
    TargetStatus,
    Verdict,
)

# The enumerations are re-exported (``models.TargetStatus`` is the usual spelling); the
# classes defined here are public anyway.
__all__ = [
    "ActivityKind",
    "ActivityStatus",
    "Channel",
    "CompetencyArea",
    "EventKind",
    "EventStatus",
    "ExperienceKind",
    "FeedbackSource",
    "FeedbackStatus",
    "FeedbackTheme",
    "JournalKind",
    "LabelledEnum",
    "PracticeRating",
    "QuestionCategory",
    "ReapplyOutcome",
    "ReapplyStage",
    "Relationship",
    "RoundStage",
    "SkillCategory",
    "TargetStatus",
    "Verdict",
]


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores naive UTC in SQLite, hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


# Stable constraint names so Alembic batch migrations can find them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


AUTOINCREMENT = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # AUTOINCREMENT: an id is never handed out twice, so undoing a delete can always put the
    # record back under its old id even after newer records were added.
    __table_args__: Any = AUTOINCREMENT


def enum_column(enum_cls: type[enum.Enum], **kw: Any) -> Any:
    return mapped_column(
        SAEnum(
            enum_cls,
            native_enum=False,
            length=max(len(m.name) for m in enum_cls) + 8,
            validate_strings=True,
            create_constraint=False,
        ),
        **kw,
    )


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )


STAMPS = frozenset({"created_at", "updated_at"})


def unstamped(table: Table) -> list[Column[Any]]:
    """Every column of ``table`` but the time stamps, for reads that never look at them
    (their time-zone conversion was a third of a large list or ledger read)."""
    return [c for c in table.columns if c.name not in STAMPS]


def new_uuid() -> str:
    return str(uuid.uuid4())


class Identified:
    """A record's identity across workspaces: exported with it, matched on import, so
    importing the same file twice adds nothing.  Nullable in the schema only because
    migration 0004_record_uuids adds it in place (see there); every insert fills it.  Last in every
    table (sort_order), as the migration appends it."""

    uuid: Mapped[str | None] = mapped_column(
        String(36), default=new_uuid, index=True, unique=True, sort_order=200
    )


def target_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("target.id", ondelete="CASCADE"), index=True, nullable=False)


def optional_fk(target: str) -> Any:
    return mapped_column(ForeignKey(target, ondelete="SET NULL"), index=True, nullable=True)


# --- link tables ----------------------------------------------------------------------


def _link_table(name: str, left: str, right: str) -> Table:
    return Table(
        name,
        Base.metadata,
        Column(
            f"{left}_id",
            ForeignKey(f"{left}.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
        Column(
            f"{right}_id",
            ForeignKey(f"{right}.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )


feedback_skill = _link_table("feedback_skill", "feedback", "skill")
experience_skill = _link_table("experience_skill", "experience", "skill")
portfolio_skill = _link_table("portfolio_skill", "portfolio_item", "skill")
question_skill = _link_table("question_skill", "question", "skill")
contact_target = _link_table("contact_target", "contact", "target")
event_contact = _link_table("event_contact", "event", "contact")


# --- records --------------------------------------------------------------------------


class Target(Identified, Timestamped, Base):
    __tablename__ = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    company: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    posting_url: Mapped[str | None] = mapped_column(String(2000))
    job_description: Mapped[str | None] = mapped_column(Text)
    first_interview_date: Mapped[dt.date | None] = mapped_column(Date)
    rejection_date: Mapped[dt.date | None] = mapped_column(Date)
    eligible_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[TargetStatus] = enum_column(TargetStatus, default=TargetStatus.preparing)
    notes: Mapped[str | None] = mapped_column(Text)
    # When the person asked the company for feedback (step 1), shown on the Overview.
    # Last (after the timestamps), because migration 0002 appends it in place and a new
    # database must match an upgraded one column for column.
    feedback_requested_on: Mapped[dt.date | None] = mapped_column(Date, sort_order=100)
    # The next interview, once there is one: practice is scheduled to peak before it
    # (migration 0003 appends it, hence last).
    interview_date: Mapped[dt.date | None] = mapped_column(Date, sort_order=301)
    # The target's whole life (migration 0006_network_timing appends these, hence last and
    # in this order): which attempt this is and the one before it, the reapplication itself
    # and its outcome, and when it was archived (hidden from the selector, kept in exports).
    attempt: Mapped[int | None] = mapped_column(Integer, sort_order=400)
    previous_attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("target.id", ondelete="SET NULL"), index=True, nullable=True, sort_order=401
    )
    reapplied_on: Mapped[dt.date | None] = mapped_column(Date, sort_order=402)
    reapply_stage: Mapped[ReapplyStage] = enum_column(
        ReapplyStage, default=ReapplyStage.not_yet, server_default="not_yet", sort_order=403
    )
    outcome: Mapped[ReapplyOutcome] = enum_column(
        ReapplyOutcome, default=ReapplyOutcome.pending, server_default="pending", sort_order=404
    )
    outcome_on: Mapped[dt.date | None] = mapped_column(Date, sort_order=405)
    outcome_note: Mapped[str | None] = mapped_column(Text, sort_order=406)
    archived_on: Mapped[dt.date | None] = mapped_column(Date, sort_order=407)

    @property
    def title(self) -> str:
        return f"{self.company} — {self.role}"


class InterviewRound(Identified, Timestamped, Base):
    __tablename__ = "interview_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    date: Mapped[dt.date | None] = mapped_column(Date)
    stage: Mapped[RoundStage] = enum_column(RoundStage, default=RoundStage.screen)
    format: Mapped[str | None] = mapped_column(String(200))
    interviewers: Mapped[str | None] = mapped_column(String(500))
    outcome: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)


class Feedback(Identified, Timestamped, Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    round_id: Mapped[int | None] = optional_fk("interview_round.id")
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[FeedbackSource] = enum_column(FeedbackSource, default=FeedbackSource.recruiter)
    contact_id: Mapped[int | None] = optional_fk("contact.id")
    text: Mapped[str] = mapped_column(Text)
    theme: Mapped[FeedbackTheme] = enum_column(FeedbackTheme, default=FeedbackTheme.other)
    status: Mapped[FeedbackStatus] = enum_column(FeedbackStatus, default=FeedbackStatus.open)
    response: Mapped[str | None] = mapped_column(Text)

    skills: Mapped[list[Skill]] = orm_relationship(
        secondary=feedback_skill, lazy="raise", passive_deletes=True, order_by="Skill.name"
    )


class Reflection(Identified, Timestamped, Base):
    __tablename__ = "reflection"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    round_id: Mapped[int | None] = optional_fk("interview_round.id")
    question: Mapped[str] = mapped_column(Text)
    what_i_said: Mapped[str | None] = mapped_column(Text)
    what_landed: Mapped[str | None] = mapped_column(Text)
    what_was_missing: Mapped[str | None] = mapped_column(Text)
    better_answer: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[Verdict] = enum_column(Verdict, default=Verdict.solid)


class CompetencyRating(Identified, Timestamped, Base):
    __tablename__ = "competency_rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    area: Mapped[CompetencyArea] = enum_column(CompetencyArea)
    rating: Mapped[int] = mapped_column(Integer, default=3)
    note: Mapped[str | None] = mapped_column(Text)


class Skill(Identified, Timestamped, Base):
    __tablename__ = "skill"
    __table_args__ = (UniqueConstraint("target_id", "name"), AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[SkillCategory] = enum_column(SkillCategory, default=SkillCategory.technical)
    required_level: Mapped[int] = mapped_column(Integer, default=3)
    current_level: Mapped[int] = mapped_column(Integer, default=0)
    importance: Mapped[int] = mapped_column(Integer, default=2)
    notes: Mapped[str | None] = mapped_column(Text)

    level_changes: Mapped[list[SkillLevelChange]] = orm_relationship(
        back_populates="skill",
        lazy="raise",
        passive_deletes=True,
        order_by="(SkillLevelChange.date, SkillLevelChange.id)",
    )


class SkillLevelChange(Identified, Timestamped, Base):
    __tablename__ = "skill_level_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skill.id", ondelete="CASCADE"), index=True, nullable=False
    )
    date: Mapped[dt.date] = mapped_column(Date)
    level: Mapped[int] = mapped_column(Integer)

    skill: Mapped[Skill] = orm_relationship(back_populates="level_changes", lazy="raise")


class LearningActivity(Identified, Timestamped, Base):
    __tablename__ = "learning_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    skill_id: Mapped[int | None] = optional_fk("skill.id")
    kind: Mapped[ActivityKind] = enum_column(ActivityKind, default=ActivityKind.course)
    title: Mapped[str] = mapped_column(String(300))
    provider: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[ActivityStatus] = enum_column(ActivityStatus, default=ActivityStatus.planned)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    hours_planned: Mapped[float | None] = mapped_column(Float)
    hours_spent: Mapped[float | None] = mapped_column(Float)
    cost: Mapped[float | None] = mapped_column(Float)
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    evidence_file: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)


class Experience(Identified, Timestamped, Base):
    __tablename__ = "experience"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    kind: Mapped[ExperienceKind] = enum_column(ExperienceKind, default=ExperienceKind.side_project)
    title: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)
    outcomes: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    resume_bullet: Mapped[str | None] = mapped_column(Text)

    skills: Mapped[list[Skill]] = orm_relationship(
        secondary=experience_skill, lazy="raise", passive_deletes=True, order_by="Skill.name"
    )


class Contact(Identified, Timestamped, Base):
    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    linkedin_url: Mapped[str | None] = mapped_column(String(2000))
    relationship: Mapped[Relationship] = enum_column(Relationship, default=Relationship.other)
    how_we_met: Mapped[str | None] = mapped_column(Text)
    keep_in_touch_days: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)

    # No keep-in-touch reminders before this day (a snooze; migration 0003_network_timing).
    quiet_until: Mapped[dt.date | None] = mapped_column(Date, sort_order=400)

    targets: Mapped[list[Target]] = orm_relationship(
        secondary=contact_target, lazy="raise", passive_deletes=True, order_by="Target.company"
    )
    # Read only, for the keep-in-touch cadence the contacts list shows (kinds.CONTACT).
    interactions: Mapped[list[Interaction]] = orm_relationship(
        lazy="raise", viewonly=True, order_by="Interaction.id"
    )


class Interaction(Identified, Timestamped, Base):
    __tablename__ = "interaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True, nullable=False
    )
    date: Mapped[dt.date | None] = mapped_column(Date)
    channel: Mapped[Channel] = enum_column(Channel, default=Channel.email)
    summary: Mapped[str | None] = mapped_column(Text)
    follow_up_date: Mapped[dt.date | None] = mapped_column(Date)
    follow_up_done: Mapped[bool] = mapped_column(Boolean, default=False)


class Event(Identified, Timestamped, Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[EventKind] = enum_column(EventKind, default=EventKind.meetup)
    organiser: Mapped[str | None] = mapped_column(String(200))
    date: Mapped[dt.date | None] = mapped_column(Date)
    location: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[EventStatus] = enum_column(EventStatus, default=EventStatus.interested)
    notes: Mapped[str | None] = mapped_column(Text)

    contacts: Mapped[list[Contact]] = orm_relationship(
        secondary=event_contact, lazy="raise", passive_deletes=True, order_by="Contact.name"
    )


class ResumeVersion(Identified, Timestamped, Base):
    __tablename__ = "resume_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    label: Mapped[str] = mapped_column(String(200))
    created_on: Mapped[dt.date | None] = mapped_column(Date)
    # Name of the copy inside the data folder's attachments/ (generated, never the original).
    file: Mapped[str | None] = mapped_column(String(500))
    plain_text: Mapped[str | None] = mapped_column(Text)
    sent_on: Mapped[dt.date | None] = mapped_column(Date)
    change_notes: Mapped[str | None] = mapped_column(Text)


class PortfolioItem(Identified, Timestamped, Base):
    __tablename__ = "portfolio_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(Text)
    # A file that shows the work (a write-up, screenshots), copied into attachments/.
    # Last (after the timestamps): migration 0003 appends it in place.
    file: Mapped[str | None] = mapped_column(String(500), sort_order=100)

    skills: Mapped[list[Skill]] = orm_relationship(
        secondary=portfolio_skill, lazy="raise", passive_deletes=True, order_by="Skill.name"
    )


class CoverLetter(Identified, Timestamped, Base):
    __tablename__ = "cover_letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    created_on: Mapped[dt.date | None] = mapped_column(Date)
    sent_on: Mapped[dt.date | None] = mapped_column(Date)


class Question(Identified, Timestamped, Base):
    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    category: Mapped[QuestionCategory] = enum_column(
        QuestionCategory, default=QuestionCategory.behavioural
    )
    question: Mapped[str] = mapped_column(Text)
    situation: Mapped[str | None] = mapped_column(Text)
    task: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)
    reflection: Mapped[str | None] = mapped_column(Text)
    experience_id: Mapped[int | None] = optional_fk("experience.id")
    confidence: Mapped[int | None] = mapped_column(Integer)
    # Spaced-repetition scheduling: next due date plus the scheduler's own state (JSON).
    practice_due: Mapped[dt.date | None] = mapped_column(Date)
    practice_state: Mapped[str | None] = mapped_column(Text)
    # Added by migration 0005 at the end of the table, after the uuid (hence the sort order):
    # the feedback item this question answers, a hint of what the interviewer is really
    # asking (from the question bank), and how long the person aims to speak.
    feedback_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback.id", ondelete="SET NULL"), index=True, nullable=True, sort_order=300
    )
    hint: Mapped[str | None] = mapped_column(Text, sort_order=301)
    target_seconds: Mapped[int | None] = mapped_column(Integer, sort_order=302)

    skills: Mapped[list[Skill]] = orm_relationship(
        secondary=question_skill, lazy="raise", passive_deletes=True, order_by="Skill.name"
    )


class MockInterview(Identified, Timestamped, Base):
    """A rehearsal of several questions in a row, as in the interview; its answers are
    practice sessions that point at it."""

    __tablename__ = "mock_interview"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    planned: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)


class PracticeSession(Identified, Timestamped, Base):
    __tablename__ = "practice_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True, nullable=False
    )
    practiced_on: Mapped[dt.date | None] = mapped_column(Date)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    rating: Mapped[PracticeRating] = enum_column(PracticeRating, default=PracticeRating.good)
    notes: Mapped[str | None] = mapped_column(Text)
    # The mock interview this answer was part of (migration 0005, hence last).
    mock_id: Mapped[int | None] = mapped_column(
        ForeignKey("mock_interview.id", ondelete="SET NULL"),
        index=True,
        nullable=True,
        sort_order=300,
    )


class JournalEntry(Identified, Timestamped, Base):
    __tablename__ = "journal_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = target_fk()
    date: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[JournalKind] = enum_column(JournalKind, default=JournalKind.win)
    text: Mapped[str] = mapped_column(Text)


class AppSetting(Timestamped, Base):
    """Preferences stored with the data (the person's name and e-mail, …)."""

    __tablename__ = "app_setting"
    __table_args__: Any = {}

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)
