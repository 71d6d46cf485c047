"""The readiness score: seven named parts, each with its figure, bar and sentence.

The rules, explained for people in docs/readiness.md (keep the two in step):

- each part scores 0–1 and its figure is that share as a percentage, so the bar beside it
  shows exactly the figure; partial credit is spelled out in the part's sentence;
- a part with nothing recorded yet is "not measured" (score None) and earns no points;
- the overall score is the points earned out of 100 (each part's weight × its score), so a
  part that starts (the first feedback item) only ever adds: recording it never lowers the
  score, and neither does any evidence of work done (an item addressed, an activity
  finished, a level gained, an answer practised…);
- the waiting period is not readiness: it is the countdown, shown on its own; and nothing
  in the score rises just because days pass (tests/unit/test_readiness_properties.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from secondchance.core.enums import ActivityStatus, FeedbackStatus
from secondchance.core.services.readiness.facts import NETWORK_WINDOW_DAYS, Facts, load_facts
from secondchance.core.services.readiness.wording import (
    all_are,
    day_label,
    one_or_many,
    shorten,
)

if TYPE_CHECKING:
    from secondchance.core import models as m
    from secondchance.core.db import Database

# Why these weights: the feedback is the reason for the comeback, and closing the gaps it
# named (and proving it) is most of the work, so those four carry 65 points.  Rehearsal
# counts almost as much because the next interview is where it all shows.  The network and
# the resume matter but are quicker to fix.  The eligible date is a gate, not readiness:
# it is the countdown.  They must add up to 100 (a test checks).
WEIGHTS: dict[str, int] = {
    "feedback": 20,
    "gaps": 20,
    "plan": 10,
    "evidence": 15,
    "network": 10,
    "resume": 10,
    "questions": 15,
}

LABELS: dict[str, str] = {
    "feedback": "Feedback addressed",
    "gaps": "Skill gaps closed",
    "plan": "Development plan",
    "evidence": "Evidence for the gaps",
    "network": "Network at the company",
    "resume": "Resume reworked",
    "questions": "Answers rehearsed",
}

# An in-progress activity counts as half done; its hours spent carry it on towards (never
# to) done.  Hours never lower it: a first hour logged on a long course once took a started
# activity from half to a tenth (found by the hypothesis property "evidence never lowers").
IN_PROGRESS_CREDIT = 0.5
IN_PROGRESS_MOST = 0.9
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
    # Points earned out of 100 by the parts measured so far; None when none is measured.
    score: int | None
    components: tuple[Component, ...]

    @property
    def points(self) -> float:
        """The unrounded score (0–100)."""
        return sum(c.weight * (c.score or 0.0) for c in self.components)

    @property
    def measured(self) -> int:
        return sum(1 for c in self.components if c.score is not None)


def percent(score: float) -> int:
    return round(100 * score)


def _component(key: str, score: float | None, sentence: str) -> Component:
    """A part whose figure is its share: what the bar beside it shows."""
    if score is None:
        return Component(key, LABELS[key], WEIGHTS[key], None, "—", sentence)
    score = min(1.0, max(0.0, score))
    return Component(key, LABELS[key], WEIGHTS[key], score, f"{percent(score)}%", sentence)


def _half(n: int, what: str) -> str:
    """ "; 2 more in progress count half each" """
    if not n:
        return ""
    return f"; {n} more {what} {one_or_many(n, 'counts', 'count')} half"


# --- readiness ------------------------------------------------------------------------


def _feedback(f: Facts) -> Component:
    total = f.feedback.total
    if not total:
        requested = f.target.feedback_requested_on
        sentence = (
            f"You asked for feedback on {day_label(requested, f.today)}; none recorded yet."
            if requested is not None
            else "No feedback recorded yet. Ask the recruiter or interviewers."
        )
        return _component("feedback", None, sentence)
    done = f.feedback.count(FeedbackStatus.addressed)
    doing = f.feedback.count(FeedbackStatus.addressing)
    sentence = f"{done} of {total} feedback {one_or_many(total, 'item', 'items')} addressed"
    sentence += _half(doing, "in progress") + "."
    if done == total:
        sentence = all_are(total, "feedback item is", "feedback items are", "addressed")
    score = (done + ADDRESSING_CREDIT * doing) / total
    return _component("feedback", score, sentence)


def _gaps(f: Facts) -> Component:
    if not f.skills:
        return _component(
            "gaps", None, "No skills recorded yet. List the skills the role asks for."
        )
    gaps = f.gap_skills
    if not gaps:
        n = len(f.skills)
        return _component(
            "gaps",
            1.0,
            f"{one_or_many(n, 'Your skill is', f'All {n} skills are')} "
            "at the level the role asks for.",
        )
    weight = sum(s.skill.importance for s in gaps)
    score = sum(s.skill.importance * s.progress for s in gaps) / weight
    closed = sum(1 for s in gaps if s.closed)
    total = len(gaps)
    sentence = f"{closed} of {total} skill {one_or_many(total, 'gap', 'gaps')} closed"
    if closed == total:
        sentence = all_are(total, "skill gap is", "skill gaps are", "closed")
    else:
        sentence += "; the levels gained on the others count too, the important skills most."
    return _component("gaps", score, sentence)


def _activity_credit(a: m.LearningActivity) -> float:
    if a.status is ActivityStatus.done:
        return 1.0
    if a.status is not ActivityStatus.in_progress:
        return 0.0
    if a.hours_planned and a.hours_spent and a.hours_planned > 0:
        share = min(1.0, max(0.0, a.hours_spent / a.hours_planned))
        return IN_PROGRESS_CREDIT + (IN_PROGRESS_MOST - IN_PROGRESS_CREDIT) * share
    return IN_PROGRESS_CREDIT


def _plan(f: Facts) -> Component:
    plan = f.plan
    if not plan:
        return _component(
            "plan",
            None,
            "No development plan yet. Add a course, book or mentor for your biggest gap.",
        )
    total = len(plan)
    done = sum(1 for a in plan if a.status is ActivityStatus.done)
    doing = sum(1 for a in plan if a.status is ActivityStatus.in_progress)
    score = sum(_activity_credit(a) for a in plan) / total
    sentence = f"{done} of {total} planned {one_or_many(total, 'activity', 'activities')} done"
    if doing:
        sentence += (
            f"; {doing} in progress {one_or_many(doing, 'counts', 'count')} half, and more "
            "as the hours planned are spent"
        )
    sentence += "."
    if done == total:
        sentence = all_are(total, "planned activity is", "planned activities are", "done")
    return _component("plan", score, sentence)


def _evidence(f: Facts) -> Component:
    gaps = f.gap_skills
    if not gaps:
        return _component(
            "evidence", None, "Nothing to prove yet: no skill with a gap is recorded."
        )
    total = len(gaps)
    shown = sum(1 for s in gaps if f.evidenced(s))
    sentence = (
        f"{shown} of {total} {one_or_many(total, 'skill', 'skills')} that had a gap "
        f"{one_or_many(total, 'has', 'have')} evidence: a finished activity or an experience."
    )
    return _component("evidence", shown / total, sentence)


def _network(f: Facts) -> Component:
    inside = f.inside_contacts
    if not inside:
        return _component(
            "network",
            None,
            f"No contacts at {f.company} yet. Add the people you know there on the Network tab.",
        )
    total = len(inside)
    touched = sum(1 for c in inside if f.touched_recently(c))
    sentence = (
        f"{touched} of {total} {one_or_many(total, 'contact', 'contacts')} at {f.company} "
        f"heard from you in the last {NETWORK_WINDOW_DAYS} days (or have a meeting planned)."
    )
    return _component("network", touched / total, sentence)


def _resume(f: Facts) -> Component:
    rejected = f.target.rejection_date
    if rejected is None:
        return _component(
            "resume",
            None,
            "Add the rejection date (Edit target…) to see whether your resume changed since.",
        )
    version = f.reworked
    if version is None or version.created_on is None:
        return _component(
            "resume",
            0.0,
            f"No resume version made since the rejection on {day_label(rejected, f.today)}.",
        )
    return _component(
        "resume",
        1.0,
        f"“{shorten(version.label, 40)}” was made on {day_label(version.created_on, f.today)}, "
        "after the rejection.",
    )


def _questions(f: Facts) -> Component:
    total = len(f.questions)
    if not total:
        return _component(
            "questions",
            None,
            "No interview questions yet. Start with “What has changed since you last applied?”",
        )
    ready = sum(1 for q in f.questions if q.star and q.practised)
    sentence = (
        f"{ready} of {total} {one_or_many(total, 'question has', 'questions have')} "
        "a full STAR answer and practice behind it."
    )
    return _component("questions", ready / total, sentence)


def readiness_of(f: Facts) -> Readiness:
    components = (
        _feedback(f),
        _gaps(f),
        _plan(f),
        _evidence(f),
        _network(f),
        _resume(f),
        _questions(f),
    )
    if all(c.score is None for c in components):
        return Readiness(None, components)
    # Points out of 100: an unmeasured part adds nothing, so starting one never lowers it.
    points = sum(c.weight * (c.score or 0.0) for c in components)
    return Readiness(round(points), components)


def compute_readiness(db: Database, target_id: int, today: dt.date | None = None) -> Readiness:
    """The readiness score and its components for one target."""
    return readiness_of(load_facts(db, target_id, today))
