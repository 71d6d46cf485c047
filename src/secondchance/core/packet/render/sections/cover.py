"""The cover: who, which company and role, the key dates, readiness, and the contents."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from secondchance.core.packet.data import format_date
from secondchance.core.packet.render.blocks import Anchor, Layout
from secondchance.core.packet.render.styles import MUTED, RULE
from secondchance.core.packet.render.text import Paragraph, markup
from secondchance.core.packet.sections import section


def build(layout: Layout) -> list[Flowable]:
    d, t, s = layout.data, layout.data.target, layout.s
    story: list[Flowable] = [
        Anchor("Cover", "cover"),
        Spacer(1, 14 * mm),
        Paragraph("Reapplication packet", s.title),
        Paragraph(f"{markup(t.company)} — {markup(t.role)}", s.subtitle),
    ]
    if d.person_name.strip():
        who = markup(d.person_name.strip())
        if d.person_email.strip():
            who += f' · <font color="#52606d">{markup(d.person_email.strip())}</font>'
        story.append(Paragraph(who, s.body))
    story.append(
        Paragraph(
            f"Prepared on {format_date(d.today)}", ParagraphStyle("m", s.body, textColor=MUTED)
        )
    )
    story.append(Spacer(1, 8 * mm))

    facts: list[list[Any]] = []
    interview = d.interview_date
    if interview:
        facts.append([layout.cell("Interview", True), layout.cell(format_date(interview))])
    if t.rejection_date:
        facts.append([layout.cell("Decision", True), layout.cell(format_date(t.rejection_date))])
    if t.eligible_date:
        days = (t.eligible_date - d.today).days
        when = (
            f"{format_date(t.eligible_date)} (in {days} days)"
            if days > 0
            else f"{format_date(t.eligible_date)} (open now)"
        )
        facts.append([layout.cell("Can reapply from", True), layout.cell(when)])
    facts.append([layout.cell("Status", True), layout.cell(t.status)])
    if t.posting_url:
        facts.append([layout.cell("Job posting", True), layout.cell(t.posting_url)])
    facts_table = Table(facts, colWidths=[40 * mm, layout.width - 40 * mm], hAlign="LEFT")
    facts_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story.append(facts_table)
    story.append(Spacer(1, 7 * mm))

    r = d.readiness
    if r is not None:
        story.append(Paragraph("Readiness", s.h2))
        score = f"{r.score}%" if r.score is not None else "not enough data yet"
        rows: list[list[Any]] = [
            [
                Paragraph(escape(score), s.big if r.score is not None else s.h2),
                Paragraph(
                    "How ready the record says I am to reapply, from the feedback "
                    "addressed, skill gaps closed, plan completed, experience, network "
                    "and interview practice.",
                    s.small,
                ),
            ]
        ]
        top = Table(rows, colWidths=[45 * mm, layout.width - 45 * mm], hAlign="LEFT")
        top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        story.append(top)
        parts = [
            [
                layout.cell(p.label, True),
                layout.cell(f"{p.score}%" if p.score is not None else "—"),
                layout.cell(p.sentence if p.score is not None else "Nothing to measure yet."),
            ]
            for p in r.parts
        ]
        if parts:
            story.append(Spacer(1, 3 * mm))
            story.append(layout.table(["Part", "Score", "What it means"], parts, [30, 12, 78]))
    contents = [section(k).title for k in layout.sections if k != "cover"]
    if contents:
        story.append(Spacer(1, 5 * mm))
        story.append(Paragraph("In this packet", s.h2))
        lines = [escape(title) for title in contents]
        if d.attached_resume is not None and "resume" in layout.sections and layout.extra_pages:
            lines.append("Attached resume")
        story.append(Paragraph(" · ".join(lines), s.small))
    story.append(PageBreak())
    return story
