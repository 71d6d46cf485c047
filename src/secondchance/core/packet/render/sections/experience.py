"""Experience highlights: projects with their outcomes, newest first."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Flowable, Spacer

from secondchance.core.packet.data import format_date
from secondchance.core.packet.render.blocks import Layout, together
from secondchance.core.packet.render.text import Paragraph, markup


def build(layout: Layout) -> list[Flowable]:
    story = layout.heading("experience")
    items = layout.data.experiences
    if not items:
        story.append(layout.nothing("No experience recorded yet."))
        return story
    for e in items:
        when = _span(e.start_date, e.end_date)
        meta = " · ".join(x for x in (e.kind, e.organisation, e.role, when) if x)
        block: list[Flowable] = [
            Paragraph(markup(e.title), layout.s.h3),
            Paragraph(markup(meta), layout.s.meta),
        ]
        block.extend(layout.text_block(e.description))
        block.extend(layout.text_block(e.outcomes, label="Outcomes:"))
        if e.resume_bullet:
            block.extend(layout.text_block(e.resume_bullet, layout.s.quote, label="On my resume:"))
        tail = []
        if e.skills:
            tail.append("Skills: " + ", ".join(e.skills))
        if e.url:
            tail.append(e.url)
        if tail:
            block.append(Paragraph(markup(" · ".join(tail)), layout.s.muted))
        block.append(Spacer(1, 4))
        story.extend(together(block))
    omitted = layout.data.omitted
    story.extend(
        layout.more(
            len(items),
            len(omitted.experiences) if omitted else 0,
            "One older project is left out.",
            "{count} older projects are left out.",
        )
    )
    return story


def _span(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{format_date(start, short=True)} – {format_date(end, short=True)}"
    if start:
        return f"since {format_date(start, short=True)}"
    if end:
        return f"until {format_date(end, short=True)}"
    return ""
