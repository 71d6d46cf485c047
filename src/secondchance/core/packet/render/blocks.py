"""What every section is built from: the data and choices, and the shared building blocks
(headings, paragraphs of free text, table cells, tables)."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from secondchance.core.packet.data import PacketData
from secondchance.core.packet.fonts import register_fonts
from secondchance.core.packet.render.styles import ACCENT, RULE, SHADE, Styles
from secondchance.core.packet.render.text import CELL_LIMIT, Paragraph, clip, markup, pieces, plain
from secondchance.core.packet.sections import Paper, Tone, section


class Heading(Paragraph):  # type: ignore[misc]
    """A heading that becomes an entry in the PDF's outline (bookmarks)."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int) -> None:
        super().__init__(markup(text), style)
        self.outline_title = plain(text)
        self.outline_key = key
        self.outline_level = level


class Anchor(Flowable):  # type: ignore[misc]
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


class Layout:
    """The packet being laid out: what each section module's ``build`` is given."""

    def __init__(
        self,
        data: PacketData,
        sections: tuple[str, ...],
        paper: Paper,
        summary_text: str,
        attachment_note: str | None = None,
        extra_pages: int = 0,
        brief_text: str | None = None,
        tone: Tone = "warm",
    ) -> None:
        register_fonts()
        self.data = data
        self.sections = sections
        self.pagesize = LETTER if paper == "letter" else A4
        self.summary_text = summary_text
        self.attachment_note = attachment_note
        self.extra_pages = extra_pages
        self.s = Styles()
        self.brief_text = brief_text
        self.tone: Tone = tone
        self.margin = 18 * mm
        self.width = self.pagesize[0] - 2 * self.margin
        # The body frame's height: the page less the margins (the header and footer sit in
        # them); document.py builds the frame from the same numbers.
        self.top_margin = self.margin + 6 * mm
        self.bottom_margin = self.margin + 2 * mm
        self.frame_height = self.pagesize[1] - self.top_margin - self.bottom_margin

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


def together(block: list[Flowable]) -> list[Flowable]:
    """Keep a short block (one question, one project) on one page; a long one flows."""
    size = 0
    for item in block:
        if isinstance(item, Paragraph):
            size += len(item.text)
        elif isinstance(item, Table):
            size += 400 * len(item._cellvalues)
    return [KeepTogether(block)] if size < 3000 else block
