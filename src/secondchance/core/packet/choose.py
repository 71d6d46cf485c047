"""Readable at any size: the default packet shows the items that matter most per section.

A packet that grows with every record stops being read (147 pages at 1,000 records).  Each
section keeps at most ``LIMITS[section]`` items, chosen by the same priorities as the
readiness score (the skills that matter most to the role and are furthest from the level
it asks for; finished work before plans; the newest conversations), says "and N more",
and the optional appendix lists what was left out, one line each.  With the limits below
the packet stays at about 25 pages or fewer however many records there are (a test holds
it to that at 2,000 records; bench/packet.py reports the pages).

Free text is cut too: one field longer than ``TEXT_LIMIT`` characters (a pasted book)
shows its beginning and says how much was left out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from secondchance.core.packet.data import (
    Omitted,
    PacketData,
)
from secondchance.core.packet.phrases import n_, number
from secondchance.core.services.ledger import LedgerEntry

T = TypeVar("T")

LIMITS = {
    "ledger": 10,
    "skills": 24,
    "plan": 18,
    "experience": 6,
    "contacts": 12,
    "conversations": 12,
    "events": 10,
    "resumes": 5,
    "portfolio": 5,
    "cover_letters": 8,  # the latest in full, the titles of the next ones
    "interview": 10,
    "reflections": 6,
    "journal": 12,
}
TEXT_LIMIT = 5000  # characters of one free-text field


# Which section shows each of Omitted's lists.
SECTION_OF = {
    "ledger": "ledger",
    "skills": "skills",
    "activities": "plan",
    "experiences": "experience",
    "contacts": "network",
    "events": "network",
    "resumes": "resume",
    "portfolio": "resume",
    "cover_letters": "cover_letter",
    "questions": "interview",
    "reflections": "self_assessment",
    "journal": "self_assessment",
}


def only_sections(omitted: Omitted, sections: Sequence[str]) -> Omitted:
    """What was left out of the chosen sections only (the others are not in the packet)."""
    empty: dict[str, Any] = {name: () for name, key in SECTION_OF.items() if key not in sections}
    return dataclasses.replace(omitted, **empty)


def left_out_sentences(self: Omitted, appendix: bool = False) -> tuple[str, ...]:
    """One plain sentence saying what the sections left out, or nothing."""
    where = " (listed in the appendix)" if appendix else ""
    counts = (
        (len(self.ledger), "one more piece of feedback", "{count} more pieces of feedback"),
        (len(self.skills), "one more skill", "{count} more skills"),
        (len(self.activities), "one more plan activity", "{count} more plan activities"),
        (len(self.experiences), "one more project", "{count} more projects"),
        (len(self.contacts), "one more person", "{count} more people"),
        (len(self.events), "one more event", "{count} more events"),
        (len(self.resumes), "one more resume version", "{count} more resume versions"),
        (len(self.portfolio), "one more portfolio item", "{count} more portfolio items"),
        (len(self.cover_letters), "one more cover letter", "{count} more cover letters"),
        (len(self.questions), "one more interview question", "{count} more questions"),
        (len(self.reflections), "one more debrief answer", "{count} more debrief answers"),
        (len(self.journal), "one more journal entry", "{count} more journal entries"),
    )
    result = [
        n_(one, many, count).format(count=number(count)) for count, one, many in counts if count
    ]
    if self.texts_cut:
        result.append(
            n_(
                "the end of one very long text",
                "the end of {count} very long texts",
                self.texts_cut,
            ).format(count=number(self.texts_cut))
        )
    if not result:
        return ()
    return (f"To stay short, the packet leaves out {_join(result)}{where}.",)


def _join(items: list[str]) -> str:
    from secondchance.core.packet.phrases import join

    return join(items)


def _split(
    items: Sequence[T], limit: int, key: Callable[[T], Any] | None = None
) -> tuple[tuple[T, ...], tuple[T, ...]]:
    """(kept, left out), both in the original order; ``key`` ranks (lowest first)."""
    if len(items) <= limit:
        return tuple(items), ()
    ranked = sorted(range(len(items)), key=(lambda i: key(items[i])) if key else (lambda i: i))
    keep = set(ranked[:limit])
    kept = tuple(x for i, x in enumerate(items) if i in keep)
    dropped = tuple(x for i, x in enumerate(items) if i not in keep)
    return kept, dropped


def _entry_rank(e: LedgerEntry) -> tuple[int, int, int]:
    importance = max((s.importance for s in e.skills), default=0)
    gap = sum(s.gap for s in e.skills)
    return (-importance, -gap, 0 if e.addressed else 1)


_ACTIVITY_ORDER = {"Done": 0, "In progress": 1, "Planned": 2, "Dropped": 3}


@dataclass
class _Cutter:
    cut: int = 0
    seen: dict[int, str] = field(default_factory=dict)

    def text(self, value: str | None) -> str | None:
        if value is None or len(value) <= TEXT_LIMIT:
            return value
        self.cut += 1
        head = value[:TEXT_LIMIT]
        space = head.rfind(" ", TEXT_LIMIT - 200)
        head = head[: space if space > 0 else TEXT_LIMIT].rstrip()
        rest = len(value) - len(head)
        return f"{head} …\n[{rest:,} more characters are left out here to keep the packet short.]"

    def record(self, value: T) -> T:
        """``value`` with every long ``str`` attribute cut."""
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            return value
        changes = {
            f.name: self.text(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if isinstance(getattr(value, f.name), str) and len(getattr(value, f.name)) > TEXT_LIMIT
        }
        return dataclasses.replace(value, **changes) if changes else value


def choose(data: PacketData, sections: Sequence[str] | None = None) -> tuple[PacketData, Omitted]:
    """The packet's data with each section cut to its limit, and what was left out of
    ``sections`` (None: of every section)."""
    cutter = _Cutter()
    ledger, ledger_out = _split(data.ledger, LIMITS["ledger"], _entry_rank)
    ledger = tuple(
        dataclasses.replace(
            e,
            text=cutter.text(e.text) or "",
            response=cutter.text(e.response),
        )
        for e in ledger
    )
    skills, skills_out = _split(data.skills, LIMITS["skills"])  # already most important first
    acts, acts_out = _split(
        data.activities, LIMITS["plan"], lambda a: _ACTIVITY_ORDER.get(a.status, 4)
    )
    exps, exps_out = _split(data.experiences, LIMITS["experience"])  # newest first
    contacts, contacts_out = _split(data.contacts, LIMITS["contacts"])  # most talked-to first
    contacts = tuple(
        dataclasses.replace(c, interactions=c.interactions[-LIMITS["conversations"] :])
        for c in contacts
    )
    events, events_out = _split(
        data.events,
        LIMITS["events"],
        lambda e: (e.status not in ("Attended", "Member"), -(e.date.toordinal() if e.date else 0)),
    )
    resumes, resumes_out = _split(
        data.resumes, LIMITS["resumes"], lambda r: -data.resumes.index(r)
    )  # newest
    portfolio, portfolio_out = _split(data.portfolio, LIMITS["portfolio"])
    letters, letters_out = _split(data.cover_letters, LIMITS["cover_letters"])  # latest first
    questions, questions_out = _split(
        data.questions,
        LIMITS["interview"],
        lambda q: (
            q.category != "About the previous application",
            not any((q.situation, q.task, q.action, q.result)),
        ),
    )
    sa = data.self_assessment
    reflections, reflections_out = _split(
        sa.reflections, LIMITS["reflections"], lambda r: {"Gap": 0, "Solid": 1}.get(r.verdict, 2)
    )
    journal, journal_out = _split(
        sa.journal, LIMITS["journal"], lambda j: -(j.date.toordinal() if j.date else 0)
    )
    chosen = dataclasses.replace(
        data,
        ledger=ledger,
        skills=tuple(cutter.record(s) for s in skills),
        activities=tuple(cutter.record(a) for a in acts),
        experiences=tuple(cutter.record(e) for e in exps),
        contacts=tuple(cutter.record(c) for c in contacts),
        events=tuple(cutter.record(e) for e in events),
        resumes=tuple(cutter.record(r) for r in resumes),
        portfolio=tuple(cutter.record(p) for p in portfolio),
        cover_letters=tuple(cutter.record(c) for c in letters),
        questions=tuple(cutter.record(q) for q in questions),
        self_assessment=dataclasses.replace(
            sa,
            reflections=tuple(cutter.record(r) for r in reflections),
            journal=tuple(cutter.record(j) for j in journal),
            competencies=tuple(cutter.record(c) for c in sa.competencies),
        ),
    )
    omitted = Omitted(
        ledger=ledger_out,
        skills=skills_out,
        activities=acts_out,
        experiences=exps_out,
        contacts=contacts_out,
        events=events_out,
        resumes=resumes_out,
        portfolio=portfolio_out,
        cover_letters=letters_out,
        questions=questions_out,
        reflections=reflections_out,
        journal=journal_out,
        texts_cut=cutter.cut,
    )
    if sections is not None:
        omitted = only_sections(omitted, sections)
    chosen = dataclasses.replace(chosen, omitted=omitted)
    return chosen, omitted
