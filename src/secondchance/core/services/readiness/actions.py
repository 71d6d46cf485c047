"""The next best actions: the few most useful things to do now, each about one record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from secondchance.core.services.due_rules import days_overdue, is_due, is_overdue
from secondchance.core.services.readiness.facts import (
    NETWORK_WINDOW_DAYS,
    Facts,
    load_facts,
)
from secondchance.core.services.readiness.wording import day_label, n_days, shorten

if TYPE_CHECKING:
    from secondchance.core.db import Database


@dataclass(frozen=True)
class Action:
    text: str
    kind: str  # the kind of record it is about; the window knows where that lives
    record_id: int | None
    priority: float


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


class _Candidate(NamedTuple):  # a tuple: tens of thousands are made for a large target
    sort: str
    kind: str
    record_id: int | None
    priority: float
    # The sentence is put together only for the few chosen: a large target has tens of
    # thousands of candidates, and shortening each one's quote took most of the time.
    template: str
    parts: tuple[object, ...]

    def action(self) -> Action:
        text = self.template.format(*(p.text() if isinstance(p, _Short) else p for p in self.parts))
        return Action(text, self.kind, self.record_id, self.priority)


@dataclass(frozen=True)
class _Short:
    """A person's text, shortened for a sentence when the sentence is made."""

    value: str | None
    limit: int = 60

    def text(self) -> str:
        return shorten(self.value, self.limit)


def _late(days: int, cap: int = 10) -> float:
    return float(min(max(days, 0), cap))


def _candidates(f: Facts) -> list[_Candidate]:
    out: list[_Candidate] = []
    today = f.today

    def add(
        sort: str, kind: str, rid: int | None, bonus: float, template: str, *parts: object
    ) -> None:
        out.append(_Candidate(sort, kind, rid, PRIORITY[sort] + bonus, template, parts))

    requested = f.target.feedback_requested_on
    recorded = f.feedback.total
    if not recorded and requested is None:
        add(
            "ask_feedback",
            "feedback",
            None,
            0,
            "Ask {} for feedback on your interview, and note what they say",
            f.company,
        )
    elif not recorded and requested is not None and (today - requested).days >= REMIND_AFTER:
        add(
            "remind_feedback",
            "feedback",
            None,
            _late((today - requested).days - REMIND_AFTER),
            "No feedback yet since you asked on {}: send a friendly reminder",
            day_label(requested, today),
        )
    # The few worth acting on first of each (read so): an open item always ranks above one
    # in progress, so taking all the open ones first leaves the ranking as it was.
    for item, importance in f.feedback.open_first:
        add(
            "open_feedback",
            "feedback",
            item.id,
            5 * importance,
            "Decide how to address the feedback “{}”",
            _Short(item.text),
        )
    for item, importance in f.feedback.addressing_first:
        add(
            "addressing_feedback",
            "feedback",
            item.id,
            5 * importance,
            "Finish addressing “{}”",
            _Short(item.text),
        )

    for interaction, name in f.follow_ups:
        due = interaction.follow_up_date or today
        late = (today - due).days
        when = "today" if late == 0 else f"{n_days(late)} ago"
        add(
            "follow_up",
            "interaction",
            interaction.id,
            _late(late),
            "Follow up with {} (due {})",
            name,
            when,
        )

    skill_importance = {s.skill.id: s.skill.importance for s in f.skills}
    for a in f.plan:
        if a.due_date is None or not is_overdue(a.status, a.due_date, today):
            continue  # the Skills tab's rule, so both call the same items overdue
        late = (today - a.due_date).days
        add(
            "overdue_plan",
            "activity",
            a.id,
            _late(late) + skill_importance.get(a.skill_id or 0, 0),
            "“{}” was due {} ago: finish it or set a new date",
            _Short(a.title, 50),
            n_days(late),
        )

    if not f.skills:
        add(
            "list_skills",
            "skill",
            None,
            0,
            "List the skills the role asks for, with your level in each",
        )
    planned = {a.skill_id for a in f.plan}
    for s in f.skills:
        if not s.closed and s.skill.id not in planned:
            add(
                "plan_gap",
                "skill",
                s.skill.id,
                5 * s.skill.importance,
                "Plan how to close your gap in {} (level {} of {})",
                _Short(s.skill.name, 40),
                s.skill.current_level,
                s.skill.required_level,
            )

    for c in f.contacts:
        every = c.contact.keep_in_touch_days or (NETWORK_WINDOW_DAYS if c.inside else None)
        if not every:
            continue
        who = _Short(c.contact.name, 40)
        if c.last_touch is None:
            add(
                "contact_due",
                "contact",
                c.contact.id,
                _late(every, 15),
                "Get in touch with {} (no contact recorded yet)",
                who,
            )
            continue
        since = (today - c.last_touch).days
        if since < every:
            continue
        add(
            "contact_due",
            "contact",
            c.contact.id,
            _late(since - every, 15),
            "Get in touch with {} (last contact {} ago)",
            who,
            n_days(since),
        )
    if not f.inside_contacts:
        add(
            "add_contact",
            "contact",
            None,
            0,
            "Find someone at {} to talk to, and add them to your network",
            f.company,
        )

    if f.target.rejection_date is not None and f.reworked is None:
        add(
            "resume",
            "resume",
            None,
            0,
            "Rework your resume with what you've done since the rejection",
        )

    if not f.questions:
        add(
            "add_question",
            "question",
            None,
            0,
            "Write your answer to “What has changed since you last applied?”",
        )
    for q in f.questions:
        asked = _Short(q.question.question, 50)
        if not q.star:
            add("star", "question", q.question.id, 0, "Finish the STAR answer to “{}”", asked)
        elif is_due(q.question.practice_due, q.practised > 0, today):
            # The due date FSRS set from the practice ratings (Interview Prep's own rule).
            late = days_overdue(q.question.practice_due, today)
            add("practise", "question", q.question.id, _late(late), "Practise “{}” out loud", asked)
    return out


def _pick(candidates: list[_Candidate], limit: int) -> list[Action]:
    ordered = sorted(candidates, key=lambda c: -c.priority)  # stable: ties keep order
    chosen: list[_Candidate] = []
    per_kind: dict[str, int] = {}
    for c in ordered:
        if len(chosen) >= limit:
            break
        if per_kind.get(c.kind, 0) < PER_KIND:
            chosen.append(c)
            per_kind[c.kind] = per_kind.get(c.kind, 0) + 1
    for c in ordered:
        if len(chosen) >= limit:
            break
        if not any(c is taken for taken in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: -c.priority)
    return [c.action() for c in chosen]


def next_actions(
    db: Database, target_id: int, today: dt.date | None = None, limit: int = 5
) -> list[Action]:
    """The ``limit`` most useful things to do now, most useful first."""
    if limit <= 0:
        return []
    return actions_of(load_facts(db, target_id, today, limit), limit)


def actions_of(facts: Facts, limit: int) -> list[Action]:
    """``next_actions`` worked out from facts already read (for up to ``facts.most``)."""
    if limit > facts.most:
        raise ValueError(f"facts read for {facts.most} next actions, not {limit}")
    return _pick(_candidates(facts), limit) if limit > 0 else []
