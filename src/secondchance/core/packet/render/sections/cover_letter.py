"""The latest cover letter in full, and the titles of earlier ones."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from secondchance.core.packet.data import format_date
from secondchance.core.packet.render.blocks import Layout
from secondchance.core.packet.render.text import Paragraph, clip, markup


def build(layout: Layout) -> list[Flowable]:
    story = layout.heading("cover_letter")
    letters = layout.data.cover_letters
    if not letters:
        story.append(layout.nothing("No cover letter yet."))
        return story
    letter = letters[0]
    story.append(Paragraph(markup(letter.title), layout.s.h2))
    dates = [f"Written {format_date(letter.created_on)}" if letter.created_on else ""]
    dates.append(f"sent {format_date(letter.sent_on)}" if letter.sent_on else "not sent yet")
    story.append(Paragraph(markup(", ".join(x for x in dates if x)), layout.s.muted))
    story.append(Spacer(1, 4))
    story.extend(layout.text_block(letter.body) or [layout.nothing("The letter is empty.")])
    if len(letters) > 1:
        story.append(Spacer(1, 6))
        others = "; ".join(
            clip(c.title, 200)
            + (f" ({format_date(c.created_on, short=True)})" if c.created_on else "")
            for c in letters[1:]
        )
        omitted = layout.data.omitted
        left_out = len(omitted.cover_letters) if omitted else 0
        more = f", and {left_out:,} more" if left_out else ""
        story.append(layout.para(f"Earlier letters: {others}{more}.", layout.s.muted))
    return story
