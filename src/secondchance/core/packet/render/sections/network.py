"""The network summary: people linked to the application, conversations, events."""

from __future__ import annotations

from reportlab.platypus import Flowable

from secondchance.core.packet.data import format_date
from secondchance.core.packet.phrases import capitalised, n_, number
from secondchance.core.packet.render.blocks import Layout
from secondchance.core.packet.render.text import clip


def build(layout: Layout) -> list[Flowable]:
    story = layout.heading("network")
    d = layout.data
    if not d.contacts and not d.events:
        story.append(layout.nothing("No contacts or events recorded yet."))
        return story
    omitted = d.omitted
    people = len(d.contacts) + (len(omitted.contacts) if omitted else 0)
    events = sum(
        1
        for e in (*d.events, *(omitted.events if omitted else ()))
        if e.status in ("Attended", "Member")
    )
    talks = sum(c.conversations for c in (*d.contacts, *(omitted.contacts if omitted else ())))
    story.append(layout.para(_summary(people, talks, events)))
    if d.contacts:
        story.extend(layout.sub("People"))
        rows = []
        for c in d.contacts:
            role = ", ".join(x for x in (c.title, c.company) if x)
            reach = " · ".join(x for x in (c.email, c.phone) if x)
            who = layout.cell_lines(c.name, role, reach, c.linkedin_url, c.how_we_met, c.notes)
            rows.append(
                [
                    who,
                    layout.cell(_relationship(c.relationship, d.target.company)),
                    layout.cell(str(c.conversations)),
                    layout.cell(format_date(c.last_contact, short=True) or "—"),
                ]
            )
        story.append(
            layout.table(
                ["Person", "Relationship", "Conversations", "Last contact"],
                rows,
                [50, 18, 16, 16],
            )
        )
        recent = [(i, c.name) for c in d.contacts for i in c.interactions if i.summary]
        recent.sort(key=lambda pair: (pair[0].date is None, pair[0].date), reverse=True)
        if recent:
            story.extend(layout.sub("Conversations"))
            rows = [
                [
                    layout.cell(format_date(i.date, short=True) or "—"),
                    layout.cell(name, True),
                    layout.cell(i.channel),
                    layout.cell_lines(
                        clip(i.summary or "", 400),
                        (
                            f"Follow up {format_date(i.follow_up_date, short=True)}"
                            + (" (done)" if i.follow_up_done else "")
                        )
                        if i.follow_up_date
                        else None,
                        bold=False,
                    ),
                ]
                for i, name in recent
            ]
            story.append(layout.table(["Date", "With", "How", "Summary"], rows, [13, 18, 10, 59]))
    if d.events:
        story.extend(layout.sub("Events and associations"))
        rows = [
            [
                layout.cell_lines(e.name, _organiser(e.name, e.organiser), e.location, e.notes),
                layout.cell(e.kind),
                layout.cell(format_date(e.date, short=True) or "—"),
                layout.cell(e.status),
            ]
            for e in d.events
        ]
        story.append(layout.table(["Event", "Kind", "Date", "Status"], rows, [58, 16, 13, 13]))
    if omitted:
        story.extend(
            layout.more(
                len(d.contacts),
                len(omitted.contacts),
                "One more person, with fewer conversations, is left out.",
                "{count} more people, with fewer conversations, are left out.",
            )
        )
        story.extend(
            layout.more(
                len(d.events),
                len(omitted.events),
                "One more event is left out.",
                "{count} more events are left out.",
            )
        )
    return story


def _organiser(name: str, organiser: str | None) -> str | None:
    """The organiser, unless it only repeats the event's name."""
    if not organiser:
        return None
    fold = " ".join(organiser.casefold().split())
    return None if fold in " ".join(name.casefold().split()) else organiser


def _summary(people: int, talks: int, events: int) -> str:
    text = (
        n_(
            "I have talked with one person linked to this application, in {talks}.",
            "I have talked with {people} people linked to this application, in {talks}.",
            people,
        )
        if people and talks
        else n_(
            "One person is linked to this application.",
            "{people} people are linked to this application.",
            people,
        )
        if people
        else ""
    )
    sentences = (
        [
            capitalised(
                text.format(
                    people=number(people),
                    talks=n_("one conversation", "{count} conversations", talks).format(
                        count=number(talks)
                    ),
                )
            )
        ]
        if text
        else []
    )
    if events:
        sentences.append(
            n_(
                "I took part in one industry event or association.",
                "I took part in {count} industry events and associations.",
                events,
            ).format(count=number(events))
        )
    return " ".join(sentences)


def _relationship(label: str, company: str) -> str:
    return f"Works at {company}" if label == "Employee at target" else label
