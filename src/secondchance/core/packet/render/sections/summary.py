"""The growth summary (as the person edited it) and the interview rounds."""

from __future__ import annotations

from reportlab.platypus import Flowable

from secondchance.core.packet.data import format_date
from secondchance.core.packet.render.blocks import Layout


def build(layout: Layout) -> list[Flowable]:
    d = layout.data
    story = layout.heading("summary")
    text = layout.summary_text.strip()
    story.extend(layout.text_block(text) if text else [layout.nothing("No summary written.")])
    if d.rounds:
        story.extend(layout.sub("The interview"))
        rows = [
            [
                layout.cell(format_date(r.date, short=True) or "—"),
                layout.cell(r.stage, True),
                layout.cell(r.format or ""),
                layout.cell(r.outcome or ""),
            ]
            for r in d.rounds
        ]
        story.append(layout.table(["Date", "Stage", "Format", "Outcome"], rows, [16, 14, 50, 20]))
    return story
