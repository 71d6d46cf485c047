"""Interview preparation: each question with its STAR answer, the answers to each piece of
feedback first (under the feedback they answer), then the rest by category."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from secondchance.core.packet.data import format_date
from secondchance.core.packet.render.blocks import Layout, scale, together
from secondchance.core.packet.render.text import Paragraph, markup
from secondchance.core.services.readiness.wording import shorten


def build(layout: Layout) -> list[Flowable]:
    story = layout.heading("interview")
    questions = layout.data.questions
    if not questions:
        story.append(layout.nothing("No interview questions prepared yet."))
        return story
    story.append(
        layout.para(
            "Each answer follows STAR: situation, task, action, result, and what I would "
            "take from it."
        )
    )
    current: tuple[str, str] | None = None
    for number, q in enumerate(questions, 1):
        group = ("feedback", q.feedback) if q.feedback else ("category", q.category)
        if group != current:
            current = group
            if q.feedback:
                heading = f"Answering the feedback “{shorten(q.feedback, 90)}”"
            else:
                heading = q.category
            story.extend(layout.sub(heading, key="interview-category"))
        block: list[Flowable] = [Paragraph(f"{number}. {markup(q.question)}", layout.s.h3)]
        parts = (
            ("Situation", q.situation),
            ("Task", q.task),
            ("Action", q.action),
            ("Result", q.result),
            ("Reflection", q.reflection),
        )
        written = [(label, text) for label, text in parts if text and text.strip()]
        for label, text in written:
            block.extend(layout.text_block(text, layout.s.body, label=f"{label}:"))
        if not written:
            block.append(layout.nothing("Answer not written yet."))
        notes = []
        if q.experience:
            notes.append(f"Story: {q.experience}")
        if q.confidence:
            notes.append(f"Confidence {scale(q.confidence, 5)}")
        if q.practice_count:
            practised = f"practised {q.practice_count} time{'s' if q.practice_count != 1 else ''}"
            if q.last_practised:
                practised += f", last on {format_date(q.last_practised, short=True)}"
            notes.append(practised)
        if notes:
            block.append(Paragraph(markup(" · ".join(notes)), layout.s.muted))
        block.append(Spacer(1, 4))
        story.extend(together(block))
    omitted = layout.data.omitted
    story.extend(
        layout.more(
            len(questions),
            len(omitted.questions) if omitted else 0,
            "One more question is left out.",
            "{count} more questions are left out.",
        )
    )
    return story
