"""The ten steps of the method, each with a state and a one-line detail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from secondchance.core.enums import (
    ActivityStatus,
    CompetencyArea,
    FeedbackStatus,
    QuestionCategory,
    TargetStatus,
)
from secondchance.core.services.due_rules import is_due
from secondchance.core.services.readiness.facts import NETWORK_WINDOW_DAYS, Facts, load_facts
from secondchance.core.services.readiness.wording import count_of, day_label

if TYPE_CHECKING:
    from secondchance.core.db import Database

COMPETENCY_AREAS = len(CompetencyArea)
DONE_STATUSES = frozenset({TargetStatus.reapplied, TargetStatus.interviewing, TargetStatus.offer})

StepState = Literal["done", "started", "not started"]


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    state: StepState
    detail: str
    kind: str  # the list where the work of the step happens


def _state(done: bool, started: bool) -> StepState:
    return "done" if done else "started" if started else "not started"


def _step_feedback(f: Facts) -> tuple[StepState, str]:
    total = f.feedback.total
    requested = f.target.feedback_requested_on
    if not total and requested is not None:
        return "started", f"Feedback requested on {day_label(requested, f.today)}"
    if not total:
        return "not started", "Ask for feedback, then note what they say"
    still_open = f.feedback.count(FeedbackStatus.open)
    detail = f"{count_of(total, 'item')} recorded, "
    detail += f"{still_open} still open" if still_open else "each with a plan"
    return _state(not still_open, True), detail


def _step_self_assessment(f: Facts) -> tuple[StepState, str]:
    if not (f.reflections or f.areas_rated):
        return "not started", "Go through the questions you were asked, and rate yourself"
    detail = (
        f"{count_of(f.reflections, 'answer')} reviewed, "
        f"{f.areas_rated} of {COMPETENCY_AREAS} competencies rated"
    )
    return _state(f.reflections > 0 and f.areas_rated >= COMPETENCY_AREAS, True), detail


def _step_gaps(f: Facts) -> tuple[StepState, str]:
    if f.skills:
        below = sum(1 for s in f.skills if not s.closed)
        return "done", f"{count_of(len(f.skills), 'skill')} listed, {below} below the level asked"
    if (f.target.job_description or "").strip():
        return "started", "Job description saved; now list the skills it asks for"
    return "not started", "List the skills the role asks for"


def _step_development(f: Facts) -> tuple[StepState, str]:
    plan = f.plan
    if not plan:
        return "not started", "Plan a course, book, workshop or mentor for each gap"
    done = sum(1 for a in plan if a.status is ActivityStatus.done)
    return _state(done == len(plan), True), f"{done} of {len(plan)} planned activities done"


def _step_experience(f: Facts) -> tuple[StepState, str]:
    if not f.experiences:
        return "not started", "Add a project or volunteer work that uses the skills you lacked"
    gaps = f.gap_skills
    shown = sum(1 for s in gaps if s.skill.id in f.experience_skills)
    detail = count_of(f.experiences, "experience")
    if gaps:
        detail += f", showing {shown} of {len(gaps)} skills that had a gap"
    return _state(shown == len(gaps), True), detail


def _step_network(f: Facts) -> tuple[StepState, str]:
    inside = f.inside_contacts
    touched = sum(1 for c in inside if f.touched_recently(c))
    if inside:
        detail = (
            f"{count_of(len(inside), 'contact')} at {f.company}, "
            f"{touched} in touch in the last {NETWORK_WINDOW_DAYS} days"
        )
    elif f.contacts:
        detail = f"{count_of(len(f.contacts), 'contact')}, none at {f.company} yet"
    else:
        detail = f"Add the people you know at {f.company}"
    return _state(touched > 0, bool(f.contacts)), detail


def _step_resume(f: Facts) -> tuple[StepState, str]:
    version = f.reworked
    if version is not None and version.created_on is not None:
        detail = f"Resume reworked on {day_label(version.created_on, f.today)}"
    elif f.resumes:
        detail = count_of(len(f.resumes), "resume version") + ", none since the rejection"
    else:
        detail = "Add the resume you sent, then rework it"
    if f.portfolio:
        detail += f"; {count_of(f.portfolio, 'portfolio item')}"
    return _state(version is not None, bool(f.resumes) or f.portfolio > 0), detail


def _step_apply(f: Facts) -> tuple[StepState, str]:
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
        detail += f"; {count_of(f.cover_letters, 'cover letter')} drafted"
    return _state(False, status is TargetStatus.ready or f.cover_letters > 0), detail


def _step_confidence(f: Facts) -> tuple[StepState, str]:
    if not f.journal:
        return "not started", "Write down a win or a lesson from this week"
    entries = count_of(f.journal, "journal entry", "journal entries")
    # Three entries, one of them a win: a habit started, and something to stand on.
    return _state(f.journal >= 3 and f.wins > 0, True), f"{entries} ({count_of(f.wins, 'win')})"


def _step_interview(f: Facts) -> tuple[StepState, str]:
    total = len(f.questions)
    if not total:
        return "not started", "Add the questions you expect, and answer them in STAR form"
    ready = sum(1 for q in f.questions if q.star and q.practised)
    last_time = any(
        q.question.category is QuestionCategory.previous_application for q in f.questions
    )
    detail = f"{ready} of {count_of(total, 'question')} answered in STAR form and practised"
    due = sum(1 for q in f.questions if is_due(q.question.practice_due, q.practised > 0, f.today))
    if due:
        detail += f"; {due} due for practice today"
    if not last_time:
        detail += "; add “What has changed since you last applied?”"
    return _state(ready == total and last_time, True), detail


# The method's ten steps, in order: title, the kind of record where the work happens, and
# how far along it is.  Step 8 also lives on the Overview (the countdown) but opens the cover
# letters, the part of it that is a record.
STEPS: tuple[tuple[str, str, Callable[[Facts], tuple[StepState, str]]], ...] = (
    ("Reflect on the feedback", "feedback", _step_feedback),
    ("Self-assessment of the interview", "reflection", _step_self_assessment),
    ("Identify skill gaps", "skill", _step_gaps),
    ("Invest in skill development", "activity", _step_development),
    ("Gain more experience", "experience", _step_experience),
    ("Networking and industry involvement", "contact", _step_network),
    ("Resume and portfolio enhancement", "resume", _step_resume),
    ("Apply again strategically", "cover_letter", _step_apply),
    ("Confidence and positivity", "journal", _step_confidence),
    ("Interview preparation", "question", _step_interview),
)


def steps_of(f: Facts) -> list[Step]:
    steps = []
    for number, (title, kind, measure) in enumerate(STEPS, start=1):
        state, detail = measure(f)
        steps.append(Step(number, title, state, detail, kind))
    return steps


def checklist(db: Database, target_id: int, today: dt.date | None = None) -> list[Step]:
    """The ten steps of the method, each with its state and a one-line detail."""
    return steps_of(load_facts(db, target_id, today))
