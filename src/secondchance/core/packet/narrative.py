"""The growth summary: a first-person paragraph generated from the data.

It is a draft: the export dialog shows it for the person to edit before the PDF is made.
Only counts, titles and skill names go into it, so it is safe for the shareable packet.
"""

from __future__ import annotations

from secondchance.core.packet.data import PacketData, format_date


def _join(items: list[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _titles(items: list[str], limit: int = 3) -> str:
    quoted = [f"“{item}”" for item in items[:limit]]
    more = len(items) - limit
    if more > 0:
        quoted.append(f"{more} more")
    return _join(quoted)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def growth_summary(data: PacketData) -> str:
    """A short paragraph: since the interview I completed …, I am working on …, …"""
    day = data.interview_date
    company = data.target.company
    opening = (
        f"Since my interview at {company} on {format_date(day)}"
        if day is not None
        else f"Since my last application to {company}"
    )
    sentences: list[str] = []

    done = [a.title for a in data.activities if a.done]
    going = [a.title for a in data.activities if a.status == "In progress"]
    planned = [a.title for a in data.activities if a.status == "Planned"]
    if done:
        sentences.append(f"{opening} I completed {_titles(done)}.")
    else:
        sentences.append(f"{opening} I have been working on the feedback I received.")
    if going:
        sentences.append(f"I am working on {_titles(going)}.")
    if planned:
        sentences.append(f"Next I plan {_titles(planned, 2)}.")

    if data.experiences:
        finished = [e for e in data.experiences if e.end_date is not None]
        ongoing = [e for e in data.experiences if e.end_date is None]
        parts = []
        if finished:
            parts.append(f"completed {_titles([e.title for e in finished], 2)}")
        if ongoing:
            parts.append(f"am still working on {_titles([e.title for e in ongoing], 2)}")
        sentences.append(f"To gain experience I {_join(parts)}.")

    grown = [s for s in data.skills if s.current_level > s.before]
    if grown:
        grown.sort(key=lambda s: (-(s.current_level - s.before), -s.importance, s.name.casefold()))
        changes = [f"{s.name} from level {s.before} to {s.current_level}" for s in grown[:3]]
        more = len(grown) - 3
        tail = f", and {_count(more, 'other skill')} improved too" if more > 0 else ""
        sentences.append(f"I raised {_join(changes)}{tail}.")

    conversations = sum(c.conversations for c in data.contacts)
    attended = [e for e in data.events if e.status in ("Attended", "Member")]
    events = _count(len(attended), "event or association", "events and associations")
    if data.contacts:
        talk = f" over {_count(conversations, 'conversation')}" if conversations else ""
        people = _count(len(data.contacts), "person", "people")
        network = f"I got to know {people}{talk}"
        if attended:
            network += f" and took part in {events}"
        sentences.append(network + ".")
    elif attended:
        sentences.append(f"I took part in {events}.")

    if data.ledger:
        addressed = sum(1 for e in data.ledger if e.addressed)
        working = sum(1 for e in data.ledger if not e.addressed and e.status != "Open")
        total = _count(len(data.ledger), "point", "points")
        detail = [f"{addressed} {'is' if addressed == 1 else 'are'} addressed"]
        if working:
            detail.append(f"{working} {'is' if working == 1 else 'are'} in progress")
        sentences.append(f"Of the {total} of feedback I received, {_join(detail)}.")
    return " ".join(sentences)
