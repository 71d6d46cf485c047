"""The growth summary: a first-person paragraph generated from the data, and the personal
packet's "Notes to myself".

The summary is a draft: the export dialog shows it for the person to edit before the PDF
is made.  Only titles, counts and skill names go into it (all public), so it is safe for
the shareable packet.  Each sentence is one template (see ``phrases``).
"""

from __future__ import annotations

from secondchance.core.packet.data import PacketData, format_date
from secondchance.core.packet.phrases import _, join, n_, number, skill, titles


def _opening(data: PacketData) -> str:
    day = data.interview_date
    company = data.target.company.strip()
    if day is not None:
        return _("Since my interview at {company} on {date}").format(
            company=company, date=format_date(day)
        )
    return _("Since my last application to {company}").format(company=company)


def _learning(data: PacketData) -> list[str]:
    done = [a.title for a in data.activities if a.done]
    going = [a.title for a in data.activities if a.status == "In progress"]
    planned = [a.title for a in data.activities if a.status == "Planned"]
    sentences = []
    if done:
        sentences.append(
            _("{since}, I completed {titles}.").format(since=_opening(data), titles=titles(done))
        )
    else:
        sentences.append(
            _("{since}, I have been working on the feedback I received.").format(
                since=_opening(data)
            )
        )
    if going:
        sentences.append(_("I am now working on {titles}.").format(titles=titles(going)))
    if planned:
        sentences.append(_("Next, I plan to take {titles}.").format(titles=titles(planned, 2)))
    return sentences


def _experience(data: PacketData) -> list[str]:
    finished = [e.title for e in data.experiences if e.end_date is not None]
    ongoing = [e.title for e in data.experiences if e.end_date is None]
    if finished and ongoing:
        text = _("To gain experience, I completed {finished} and I am still working on {ongoing}.")
        return [text.format(finished=titles(finished, 2), ongoing=titles(ongoing, 2))]
    if finished:
        return [
            _("To gain experience, I completed {finished}.").format(finished=titles(finished, 2))
        ]
    if ongoing:
        return [
            _("To gain experience, I am working on {ongoing}.").format(ongoing=titles(ongoing, 2))
        ]
    return []


def _skills(data: PacketData) -> list[str]:
    grown = [s for s in data.skills if s.current_level > s.before]
    if not grown:
        return []
    grown.sort(key=lambda s: (-(s.current_level - s.before), -s.importance, s.name.casefold()))
    changes = [
        _("{skill} from level {before} to {now}").format(
            skill=skill(s.name), before=s.before, now=s.current_level
        )
        for s in grown[:3]
    ]
    more = len(grown) - 3
    if more > 0:
        text = n_(
            "I raised {changes}, and one other skill improved too.",
            "I raised {changes}, and {count} other skills improved too.",
            more,
        )
        return [text.format(changes=join(changes), count=number(more))]
    return [_("I raised {changes}.").format(changes=join(changes))]


def _network(data: PacketData) -> list[str]:
    people = len(data.contacts)
    talks = sum(c.conversations for c in data.contacts)
    events = sum(1 for e in data.events if e.status in ("Attended", "Member"))
    sentences = []
    if people and talks:
        sentences.append(
            n_(
                "I got to know one person in the field over {talks}.",
                "I got to know {people} people in the field over {talks}.",
                people,
            ).format(
                people=number(people),
                talks=n_("one conversation", "{count} conversations", talks).format(
                    count=number(talks)
                ),
            )
        )
    elif people:
        sentences.append(
            n_(
                "I got to know one person in the field.",
                "I got to know {people} people in the field.",
                people,
            ).format(people=number(people))
        )
    if events:
        sentences.append(
            n_(
                "I took part in one industry event or association.",
                "I took part in {count} industry events and associations.",
                events,
            ).format(count=number(events))
        )
    return sentences


def _feedback(data: PacketData) -> list[str]:
    total = len(data.ledger)
    if not total:
        return []
    addressed = sum(1 for e in data.ledger if e.addressed)
    if addressed == total:
        text = n_(
            "I have acted on the one point of feedback I received.",
            "I have acted on all {total} points of feedback I received.",
            total,
        )
        return [text.format(total=number(total))]
    if addressed == 0:
        text = n_(
            "I am working on the one point of feedback I received.",
            "I am working on the {total} points of feedback I received.",
            total,
        )
        return [text.format(total=number(total))]
    text = n_(
        "Of the {total} points of feedback I received, I have acted on one so far.",
        "Of the {total} points of feedback I received, I have acted on {count} so far.",
        addressed,
    )
    return [text.format(total=number(total), count=number(addressed))]


def growth_summary(data: PacketData) -> str:
    """A short paragraph: since the interview I completed …, I am working on …, …"""
    sentences = [
        *_learning(data),
        *_experience(data),
        *_skills(data),
        *_network(data),
        *_feedback(data),
    ]
    return " ".join(sentences)


def skills_gained(data: PacketData, limit: int = 4) -> list[str]:
    """Skill names (sentence case) that went up since the interview, biggest gain first."""
    grown = [s for s in data.skills if s.current_level > s.before]
    grown.sort(key=lambda s: (-(s.current_level - s.before), -s.importance, s.name.casefold()))
    return [skill(s.name) for s in grown[:limit]]


def notes_to_myself(data: PacketData) -> list[tuple[str, list[str]]]:
    """The personal packet's coaching notes (the one place that may say "you"): what is
    still open on each piece of feedback, as (heading, notes)."""
    result: list[tuple[str, list[str]]] = []
    for number_, entry in enumerate(data.ledger, 1):
        if not entry.still_open:
            continue
        day = format_date(entry.received_on, short=True)
        if entry.source == "Self":
            heading = (
                _("{number}. {theme}: my own note of {date}")
                if day
                else _("{number}. {theme}: my own note")
            )
        else:
            heading = (
                _("{number}. {theme}: from the {source}, {date}")
                if day
                else _("{number}. {theme}: from the {source}")
            )
        text = heading.format(
            number=number_, theme=entry.theme, source=entry.source.lower(), date=day
        )
        result.append((text, list(entry.still_open)))
    return result
