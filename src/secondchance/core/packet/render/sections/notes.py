"""Notes to myself (personal packet only): the one place that speaks to the reader as a
coach — readiness as the Overview measures it, what is still open on each piece of
feedback, and the target's own notes."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from secondchance.core.packet.narrative import notes_to_myself
from secondchance.core.packet.render.blocks import Layout
from secondchance.core.packet.render.text import Paragraph, markup


def build(layout: Layout) -> list[Flowable]:
    d = layout.data
    story = layout.heading("notes")
    story.append(
        layout.para(
            "For my eyes only: the app's measure of where I stand and what is still open. "
            "The shareable packet leaves this page out.",
            layout.s.muted,
        )
    )
    r = d.readiness
    if r is not None:
        story.extend(layout.sub("Readiness"))
        score = f"{r.score}%" if r.score is not None else "not measured yet"
        story.append(layout.para(f"Readiness: {score}. Each part, and what it means:"))
        rows = [
            [
                layout.cell(p.label, True),
                layout.cell(f"{p.score}%" if p.score is not None else "—"),
                layout.cell(p.sentence if p.score is not None else "Nothing to measure yet."),
            ]
            for p in r.parts
        ]
        if rows:
            story.append(layout.table(["Part", "Score", "What it means"], rows, [30, 12, 78]))
    open_items = notes_to_myself(d)
    if open_items:
        story.extend(layout.sub("Still open"))
        for heading, notes in open_items:
            block: list[Flowable] = [Paragraph(markup(heading), layout.s.h3)]
            block.extend(Paragraph("•\u00a0" + markup(n), layout.s.small) for n in notes)
            block.append(Spacer(1, 3))
            story.extend(layout.keep(block))
    if d.target.notes:
        story.extend(layout.sub("My notes"))
        story.extend(layout.text_block(d.target.notes))
    if r is None and not open_items and not d.target.notes:
        story.append(layout.nothing("Nothing open: every piece of feedback has its evidence."))
    return story
