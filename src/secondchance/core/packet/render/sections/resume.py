"""Resume versions, the portfolio, and a note on the attached PDF resume."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from secondchance.core.packet.data import format_date
from secondchance.core.packet.render.blocks import Layout, together
from secondchance.core.packet.render.text import Paragraph, markup


def build(layout: Layout) -> list[Flowable]:
    story = layout.heading("resume")
    d = layout.data
    if not d.resumes and not d.portfolio and not layout.attachment_note and not d.resume_change:
        story.append(layout.nothing("No resume versions or portfolio items yet."))
        return story
    if d.resumes:
        story.extend(layout.sub("Resume versions"))
        rows = [
            [
                layout.cell_lines(r.label, r.change_notes),
                layout.cell(format_date(r.created_on, short=True) or "—"),
                layout.cell(format_date(r.sent_on, short=True) or "Not sent"),
                layout.cell(r.file or "—"),
            ]
            for r in d.resumes
        ]
        story.append(layout.table(["Version", "Created", "Sent", "File"], rows, [58, 13, 13, 16]))
    if d.resume_change:
        story.append(Spacer(1, 4))
        story.append(layout.para(d.resume_change))
    if layout.attachment_note:
        story.append(Spacer(1, 4))
        story.append(layout.para(layout.attachment_note, layout.s.small))
    if d.portfolio:
        story.extend(layout.sub("Portfolio"))
        for p in d.portfolio:
            block: list[Flowable] = [Paragraph(markup(p.title), layout.s.h3)]
            if p.url:
                block.append(Paragraph(markup(p.url), layout.s.meta))
            block.extend(layout.text_block(p.description))
            if p.skills:
                block.append(Paragraph(markup("Skills: " + ", ".join(p.skills)), layout.s.muted))
            story.extend(together(block))
    omitted = d.omitted
    if omitted:
        story.extend(
            layout.more(
                len(d.resumes),
                len(omitted.resumes),
                "One older resume version is left out.",
                "{count} older resume versions are left out.",
            )
        )
        story.extend(
            layout.more(
                len(d.portfolio),
                len(omitted.portfolio),
                "One more portfolio item is left out.",
                "{count} more portfolio items are left out.",
            )
        )
    return story
