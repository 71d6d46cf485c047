"""The cover: who, which company and role, the key dates and the contents.

Readiness is no part of it: a score is the person's measure of themselves, and the
personal packet shows it in "Notes to myself".
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from secondchance.core.packet.data import format_date
from secondchance.core.packet.phrases import number
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
        facts.append(
            [
                layout.cell("Can apply again from", True),
                layout.cell(_when(t.eligible_date, d.today)),
            ]
        )
    if t.posting_url:
        facts.append([layout.cell("Job posting", True), layout.cell(t.posting_url)])
    if not facts:
        facts.append([layout.cell("Prepared", True), layout.cell(format_date(d.today))])
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

    contents = [section(k).title for k in layout.sections if k not in ("cover", "brief")]
    if contents:
        story.append(Spacer(1, 5 * mm))
        story.append(Paragraph("In this packet", s.h2))
        lines = [escape(title) for title in contents]
        if d.attached_resume is not None and "resume" in layout.sections and layout.extra_pages:
            lines.append("Attached resume")
        story.append(Paragraph(" · ".join(lines), s.small))
    story.append(PageBreak())
    return story


def _when(day: dt.date, today: dt.date) -> str:
    days = (day - today).days
    if days > 1:
        return f"{format_date(day)}, in {number(days)} days"
    if days == 1:
        return f"{format_date(day)}, tomorrow"
    return format_date(day)
