"""The brief laid out on one page, from its plain text (see ``core/packet/brief.py``).

One page is a promise, not a hope: the text is measured (each paragraph wrapped at the
frame's width) at sizes from 10.5 pt down to 8.5 pt, and the largest that fits is used.
Generated text that would not fit even at 8.5 pt is written again with one point fewer;
text the person edited is refused with a message saying how much to cut.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, HRFlowable, PageTemplate, Spacer

from secondchance import APP_NAME, __version__
from secondchance.core.packet.fonts import BOLD, register_fonts
from secondchance.core.packet.render.styles import ACCENT, INK, MUTED, RULE
from secondchance.core.packet.render.text import Paragraph, markup, plain
from secondchance.core.packet.sections import PacketError, Paper

SIZES = (10.5, 10.0, 9.5, 9.0, 8.5)
TITLE = "Since we last spoke"
_POINT = re.compile(r"^\s*(\d{1,2})[.)]\s+")
# A label a point's line may start with: a few words and a colon ("What I did:").
_LABEL = re.compile(r"^([^\W\d][^:\n]{0,28}):\s+")
MAX_CHARS = 6000  # more than any page holds at 8.5 pt: longer text is refused at once


@dataclass(frozen=True)
class Fitted:
    flowables: list[Flowable]
    size: float


def _styles(size: float) -> dict[str, ParagraphStyle]:
    leading = round(size * 1.42, 1)
    body = ParagraphStyle(
        "brief", fontName="DejaVuSans", fontSize=size, leading=leading, textColor=INK
    )
    return {
        "body": ParagraphStyle("brief-body", body, spaceAfter=size * 0.8),
        "point": ParagraphStyle(
            "brief-point", body, leftIndent=size * 1.6, firstLineIndent=-size * 1.6, spaceAfter=2
        ),
        "point_line": ParagraphStyle("brief-line", body, leftIndent=size * 1.6, spaceAfter=2),
        "title": ParagraphStyle(
            "brief-title", body, fontName=BOLD, fontSize=20, leading=24, textColor=ACCENT
        ),
        "meta": ParagraphStyle(
            "brief-meta", body, fontSize=9, leading=12, textColor=MUTED, spaceAfter=4
        ),
    }


def _line(text: str, style: ParagraphStyle, point: str = "") -> Paragraph:
    """One line of a point: its label (if any) in bold, the rest as typed."""
    lead = f"<b>{markup(point)}</b>\u00a0" if point else ""
    match = _LABEL.match(text)
    if match:
        rest = text[match.end() :]
        return Paragraph(f"{lead}<b>{markup(match.group(1))}:</b> {markup(rest)}", style)
    return Paragraph(lead + markup(text), style)


def body_flowables(text: str, size: float) -> list[Flowable]:
    s = _styles(size)
    story: list[Flowable] = []
    for block in re.split(r"\n\s*\n", plain(text).strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        match = _POINT.match(lines[0])
        if match:
            story.append(_line(lines[0][match.end() :], s["point"], f"{match.group(1)}."))
            story.extend(_line(line, s["point_line"]) for line in lines[1:])
            story.append(Spacer(1, size * 0.6))
        else:
            # A paragraph keeps its line breaks (a signature under "Kind regards,").
            story.append(Paragraph("<br/>".join(markup(line) for line in lines), s["body"]))
    return story


def head_flowables(header: str, width: float) -> list[Flowable]:
    s = _styles(10)
    return [
        Paragraph(TITLE, s["title"]),
        Paragraph(markup(header), s["meta"]),
        HRFlowable(width=width, thickness=0.6, color=RULE, spaceBefore=2, spaceAfter=10),
    ]


def _height(flowables: list[Flowable], width: float) -> float:
    total = 0.0
    for index, f in enumerate(flowables):
        _w, h = f.wrap(width, 10**6)
        total += h + f.getSpaceAfter() + (f.getSpaceBefore() if index else 0)
    return total


def fit(text: str, header: str, width: float, height: float, generated: bool) -> Fitted | None:
    """The page's flowables at the largest size that fits, or None when even the smallest
    does not (for edited text: :class:`PacketError` with how much to cut)."""
    register_fonts()
    if len(text) > MAX_CHARS:
        if generated:
            return None
        raise PacketError(
            f"The brief is {len(text):,} characters long; one page holds about 4,000. "
            "Shorten it and export again."
        )
    head = head_flowables(header, width)
    room = height - _height(head, width)
    for size in SIZES:
        body = body_flowables(text, size)
        used = _height(body, width)
        if used <= room:
            return Fitted(head + body, size)
    if generated:
        return None
    over = used / room - 1
    raise PacketError(
        f"The brief no longer fits on one page (about {max(round(over * 100), 1)}% too long "
        "at the smallest size). Shorten it and export again."
    )


def fitted_brief(
    write: Callable[[int], str], edited: str | None, header: str, width: float, height: float
) -> Fitted:
    """The edited text fitted, or the generated one with as many points as fit (4 to 0)."""
    if edited is not None:
        result = fit(edited, header, width, height, generated=False)
        assert result is not None
        return result
    for points in range(4, -1, -1):
        result = fit(write(points), header, width, height, generated=True)
        if result is not None:
            return result
    raise PacketError("The brief could not be laid out on one page.")  # pragma: no cover


def page_frame(paper: Paper) -> tuple[float, float, float]:
    """(margin, width, height) of the brief's one frame on ``paper``."""
    pagesize = LETTER if paper == "letter" else A4
    margin = 22 * mm
    return margin, pagesize[0] - 2 * margin, pagesize[1] - 2 * margin


def fitting_text(write: Callable[[int], str], header: str, paper: Paper) -> str:
    """The generated text with as many points as fit the page (what the PDF will print)."""
    _margin, width, height = page_frame(paper)
    for points in range(4, -1, -1):
        text = write(points)
        if fit(text, header, width, height, generated=True) is not None:
            return text
    return write(0)


def render_brief(
    write: Callable[[int], str],
    edited: str | None,
    header: str,
    paper: Paper,
    title: str,
    author: str,
) -> bytes:
    """The brief as a one-page PDF."""
    register_fonts()
    pagesize = LETTER if paper == "letter" else A4
    margin, _width, _height = page_frame(paper)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=plain(title),
        author=plain(author) or APP_NAME,
        creator=f"{APP_NAME} {__version__}",
        lang="en",
    )
    frame = Frame(
        margin,
        margin,
        doc.width,
        doc.height,
        id="brief",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="brief", frames=[frame])])
    fitted = fitted_brief(write, edited, header, doc.width, doc.height)
    doc.build(fitted.flowables)
    if doc.page != 1:  # the measure above is the layout's own; this would be a bug
        raise PacketError("The brief could not be laid out on one page.")
    return buffer.getvalue()
