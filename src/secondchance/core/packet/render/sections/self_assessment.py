"""The self-assessment appendix: debrief, competency ratings, journal."""

from __future__ import annotations

from reportlab.platypus import Flowable

from secondchance.core.packet.data import format_date
from secondchance.core.packet.render.blocks import Layout, scale, together
from secondchance.core.packet.render.text import Paragraph, markup


def build(layout: Layout) -> list[Flowable]:
    story = layout.heading("self_assessment", new_page=True)
    sa = layout.data.self_assessment
    if sa is None or not (sa.reflections or sa.competencies or sa.journal):
        story.append(layout.nothing("No self-assessment recorded yet."))
        return story
    story.append(layout.para("Private: my own debrief of the interview, for my eyes only."))
    if sa.reflections:
        story.extend(layout.sub("Interview debrief", key="debrief"))
        for r in sa.reflections:
            meta = " · ".join(x for x in (r.round, f"Verdict: {r.verdict}") if x)
            block: list[Flowable] = [
                Paragraph(markup(r.question), layout.s.h3),
                Paragraph(markup(meta), layout.s.meta),
            ]
            for label, text in (
                ("What I said:", r.what_i_said),
                ("What landed:", r.what_landed),
                ("What was missing:", r.what_was_missing),
                ("A better answer:", r.better_answer),
            ):
                block.extend(layout.text_block(text, label=label))
            story.extend(together(block))
    if sa.competencies:
        # A short table: keep it whole with its heading when the page is nearly full.
        story.extend(layout.sub("Competency ratings", key="competencies"))
        rows = [
            [
                layout.cell(c.area, True),
                layout.cell(scale(c.rating, 5)),
                layout.cell(c.note or ""),
            ]
            for c in sa.competencies
        ]
        story.append(layout.table(["Area", "Rating", "Note"], rows, [24, 14, 62]))
    if sa.journal:
        story.extend(layout.sub("Confidence journal", key="journal"))
        for j in sa.journal:
            head = " · ".join(x for x in (format_date(j.date, short=True), j.kind) if x)
            story.extend(
                together([Paragraph(markup(head), layout.s.meta), *layout.text_block(j.text)])
            )
    omitted = layout.data.omitted
    if omitted:
        story.extend(
            layout.more(
                len(sa.reflections),
                len(omitted.reflections),
                "One more debrief answer is left out.",
                "{count} more debrief answers are left out.",
            )
        )
        story.extend(
            layout.more(
                len(sa.journal),
                len(omitted.journal),
                "One older journal entry is left out.",
                "{count} older journal entries are left out.",
            )
        )
    return story
