"""How ready a person is to apply again, what to do next, and where they are in the method.

Three views of the same facts about one target, read in one short transaction each:

- ``compute_readiness``: a 0–100 score made of named components, each with its own figure
  and a plain sentence (the Overview and the packet's cover page show them);
- ``next_actions``: the few most useful things to do now, each naming the record it is about;
- ``checklist``: the ten steps of the method with a state and a one-line detail.

The weights below are explained for people in docs/readiness.md; keep the two in step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from sqlalchemy import func, select

from secondchance.core import dates
from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services.gaps import is_overdue

__all__ = [
    "NETWORK_WINDOW_DAYS",
    "WEIGHTS",
    "Action",
    "Component",
    "Readiness",
    "Step",
    "Summary",
    "checklist",
    "compute_readiness",
    "day_label",
    "next_actions",
    "summary",
]

# Why these weights: the feedback is the reason for the comeback, and closing the gaps it
# named (and proving it) is most of the work, so those four carry 60 points.  Rehearsal
# counts as much as feedback because the next interview is where it all shows.  The
# network and the resume matter but are quicker to fix; the eligible date is a gate the
# person can't speed up, so it counts least.  They must add up to 100 (a test checks).
WEIGHTS: dict[str, int] = {
    "feedback": 15,
    "gaps": 20,
    "plan": 10,
    "evidence": 15,
    "network": 10,
    "resume": 10,
    "questions": 15,
    "eligible": 5,
}

LABELS: dict[str, str] = {
    "feedback": "Feedback addressed",
    "gaps": "Skill gaps closed",
    "plan": "Development plan",
    "evidence": "Evidence for the gaps",
    "network": "Network at the company",
    "resume": "Resume reworked",
    "questions": "Answers rehearsed",
    "eligible": "Eligible to reapply",
}

NETWORK_WINDOW_DAYS = 90
# Relationships that count as "inside the company" even when the contact's company field
# is empty or spelled differently.
INSIDE_RELATIONSHIPS = frozenset(
    {
        m.Relationship.employee_at_target,
        m.Relationship.recruiter,
        m.Relationship.hiring_manager,
        m.Relationship.interviewer,
    }
)
# An in-progress activity without hours to go by counts as half done.
IN_PROGRESS_CREDIT = 0.5
ADDRESSING_CREDIT = 0.5
COMPETENCY_AREAS = len(m.CompetencyArea)
DONE_STATUSES = frozenset(
    {m.TargetStatus.reapplied, m.TargetStatus.interviewing, m.TargetStatus.offer}
)

StepState = Literal["done", "started", "not started"]


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    weight: int
    score: float | None  # 0.0–1.0; None when there is nothing to measure yet
    figure: str
    sentence: str


@dataclass(frozen=True)
class Readiness:
    # Weighted mean over the components that have something to measure, or None.
    score: int | None
    components: tuple[Component, ...]


@dataclass(frozen=True)
class Action:
    text: str
    tab: str
    kind: str
    record_id: int | None
    priority: float


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    state: StepState
    detail: str
    tab: str
    kind: str = ""  # the list on ``tab`` that the step is about


# --- the facts, read once ---------------------------------------------------------------


@dataclass
class _SkillFacts:
    skill: m.Skill
    lowest: int  # lowest level ever recorded (history or now)

    @property
    def had_gap(self) -> bool:
        return self.lowest < self.skill.required_level

    @property
    def closed(self) -> bool:
        return self.skill.current_level >= self.skill.required_level

    @property
    def progress(self) -> float:
        """Share of the gap closed since the lowest level recorded (1.0 when closed)."""
        s = self.skill
        if s.current_level >= s.required_level:
            return 1.0
        span = s.required_level - self.lowest
        return max(0.0, (s.current_level - self.lowest) / span) if span > 0 else 0.0


@dataclass
class _ContactFacts:
    contact: m.Contact
    inside: bool
    last_touch: dt.date | None


@dataclass
class _QuestionFacts:
    question: m.Question
    practised: int

    @property
    def star(self) -> bool:
        q = self.question
        return all((v or "").strip() for v in (q.situation, q.task, q.action, q.result))


@dataclass
class _Facts:
    today: dt.date
    target: m.Target
    feedback: list[tuple[m.Feedback, int]] = field(default_factory=list)  # (item, importance)
    skills: list[_SkillFacts] = field(default_factory=list)
    activities: list[m.LearningActivity] = field(default_factory=list)
    experiences: int = 0
    experience_skills: set[int] = field(default_factory=set)
    contacts: list[_ContactFacts] = field(default_factory=list)
    follow_ups: list[tuple[m.Interaction, str]] = field(default_factory=list)  # (item, name)
    resumes: list[m.ResumeVersion] = field(default_factory=list)
    questions: list[_QuestionFacts] = field(default_factory=list)
    reflections: int = 0
    areas_rated: int = 0
    journal: int = 0
    wins: int = 0
    portfolio: int = 0
    cover_letters: int = 0

    @property
    def company(self) -> str:
        return self.target.company.strip() or "the company"

    @property
    def gap_skills(self) -> list[_SkillFacts]:
        return [s for s in self.skills if s.had_gap]

    @property
    def plan(self) -> list[m.LearningActivity]:
        return [a for a in self.activities if a.status is not m.ActivityStatus.dropped]

    @property
    def inside_contacts(self) -> list[_ContactFacts]:
        return [c for c in self.contacts if c.inside]

    def touched_recently(self, c: _ContactFacts) -> bool:
        window = self.today - dt.timedelta(days=NETWORK_WINDOW_DAYS)
        return c.last_touch is not None and c.last_touch >= window

    @property
    def reworked(self) -> m.ResumeVersion | None:
        """The latest resume version made after the rejection, if any."""
        rejected = self.target.rejection_date
        if rejected is None:
            return None
        after = [r for r in self.resumes if r.created_on is not None and r.created_on > rejected]
        return max(after, key=lambda r: (r.created_on or rejected, r.id), default=None)

    @cached_property
    def finished_skills(self) -> set[int]:
        """Skills with a finished development activity."""
        return {
            a.skill_id
            for a in self.activities
            if a.status is m.ActivityStatus.done and a.skill_id is not None
        }

    def evidenced(self, s: _SkillFacts) -> bool:
        return s.skill.id in self.finished_skills or s.skill.id in self.experience_skills


def _load(db: Database, target_id: int, today: dt.date | None) -> _Facts:
    today = today if today is not None else dt.date.today()
    with db.transaction() as session:
        target = session.get(m.Target, target_id)
        if target is None:
            raise LookupError("That target no longer exists (it may have been deleted).")
        facts = _Facts(today=today, target=target)

        importance: dict[int, int] = dict(
            session.execute(
                select(m.feedback_skill.c.feedback_id, func.max(m.Skill.importance))
                .join(m.Skill, m.Skill.id == m.feedback_skill.c.skill_id)
                .where(m.Skill.target_id == target_id)
                .group_by(m.feedback_skill.c.feedback_id)
            ).all()
        )
        feedback = session.scalars(
            select(m.Feedback).where(m.Feedback.target_id == target_id).order_by(m.Feedback.id)
        )
        # A feedback item without linked skills counts as of middle importance.
        facts.feedback = [(f, int(importance.get(f.id, 2))) for f in feedback]

        lowest: dict[int, int] = dict(
            session.execute(
                select(m.SkillLevelChange.skill_id, func.min(m.SkillLevelChange.level))
                .join(m.Skill, m.Skill.id == m.SkillLevelChange.skill_id)
                .where(m.Skill.target_id == target_id)
                .group_by(m.SkillLevelChange.skill_id)
            ).all()
        )
        skills = session.scalars(
            select(m.Skill).where(m.Skill.target_id == target_id).order_by(m.Skill.id)
        )
        facts.skills = [
            _SkillFacts(s, min(s.current_level, lowest.get(s.id, s.current_level))) for s in skills
        ]

        facts.activities = list(
            session.scalars(
                select(m.LearningActivity)
                .where(m.LearningActivity.target_id == target_id)
                .order_by(m.LearningActivity.id)
            )
        )
        facts.experience_skills = set(
            session.scalars(
                select(m.experience_skill.c.skill_id)
                .join(m.Experience, m.Experience.id == m.experience_skill.c.experience_id)
                .where(m.Experience.target_id == target_id)
            )
        )

        contacts = list(
            session.scalars(
                select(m.Contact)
                .join(m.contact_target, m.contact_target.c.contact_id == m.Contact.id)
                .where(m.contact_target.c.target_id == target_id)
                .order_by(m.Contact.id)
            )
        )
        ids = [c.id for c in contacts]
        last: dict[int, dt.date | None] = dict(
            session.execute(
                select(m.Interaction.contact_id, func.max(m.Interaction.date))
                .where(m.Interaction.contact_id.in_(ids), m.Interaction.date <= today)
                .group_by(m.Interaction.contact_id)
            ).all()
        )
        company = _norm(target.company)
        facts.contacts = [
            _ContactFacts(
                c,
                inside=(bool(company) and _norm(c.company) == company)
                or c.relationship in INSIDE_RELATIONSHIPS,
                last_touch=last.get(c.id),
            )
            for c in contacts
        ]
        names = {c.id: c.name for c in contacts}
        facts.follow_ups = [
            (i, names[i.contact_id])
            for i in session.scalars(
                select(m.Interaction)
                .where(
                    m.Interaction.contact_id.in_(ids),
                    m.Interaction.follow_up_done.is_(False),
                    m.Interaction.follow_up_date <= today,
                )
                .order_by(m.Interaction.follow_up_date, m.Interaction.id)
            )
        ]

        facts.resumes = list(
            session.scalars(select(m.ResumeVersion).where(m.ResumeVersion.target_id == target_id))
        )

        practised: dict[int, int] = dict(
            session.execute(
                select(m.PracticeSession.question_id, func.count())
                .join(m.Question, m.Question.id == m.PracticeSession.question_id)
                .where(m.Question.target_id == target_id)
                .group_by(m.PracticeSession.question_id)
            ).all()
        )
        questions = session.scalars(
            select(m.Question).where(m.Question.target_id == target_id).order_by(m.Question.id)
        )
        facts.questions = [_QuestionFacts(q, int(practised.get(q.id, 0))) for q in questions]

        def count_of(model: type[m.Base], *where: object) -> object:
            stmt = select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
            return stmt.scalar_subquery()

        row = session.execute(
            select(
                count_of(m.Experience, m.Experience.target_id == target_id),  # type: ignore[call-overload]
                count_of(m.Reflection, m.Reflection.target_id == target_id),
                select(func.count(func.distinct(m.CompetencyRating.area)))
                .where(m.CompetencyRating.target_id == target_id)
                .scalar_subquery(),
                count_of(m.JournalEntry, m.JournalEntry.target_id == target_id),
                count_of(
                    m.JournalEntry,
                    m.JournalEntry.target_id == target_id,
                    m.JournalEntry.kind == m.JournalKind.win,
                ),
                count_of(m.PortfolioItem, m.PortfolioItem.target_id == target_id),
                count_of(m.CoverLetter, m.CoverLetter.target_id == target_id),
            )
        ).one()
        (
            facts.experiences,
            facts.reflections,
            facts.areas_rated,
            facts.journal,
            facts.wins,
            facts.portfolio,
            facts.cover_letters,
        ) = (int(v or 0) for v in row)
    return facts


def _norm(text: str | None) -> str:
    return (text or "").strip().casefold()


# --- wording helpers ------------------------------------------------------------------


def day_label(day: dt.date, today: dt.date) -> str:
    """ "3 Apr", with the year only when it isn't this year's."""
    text = dates.short_date(day)
    return text[: -len(f" {day.year}")] if day.year == today.year else text


def _short(text: str | None, limit: int = 60) -> str:
    """A user's text cut to one line for a sentence, at a word boundary where possible."""
    line = " ".join((text or "").split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _is(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _all(n: int, one: str, many: str, what: str) -> str:
    """ "The skill gap is closed." / "All 3 skill gaps are closed." """
    return f"The {one} {what}." if n == 1 else f"All {n} {many} {what}."


def _component(key: str, score: float | None, figure: str, sentence: str) -> Component:
    if score is not None:
        score = min(1.0, max(0.0, score))
    return Component(key, LABELS[key], WEIGHTS[key], score, figure, sentence)


# --- readiness ------------------------------------------------------------------------


def _feedback(f: _Facts) -> Component:
    total = len(f.feedback)
    if not total:
        requested = f.target.feedback_requested_on
        sentence = (
            f"You asked for feedback on {day_label(requested, f.today)}; none recorded yet."
            if requested is not None
            else "No feedback recorded yet. Ask the recruiter or interviewers."
        )
        return _component("feedback", None, "—", sentence)
    done = sum(1 for i, _ in f.feedback if i.status is m.FeedbackStatus.addressed)
    doing = sum(1 for i, _ in f.feedback if i.status is m.FeedbackStatus.addressing)
    sentence = f"{done} of {total} feedback {_is(total, 'item', 'items')} addressed"
    sentence += f"; {doing} more in progress." if doing else "."
    if done == total:
        sentence = _all(total, "feedback item is", "feedback items are", "addressed")
    score = (done + ADDRESSING_CREDIT * doing) / total
    return _component("feedback", score, f"{done} of {total}", sentence)


def _gaps(f: _Facts) -> Component:
    if not f.skills:
        return _component(
            "gaps", None, "—", "No skills recorded yet. List the skills the role asks for."
        )
    gaps = f.gap_skills
    if not gaps:
        n = len(f.skills)
        return _component(
            "gaps",
            1.0,
            "No gaps",
            f"{_is(n, 'Your skill is', f'All {n} skills are')} at the level the role asks for.",
        )
    weight = sum(s.skill.importance for s in gaps)
    score = sum(s.skill.importance * s.progress for s in gaps) / weight
    closed = sum(1 for s in gaps if s.closed)
    total = len(gaps)
    sentence = f"{closed} of {total} skill {_is(total, 'gap', 'gaps')} closed. "
    if closed == total:
        sentence = _all(total, "skill gap is", "skill gaps are", "closed")
    else:
        sentence += (
            f"Counting the levels gained, the important skills first, you are "
            f"{round(score * 100)}% of the way."
        )
    return _component("gaps", score, f"{closed} of {total}", sentence)


def _activity_credit(a: m.LearningActivity) -> float:
    if a.status is m.ActivityStatus.done:
        return 1.0
    if a.status is not m.ActivityStatus.in_progress:
        return 0.0
    if a.hours_planned and a.hours_spent is not None and a.hours_planned > 0:
        # Started but not finished: somewhere strictly between nothing and done.
        return min(0.9, max(0.1, a.hours_spent / a.hours_planned))
    return IN_PROGRESS_CREDIT


def _plan(f: _Facts) -> Component:
    plan = f.plan
    if not plan:
        return _component(
            "plan",
            None,
            "—",
            "No development plan yet. Add a course, book or mentor for your biggest gap.",
        )
    total = len(plan)
    done = sum(1 for a in plan if a.status is m.ActivityStatus.done)
    doing = sum(1 for a in plan if a.status is m.ActivityStatus.in_progress)
    score = sum(_activity_credit(a) for a in plan) / total
    sentence = f"{done} of {total} planned {_is(total, 'activity', 'activities')} done"
    sentence += f"; {doing} in progress." if doing else "."
    if done == total:
        sentence = _all(total, "planned activity is", "planned activities are", "done")
    return _component("plan", score, f"{done} of {total}", sentence)


def _evidence(f: _Facts) -> Component:
    gaps = f.gap_skills
    if not gaps:
        return _component(
            "evidence", None, "—", "Nothing to prove yet: no skill with a gap is recorded."
        )
    total = len(gaps)
    shown = sum(1 for s in gaps if f.evidenced(s))
    sentence = (
        f"{shown} of {total} {_is(total, 'skill', 'skills')} that had a gap "
        f"{_is(total, 'has', 'have')} evidence: a finished activity or an experience."
    )
    return _component("evidence", shown / total, f"{shown} of {total}", sentence)


def _network(f: _Facts) -> Component:
    inside = f.inside_contacts
    if not inside:
        return _component(
            "network",
            None,
            "—",
            f"No contacts at {f.company} yet. Add the people you know there on the Network tab.",
        )
    total = len(inside)
    touched = sum(1 for c in inside if f.touched_recently(c))
    sentence = (
        f"{touched} of {total} {_is(total, 'contact', 'contacts')} at {f.company} "
        f"heard from you in the last {NETWORK_WINDOW_DAYS} days."
    )
    return _component("network", touched / total, f"{touched} of {total}", sentence)


def _resume(f: _Facts) -> Component:
    rejected = f.target.rejection_date
    if rejected is None:
        return _component(
            "resume",
            None,
            "—",
            "Add the rejection date (Edit target…) to see whether your resume changed since.",
        )
    version = f.reworked
    if version is None or version.created_on is None:
        return _component(
            "resume",
            0.0,
            "Not yet",
            f"No resume version made since the rejection on {day_label(rejected, f.today)}.",
        )
    return _component(
        "resume",
        1.0,
        "Reworked",
        f"“{_short(version.label, 40)}” was made on {day_label(version.created_on, f.today)}, "
        "after the rejection.",
    )


def _questions(f: _Facts) -> Component:
    total = len(f.questions)
    if not total:
        return _component(
            "questions",
            None,
            "—",
            "No interview questions yet. Start with “What has changed since you last applied?”",
        )
    ready = sum(1 for q in f.questions if q.star and q.practised)
    sentence = (
        f"{ready} of {total} {_is(total, 'question has', 'questions have')} a full STAR answer "
        "and practice behind it."
    )
    return _component("questions", ready / total, f"{ready} of {total}", sentence)


def _eligible(f: _Facts) -> Component:
    eligible = f.target.eligible_date
    if eligible is None:
        return _component(
            "eligible",
            None,
            "—",
            "No date to apply again yet. Add it with Edit target… (ask the recruiter).",
        )
    days = (eligible - f.today).days
    when = day_label(eligible, f.today)
    if days <= 0:
        sentence = (
            "You may apply again from today."
            if days == 0
            else f"You may apply again (since {when})."
        )
        return _component("eligible", 1.0, "Reached", sentence)
    # The waiting period so far, when it is known: the bar moves as the day comes nearer.
    rejected = f.target.rejection_date
    score = 0.0
    if rejected is not None and rejected < eligible:
        score = max(0, (f.today - rejected).days) / (eligible - rejected).days
    return _component(
        "eligible",
        score,
        f"{_days(days)} to go",
        f"You may apply again on {when}, in {_days(days)}.",
    )


def _readiness(f: _Facts) -> Readiness:
    components = (
        _feedback(f),
        _gaps(f),
        _plan(f),
        _evidence(f),
        _network(f),
        _resume(f),
        _questions(f),
        _eligible(f),
    )
    measured = [c for c in components if c.score is not None]
    weight = sum(c.weight for c in measured)
    if not measured or weight == 0:
        return Readiness(None, components)
    total = sum(c.weight * (c.score or 0.0) for c in measured)
    return Readiness(round(100 * total / weight), components)


def compute_readiness(db: Database, target_id: int, today: dt.date | None = None) -> Readiness:
    """The readiness score and its components for one target."""
    return _readiness(_load(db, target_id, today))


# --- next best actions ----------------------------------------------------------------

# Base priorities: higher comes first.  Overdue things gain a little per day late (capped)
# and skills add their importance (1–3), so the more urgent of two similar actions wins.
PRIORITY = {
    "ask_feedback": 90.0,
    "open_feedback": 80.0,
    "follow_up": 78.0,
    "remind_feedback": 62.0,
    "overdue_plan": 70.0,
    "list_skills": 68.0,
    "plan_gap": 60.0,
    "addressing_feedback": 58.0,
    "contact_due": 55.0,
    "add_contact": 52.0,
    "resume": 50.0,
    "practise": 46.0,
    "star": 44.0,
    "add_question": 40.0,
}
# At most this many actions about one kind of record, so one long backlog (five open
# feedback items) doesn't hide everything else; the rest fill in when there are no others.
PER_KIND = 2
# Days to wait for an answer to a feedback request before suggesting a reminder.
REMIND_AFTER = 7


@dataclass(frozen=True)
class _Candidate:
    sort: str
    action: Action


def _late(days: int, cap: int = 10) -> float:
    return float(min(max(days, 0), cap))


def _candidates(f: _Facts) -> list[_Candidate]:
    out: list[_Candidate] = []
    today = f.today

    def add(sort: str, text: str, tab: str, kind: str, rid: int | None, bonus: float) -> None:
        out.append(_Candidate(sort, Action(text, tab, kind, rid, PRIORITY[sort] + bonus)))

    requested = f.target.feedback_requested_on
    if not f.feedback and requested is None:
        add(
            "ask_feedback",
            f"Ask {f.company} for feedback on your interview, and note what they say",
            "feedback",
            "feedback",
            None,
            0,
        )
    elif not f.feedback and requested is not None and (today - requested).days >= REMIND_AFTER:
        add(
            "remind_feedback",
            f"No feedback yet since you asked on {day_label(requested, today)}: "
            "send a friendly reminder",
            "feedback",
            "feedback",
            None,
            _late((today - requested).days - REMIND_AFTER),
        )
    for item, importance in f.feedback:
        quote = _short(item.text)
        if item.status is m.FeedbackStatus.open:
            add(
                "open_feedback",
                f"Decide how to address the feedback “{quote}”",
                "feedback",
                "feedback",
                item.id,
                5 * importance,
            )
        elif item.status is m.FeedbackStatus.addressing:
            add(
                "addressing_feedback",
                f"Finish addressing “{quote}”",
                "feedback",
                "feedback",
                item.id,
                5 * importance,
            )

    for interaction, name in f.follow_ups:
        due = interaction.follow_up_date or today
        late = (today - due).days
        when = "today" if late == 0 else f"{_days(late)} ago"
        add(
            "follow_up",
            f"Follow up with {name} (due {when})",
            "network",
            "interaction",
            interaction.id,
            _late(late),
        )

    skill_importance = {s.skill.id: s.skill.importance for s in f.skills}
    for a in f.plan:
        if a.due_date is None or not is_overdue(a.status, a.due_date, today):
            continue  # the Skills tab's rule, so both call the same items overdue
        late = (today - a.due_date).days
        add(
            "overdue_plan",
            f"“{_short(a.title, 50)}” was due {_days(late)} ago: finish it or set a new date",
            "skills",
            "activity",
            a.id,
            _late(late) + skill_importance.get(a.skill_id or 0, 0),
        )

    if not f.skills:
        add(
            "list_skills",
            "List the skills the role asks for, with your level in each",
            "skills",
            "skill",
            None,
            0,
        )
    planned = {a.skill_id for a in f.plan}
    for s in f.skills:
        if not s.closed and s.skill.id not in planned:
            add(
                "plan_gap",
                f"Plan how to close your gap in {_short(s.skill.name, 40)} "
                f"(level {s.skill.current_level} of {s.skill.required_level})",
                "skills",
                "skill",
                s.skill.id,
                5 * s.skill.importance,
            )

    for c in f.contacts:
        every = c.contact.keep_in_touch_days or (NETWORK_WINDOW_DAYS if c.inside else None)
        if not every:
            continue
        name = _short(c.contact.name, 40)
        if c.last_touch is None:
            text, late = f"Get in touch with {name} (no contact recorded yet)", every
        else:
            since = (today - c.last_touch).days
            if since < every:
                continue
            text, late = (
                f"Get in touch with {name} (last contact {_days(since)} ago)",
                since - every,
            )
        add("contact_due", text, "network", "contact", c.contact.id, _late(late, 15))
    if not f.inside_contacts:
        add(
            "add_contact",
            f"Find someone at {f.company} to talk to, and add them to your network",
            "network",
            "contact",
            None,
            0,
        )

    if f.target.rejection_date is not None and f.reworked is None:
        add(
            "resume",
            "Rework your resume with what you've done since the rejection",
            "resume",
            "resume",
            None,
            0,
        )

    if not f.questions:
        add(
            "add_question",
            "Write your answer to “What has changed since you last applied?”",
            "interview_prep",
            "question",
            None,
            0,
        )
    for q in f.questions:
        text = _short(q.question.question, 50)
        if not q.star:
            add(
                "star",
                f"Finish the STAR answer to “{text}”",
                "interview_prep",
                "question",
                q.question.id,
                0,
            )
        elif not q.practised or (q.question.practice_due and q.question.practice_due <= today):
            late = (today - q.question.practice_due).days if q.question.practice_due else 0
            add(
                "practise",
                f"Practise “{text}” out loud",
                "interview_prep",
                "question",
                q.question.id,
                _late(late),
            )
    return out


def _pick(candidates: list[_Candidate], limit: int) -> list[Action]:
    ordered = sorted(candidates, key=lambda c: -c.action.priority)  # stable: ties keep order
    chosen: list[_Candidate] = []
    per_kind: dict[str, int] = {}
    for c in ordered:
        if len(chosen) >= limit:
            break
        if per_kind.get(c.action.kind, 0) < PER_KIND:
            chosen.append(c)
            per_kind[c.action.kind] = per_kind.get(c.action.kind, 0) + 1
    for c in ordered:
        if len(chosen) >= limit:
            break
        if c not in chosen:
            chosen.append(c)
    chosen.sort(key=lambda c: -c.action.priority)
    return [c.action for c in chosen]


def next_actions(
    db: Database, target_id: int, today: dt.date | None = None, limit: int = 5
) -> list[Action]:
    """The ``limit`` most useful things to do now, most useful first."""
    if limit <= 0:
        return []
    return _pick(_candidates(_load(db, target_id, today)), limit)


# --- the ten-step checklist -------------------------------------------------------------


def _state(done: bool, started: bool) -> StepState:
    return "done" if done else "started" if started else "not started"


def _count_of(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _step_feedback(f: _Facts) -> tuple[StepState, str]:
    total = len(f.feedback)
    requested = f.target.feedback_requested_on
    if not total and requested is not None:
        return "started", f"Feedback requested on {day_label(requested, f.today)}"
    if not total:
        return "not started", "Ask for feedback, then note what they say"
    still_open = sum(1 for i, _ in f.feedback if i.status is m.FeedbackStatus.open)
    detail = f"{_count_of(total, 'item')} recorded, "
    detail += f"{still_open} still open" if still_open else "each with a plan"
    return _state(not still_open, True), detail


def _step_self_assessment(f: _Facts) -> tuple[StepState, str]:
    if not (f.reflections or f.areas_rated):
        return "not started", "Go through the questions you were asked, and rate yourself"
    detail = (
        f"{_count_of(f.reflections, 'answer')} reviewed, "
        f"{f.areas_rated} of {COMPETENCY_AREAS} competencies rated"
    )
    return _state(f.reflections > 0 and f.areas_rated >= COMPETENCY_AREAS, True), detail


def _step_gaps(f: _Facts) -> tuple[StepState, str]:
    if f.skills:
        below = sum(1 for s in f.skills if not s.closed)
        return "done", f"{_count_of(len(f.skills), 'skill')} listed, {below} below the level asked"
    if (f.target.job_description or "").strip():
        return "started", "Job description saved; now list the skills it asks for"
    return "not started", "List the skills the role asks for"


def _step_development(f: _Facts) -> tuple[StepState, str]:
    plan = f.plan
    if not plan:
        return "not started", "Plan a course, book, workshop or mentor for each gap"
    done = sum(1 for a in plan if a.status is m.ActivityStatus.done)
    return _state(done == len(plan), True), f"{done} of {len(plan)} planned activities done"


def _step_experience(f: _Facts) -> tuple[StepState, str]:
    if not f.experiences:
        return "not started", "Add a project or volunteer work that uses the skills you lacked"
    gaps = f.gap_skills
    shown = sum(1 for s in gaps if s.skill.id in f.experience_skills)
    detail = _count_of(f.experiences, "experience")
    if gaps:
        detail += f", showing {shown} of {len(gaps)} skills that had a gap"
    return _state(shown == len(gaps), True), detail


def _step_network(f: _Facts) -> tuple[StepState, str]:
    inside = f.inside_contacts
    touched = sum(1 for c in inside if f.touched_recently(c))
    if inside:
        detail = (
            f"{_count_of(len(inside), 'contact')} at {f.company}, "
            f"{touched} in touch in the last {NETWORK_WINDOW_DAYS} days"
        )
    elif f.contacts:
        detail = f"{_count_of(len(f.contacts), 'contact')}, none at {f.company} yet"
    else:
        detail = f"Add the people you know at {f.company}"
    return _state(touched > 0, bool(f.contacts)), detail


def _step_resume(f: _Facts) -> tuple[StepState, str]:
    version = f.reworked
    if version is not None and version.created_on is not None:
        detail = f"Resume reworked on {day_label(version.created_on, f.today)}"
    elif f.resumes:
        detail = _count_of(len(f.resumes), "resume version") + ", none since the rejection"
    else:
        detail = "Add the resume you sent, then rework it"
    if f.portfolio:
        detail += f"; {_count_of(f.portfolio, 'portfolio item')}"
    return _state(version is not None, bool(f.resumes) or f.portfolio > 0), detail


def _step_apply(f: _Facts) -> tuple[StepState, str]:
    status, eligible = f.target.status, f.target.eligible_date
    if status in DONE_STATUSES:
        return "done", f"Status: {status.label}"
    if eligible is None:
        detail = "Find out when you may apply again (Edit target…)"
    elif eligible <= f.today:
        detail = "You may apply again now"
    else:
        detail = f"You may apply again on {day_label(eligible, f.today)}"
    if f.cover_letters:
        detail += f"; {_count_of(f.cover_letters, 'cover letter')} drafted"
    return _state(False, status is m.TargetStatus.ready or f.cover_letters > 0), detail


def _step_confidence(f: _Facts) -> tuple[StepState, str]:
    if not f.journal:
        return "not started", "Write down a win or a lesson from this week"
    entries = _count_of(f.journal, "journal entry", "journal entries")
    # Three entries, one of them a win: a habit started, and something to stand on.
    return _state(f.journal >= 3 and f.wins > 0, True), f"{entries} ({_count_of(f.wins, 'win')})"


def _step_interview(f: _Facts) -> tuple[StepState, str]:
    total = len(f.questions)
    if not total:
        return "not started", "Add the questions you expect, and answer them in STAR form"
    ready = sum(1 for q in f.questions if q.star and q.practised)
    last_time = any(
        q.question.category is m.QuestionCategory.previous_application for q in f.questions
    )
    detail = f"{ready} of {_count_of(total, 'question')} answered in STAR form and practised"
    if not last_time:
        detail += "; add “What has changed since you last applied?”"
    return _state(ready == total and last_time, True), detail


# The method's ten steps, in order: title, the tab and list where the work happens, and how
# far along it is.  Step 8 also lives on the Overview (the countdown) but opens the cover
# letters, the part of it that is a record.
STEPS: tuple[tuple[str, str, str, Callable[[_Facts], tuple[StepState, str]]], ...] = (
    ("Reflect on the feedback", "feedback", "feedback", _step_feedback),
    ("Self-assessment of the interview", "feedback", "reflection", _step_self_assessment),
    ("Identify skill gaps", "skills", "skill", _step_gaps),
    ("Invest in skill development", "skills", "activity", _step_development),
    ("Gain more experience", "experience", "experience", _step_experience),
    ("Networking and industry involvement", "network", "contact", _step_network),
    ("Resume and portfolio enhancement", "resume", "resume", _step_resume),
    ("Apply again strategically", "resume", "cover_letter", _step_apply),
    ("Confidence and positivity", "interview_prep", "journal", _step_confidence),
    ("Interview preparation", "interview_prep", "question", _step_interview),
)


def _steps(f: _Facts) -> list[Step]:
    steps = []
    for number, (title, tab, kind, measure) in enumerate(STEPS, start=1):
        state, detail = measure(f)
        steps.append(Step(number, title, state, detail, tab, kind))
    return steps


def checklist(db: Database, target_id: int, today: dt.date | None = None) -> list[Step]:
    """The ten steps of the method, each with its state and a one-line detail."""
    return _steps(_load(db, target_id, today))


@dataclass(frozen=True)
class Summary:
    readiness: Readiness
    actions: list[Action]
    steps: list[Step]


def summary(db: Database, target_id: int, today: dt.date | None = None, limit: int = 5) -> Summary:
    """All three at once from one read of the data (what the Overview shows)."""
    facts = _load(db, target_id, today)
    actions = _pick(_candidates(facts), limit) if limit > 0 else []
    return Summary(_readiness(facts), actions, _steps(facts))
