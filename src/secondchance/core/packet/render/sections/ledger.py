"""Feedback → action → evidence: the growth ledger, one block per piece of feedback."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from secondchance.core.packet.data import format_date
from secondchance.core.packet.render.blocks import Layout, together
from secondchance.core.packet.render.text import Paragraph, clip, markup
from secondchance.core.services.ledger import Evidence

EVIDENCE_LIMIT = 8  # evidence lines per skill in the ledger (a table row must fit a page)


def build(layout: Layout) -> list[Flowable]:
    story = layout.heading("ledger")
    entries = layout.data.ledger
    if not entries:
        story.append(layout.nothing("No feedback recorded yet."))
        return story
    addressed = sum(1 for e in entries if e.addressed)
    story.append(
        layout.para(
            f"{len(entries)} piece{'s' if len(entries) != 1 else ''} of feedback, "
            f"{addressed} addressed. For each: what was said, what I did about it, and "
            "the evidence."
        )
    )
    for number, e in enumerate(entries, 1):
        when = format_date(e.received_on, short=True)
        meta = " · ".join(x for x in (e.source, when, e.round or "") if x)
        head = Paragraph(
            f"{number}. {markup(e.theme)}"
            f' <font size="8.5" color="#52606d">{markup(meta)}</font>'
            f'<font size="8.5" color="{_status_colour(e.status)}">'
            f"  ● {markup(e.status)}</font>",
            layout.s.h3,
        )
        block: list[Flowable] = [head]
        block.extend(layout.text_block(f"“{e.text.strip()}”", layout.s.quote))
        if e.response and e.response.strip():
            block.extend(layout.text_block(e.response, label="What I did:"))
        if e.skills:
            rows = []
            for skill in e.skills:
                level = f"{skill.current_level} of {skill.required_level}"
                evidence = [
                    f"{_tick(v.done, v.dropped)} {v.title} — {v.status}"
                    + _evidence_date(v)
                    + (f" · {v.proof}" if v.proof else "")
                    for v in skill.evidence[:EVIDENCE_LIMIT]
                ]
                if len(skill.evidence) > EVIDENCE_LIMIT:
                    more = len(skill.evidence) - EVIDENCE_LIMIT
                    evidence.append(f"… and {more} more in the development plan and experience")
                rows.append(
                    [
                        layout.cell(skill.name, True),
                        layout.cell(level + (" ✓" if skill.gap == 0 else "")),
                        Paragraph(
                            "<br/>".join(markup(clip(line, 400)) for line in evidence)
                            if evidence
                            else '<font color="#52606d">No evidence yet</font>',
                            layout.s.cell,
                        ),
                    ]
                )
            block.append(Spacer(1, 2))
            block.append(layout.table(["Skill", "Level now", "Evidence"], rows, [24, 12, 64]))
        if e.still_open:
            block.append(Spacer(1, 2))
            block.append(
                Paragraph(
                    "<b>Still open:</b> " + " ".join(markup(x) for x in e.still_open),
                    layout.s.small,
                )
            )
        block.append(Spacer(1, 6))
        story.extend(together(block))
    return story


def _evidence_date(v: Evidence) -> str:
    if v.date is None or v.dropped:
        return ""
    if v.done or v.kind == "experience":
        return f", {format_date(v.date, short=True)}"
    return f", due {format_date(v.date, short=True)}"


def _tick(done: bool, dropped: bool) -> str:
    return "✓" if done else ("✗" if dropped else "○")


def _status_colour(status: str) -> str:
    return {"Addressed": "#2f855a", "Addressing": "#b7791f"}.get(status, "#c53030")
