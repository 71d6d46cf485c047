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
from secondchance.core.packet.phrases import number
from secondchance.core.packet.render.styles import ACCENT, RULE, SHADE, Styles
from secondchance.core.packet.render.text import CELL_LIMIT, Paragraph, clip, markup, pieces, plain
from secondchance.core.packet.sections import Paper, Tone, section


class Heading(Paragraph):
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


class SectionStart(Anchor):
    """Where a section begins: the document reports progress when it is laid out."""

    def __init__(self, key: str, title: str) -> None:
        super().__init__(title, key)


HEADING_STYLES = frozenset({"h1", "h2", "h3", "meta"})


def is_heading(flowable: Flowable) -> bool:
    return isinstance(flowable, Paragraph) and flowable.style.name in HEADING_STYLES


def _start_height(flowable: Flowable, canv: Any, width: float, height: float, page: float) -> float:
    """The least of ``flowable`` that must fit under a heading: two lines of a paragraph,
    a table's header and first row, a short block whole (``page``: the frame's height)."""
    if isinstance(flowable, Together):
        flowable.wrapOn(canv, width, height)
        if flowable.kept(page):
            return float(flowable._H)
        first = next((f for f in flowable._content if not isinstance(f, Spacer)), None)
        return _start_height(first, canv, width, height, page) if first is not None else 0.0
    if isinstance(flowable, Table):
        flowable.wrapOn(canv, width, height)
        return float(sum(flowable._rowHeights[:2]))
    if isinstance(flowable, Paragraph):
        _w, h = flowable.wrapOn(canv, width, height)
        return float(min(h, 2 * flowable.style.leading))
    if isinstance(flowable, Spacer | CondPageBreak | Anchor):
        return 0.0
    _w, h = flowable.wrapOn(canv, width, height)
    return float(h)


class KeepWithNext(CondPageBreak):  # type: ignore[misc]
    """Goes to a new page unless the headings after it *and the start of what follows
    them* fit: a heading is never the last thing on a page.  Measured at layout time, in
    the space actually left, so nothing is guessed."""

    def __init__(self, group: list[Flowable], following: Flowable | None) -> None:
        super().__init__(0)
        self.group = group
        self.following = following

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        canv = getattr(self, "canv", None)
        frame = getattr(self, "_frame", None)
        page = frame._aH if frame is not None else available_height
        need = 0.0
        for index, f in enumerate(self.group):
            _w, h = f.wrapOn(canv, available_width, available_height)
            need += h + f.getSpaceAfter() + (f.getSpaceBefore() if index else 0)
        if self.following is not None:
            need += self.following.getSpaceBefore() + _start_height(
                self.following, canv, available_width, available_height, page
            )
        self.height = need
        return super().wrap(available_width, available_height)  # type: ignore[no-any-return]


class Grid(Table):  # type: ignore[misc]
    """A table that measures itself once per place: the heading before it asks for its
    first rows, then the frame places it, at the same width and height."""

    _size: tuple[float, float] = (0.0, 0.0)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if getattr(self, "_wrapped_at", None) == available_width:
            self.availWidth = available_width
            return self._size
        width, height = super().wrap(available_width, available_height)
        self._size = (float(width), float(height))
        # ReportLab stops measuring a long table's rows once past the height available;
        # only a table measured whole can be reused at another height.
        whole = getattr(self, "_hmax", None) == len(self._cellvalues)
        self._wrapped_at = available_width if whole else None
        return self._size


class Together(KeepTogether):  # type: ignore[misc]
    """A block kept on one page when it is short (under ``share`` of a page), so a new
    page is never started for a block that would leave the last one mostly empty; a longer
    block flows, its headings still kept with what follows them."""

    share = 0.45
    _size: tuple[float, float] = (0.0, 0.0)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if getattr(self, "_wrapInfo", None) == (available_width, available_height):
            return self._size
        width, height = super().wrap(available_width, available_height)
        self._size = (float(width), float(height))
        return self._size

    def kept(self, available_height: float) -> bool:
        frame = getattr(self, "_frame", None)
        page = frame._aH if frame is not None else available_height
        return bool(self.share * page >= self._H)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (available_width, available_height):
            self.wrap(available_width, available_height)
        frame = getattr(self, "_frame", None)
        if not self.kept(frame._aH if frame is not None else available_height):
            return keep_headings(list(self._content))
        return super().split(available_width, available_height)  # type: ignore[no-any-return]


def keep_headings(story: list[Flowable]) -> list[Flowable]:
    """``story`` with a :class:`KeepWithNext` before each run of headings."""
    result: list[Flowable] = []
    index = 0
    while index < len(story):
        item = story[index]
        if is_heading(item) and not (result and isinstance(result[-1], KeepWithNext)):
            end = index
            while end < len(story) and is_heading(story[end]):
                end += 1
            # A short introduction between two headings ("Interview preparation", one
            # sentence, "Behavioural") goes with them: the first real content follows.
            while (
                end + 1 < len(story)
                and isinstance(story[end], Paragraph)
                and len(story[end].text) < 400
                and is_heading(story[end + 1])
            ):
                end += 1
                while end < len(story) and is_heading(story[end]):
                    end += 1
            following = next((f for f in story[end:] if not isinstance(f, Spacer | Anchor)), None)
            if isinstance(following, CondPageBreak | PageBreak):
                following = None
            result.append(KeepWithNext(story[index:end], following))
            result.extend(story[index:end])
            index = end
            continue
        result.append(item)
        index += 1
    return result


def scale(value: int | None, top: int) -> str:
    """A bounded rating as filled and empty dots, the one notation for every scale:
    importance 2 of 3 → ●●○, a rating 4 of 5 → ●●●●○."""
    if value is None:
        return "—"
    value = max(0, min(int(value), top))
    return "●" * value + "○" * (top - value)


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
        """A section's heading (kept with what follows it by ``keep_headings``)."""
        text = title or section(key).title
        before: list[Flowable] = [PageBreak()] if new_page else []
        return [*before, SectionStart(key, text), Heading(text, self.s.h1, key, 0)]

    def sub(self, text: str, key: str = "", level: int = 1) -> list[Flowable]:
        """A subheading, kept with the start of what follows it (a table's first rows)."""
        heading = Heading(text, self.s.h2, key, level) if key else self.para(text, self.s.h2)
        return [heading]

    def keep(self, block: list[Flowable]) -> list[Flowable]:
        """A block kept on one page when it is short (see :class:`Together`)."""
        return [Together(block)]

    def more(self, shown: int, left_out: int, one: str, many: str) -> list[Flowable]:
        """ "… and N more", when the section left items out to stay short."""
        if left_out <= 0:
            return []
        appendix = "appendix" in self.sections
        where = " They are listed in the appendix." if appendix else ""
        text = (one if left_out == 1 else many).format(count=number(left_out), shown=shown)
        return [Spacer(1, 3), self.nothing(text + where)]

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
        # splitInRow=0 (ReportLab's default, said here because it is a promise): a row is
        # never cut across pages; cells are clipped (CELL_LIMIT) so a row fits a page.
        table = Grid(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT", splitInRow=0)
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
    return [Together(block)]
