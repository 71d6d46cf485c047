"""The appendix: what the sections left out to stay short, one line per item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.platypus import Flowable

from secondchance.core.packet.data import format_date
from secondchance.core.packet.render.blocks import Layout


def build(layout: Layout) -> list[Flowable]:
    story = layout.heading("appendix", new_page=True)
    omitted = layout.data.omitted
    if omitted is None or not omitted.anything:
        story.append(layout.nothing("Nothing was left out: every item is in its section."))
        return story
    story.append(
        layout.para(
            "The items each section left out to stay short, listed briefly.", layout.s.muted
        )
    )

    def short(day: dt.date | None) -> str:
        return format_date(day, short=True) or "—"

    parts: list[tuple[str, Sequence[Any], list[str], list[float], Callable[[Any], list[str]]]] = [
        (
            "Feedback",
            omitted.ledger,
            ["Received", "From", "Theme", "What was said"],
            [13, 15, 17, 55],
            lambda e: [short(e.received_on), e.source, e.theme, e.text],
        ),
        (
            "Skills",
            omitted.skills,
            ["Skill", "At the interview", "Now", "Needed"],
            [52, 16, 16, 16],
            lambda s: [s.name, str(s.before), str(s.current_level), str(s.required_level)],
        ),
        (
            "Development plan",
            omitted.activities,
            ["Activity", "Kind", "Status", "Due or done"],
            [52, 16, 16, 16],
            lambda a: [a.title, a.kind, a.status, short(a.completed_on or a.due_date)],
        ),
        (
            "Experience",
            omitted.experiences,
            ["Project", "Kind", "Until"],
            [64, 20, 16],
            lambda e: [e.title, e.kind, short(e.end_date)],
        ),
        (
            "People",
            omitted.contacts,
            ["Person", "Relationship", "Conversations"],
            [55, 25, 20],
            lambda c: [c.name, c.relationship, str(c.conversations)],
        ),
        (
            "Events",
            omitted.events,
            ["Event", "Kind", "Date"],
            [64, 20, 16],
            lambda e: [e.name, e.kind, short(e.date)],
        ),
        (
            "Resume versions",
            omitted.resumes,
            ["Version", "Created"],
            [80, 20],
            lambda r: [r.label, short(r.created_on)],
        ),
        ("Portfolio", omitted.portfolio, ["Item"], [100], lambda p: [p.title]),
        (
            "Cover letters",
            omitted.cover_letters,
            ["Letter", "Written"],
            [80, 20],
            lambda c: [c.title, short(c.created_on)],
        ),
        (
            "Interview questions",
            omitted.questions,
            ["Question", "Kind"],
            [75, 25],
            lambda q: [q.question, q.category],
        ),
        (
            "Debrief",
            omitted.reflections,
            ["Question", "Verdict"],
            [80, 20],
            lambda r: [r.question, r.verdict],
        ),
        (
            "Journal",
            omitted.journal,
            ["Date", "Kind", "Entry"],
            [14, 14, 72],
            lambda j: [short(j.date), j.kind, j.text],
        ),
    ]
    for title, items, header, widths, cells in parts:
        if not items:
            continue
        story.extend(layout.sub(title))
        rows = [[layout.cell(value, limit=160) for value in cells(item)] for item in items]
        story.append(layout.table(header, rows, widths))
    return story
