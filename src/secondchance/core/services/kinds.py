"""Every kind of record the app edits, described once.

A ``RecordKind`` names its table, its fields (``FieldSpec``), which fields the list shows,
how a record is titled, and whose it is: a target's (``scope="target"``), everyone's
(contacts and events), or a parent record's (interactions of a contact, practice sessions
of a question).  The generic record service and the shared record editor both read these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from secondchance.core import models as m
from secondchance.core.dates import medium_date
from secondchance.core.services import kind_rules as rules
from secondchance.core.services.fields import Checks, FieldSpec
from secondchance.core.services.fields import FieldType as T
from secondchance.core.services.hooks import (
    AfterRemoveOrRestore,
    AfterWrite,
    BeforeWrite,
    Computed,
)
from secondchance.core.services.target_title import target_title, title_text

Scope = Literal["root", "target", "shared", "parent"]
# How a list column behaves: the key names the row (it stretches and never leaves the screen);
# dates, statuses and numbers are compact; other text elides, with the whole text as a tooltip.
ColumnRole = Literal["key", "date", "status", "number", "text"]
_COMPACT: dict[T, ColumnRole] = {
    T.DATE: "date",
    T.ENUM: "status",
    T.BOOL: "status",
    T.RATING: "number",
    T.INTEGER: "number",
    T.NUMBER: "number",
}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    label: str
    role: ColumnRole
    priority: int  # 0 for the key column; at narrow widths the highest numbers hide first


@dataclass(frozen=True)
class RecordKind:
    name: str
    label: str  # singular, e.g. "feedback item"
    plural: str  # e.g. "Feedback"
    model: type[m.Base]
    scope: Scope
    fields: tuple[FieldSpec, ...]
    columns: tuple[str, ...]  # the list's columns, in the order shown
    title: Callable[[Mapping[str, Any]], str]
    # The fields ``title`` reads (a pick list of 8 000 contacts reads only their names);
    # empty: all of them.  tests/unit/test_records.py holds each kind to its own.
    title_fields: tuple[str, ...] = ()
    sort: tuple[str, bool] = ("id", False)  # (field, descending)
    parent_field: str | None = None  # for scope "parent": the reference to the parent
    parent_kind: str | None = None
    # For a "parent" kind whose parent belongs to a target: the parent's target column.
    parent_target_column: str | None = None
    checks: Checks = field(default_factory=Checks)
    empty_text: str = ""
    empty_action: str = ""
    # How a list row stands out, given its values and today: "warning" (e.g. overdue),
    # "muted" (e.g. dropped) or None for the usual look.
    row_tone: Callable[[Mapping[str, Any], dt.date], str | None] | None = None
    # Every record of this kind is private to the person (see ``FieldSpec.private``).
    private: bool = False
    # The kind's own rules, run by the generic service (see hooks.py and kind_rules.py):
    relations: tuple[str, ...] = ()  # relationships loaded with each row, for ``computed``
    computed: Computed | None = None  # read-only values derived from the loaded row
    before_write: tuple[BeforeWrite, ...] = ()
    after_write: tuple[AfterWrite, ...] = ()
    # The column that names a row (see ``ColumnRole``); the first text column when empty.
    key_column: str = ""
    # The other columns from most to least needed; narrow lists hide from the end.  Columns
    # not named here come after them, in the order shown.
    keep_columns: tuple[str, ...] = ()
    # The list reads better above its form than beside it (its key column is long text).
    wide_list: bool = False
    after_remove_or_restore: tuple[AfterRemoveOrRestore, ...] = ()
    # Other kinds these hooks change (a practice session moves its question's due date):
    # they are reported as changed too, so their lists reload.
    touches: tuple[str, ...] = ()

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.name} has no field {name!r}")

    @property
    def editable_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.editable)

    @property
    def column_specs(self) -> tuple[ColumnSpec, ...]:
        """The list's columns with their role and priority, in the order shown."""
        key = self.key_column or next(
            (n for n in self.columns if self.field(n).type in (T.TEXT, T.MULTILINE)),
            self.columns[0],
        )
        ranked = [n for n in self.keep_columns if n != key]
        ranked += [n for n in self.columns if n != key and n not in ranked]
        specs = []
        for name in self.columns:
            spec = self.field(name)
            role: ColumnRole = "key" if name == key else _COMPACT.get(spec.type, "text")
            priority = 0 if name == key else ranked.index(name) + 1
            specs.append(ColumnSpec(name, spec.label, role, priority))
        return tuple(specs)

    @property
    def link_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.type is T.LINKS)


_text = title_text


def _dated(values: Mapping[str, Any], date_field: str, text: str) -> str:
    day = values.get(date_field)
    prefix = medium_date(day) + " · " if isinstance(day, dt.date) else ""
    return prefix + text


# --- shared field shapes ------------------------------------------------------------


def _notes(name: str = "notes", label: str = "Notes") -> FieldSpec:
    return FieldSpec(name, label, T.MULTILINE, private=True)


def _url(name: str = "url", label: str = "Link", private: bool = False) -> FieldSpec:
    return FieldSpec(name, label, T.URL, max_length=2000, placeholder="https://…", private=private)


# What the numbers on the rating controls mean, shown beside them and in tooltips.
LEVELS = ("None yet", "Aware of it", "Beginner", "Working knowledge", "Strong", "Expert")
IMPORTANCE = ("Nice to have", "Important", "Essential")
COMPETENCE = ("A weak spot", "Developing", "Adequate", "A strength", "A real strength")
CONFIDENCE = ("Shaky", "Unsure", "Getting there", "Confident", "Very confident")


def _level(name: str, label: str, default: int) -> FieldSpec:
    return FieldSpec(
        name,
        label,
        T.RATING,
        required=True,
        minimum=0,
        maximum=5,
        default=default,
        scale=LEVELS,
    )


def _skills_link() -> FieldSpec:
    return FieldSpec("skills", "Skills", T.LINKS, ref_kind="skill")


KINDS: dict[str, RecordKind] = {}


def _register(kind: RecordKind) -> RecordKind:
    KINDS[kind.name] = kind
    return kind


TARGET = _register(
    RecordKind(
        name="target",
        label="target",
        plural="Targets",
        model=m.Target,
        scope="root",
        fields=(
            FieldSpec("company", "Company", required=True, max_length=200),
            FieldSpec("role", "Role", required=True, max_length=200),
            FieldSpec(
                "status",
                "Status",
                T.ENUM,
                required=True,
                enum=m.TargetStatus,
                default=m.TargetStatus.preparing,
            ),
            FieldSpec("first_interview_date", "First interview", T.DATE),
            FieldSpec("rejection_date", "Rejection", T.DATE),
            FieldSpec(
                "feedback_requested_on",
                "Feedback requested",
                T.DATE,
                help="The day you asked for feedback (Feedback tab → Draft a feedback request).",
            ),
            FieldSpec(
                "eligible_date",
                "Eligible to reapply",
                T.DATE,
                help="Many companies ask you to wait 6–12 months before applying again.",
            ),
            FieldSpec(
                "interview_date",
                "Next interview",
                T.DATE,
                help="Once you have a date, Interview Prep schedules practice so that every "
                "question comes round again before it.",
            ),
            _url("posting_url", "Job posting"),
            FieldSpec(
                "job_description",
                "Job description",
                T.MULTILINE,
                text_size="long",
                placeholder="Paste the job description here",
            ),
            _notes(),
            # The reapplication itself, and the target's place in a series of attempts.
            FieldSpec(
                "attempt",
                "Attempt",
                T.INTEGER,
                minimum=1,
                maximum=20,
                help="Which time you are applying for this role: empty or 1 for the first.",
            ),
            FieldSpec("reapplied_on", "Applied again on", T.DATE),
            FieldSpec(
                "reapply_stage",
                "Stage reached",
                T.ENUM,
                required=True,
                enum=m.ReapplyStage,
                default=m.ReapplyStage.not_yet,
            ),
            FieldSpec(
                "outcome",
                "Outcome",
                T.ENUM,
                required=True,
                enum=m.ReapplyOutcome,
                default=m.ReapplyOutcome.pending,
            ),
            FieldSpec("outcome_on", "Outcome on", T.DATE),
            FieldSpec("outcome_note", "About the outcome", T.MULTILINE, private=True),
            FieldSpec(
                "archived_on",
                "Archived on",
                T.DATE,
                help="An archived target is hidden from the selector and kept in exports "
                "(View → Show archived targets). Clear the date to bring it back.",
            ),
        ),
        columns=("company", "role", "status", "eligible_date"),
        title=target_title,
        title_fields=("company", "role", "attempt"),
        sort=("company", False),
        checks=Checks(
            date_order=(
                (
                    "first_interview_date",
                    "rejection_date",
                    "The rejection can't come before the first interview",
                ),
                (
                    "rejection_date",
                    "eligible_date",
                    "The eligible date can't be before the rejection",
                ),
                (
                    "rejection_date",
                    "reapplied_on",
                    "You can't have applied again before the rejection",
                ),
                ("reapplied_on", "outcome_on", "The outcome can't come before you applied again"),
            )
        ),
        after_write=(rules.reschedule_for_new_dates,),
        touches=("question",),
        before_write=(rules.kept_target_is_frozen,),
    )
)

ROUND = _register(
    RecordKind(
        name="round",
        label="interview round",
        plural="Rounds",
        model=m.InterviewRound,
        scope="target",
        fields=(
            FieldSpec("date", "Date", T.DATE),
            FieldSpec(
                "stage",
                "Stage",
                T.ENUM,
                required=True,
                enum=m.RoundStage,
                default=m.RoundStage.screen,
            ),
            FieldSpec(
                "format", "Format", max_length=200, placeholder="Video call, on-site, take-home…"
            ),
            FieldSpec("interviewers", "Interviewers", max_length=500),
            FieldSpec("outcome", "Outcome", max_length=500),
            _notes(),
        ),
        columns=("date", "stage", "outcome", "interviewers"),
        key_column="outcome",
        keep_columns=("stage", "date", "interviewers"),
        title=lambda v: _dated(v, "date", str(getattr(v.get("stage"), "value", "Round"))),
        title_fields=("date", "stage"),
        sort=("date", False),
        empty_text="List each interview round you went through: the screen, the technical, the "
        "final. Feedback and your own debrief can then point at the round they came from.",
        empty_action="Add the first interview round",
    )
)

FEEDBACK = _register(
    RecordKind(
        name="feedback",
        label="feedback",
        plural="Feedback",
        model=m.Feedback,
        scope="target",
        fields=(
            FieldSpec("received_on", "Received", T.DATE, starts_today=True),
            FieldSpec(
                "source",
                "Source",
                T.ENUM,
                required=True,
                enum=m.FeedbackSource,
                default=m.FeedbackSource.recruiter,
            ),
            FieldSpec("round_id", "Round", T.REFERENCE, ref_kind="round"),
            FieldSpec("contact_id", "From contact", T.REFERENCE, ref_kind="contact"),
            FieldSpec(
                "text",
                "What they said",
                T.MULTILINE,
                required=True,
                placeholder="Their words, as close to verbatim as you can",
            ),
            FieldSpec(
                "theme",
                "Theme",
                T.ENUM,
                required=True,
                enum=m.FeedbackTheme,
                default=m.FeedbackTheme.other,
            ),
            FieldSpec(
                "status",
                "Status",
                T.ENUM,
                required=True,
                enum=m.FeedbackStatus,
                default=m.FeedbackStatus.open,
            ),
            _skills_link(),
            FieldSpec("response", "My plan / what I did", T.MULTILINE, private=True),
        ),
        columns=("received_on", "text", "status", "theme", "source"),
        key_column="text",
        keep_columns=("status", "received_on", "theme", "source"),
        wide_list=True,
        title=lambda v: _text(v, "text"),
        title_fields=("text",),
        sort=("received_on", True),
        empty_text="Start with what the company told you. Write down the feedback you received, "
        "in their words — even a short line from the recruiter counts.",
        empty_action="Add the first feedback you received",
    )
)

REFLECTION = _register(
    RecordKind(
        name="reflection",
        private=True,
        label="self-assessment",
        plural="Self-assessment",
        model=m.Reflection,
        scope="target",
        fields=(
            FieldSpec("round_id", "Round", T.REFERENCE, ref_kind="round"),
            FieldSpec("question", "Question asked", T.MULTILINE, required=True),
            FieldSpec("what_i_said", "What I said", T.MULTILINE),
            FieldSpec("what_landed", "What landed", T.MULTILINE),
            FieldSpec("what_was_missing", "What was missing", T.MULTILINE),
            FieldSpec("better_answer", "A better answer", T.MULTILINE),
            FieldSpec(
                "verdict", "Verdict", T.ENUM, required=True, enum=m.Verdict, default=m.Verdict.solid
            ),
        ),
        columns=("question", "verdict"),
        key_column="question",
        wide_list=True,
        title=lambda v: _text(v, "question"),
        title_fields=("question",),
        sort=("id", False),
        empty_text="Debrief the interview question by question while you still remember it: "
        "what you said, what landed, and what a better answer would have been.",
        empty_action="Debrief the first question",
    )
)

COMPETENCY = _register(
    RecordKind(
        name="competency",
        private=True,
        label="competency rating",
        plural="Competencies",
        model=m.CompetencyRating,
        scope="target",
        fields=(
            FieldSpec(
                "area",
                "Area",
                T.ENUM,
                required=True,
                enum=m.CompetencyArea,
                default=m.CompetencyArea.motivation,
            ),
            FieldSpec(
                "rating",
                "Rating",
                T.RATING,
                required=True,
                minimum=1,
                maximum=5,
                default=3,
                scale=COMPETENCE,
            ),
            FieldSpec("note", "Note", T.MULTILINE),
        ),
        columns=("area", "rating", "note"),
        key_column="note",
        keep_columns=("area", "rating"),
        title=lambda v: str(getattr(v.get("area"), "value", "Competency")),
        title_fields=("area",),
        sort=("area", False),
        empty_text="Rate yourself honestly on the areas interviewers probe — motivation, "
        "handling ambiguity, conflict, growth — so you know where to practise.",
        empty_action="Rate the first competency",
    )
)


def _skill_title(values: Mapping[str, Any]) -> str:
    return _text(values, "name")


SKILL = _register(
    RecordKind(
        name="skill",
        label="skill",
        plural="Skills",
        model=m.Skill,
        scope="target",
        fields=(
            FieldSpec("name", "Skill", required=True, max_length=200),
            FieldSpec(
                "category",
                "Category",
                T.ENUM,
                required=True,
                enum=m.SkillCategory,
                default=m.SkillCategory.technical,
            ),
            _level("required_level", "Required level", 3),
            _level("current_level", "Current level", 0),
            FieldSpec(
                "importance",
                "Importance",
                T.RATING,
                required=True,
                minimum=1,
                maximum=3,
                default=2,
                scale=IMPORTANCE,
                help="How much the role leans on this skill.",
            ),
            _notes(),
            # Shown as the chart under the skill's form (Skills tab), not as a field.
            FieldSpec("level_history", "Level history", T.COMPUTED, in_form=False),
        ),
        columns=("name", "category", "required_level", "current_level", "importance"),
        key_column="name",
        keep_columns=("current_level", "required_level", "importance", "category"),
        title=_skill_title,
        title_fields=("name",),
        sort=("name", False),
        empty_text="List the skills the role needs — from the feedback and the job description — "
        "and rate where you stand today. The gap is what you'll work on.",
        empty_action="Add the first skill",
        relations=("level_changes",),
        computed=rules.skill_level_history,
        before_write=(rules.skill_name_is_unique,),
        after_write=(rules.record_level_change,),
    )
)


def _activity_tone(values: Mapping[str, Any], today: dt.date) -> str | None:
    status, due = values.get("status"), values.get("due_date")
    if status is m.ActivityStatus.dropped:
        return "muted"
    if status not in (m.ActivityStatus.done, None) and isinstance(due, dt.date) and due < today:
        return "warning"  # overdue: the rule of due_rules.is_overdue
    return None


ACTIVITY = _register(
    RecordKind(
        name="activity",
        label="development activity",
        plural="Development plan",
        model=m.LearningActivity,
        scope="target",
        fields=(
            FieldSpec("title", "Title", required=True, max_length=300),
            FieldSpec(
                "kind",
                "Kind",
                T.ENUM,
                required=True,
                enum=m.ActivityKind,
                default=m.ActivityKind.course,
            ),
            FieldSpec("skill_id", "For skill", T.REFERENCE, ref_kind="skill"),
            FieldSpec("provider", "Provider", max_length=200),
            _url(),
            FieldSpec(
                "status",
                "Status",
                T.ENUM,
                required=True,
                enum=m.ActivityStatus,
                default=m.ActivityStatus.planned,
            ),
            FieldSpec("start_date", "Start", T.DATE),
            FieldSpec("due_date", "Due", T.DATE),
            FieldSpec("completed_on", "Completed", T.DATE),
            FieldSpec("hours_planned", "Hours planned", T.NUMBER, minimum=0, maximum=10000),
            FieldSpec("hours_spent", "Hours spent", T.NUMBER, minimum=0, maximum=10000),
            FieldSpec("cost", "Cost", T.NUMBER, minimum=0, maximum=1_000_000, money=True),
            _url("evidence_url", "Evidence link"),
            FieldSpec("evidence_file", "Evidence file", T.FILE),
            _notes(),
        ),
        columns=("title", "kind", "skill_id", "status", "due_date"),
        key_column="title",
        keep_columns=("status", "due_date", "skill_id", "kind"),
        title=lambda v: _text(v, "title"),
        title_fields=("title",),
        sort=("due_date", False),
        checks=Checks(
            date_order=(
                ("start_date", "due_date", "The due date is before the start date"),
                ("start_date", "completed_on", "The completion date is before the start date"),
            )
        ),
        empty_text="Plan how you'll close each gap: a course, a workshop, a mentor, a book, a "
        "certification. Keep the evidence as you finish each one.",
        empty_action="Plan the first activity",
        row_tone=_activity_tone,
        before_write=(rules.fill_completed_on,),
    )
)

EXPERIENCE = _register(
    RecordKind(
        name="experience",
        label="experience",
        plural="Experience",
        model=m.Experience,
        scope="target",
        fields=(
            FieldSpec("title", "Title", required=True, max_length=300),
            FieldSpec(
                "kind",
                "Kind",
                T.ENUM,
                required=True,
                enum=m.ExperienceKind,
                default=m.ExperienceKind.side_project,
            ),
            FieldSpec("organisation", "Organisation", max_length=200),
            FieldSpec("role", "My role", max_length=200),
            FieldSpec("start_date", "Start", T.DATE),
            FieldSpec("end_date", "End", T.DATE),
            FieldSpec("description", "Description", T.MULTILINE, text_size="long"),
            FieldSpec(
                "outcomes",
                "Outcomes (quantified)",
                T.MULTILINE,
                placeholder="Cut report time from 3 days to 4 hours…",
            ),
            _url(),
            FieldSpec("resume_bullet", "Resume bullet", T.MULTILINE),
            _skills_link(),
        ),
        columns=("title", "kind", "organisation", "start_date", "end_date"),
        key_column="title",
        keep_columns=("start_date", "organisation", "end_date", "kind"),
        title=lambda v: _text(v, "title"),
        title_fields=("title",),
        sort=("start_date", True),
        checks=Checks(date_order=(("start_date", "end_date", "End date is before start date"),)),
        empty_text="Experience is the proof that you've grown: projects at work, freelance, "
        "volunteering, side projects. Link each to the skills it shows.",
        empty_action="Add the first experience",
    )
)


def _contact_tone(values: Mapping[str, Any], today: dt.date) -> str | None:
    due = values.get("next_due")
    return "warning" if isinstance(due, dt.date) and due < today else None


def _interaction_tone(values: Mapping[str, Any], today: dt.date) -> str | None:
    due = values.get("follow_up_date")
    if values.get("follow_up_done") or not isinstance(due, dt.date):
        return None
    return "warning" if due < today else None


CONTACT = _register(
    RecordKind(
        name="contact",
        label="contact",
        plural="Contacts",
        model=m.Contact,
        scope="shared",
        fields=(
            FieldSpec("name", "Name", required=True, max_length=200),
            FieldSpec("company", "Company", max_length=200),
            FieldSpec("title", "Job title", max_length=200),
            FieldSpec(
                "relationship",
                "Relationship",
                T.ENUM,
                required=True,
                enum=m.Relationship,
                default=m.Relationship.other,
            ),
            FieldSpec("email", "E-mail", T.EMAIL, max_length=320, private=True),
            FieldSpec("phone", "Phone", max_length=50, private=True),
            _url("linkedin_url", "LinkedIn", private=True),
            FieldSpec("how_we_met", "How we met", T.MULTILINE, private=True),
            FieldSpec("keep_in_touch", "Keep in touch", T.COMPUTED),
            FieldSpec("last_contact", "Last contact", T.COMPUTED),
            FieldSpec("next_due", "Next due", T.COMPUTED),
            FieldSpec(
                "keep_in_touch_days",
                "Keep in touch every (days)",
                T.INTEGER,
                minimum=1,
                maximum=3650,
                help="Empty: by relationship — mentor or referrer 30, recruiter or employee 45, "
                "hiring manager or peer 60, others 90 days after your last conversation.",
            ),
            FieldSpec(
                "quiet_until",
                "Quiet until",
                T.DATE,
                help="No keep-in-touch reminders before this day (Snooze sets it).",
            ),
            FieldSpec("tags", "Tags", max_length=500, placeholder="comma, separated"),
            FieldSpec("targets", "Relevant targets", T.LINKS, ref_kind="target"),
            _notes(),
        ),
        # The rhythm first: "Overdue by 12 days" must not be the column scrolled away.
        columns=("name", "keep_in_touch", "next_due", "last_contact", "company"),
        key_column="name",
        keep_columns=("keep_in_touch", "next_due", "last_contact", "company"),
        title=lambda v: _text(v, "name"),
        title_fields=("name",),
        sort=("name", False),
        empty_text="People open doors. Add the recruiter, the people you met in the interview, "
        "employees you could talk to, mentors and peers — or import them from your address "
        "book (File → Import contacts).",
        empty_action="Add the first contact",
        row_tone=_contact_tone,
        relations=("interactions",),
        computed=rules.contact_cadence,
    )
)

INTERACTION = _register(
    RecordKind(
        name="interaction",
        label="interaction",
        plural="Interactions",
        model=m.Interaction,
        scope="parent",
        parent_field="contact_id",
        parent_kind="contact",
        fields=(
            FieldSpec("contact_id", "Contact", T.REFERENCE, required=True, ref_kind="contact"),
            FieldSpec("date", "Date", T.DATE, starts_today=True),
            FieldSpec(
                "channel",
                "Channel",
                T.ENUM,
                required=True,
                enum=m.Channel,
                default=m.Channel.email,
                private=True,
            ),
            FieldSpec("summary", "Summary", T.MULTILINE, private=True),
            FieldSpec("follow_up_date", "Follow up on", T.DATE, private=True),
            FieldSpec("follow_up_done", "Follow-up done", T.BOOL, default=False, private=True),
        ),
        columns=("date", "contact_id", "summary", "follow_up_date", "channel"),
        key_column="summary",
        keep_columns=("contact_id", "date", "follow_up_date", "channel"),
        wide_list=True,
        title=lambda v: _dated(v, "date", _text(v, "summary", "Interaction")),
        title_fields=("date", "summary"),
        sort=("date", True),
        row_tone=_interaction_tone,
        checks=Checks(
            date_order=(("date", "follow_up_date", "The follow-up is before the conversation"),)
        ),
        empty_text="Log each conversation — a coffee chat, a call, a message — and when to "
        "follow up, so no relationship goes quiet by accident.",
        empty_action="Log the first interaction",
    )
)

EVENT = _register(
    RecordKind(
        name="event",
        label="event",
        plural="Events",
        model=m.Event,
        scope="shared",
        fields=(
            FieldSpec("name", "Name", required=True, max_length=300),
            FieldSpec(
                "kind", "Kind", T.ENUM, required=True, enum=m.EventKind, default=m.EventKind.meetup
            ),
            FieldSpec("organiser", "Organiser", max_length=200),
            FieldSpec("date", "Date", T.DATE),
            FieldSpec("location", "Location or link", max_length=2000),
            FieldSpec(
                "status",
                "Status",
                T.ENUM,
                required=True,
                enum=m.EventStatus,
                default=m.EventStatus.interested,
            ),
            FieldSpec("contacts", "People met there", T.LINKS, ref_kind="contact"),
            _notes(),
        ),
        columns=("date", "name", "contacts", "status"),
        key_column="name",
        keep_columns=("date", "status", "contacts"),
        title=lambda v: _text(v, "name"),
        title_fields=("name",),
        sort=("date", True),
        empty_text="Meetups, conferences, webinars and associations keep you close to the "
        "industry — and to the people who hire in it.",
        empty_action="Add the first event",
    )
)


RESUME = _register(
    RecordKind(
        name="resume",
        label="resume version",
        plural="Resume versions",
        model=m.ResumeVersion,
        scope="target",
        fields=(
            FieldSpec("label", "Label", required=True, max_length=200),
            FieldSpec("created_on", "Created", T.DATE, starts_today=True),
            FieldSpec("file", "Attached file", T.FILE),
            FieldSpec(
                "plain_text",
                "Plain text",
                T.MULTILINE,
                text_size="long",
                help="Read from the attached file, or pasted; correct it here. Coverage and "
                "the comparison of versions use it.",
            ),
            FieldSpec(
                "sent_on",
                "Sent on",
                T.DATE,
                help="A version you have sent is frozen; make a new version to change it.",
            ),
            FieldSpec("change_notes", "What changed", T.MULTILINE, private=True),
        ),
        columns=("label", "created_on", "sent_on"),
        key_column="label",
        title=lambda v: _text(v, "label"),
        title_fields=("label",),
        sort=("created_on", True),
        checks=Checks(date_order=(("created_on", "sent_on", "Sent before it was created?"),)),
        empty_text="Keep each version of your resume: the one you sent last time, and the one "
        "you're reworking now. Attach the file and paste its text.",
        empty_action="Add your resume",
        before_write=(rules.sent_resume_is_frozen,),
    )
)

PORTFOLIO = _register(
    RecordKind(
        name="portfolio",
        label="portfolio item",
        plural="Portfolio",
        model=m.PortfolioItem,
        scope="target",
        fields=(
            FieldSpec("title", "Title", required=True, max_length=300),
            _url(),
            FieldSpec("file", "File", T.FILE, help="A write-up, screenshots or slides to open."),
            FieldSpec("description", "Description", T.MULTILINE),
            _skills_link(),
        ),
        columns=("title", "url"),
        key_column="title",
        title=lambda v: _text(v, "title"),
        title_fields=("title",),
        sort=("title", False),
        empty_text="Show, don't tell: dashboards, write-ups, code, case studies that a hiring "
        "manager can open.",
        empty_action="Add the first portfolio item",
    )
)

COVER_LETTER = _register(
    RecordKind(
        name="cover_letter",
        label="cover letter",
        plural="Cover letters",
        model=m.CoverLetter,
        scope="target",
        fields=(
            FieldSpec("title", "Title", required=True, max_length=300),
            FieldSpec("created_on", "Created", T.DATE, starts_today=True),
            FieldSpec("sent_on", "Sent on", T.DATE),
            FieldSpec(
                "body",
                "Letter",
                T.MULTILINE,
                placeholder="Since we last spoke, I have…",
                text_size="long",
            ),
        ),
        columns=("title", "created_on", "sent_on"),
        key_column="title",
        title=lambda v: _text(v, "title"),
        title_fields=("title",),
        sort=("created_on", True),
        checks=Checks(date_order=(("created_on", "sent_on", "Sent before it was written?"),)),
        empty_text="A reapplication letter tells them how you've grown since last time. "
        "Draft it here.",
        empty_action="Write a cover letter",
    )
)

QUESTION = _register(
    RecordKind(
        name="question",
        label="question",
        plural="Questions",
        model=m.Question,
        scope="target",
        fields=(
            FieldSpec("question", "Question", T.MULTILINE, required=True),
            FieldSpec(
                "category",
                "Category",
                T.ENUM,
                required=True,
                enum=m.QuestionCategory,
                default=m.QuestionCategory.behavioural,
            ),
            FieldSpec(
                "hint",
                "What they're really asking",
                T.MULTILINE,
                max_length=500,
                placeholder="The worry or the quality behind the question",
            ),
            FieldSpec(
                "feedback_id",
                "Answers the feedback",
                T.REFERENCE,
                ref_kind="feedback",
                help="The feedback this answer shows you have acted on.",
            ),
            FieldSpec("situation", "Situation", T.MULTILINE),
            FieldSpec("task", "Task", T.MULTILINE),
            FieldSpec("action", "Action", T.MULTILINE),
            FieldSpec("result", "Result", T.MULTILINE),
            FieldSpec("reflection", "Reflection", T.MULTILINE),
            FieldSpec("experience_id", "Draws on experience", T.REFERENCE, ref_kind="experience"),
            FieldSpec("skills", "Skills it shows", T.LINKS, ref_kind="skill"),
            FieldSpec(
                "confidence",
                "Confidence",
                T.RATING,
                minimum=1,
                maximum=5,
                private=True,
                scale=CONFIDENCE,
            ),
            FieldSpec(
                "target_seconds",
                "Answer length goal (seconds)",
                T.INTEGER,
                minimum=15,
                maximum=1800,
                private=True,
                help="Empty: 2 minutes for a behavioural answer. The practice timer changes "
                "colour when you reach it.",
            ),
            FieldSpec(
                "practice_due",
                "Practise next",
                T.DATE,
                help="Set from your practice ratings (spaced repetition); change it to "
                "practise sooner.",
            ),
        ),
        # "Practise next" early, so it stays in view in a narrow window: the list is due first.
        columns=("question", "practice_due", "confidence", "category"),
        key_column="question",
        keep_columns=("practice_due", "confidence", "category"),
        wide_list=True,
        title=lambda v: _text(v, "question"),
        title_fields=("question",),
        # Due first: the question to practise today is at the top.
        sort=("practice_due", False),
        empty_text="Prepare the questions you expect — including “What has changed since you "
        "last applied?” — with STAR answers: situation, task, action, result, reflection.",
        empty_action="Add the first question",
        before_write=(rules.new_question_is_due,),
    )
)

PRACTICE = _register(
    RecordKind(
        name="practice",
        private=True,
        label="practice session",
        plural="Practice",
        model=m.PracticeSession,
        scope="parent",
        parent_field="question_id",
        parent_kind="question",
        parent_target_column="target_id",
        fields=(
            FieldSpec("question_id", "Question", T.REFERENCE, required=True, ref_kind="question"),
            FieldSpec("practiced_on", "Practised on", T.DATE, starts_today=True),
            FieldSpec(
                "duration_seconds",
                "Duration (seconds)",
                T.INTEGER,
                minimum=0,
                maximum=36000,
                help="Measured by the timer when you use Practise or a mock interview.",
            ),
            FieldSpec(
                "rating",
                "How it went",
                T.ENUM,
                required=True,
                enum=m.PracticeRating,
                default=m.PracticeRating.good,
                help="Again: you couldn't answer, practise it soon. Hard: you got there with "
                "effort. Good: a solid answer. Easy: it came without thinking.",
            ),
            FieldSpec("notes", "Notes", T.MULTILINE),
            FieldSpec("mock_id", "Mock interview", T.REFERENCE, ref_kind="mock"),
        ),
        columns=("practiced_on", "question_id", "rating", "duration_seconds"),
        key_column="question_id",
        keep_columns=("practiced_on", "rating", "duration_seconds"),
        title=lambda v: _dated(v, "practiced_on", "Practice"),
        title_fields=("practiced_on",),
        sort=("practiced_on", True),
        empty_text="Answer out loud, time yourself, and note how it went. Practice is what "
        "turns a good answer into a calm one.",
        empty_action="Log a practice session",
        before_write=(rules.practice_is_dated,),
        after_write=(rules.reschedule_after_practice,),
        after_remove_or_restore=(rules.reschedule_after_removal,),
        touches=("question",),
    )
)

MOCK = _register(
    RecordKind(
        name="mock",
        private=True,
        label="mock interview",
        plural="Mock interviews",
        model=m.MockInterview,
        scope="target",
        fields=(
            FieldSpec("held_on", "Held on", T.DATE),
            FieldSpec(
                "planned",
                "Questions",
                T.INTEGER,
                required=True,
                minimum=1,
                maximum=30,
                default=5,
                help="How many questions the mock was to ask.",
            ),
            FieldSpec(
                "notes",
                "Notes",
                T.MULTILINE,
                placeholder="Who asked the questions, how it felt, what to change",
            ),
        ),
        columns=("held_on", "planned", "notes"),
        title=lambda v: _dated(v, "held_on", "Mock interview"),
        title_fields=("held_on",),
        sort=("held_on", True),
        empty_text="A mock interview asks several of your questions in a row, as on the day: "
        "no notes, the clock running. The summary shows what to practise next.",
        empty_action="Start a mock interview",
        before_write=(rules.mock_is_dated,),
    )
)

JOURNAL = _register(
    RecordKind(
        name="journal",
        private=True,
        label="journal entry",
        plural="Journal",
        model=m.JournalEntry,
        scope="target",
        fields=(
            FieldSpec("date", "Date", T.DATE, starts_today=True),
            FieldSpec(
                "kind", "Kind", T.ENUM, required=True, enum=m.JournalKind, default=m.JournalKind.win
            ),
            FieldSpec("text", "Entry", T.MULTILINE, required=True),
        ),
        columns=("date", "text", "kind"),
        key_column="text",
        keep_columns=("date", "kind"),
        wide_list=True,
        title=lambda v: _dated(v, "date", _text(v, "text")),
        title_fields=("date", "text"),
        sort=("date", True),
        empty_text="Note the wins, the lessons and what you're grateful for. On hard days, "
        "this list is the evidence that you're moving.",
        empty_action="Write the first entry",
    )
)


def kind(name: str) -> RecordKind:
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown record kind {name!r}") from None
