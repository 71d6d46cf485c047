"""The readiness score: eight named components, each with its own figure and sentence.

The weights below are explained for people in docs/readiness.md; keep the two in step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services.readiness.facts import NETWORK_WINDOW_DAYS, Facts, load_facts
from secondchance.core.services.readiness.wording import (
    all_are,
    day_label,
    n_days,
    one_or_many,
    shorten,
)

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

# An in-progress activity without hours to go by counts as half done.
IN_PROGRESS_CREDIT = 0.5
ADDRESSING_CREDIT = 0.5


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


def _component(key: str, score: float | None, figure: str, sentence: str) -> Component:
    if score is not None:
        score = min(1.0, max(0.0, score))
    return Component(key, LABELS[key], WEIGHTS[key], score, figure, sentence)


# --- readiness ------------------------------------------------------------------------


def _feedback(f: Facts) -> Component:
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
    sentence = f"{done} of {total} feedback {one_or_many(total, 'item', 'items')} addressed"
    sentence += f"; {doing} more in progress." if doing else "."
    if done == total:
        sentence = all_are(total, "feedback item is", "feedback items are", "addressed")
    score = (done + ADDRESSING_CREDIT * doing) / total
    return _component("feedback", score, f"{done} of {total}", sentence)


def _gaps(f: Facts) -> Component:
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
            f"{one_or_many(n, 'Your skill is', f'All {n} skills are')} "
            "at the level the role asks for.",
        )
    weight = sum(s.skill.importance for s in gaps)
    score = sum(s.skill.importance * s.progress for s in gaps) / weight
    closed = sum(1 for s in gaps if s.closed)
    total = len(gaps)
    sentence = f"{closed} of {total} skill {one_or_many(total, 'gap', 'gaps')} closed. "
    if closed == total:
        sentence = all_are(total, "skill gap is", "skill gaps are", "closed")
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


def _plan(f: Facts) -> Component:
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
    sentence = f"{done} of {total} planned {one_or_many(total, 'activity', 'activities')} done"
    sentence += f"; {doing} in progress." if doing else "."
    if done == total:
        sentence = all_are(total, "planned activity is", "planned activities are", "done")
    return _component("plan", score, f"{done} of {total}", sentence)


def _evidence(f: Facts) -> Component:
    gaps = f.gap_skills
    if not gaps:
        return _component(
            "evidence", None, "—", "Nothing to prove yet: no skill with a gap is recorded."
        )
    total = len(gaps)
    shown = sum(1 for s in gaps if f.evidenced(s))
    sentence = (
        f"{shown} of {total} {one_or_many(total, 'skill', 'skills')} that had a gap "
        f"{one_or_many(total, 'has', 'have')} evidence: a finished activity or an experience."
    )
    return _component("evidence", shown / total, f"{shown} of {total}", sentence)


def _network(f: Facts) -> Component:
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
        f"{touched} of {total} {one_or_many(total, 'contact', 'contacts')} at {f.company} "
        f"heard from you in the last {NETWORK_WINDOW_DAYS} days."
    )
    return _component("network", touched / total, f"{touched} of {total}", sentence)


def _resume(f: Facts) -> Component:
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
        f"“{shorten(version.label, 40)}” was made on {day_label(version.created_on, f.today)}, "
        "after the rejection.",
    )


def _questions(f: Facts) -> Component:
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
        f"{ready} of {total} {one_or_many(total, 'question has', 'questions have')} "
        "a full STAR answer and practice behind it."
    )
    return _component("questions", ready / total, f"{ready} of {total}", sentence)


def _eligible(f: Facts) -> Component:
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
        f"{n_days(days)} to go",
        f"You may apply again on {when}, in {n_days(days)}.",
    )


def readiness_of(f: Facts) -> Readiness:
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
    return readiness_of(load_facts(db, target_id, today))
