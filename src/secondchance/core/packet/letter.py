"""'Draft from my progress': a first draft of the reapplication letter, in three tones.

It tells the same facts as the packet's growth summary (``narrative.growth_summary``): the
feedback → what I did → the evidence chain of the ledger, the experience gained, the skill
levels raised and the people met; in a letter's voice, first person, and without the app's
own words (no status names, no "level 3 of 4").  The facts are read as for the shareable
packet, so nothing private reaches a letter meant for the company.  It is a draft: the person
edits it, and putting it in the letter is one undoable step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.packet.content import gather
from secondchance.core.packet.data import PacketData, SkillInfo
from secondchance.core.packet.sections import Preset
from secondchance.core.services.feedback_request import Tone

__all__ = ["LetterDraft", "Tone", "compose", "draft_letters", "facts_of"]

# How the app's 0–5 levels read in a letter.
_LEVEL_WORDS = {1: "a beginner's", 2: "a basic", 3: "a solid", 4: "a strong", 5: "an expert"}


@dataclass(frozen=True)
class LetterDraft:
    tone: Tone
    title: str
    body: str


@dataclass(frozen=True)
class Facts:
    company: str
    role: str
    when: str  # "in October 2025", or ""
    sender: str
    asked_for: tuple[str, ...]  # what the feedback pointed to, as skill names
    strengths: tuple[str, ...]  # what it praised
    completed: tuple[str, ...]  # finished courses, certificates…
    working_on: tuple[str, ...]
    projects_done: tuple[str, ...]
    projects_ongoing: tuple[str, ...]
    grown: tuple[str, ...]  # "SQL from a basic to a strong level"
    people: int
    conversations: int
    events: int
    points: int  # feedback points received
    acted_on: int  # of which acted on


def _join(items: list[str] | tuple[str, ...]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _titles(items: tuple[str, ...], limit: int) -> str:
    quoted = [f"“{t}”" for t in items[:limit]]
    if len(items) > limit:
        more = len(items) - limit
        quoted.append(f"{more} more" if more > 1 else "one more")
    return _join(quoted)


def _growth(skill: SkillInfo) -> str:
    name, after = _in_sentence(skill), _LEVEL_WORDS.get(skill.current_level, "a strong")
    if skill.before <= 0:
        return f"my {name} from scratch to {after} level"
    return f"my {name} from {_LEVEL_WORDS.get(skill.before, 'a basic')} to {after} level"


def _month(day: dt.date | None) -> str:
    return f"in {day.strftime('%B')} {day.year}" if day is not None else ""


def _in_sentence(skill: SkillInfo) -> str:
    """A soft skill or a field is a common noun mid-sentence ("my stakeholder
    communication"); a tool keeps its capitals ("SQL", "Tableau")."""
    name = skill.name
    if skill.category in ("Soft", "Industry") and name[:1].isupper() and name[1:2].islower():
        return name[0].lower() + name[1:]
    return name


def facts_of(data: PacketData) -> Facts:
    skills = {s.name: s for s in data.skills}
    asked: list[str] = []
    praised: list[str] = []
    # What the company said: the person's own notes to self are not "your feedback".
    theirs = [e for e in data.ledger if e.source != m.FeedbackSource.self.label]
    for entry in theirs:
        for linked in entry.skills:
            info = skills.get(linked.name)
            if info is None:
                continue
            shown = _in_sentence(info)
            if shown in asked or shown in praised:
                continue
            (praised if info.before >= info.required_level else asked).append(shown)
    grown = sorted(
        (s for s in data.skills if s.current_level > s.before),
        key=lambda s: (-(s.current_level - s.before), -s.importance, s.name.casefold()),
    )
    attended = [e for e in data.events if e.status in ("Attended", "Member")]
    return Facts(
        company=data.target.company,
        role=data.target.role,
        when=_month(data.interview_date),
        sender=data.person_name,
        asked_for=tuple(asked),
        strengths=tuple(praised),
        completed=tuple(a.title for a in data.activities if a.done),
        working_on=tuple(a.title for a in data.activities if a.status == "In progress"),
        projects_done=tuple(e.title for e in data.experiences if e.end_date is not None),
        projects_ongoing=tuple(e.title for e in data.experiences if e.end_date is None),
        grown=tuple(_growth(s) for s in grown[:3]),
        people=len(data.contacts),
        conversations=sum(c.conversations for c in data.contacts),
        events=len(attended),
        points=len(theirs),
        acted_on=sum(1 for e in theirs if e.status != m.FeedbackStatus.open.label),
    )


# --- the three tones -----------------------------------------------------------------------


def _work_sentences(f: Facts, limit: int) -> list[str]:
    out = []
    if f.completed:
        out.append(f"I completed {_titles(f.completed, limit)}.")
    if f.working_on:
        out.append(f"I am now working through {_titles(f.working_on, limit)}.")
    parts = []
    if f.projects_done:
        parts.append(f"completed {_titles(f.projects_done, limit)}")
    if f.projects_ongoing:
        parts.append(f"am still working on {_titles(f.projects_ongoing, limit)}")
    if parts:
        out.append(f"To put it into practice I {_join(parts)}.")
    if f.grown:
        out.append(f"Along the way I took {_join(list(f.grown))}.")
    return out


def _people(f: Facts) -> str:
    if not f.people and not f.events:
        return ""
    bits = []
    if f.people:
        talks = f" over {f.conversations} conversations" if f.conversations > 1 else ""
        bits.append(f"talked with {f.people} {'person' if f.people == 1 else 'people'}{talks}")
    if f.events:
        bits.append(f"taken part in {f.events} industry event{'s' if f.events != 1 else ''}")
    return f"I have also {_join(bits)}, which made me more certain this is the work I want to do."


def _feedback_sentence(f: Facts, formal: bool) -> str:
    if not f.asked_for:
        return ""
    pointed = _join(list(f.asked_for[:4]))
    if formal:
        return f"The feedback I received identified {pointed} as areas to strengthen."
    return f"Your feedback pointed me to {pointed}, and I took it seriously."


def _acted(f: Facts) -> str:
    if not f.points or not f.acted_on:
        return ""
    if f.acted_on == f.points:
        return f"I have acted on every point of the feedback ({f.points} in all)."
    return f"I have acted on {f.acted_on} of the {f.points} points of the feedback so far."


def _role(f: Facts, formal: bool) -> str:
    what = (
        (f"the position of {f.role}" if formal else f"the {f.role} role") if f.role else "the role"
    )
    return f"{what} at {f.company}" if f.company else what


def _warm(f: Facts) -> str:
    when = f" {f.when}" if f.when else ""
    opening = (
        f"When I interviewed for {_role(f, False)}{when}, I didn't get the offer, but I did "
        "get honest feedback, and I have spent the time since acting on it."
    )
    middle = " ".join(x for x in [_feedback_sentence(f, False), *_work_sentences(f, 3)] if x)
    strengths = (
        f"You also told me my {_join(list(f.strengths[:2]))} was a strength, and I have kept "
        "building on it."
        if f.strengths
        else ""
    )
    closing = (
        f"I'm still very keen to join {f.company or 'the team'}, and I would welcome the "
        "chance to show you what has changed."
    )
    later = " ".join(x for x in [strengths, _acted(f), _people(f)] if x)
    paragraphs = ["Dear Hiring Team,", opening, middle, later, closing]
    paragraphs.append(f"Kind regards,\n{f.sender}" if f.sender else "Kind regards,")
    return "\n\n".join(p for p in paragraphs if p)


def _concise(f: Facts) -> str:
    when = f" {f.when}" if f.when else ""
    lines = [
        "Hello,",
        f"I interviewed for {_role(f, False)}{when} and I'm applying again.",
        " ".join(x for x in [_feedback_sentence(f, False), *_work_sentences(f, 2)] if x),
        "I'd welcome the chance to show you what has changed.",
        f"Thanks,\n{f.sender}" if f.sender else "Thanks,",
    ]
    return "\n\n".join(x for x in lines if x)


def _formal(f: Facts) -> str:
    when = f" {f.when}" if f.when else ""
    opening = (
        f"I am writing to apply again for {_role(f, True)}. Since my interview{when}, I have "
        "worked steadily on the feedback I received."
    )
    middle = " ".join(x for x in [_feedback_sentence(f, True), *_work_sentences(f, 3)] if x)
    later = " ".join(x for x in [_acted(f), _people(f)] if x)
    joining = f"joining {f.company}" if f.company else "joining your organisation"
    closing = (
        f"I remain committed to {joining}, and I would be grateful for the opportunity to "
        "discuss how my skills have developed."
    )
    paragraphs = ["Dear Hiring Manager,", opening, middle, later, closing]
    paragraphs.append(f"Yours sincerely,\n{f.sender}" if f.sender else "Yours sincerely,")
    return "\n\n".join(p for p in paragraphs if p)


_BODIES = {Tone.warm: _warm, Tone.concise: _concise, Tone.formal: _formal}
_TITLES = {
    Tone.warm: "How I've grown since my last application",
    Tone.concise: "Applying again",
    Tone.formal: "Application",
}


def compose(facts: Facts, tone: Tone) -> LetterDraft:
    title = _TITLES[tone]
    if tone is Tone.concise and facts.role:
        title = f"Applying again: {facts.role}"
    elif tone is Tone.formal:
        title = f"Application for the position of {facts.role}" if facts.role else "Application"
    return LetterDraft(tone, title, _BODIES[tone](facts))


def draft_letters(db: Database, target_id: int, today: dt.date | None = None) -> list[LetterDraft]:
    """The three drafts for a target (raises LookupError for an unknown target)."""
    facts = facts_of(gather(db, target_id, Preset.shareable, today))
    return [compose(facts, tone) for tone in Tone]
