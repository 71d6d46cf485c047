"""Lay the packet out with ReportLab's platypus.

Imported only when a packet is made: ReportLab stays out of the window's start-up.

Every string that came from the person goes through :func:`markup` (or :func:`plain` for
canvas text) before it reaches ReportLab, so ``<b>``, ``&amp;`` or ``<img src=x>`` come out
exactly as typed.  Long free text is cut into paragraph-sized pieces so that a megabyte of
notes flows across pages instead of being re-measured on every page break.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from secondchance import APP_NAME, __version__
from secondchance.core.packet.content import PacketData, format_date
from secondchance.core.packet.fonts import BOLD, REGULAR, register_fonts, runs, with_fallback
from secondchance.core.packet.sections import Paper, Preset, section

Progress = Callable[[int, int], None]

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
ACCENT = colors.HexColor("#2f6f8f")
RULE = colors.HexColor("#cbd2d9")
SHADE = colors.HexColor("#eef2f5")
BEFORE_COLOUR = colors.HexColor("#b9c4cf")
NOW_COLOUR = colors.HexColor("#2f6f8f")
NEEDED_COLOUR = colors.HexColor("#e0a030")

CHUNK = 2500  # characters per paragraph piece of long free text
CELL_LIMIT = 600  # characters of free text inside a table cell
CHART_SKILLS = 12
EVIDENCE_LIMIT = 8  # evidence lines per skill in the ledger (a table row must fit a page)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- text -----------------------------------------------------------------------------------


def plain(text: object) -> str:
    """User text made safe for PDF strings: no control characters, no lone surrogates."""
    value = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    value = _CONTROL.sub("", value)
    return value.encode("utf-8", "replace").decode("utf-8")


def markup(text: object) -> str:
    """User text as Paragraph markup that reads exactly as typed."""
    return with_fallback(escape(plain(text)).replace("\n", "<br/>"))


def clip(text: str, limit: int = CELL_LIMIT) -> str:
    text = plain(text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _hard_wrapped(lines: list[str]) -> bool:
    """Text pasted from an e-mail or typed with Enter at the end of every line: most lines
    that continue a paragraph have about the same length."""
    inner = [
        len(line)
        for line, following in itertools.pairwise(lines)
        if line.strip() and following.strip()
    ]
    if len(inner) < 3:
        return False
    similar = sum(1 for n in inner if 55 <= n <= 100)
    return similar >= 0.7 * len(inner)


def _reflow(lines: list[str]) -> list[str]:
    """Join the lines of each paragraph, keeping short lines ("Kind regards,") apart."""
    joined: list[str] = []
    last = 0  # length of the previous line as typed
    for line in lines:
        if joined and joined[-1].strip() and line.strip() and last >= 55:
            joined[-1] = joined[-1] + " " + line.strip()
        else:
            joined.append(line)
        last = len(line)
    return joined


def pieces(text: str) -> list[str]:
    """Free text as paragraphs: split at line breaks, long lines cut at a space."""
    result: list[str] = []
    lines = plain(text).strip().split("\n")
    if _hard_wrapped(lines):
        lines = _reflow(lines)
    for line in lines:
        while len(line) > CHUNK:
            cut = line.rfind(" ", CHUNK // 2, CHUNK)
            cut = cut if cut > 0 else CHUNK
            result.append(line[:cut])
            line = line[cut:].lstrip(" ")
        result.append(line)
    # Keep blank lines as small gaps, but never more than one in a row.
    tidy: list[str] = []
    for line in result:
        if line.strip() or (tidy and tidy[-1].strip()):
            tidy.append(line)
    return tidy


# --- styles ---------------------------------------------------------------------------------


@dataclass
class Styles:
    body: ParagraphStyle = field(init=False)
    small: ParagraphStyle = field(init=False)
    muted: ParagraphStyle = field(init=False)
    meta: ParagraphStyle = field(init=False)
    quote: ParagraphStyle = field(init=False)
    h1: ParagraphStyle = field(init=False)
    h2: ParagraphStyle = field(init=False)
    h3: ParagraphStyle = field(init=False)
    cell: ParagraphStyle = field(init=False)
    cell_bold: ParagraphStyle = field(init=False)
    head_cell: ParagraphStyle = field(init=False)
    title: ParagraphStyle = field(init=False)
    subtitle: ParagraphStyle = field(init=False)
    big: ParagraphStyle = field(init=False)

    def __post_init__(self) -> None:
        base = ParagraphStyle(
            "body", fontName=REGULAR, fontSize=9.5, leading=13.5, textColor=INK, spaceAfter=4
        )
        self.body = base
        self.small = ParagraphStyle("small", base, fontSize=8, leading=10.5, spaceAfter=2)
        self.muted = ParagraphStyle("muted", self.small, textColor=MUTED)
        self.meta = ParagraphStyle("meta", self.muted, keepWithNext=1)
        self.quote = ParagraphStyle(
            "quote", base, leftIndent=10, textColor=colors.HexColor("#323f4b"), spaceAfter=5
        )
        self.h1 = ParagraphStyle(
            "h1",
            base,
            fontName=BOLD,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceBefore=4,
            spaceAfter=8,
            keepWithNext=1,
        )
        self.h2 = ParagraphStyle(
            "h2",
            base,
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
        )
        self.h3 = ParagraphStyle(
            "h3",
            base,
            fontName=BOLD,
            fontSize=10,
            leading=13.5,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        )
        self.cell = ParagraphStyle("cell", base, fontSize=8.5, leading=11, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", self.cell, fontName=BOLD)
        self.head_cell = ParagraphStyle(
            "head_cell", self.cell, fontName=BOLD, textColor=colors.white
        )
        self.title = ParagraphStyle(
            "title", base, fontName=BOLD, fontSize=26, leading=32, textColor=ACCENT, spaceAfter=6
        )
        self.subtitle = ParagraphStyle(
            "subtitle", base, fontName=BOLD, fontSize=15, leading=20, spaceAfter=4
        )
        self.big = ParagraphStyle(
            "big",
            base,
            fontName=BOLD,
            fontSize=30,
            leading=34,
            textColor=ACCENT,
            alignment=TA_CENTER,
        )


class Heading(Paragraph):  # type: ignore[misc]
    """A heading that becomes an entry in the PDF's outline (bookmarks)."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int) -> None:
        super().__init__(markup(text), style)
        self.outline_title = plain(text)
        self.outline_key = key
        self.outline_level = level


class _Anchor(Flowable):  # type: ignore[misc]
    """An invisible outline entry (the cover has no heading to hang it on)."""

    def __init__(self, title: str, key: str) -> None:
        super().__init__()
        self.outline_title = title
        self.outline_key = key
        self.outline_level = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        pass


class _PageTotalCanvas(Canvas):  # type: ignore[misc]
    """Writes "of N" once, as a form every page's footer refers to: one pass, and the
    bookmarks still point at the right pages."""

    extra_pages = 0
    total_pages = 0

    def save(self) -> None:
        self.total_pages = self.getPageNumber() - 1 + self.extra_pages
        self.beginForm("page_total")
        self.setFont(REGULAR, 8)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(self.total_pages))
        self.endForm()
        super().save()


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, renderer: Renderer, **kw: Any) -> None:
        super().__init__(buffer, **kw)
        self.renderer = renderer
        self._bookmarks = 0

    def beforeDocument(self) -> None:
        assert isinstance(self.canv, _PageTotalCanvas)
        self.canv.extra_pages = self.renderer.extra_pages
        self.canv.showOutline()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading | _Anchor):
            self._bookmarks += 1
            key = f"{flowable.outline_key}-{self._bookmarks}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_title, key, flowable.outline_level)


# --- the renderer ---------------------------------------------------------------------------


class Renderer:
    def __init__(
        self,
        data: PacketData,
        sections: tuple[str, ...],
        paper: Paper,
        summary_text: str,
        attachment_note: str | None = None,
        extra_pages: int = 0,
    ) -> None:
        register_fonts()
        self.data = data
        self.sections = sections
        self.pagesize = LETTER if paper == "letter" else A4
        self.summary_text = summary_text
        self.attachment_note = attachment_note
        self.extra_pages = extra_pages
        self.s = Styles()
        self.margin = 18 * mm
        self.width = self.pagesize[0] - 2 * self.margin
        self.total_pages = 0

    # --- document -------------------------------------------------------------------------

    @property
    def shareable(self) -> bool:
        return self.data.preset is Preset.shareable

    def metadata(self) -> dict[str, str]:
        t = self.data.target
        who = self.data.person_name.strip()
        return {
            "title": plain(f"Reapplication packet — {t.company}, {t.role}"),
            "author": plain(who) if who else APP_NAME,
            "subject": plain(
                f"How I have grown since my interview at {t.company}: feedback, what I did "
                "about it, and the evidence"
            ),
            "creator": f"{APP_NAME} {__version__}",
            "keywords": plain(f"{t.company}, {t.role}, reapplication, {self.data.preset.label}"),
        }

    def render(self, progress: Progress | None = None, step: int = 0, steps: int = 0) -> bytes:
        buffer = io.BytesIO()
        doc = _Doc(
            buffer,
            self,
            pagesize=self.pagesize,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=self.margin + 6 * mm,
            bottomMargin=self.margin + 2 * mm,
            lang="en",
            **self.metadata(),
        )
        frame = Frame(
            doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", showBoundary=0
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])
        story: list[Flowable] = []
        builders: dict[str, Callable[[], list[Flowable]]] = {
            "cover": self.cover,
            "summary": self.summary,
            "ledger": self.ledger,
            "skills": self.skills,
            "plan": self.plan,
            "experience": self.experience,
            "network": self.network,
            "resume": self.resume,
            "cover_letter": self.cover_letter,
            "interview": self.interview,
            "self_assessment": self.self_assessment,
        }
        for key in self.sections:
            story.extend(builders[key]())
            step += 1
            if progress is not None:
                progress(step, steps)
        if not story:
            story.append(Paragraph("No sections were chosen.", self.s.body))
        if story and isinstance(story[-1], PageBreak):
            story.pop()
        doc.build(story, canvasmaker=_PageTotalCanvas)
        assert isinstance(doc.canv, _PageTotalCanvas)
        self.total_pages = doc.canv.total_pages
        return buffer.getvalue()

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        width, height = self.pagesize
        left, right = self.margin, width - self.margin
        page = canv.getPageNumber()
        on_cover = page == 1 and self.sections[:1] == ("cover",)
        if not on_cover:
            t = self.data.target
            header = f"Reapplication packet · {t.company} — {t.role}"
            person = self.data.person_name.strip()
            y = height - self.margin + 1 * mm
            canv.setFillColor(MUTED)
            right_text = plain(person) if person else ""
            right_width = _runs_width(right_text, 8)
            room = self.width - (right_width + 12 if right_text else 0)
            _draw_runs(canv, left, y, _fit(plain(header), REGULAR, 8, room), 8)
            if right_text:
                _draw_runs(canv, right - right_width, y, right_text, 8)
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(left, y - 2.5 * mm, right, y - 2.5 * mm)
        y = self.margin - 4 * mm
        canv.setFont(REGULAR, 8)
        canv.setFillColor(MUTED)
        label = f"Page {page} of "
        x = right - stringWidth(label, REGULAR, 8) - stringWidth("000", REGULAR, 8)
        canv.drawString(x, y, label)
        canv.saveState()
        canv.translate(x + stringWidth(label, REGULAR, 8), y)
        canv.doForm("page_total")
        canv.restoreState()
        version = "Shareable version" if self.shareable else "Personal — not for sharing"
        canv.drawString(left, y, f"{version} · prepared {format_date(self.data.today)}")
        canv.restoreState()

    # --- building blocks ---------------------------------------------------------------

    def heading(self, key: str, title: str | None = None, new_page: bool = False) -> list[Flowable]:
        text = title or section(key).title
        before: list[Flowable] = [PageBreak()] if new_page else [CondPageBreak(45 * mm)]
        return [*before, Heading(text, self.s.h1, key, 0)]

    def sub(self, text: str, key: str = "", level: int = 1) -> list[Flowable]:
        """A subheading; a table may follow, so it is not glued to it (that would move a
        whole table to the next page) but needs room for a few rows under it."""
        heading = Heading(text, self.s.h2, key, level) if key else self.para(text, self.s.h2)
        return [CondPageBreak(30 * mm), heading]

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(markup(text), style or self.s.body)

    def text_block(
        self, text: str | None, style: ParagraphStyle | None = None, label: str = ""
    ) -> list[Flowable]:
        """Free text of any length: the label (bold) leads the first piece."""
        if not text or not text.strip():
            return []
        style = style or self.s.body
        result: list[Flowable] = []
        for index, piece in enumerate(pieces(text)):
            if not piece.strip():
                result.append(Spacer(1, 3))
                continue
            lead = f"<b>{escape(label)}</b> " if label and index == 0 else ""
            result.append(Paragraph(lead + markup(piece), style))
        return result

    def nothing(self, sentence: str) -> Paragraph:
        return Paragraph(markup(sentence), self.s.muted)

    def cell(self, text: object, bold: bool = False, limit: int = CELL_LIMIT) -> Paragraph:
        return Paragraph(markup(clip(str(text), limit)), self.s.cell_bold if bold else self.s.cell)

    def cell_lines(self, first: str, *rest: str | None, bold: bool = True) -> Paragraph:
        """A (bold) first line and smaller grey lines under it, in one table cell."""
        lead = markup(clip(first, 300 if bold else CELL_LIMIT))
        parts = [f"<b>{lead}</b>" if bold else lead]
        for line in rest:
            if line and line.strip():
                parts.append(f'<font size="7.5" color="#52606d">{markup(clip(line))}</font>')
        return Paragraph("<br/>".join(parts), self.s.cell)

    def table(self, header: list[str], rows: list[list[Any]], widths: list[float]) -> Table:
        total = sum(widths)
        col_widths = [self.width * w / total for w in widths]
        data = [[Paragraph(escape(h), self.s.head_cell) for h in header], *rows]
        table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
        style = [
            ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
        style.extend(("BACKGROUND", (0, row), (-1, row), SHADE) for row in range(2, len(data), 2))
        table.setStyle(TableStyle(style))
        return table

    # --- sections -------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        d, t, s = self.data, self.data.target, self.s
        story: list[Flowable] = [
            _Anchor("Cover", "cover"),
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
            facts.append([self.cell("Interview", True), self.cell(format_date(interview))])
        if t.rejection:
            facts.append([self.cell("Decision", True), self.cell(format_date(t.rejection))])
        if t.eligible:
            days = (t.eligible - d.today).days
            when = (
                f"{format_date(t.eligible)} (in {days} days)"
                if days > 0
                else f"{format_date(t.eligible)} (open now)"
            )
            facts.append([self.cell("Can reapply from", True), self.cell(when)])
        facts.append([self.cell("Status", True), self.cell(t.status)])
        if t.posting_url:
            facts.append([self.cell("Job posting", True), self.cell(t.posting_url)])
        facts_table = Table(facts, colWidths=[40 * mm, self.width - 40 * mm], hAlign="LEFT")
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
            top = Table(rows, colWidths=[45 * mm, self.width - 45 * mm], hAlign="LEFT")
            top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            story.append(top)
            parts = [
                [
                    self.cell(p.label, True),
                    self.cell(f"{p.score}%" if p.score is not None else "—"),
                    self.cell(p.sentence if p.score is not None else "Nothing to measure yet."),
                ]
                for p in r.parts
            ]
            if parts:
                story.append(Spacer(1, 3 * mm))
                story.append(self.table(["Part", "Score", "What it means"], parts, [30, 12, 78]))
        contents = [section(k).title for k in self.sections if k != "cover"]
        if contents:
            story.append(Spacer(1, 5 * mm))
            story.append(Paragraph("In this packet", s.h2))
            lines = [escape(title) for title in contents]
            if d.attached_resume is not None and "resume" in self.sections and self.extra_pages:
                lines.append("Attached resume")
            story.append(Paragraph(" · ".join(lines), s.small))
        story.append(PageBreak())
        return story

    def summary(self) -> list[Flowable]:
        d = self.data
        story = self.heading("summary")
        text = self.summary_text.strip()
        story.extend(self.text_block(text) if text else [self.nothing("No summary written.")])
        if d.rounds:
            story.extend(self.sub("The interview"))
            rows = [
                [
                    self.cell(format_date(r.date, short=True) or "—"),
                    self.cell(r.stage, True),
                    self.cell(r.format or ""),
                    self.cell(r.outcome or ""),
                ]
                for r in d.rounds
            ]
            story.append(self.table(["Date", "Stage", "Format", "Outcome"], rows, [16, 14, 50, 20]))
        if d.target.notes and not self.shareable:
            story.extend(self.sub("My notes"))
            story.extend(self.text_block(d.target.notes))
        return story

    def ledger(self) -> list[Flowable]:
        story = self.heading("ledger")
        entries = self.data.ledger
        if not entries:
            story.append(self.nothing("No feedback recorded yet."))
            return story
        addressed = sum(1 for e in entries if e.addressed)
        story.append(
            self.para(
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
                self.s.h3,
            )
            block: list[Flowable] = [head]
            block.extend(self.text_block(f"“{e.text.strip()}”", self.s.quote))
            if e.response and e.response.strip():
                block.extend(self.text_block(e.response, label="What I did:"))
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
                            self.cell(skill.name, True),
                            self.cell(level + (" ✓" if skill.gap == 0 else "")),
                            Paragraph(
                                "<br/>".join(markup(clip(line, 400)) for line in evidence)
                                if evidence
                                else '<font color="#52606d">No evidence yet</font>',
                                self.s.cell,
                            ),
                        ]
                    )
                block.append(Spacer(1, 2))
                block.append(self.table(["Skill", "Level now", "Evidence"], rows, [24, 12, 64]))
            if e.still_open:
                block.append(Spacer(1, 2))
                block.append(
                    Paragraph(
                        "<b>Still open:</b> " + " ".join(markup(x) for x in e.still_open),
                        self.s.small,
                    )
                )
            block.append(Spacer(1, 6))
            story.extend(_together(block))
        return story

    def skills(self) -> list[Flowable]:
        skills = self.data.skills
        if not skills:
            return [*self.heading("skills"), self.nothing("No skills recorded yet.")]
        chart = self.chart(skills[:CHART_SKILLS])
        # The heading, its explanation and the chart belong on one page.
        story: list[Flowable] = [CondPageBreak(chart.height + 30 * mm)]
        story.extend(self.heading("skills"))
        story.append(
            self.para(
                "Levels run from 0 (none) to 5 (expert). “At the interview” is the level I "
                "recorded then; “Now” is today's; “Needed” is what the role asks for."
            )
        )
        story.append(chart)
        if len(skills) > CHART_SKILLS:
            story.append(
                self.nothing(
                    f"The chart shows the {CHART_SKILLS} most important skills; the table "
                    f"lists all {len(skills)}."
                )
            )
        rows = []
        for sk in skills:
            change = sk.current - sk.before
            rows.append(
                [
                    self.cell_lines(sk.name, sk.notes),
                    self.cell(sk.category),
                    self.cell(str(sk.before)),
                    self.cell(str(sk.current), True),
                    self.cell(str(sk.required)),
                    self.cell(
                        f"+{change}" if change > 0 else ("—" if change == 0 else str(change))
                    ),
                    self.cell("●" * sk.importance),
                ]
            )
        story.append(Spacer(1, 4))
        story.append(
            self.table(
                ["Skill", "Kind", "At the interview", "Now", "Needed", "Change", "Importance"],
                rows,
                [36, 12, 14, 8, 10, 10, 15],
            )
        )
        return story

    def chart(self, skills: Iterable[Any]) -> Drawing:
        items = list(skills)
        row = 26
        height = row * len(items) + 50
        drawing = Drawing(self.width, height)
        chart = HorizontalBarChart()
        label_width = 150
        chart.x = label_width
        chart.y = 40
        chart.width = self.width - label_width - 10
        chart.height = row * len(items)
        # ReportLab draws the first category at the bottom: reverse so the list reads down.
        ordered = list(reversed(items))
        # Series 0 is drawn lowest in each group: "needed" first puts "at the interview" on
        # top, so each group reads downwards in the legend's order.
        chart.data = [
            [s.required for s in ordered],
            [s.current for s in ordered],
            [s.before for s in ordered],
        ]
        chart.categoryAxis.categoryNames = [
            _fit(plain(s.name), REGULAR, 8, label_width - 12) for s in ordered
        ]
        chart.categoryAxis.labels.fontName = REGULAR
        chart.categoryAxis.labels.fontSize = 8
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -4
        chart.categoryAxis.strokeColor = RULE
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax = 5
        chart.valueAxis.valueStep = 1
        chart.valueAxis.labels.fontName = REGULAR
        chart.valueAxis.labels.fontSize = 7.5
        chart.valueAxis.strokeColor = RULE
        chart.valueAxis.visibleGrid = True
        chart.valueAxis.gridStrokeColor = SHADE
        chart.barWidth = 5
        chart.groupSpacing = 8
        chart.barSpacing = 1
        for index, colour in enumerate((NEEDED_COLOUR, NOW_COLOUR, BEFORE_COLOUR)):
            chart.bars[index].fillColor = colour
            chart.bars[index].strokeColor = None
        drawing.add(chart)
        legend = Legend()
        legend.x = label_width
        legend.y = 6
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.fontName = REGULAR
        legend.fontSize = 8
        legend.dx = 8
        legend.dy = 8
        legend.deltax = 100
        legend.boxAnchor = "w"
        legend.colorNamePairs = [
            (BEFORE_COLOUR, "At the interview"),
            (NOW_COLOUR, "Now"),
            (NEEDED_COLOUR, "Needed"),
        ]
        drawing.add(legend)
        return drawing

    def plan(self) -> list[Flowable]:
        story = self.heading("plan")
        acts = self.data.activities
        if not acts:
            story.append(self.nothing("No development plan yet."))
            return story
        done = sum(1 for a in acts if a.done)
        hours = sum(a.hours_spent or 0 for a in acts)
        story.append(
            self.para(
                f"{len(acts)} activit{'ies' if len(acts) != 1 else 'y'}, {done} completed, "
                f"{_hours(hours)} spent so far."
            )
        )
        rows = []
        for a in acts:
            detail = " · ".join(x for x in (a.provider, f"for {a.skill}" if a.skill else None) if x)
            evidence = f"Evidence: {a.evidence}" if a.evidence else (a.url or "")
            rows.append(
                [
                    self.cell_lines(a.title, detail, evidence, a.notes),
                    self.cell(a.kind),
                    self.cell(a.status, a.done),
                    self.cell(_dates(a)),
                    self.cell(_hours_pair(a.hours_spent, a.hours_planned)),
                ]
            )
        story.append(
            self.table(["Activity", "Kind", "Status", "When", "Hours"], rows, [44, 13, 12, 19, 12])
        )
        return story

    def experience(self) -> list[Flowable]:
        story = self.heading("experience")
        items = self.data.experiences
        if not items:
            story.append(self.nothing("No experience recorded yet."))
            return story
        for e in items:
            when = _span(e.start, e.end)
            meta = " · ".join(x for x in (e.kind, e.organisation, e.role, when) if x)
            block: list[Flowable] = [
                Paragraph(markup(e.title), self.s.h3),
                Paragraph(markup(meta), self.s.meta),
            ]
            block.extend(self.text_block(e.description))
            block.extend(self.text_block(e.outcomes, label="Outcomes:"))
            if e.resume_bullet:
                block.extend(self.text_block(e.resume_bullet, self.s.quote, label="On my resume:"))
            tail = []
            if e.skills:
                tail.append("Skills: " + ", ".join(e.skills))
            if e.url:
                tail.append(e.url)
            if tail:
                block.append(Paragraph(markup(" · ".join(tail)), self.s.muted))
            block.append(Spacer(1, 4))
            story.extend(_together(block))
        return story

    def network(self) -> list[Flowable]:
        story = self.heading("network")
        d = self.data
        if not d.contacts and not d.events:
            story.append(self.nothing("No contacts or events recorded yet."))
            return story
        talks = sum(c.conversations for c in d.contacts)
        story.append(
            self.para(
                f"{len(d.contacts)} {'person' if len(d.contacts) == 1 else 'people'} linked to "
                f"this application, {talks} conversation{'s' if talks != 1 else ''}; "
                f"{len(d.events)} event{'s' if len(d.events) != 1 else ''} and associations."
            )
        )
        if d.contacts:
            story.extend(self.sub("People"))
            rows = []
            for c in d.contacts:
                role = ", ".join(x for x in (c.title, c.company) if x)
                if self.shareable:
                    who = self.cell_lines(c.name, role)
                else:
                    reach = " · ".join(x for x in (c.email, c.phone) if x)
                    who = self.cell_lines(
                        c.name, role, reach, c.linkedin_url, c.how_we_met, c.notes
                    )
                rows.append(
                    [
                        who,
                        self.cell(_relationship(c.relationship, d.target.company)),
                        self.cell(str(c.conversations)),
                        self.cell(format_date(c.last_contact, short=True) or "—"),
                    ]
                )
            story.append(
                self.table(
                    ["Person", "Relationship", "Conversations", "Last contact"],
                    rows,
                    [50, 18, 16, 16],
                )
            )
            if not self.shareable:
                recent = [(i, c.name) for c in d.contacts for i in c.interactions if i.summary]
                recent.sort(key=lambda pair: (pair[0].date is None, pair[0].date), reverse=True)
                if recent:
                    story.extend(self.sub("Conversations"))
                    rows = [
                        [
                            self.cell(format_date(i.date, short=True) or "—"),
                            self.cell(name, True),
                            self.cell(i.channel),
                            self.cell_lines(
                                clip(i.summary or "", 400),
                                (
                                    f"Follow up {format_date(i.follow_up, short=True)}"
                                    + (" (done)" if i.follow_up_done else "")
                                )
                                if i.follow_up
                                else None,
                                bold=False,
                            ),
                        ]
                        for i, name in recent
                    ]
                    story.append(
                        self.table(["Date", "With", "How", "Summary"], rows, [13, 18, 10, 59])
                    )
        if d.events:
            story.extend(self.sub("Events and associations"))
            rows = [
                [
                    self.cell_lines(e.name, e.organiser, e.location, e.notes),
                    self.cell(e.kind),
                    self.cell(format_date(e.date, short=True) or "—"),
                    self.cell(e.status),
                ]
                for e in d.events
            ]
            story.append(self.table(["Event", "Kind", "Date", "Status"], rows, [58, 16, 13, 13]))
        return story

    def resume(self) -> list[Flowable]:
        story = self.heading("resume")
        d = self.data
        if not d.resumes and not d.portfolio and not self.attachment_note:
            story.append(self.nothing("No resume versions or portfolio items yet."))
            return story
        if d.resumes:
            story.extend(self.sub("Resume versions"))
            rows = [
                [
                    self.cell_lines(r.label, r.change_notes),
                    self.cell(format_date(r.created_on, short=True) or "—"),
                    self.cell(format_date(r.sent_on, short=True) or "Not sent"),
                    self.cell(r.file_name or "—"),
                ]
                for r in d.resumes
            ]
            story.append(self.table(["Version", "Created", "Sent", "File"], rows, [58, 13, 13, 16]))
        if self.attachment_note:
            story.append(Spacer(1, 4))
            story.append(self.para(self.attachment_note, self.s.small))
        if d.portfolio:
            story.extend(self.sub("Portfolio"))
            for p in d.portfolio:
                block: list[Flowable] = [Paragraph(markup(p.title), self.s.h3)]
                if p.url:
                    block.append(Paragraph(markup(p.url), self.s.meta))
                block.extend(self.text_block(p.description))
                if p.skills:
                    block.append(Paragraph(markup("Skills: " + ", ".join(p.skills)), self.s.muted))
                story.extend(_together(block))
        return story

    def cover_letter(self) -> list[Flowable]:
        story = self.heading("cover_letter", new_page=True)
        letters = self.data.cover_letters
        if not letters:
            story.append(self.nothing("No cover letter yet."))
            return story
        letter = letters[0]
        story.append(Paragraph(markup(letter.title), self.s.h2))
        dates = [f"Written {format_date(letter.created_on)}" if letter.created_on else ""]
        dates.append(f"sent {format_date(letter.sent_on)}" if letter.sent_on else "not sent yet")
        story.append(Paragraph(markup(", ".join(x for x in dates if x)), self.s.muted))
        story.append(Spacer(1, 4))
        story.extend(self.text_block(letter.body) or [self.nothing("The letter is empty.")])
        if len(letters) > 1:
            story.append(Spacer(1, 6))
            others = "; ".join(
                clip(c.title, 200)
                + (f" ({format_date(c.created_on, short=True)})" if c.created_on else "")
                for c in letters[1:50]
            )
            more = f" and {len(letters) - 50} more" if len(letters) > 50 else ""
            story.append(self.para(f"Earlier letters: {others}{more}.", self.s.muted))
        return story

    def interview(self) -> list[Flowable]:
        story = self.heading("interview", new_page=True)
        questions = self.data.questions
        if not questions:
            story.append(self.nothing("No interview questions prepared yet."))
            return story
        story.append(
            self.para(
                "Each answer follows STAR: situation, task, action, result, and what I would "
                "take from it."
            )
        )
        current = None
        for number, q in enumerate(questions, 1):
            if q.category != current:
                current = q.category
                story.extend(self.sub(q.category, key="interview-category"))
            block: list[Flowable] = [Paragraph(f"{number}. {markup(q.question)}", self.s.h3)]
            parts = (
                ("Situation", q.situation),
                ("Task", q.task),
                ("Action", q.action),
                ("Result", q.result),
                ("Reflection", q.reflection),
            )
            written = [(label, text) for label, text in parts if text and text.strip()]
            for label, text in written:
                block.extend(self.text_block(text, self.s.body, label=f"{label}:"))
            if not written:
                block.append(self.nothing("Answer not written yet."))
            notes = []
            if q.experience:
                notes.append(f"Story: {q.experience}")
            if not self.shareable:
                if q.confidence:
                    notes.append(f"Confidence {q.confidence} of 5")
                if q.practice_count:
                    practised = (
                        f"practised {q.practice_count} time{'s' if q.practice_count != 1 else ''}"
                    )
                    if q.last_practised:
                        practised += f", last on {format_date(q.last_practised, short=True)}"
                    notes.append(practised)
            if notes:
                block.append(Paragraph(markup(" · ".join(notes)), self.s.muted))
            block.append(Spacer(1, 4))
            story.extend(_together(block))
        return story

    def self_assessment(self) -> list[Flowable]:
        story = self.heading("self_assessment", new_page=True)
        sa = self.data.self_assessment
        if sa is None or not (sa.reflections or sa.competencies or sa.journal):
            story.append(self.nothing("No self-assessment recorded yet."))
            return story
        story.append(self.para("Private: my own debrief of the interview, for my eyes only."))
        if sa.reflections:
            story.extend(self.sub("Interview debrief", key="debrief"))
            for r in sa.reflections:
                meta = " · ".join(x for x in (r.round, f"Verdict: {r.verdict}") if x)
                block: list[Flowable] = [
                    Paragraph(markup(r.question), self.s.h3),
                    Paragraph(markup(meta), self.s.meta),
                ]
                for label, text in (
                    ("What I said:", r.what_i_said),
                    ("What landed:", r.what_landed),
                    ("What was missing:", r.what_was_missing),
                    ("A better answer:", r.better_answer),
                ):
                    block.extend(self.text_block(text, label=label))
                story.extend(_together(block))
        if sa.competencies:
            # A short table: keep it whole with its heading when the page is nearly full.
            story.append(CondPageBreak(min(len(sa.competencies), 12) * 6 * mm + 20 * mm))
            story.extend(self.sub("Competency ratings", key="competencies"))
            rows = [
                [
                    self.cell(c.area, True),
                    self.cell("●" * c.rating + "○" * max(5 - c.rating, 0)),
                    self.cell(c.note or ""),
                ]
                for c in sa.competencies
            ]
            story.append(self.table(["Area", "Rating", "Note"], rows, [24, 14, 62]))
        if sa.journal:
            story.extend(self.sub("Confidence journal", key="journal"))
            for j in sa.journal:
                head = " · ".join(x for x in (format_date(j.date, short=True), j.kind) if x)
                story.append(Paragraph(markup(head), self.s.meta))
                story.extend(self.text_block(j.text))
        return story


# --- small helpers -------------------------------------------------------------------------


def _runs_width(text: str, size: float) -> float:
    return float(sum(stringWidth(piece, face, size) for face, piece in runs(text)))


def _draw_runs(canv: Canvas, x: float, y: float, text: str, size: float) -> None:
    """Draw user text on the canvas, switching to the fallback font where DejaVu has no
    glyph (emoji in a company name would otherwise be boxes in every running header)."""
    for face, piece in runs(text):
        canv.setFont(face, size)
        canv.drawString(x, y, piece)
        x += stringWidth(piece, face, size)
    canv.setFont(REGULAR, size)


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[: max(len(text) * 9 // 10, len(text) - 1) if len(text) > 60 else len(text) - 1]
    return text + "…"


def _together(block: list[Flowable]) -> list[Flowable]:
    """Keep a short block (one question, one project) on one page; a long one flows."""
    size = 0
    for item in block:
        if isinstance(item, Paragraph):
            size += len(item.text)
        elif isinstance(item, Table):
            size += 400 * len(item._cellvalues)
    return [KeepTogether(block)] if size < 3000 else block


def _evidence_date(v: Any) -> str:
    if v.date is None or v.dropped:
        return ""
    if v.done or v.kind == "experience":
        return f", {format_date(v.date, short=True)}"
    return f", due {format_date(v.date, short=True)}"


def _relationship(label: str, company: str) -> str:
    return f"Works at {company}" if label == "Employee at target" else label


def _tick(done: bool, dropped: bool) -> str:
    return "✓" if done else ("✗" if dropped else "○")


def _status_colour(status: str) -> str:
    return {"Addressed": "#2f855a", "Addressing": "#b7791f"}.get(status, "#c53030")


def _hours(value: float) -> str:
    return f"{value:g} hour{'s' if value != 1 else ''}"


def _hours_pair(spent: float | None, planned: float | None) -> str:
    if spent is None and planned is None:
        return "—"
    if planned is None:
        return f"{spent:g}"
    return f"{(spent or 0):g} of {planned:g}"


def _span(start: Any, end: Any) -> str:
    if start and end:
        return f"{format_date(start, short=True)} – {format_date(end, short=True)}"
    if start:
        return f"since {format_date(start, short=True)}"
    if end:
        return f"until {format_date(end, short=True)}"
    return ""


def _dates(a: Any) -> str:
    if a.completed_on:
        return f"Done {format_date(a.completed_on, short=True)}"
    if a.status == "Dropped":
        return f"Stopped; started {format_date(a.start, short=True)}" if a.start else "Stopped"
    if a.due:
        return f"Due {format_date(a.due, short=True)}"
    if a.start:
        return f"Started {format_date(a.start, short=True)}"
    return "—"
