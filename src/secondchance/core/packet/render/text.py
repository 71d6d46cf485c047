"""User text made safe for ReportLab, and cut into pieces it can lay out quickly.

Every string that came from the person goes through :func:`markup` (or :func:`plain` for
canvas text) before it reaches ReportLab, so ``<b>``, ``&amp;`` or ``<img src=x>`` come out
exactly as typed.  Long free text is cut into paragraph-sized pieces so that a megabyte of
notes flows across pages instead of being re-measured on every page break.
"""

from __future__ import annotations

import itertools
import re
from typing import Any, cast
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Group, String
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as _Paragraph

from secondchance.core.packet import scripts
from secondchance.core.packet.fonts import REGULAR, prepare, runs, with_fallback
from secondchance.core.packet.render.styles import INK

CHUNK = 2500  # characters per paragraph piece of long free text
CELL_LIMIT = 600  # characters of free text inside a table cell

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain(text: object) -> str:
    """User text made safe for PDF strings: no control characters, no lone surrogates."""
    value = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    value = _CONTROL.sub("", value)
    return value.encode("utf-8", "replace").decode("utf-8")


def markup(text: object) -> str:
    """User text as Paragraph markup that reads exactly as typed."""
    return with_fallback(escape(prepare(plain(text))).replace("\n", "<br/>"))


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


# --- paragraphs in any direction ------------------------------------------------------------

_RIGHT: dict[int, ParagraphStyle] = {}


def _right_aligned(style: ParagraphStyle) -> ParagraphStyle:
    cached = _RIGHT.get(id(style))
    if cached is None:
        cached = _RIGHT[id(style)] = ParagraphStyle(f"{style.name}-rtl", style, alignment=TA_RIGHT)
    return cached


def _frag_text(frag: Any) -> str:
    text = getattr(frag, "text", None)
    return text if isinstance(text, str) else " ".join(getattr(frag, "words", ()))


class Paragraph(_Paragraph):  # type: ignore[misc]
    """ReportLab's paragraph, with right-to-left text drawn right to left.

    Lines are broken in logical order (so the first line holds the first words); each line
    is put in drawing order only when it is drawn (``scripts.visual_order``).  A paragraph
    whose first letter is Hebrew or Arabic reads from the right: it is right-aligned.
    Paragraphs without such letters take ReportLab's path unchanged.
    """

    def __init__(
        self, text: str | None, style: ParagraphStyle | None = None, *args: Any, **kw: Any
    ) -> None:
        super().__init__(text, style, *args, **kw)
        self._rtl_base: bool | None = None
        raw = text if isinstance(text, str) else "".join(_frag_text(f) for f in self.frags)
        if scripts.has_rtl(raw):
            letters = "".join(_frag_text(f) for f in self.frags)
            self._rtl_base = scripts.base_is_rtl(letters)
            style_ = cast(ParagraphStyle, self.__dict__["style"])
            if self._rtl_base and style_.alignment == TA_LEFT:
                self.style = _right_aligned(style_)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # Line breaking depends on the width only, and a paragraph is wrapped again and
        # again at the same width (a table measures its cells, a kept block measures its
        # content, then the frame places it): break the lines once per width.
        if getattr(self, "_wrapped_at", None) == available_width and hasattr(self, "blPara"):
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        self._wrapped_at = available_width
        return size  # type: ignore[no-any-return]

    def drawPara(self, debug: int = 0) -> None:
        if self._rtl_base is None:
            super().drawPara(debug)
            return
        para = self.blPara
        logical = para.lines
        para.lines = [self._visual(line) for line in logical]
        try:
            super().drawPara(debug)
        finally:
            para.lines = logical

    def _visual(self, line: Any) -> Any:
        base = bool(self._rtl_base)
        if isinstance(line, tuple):  # one style: (extra space, words)
            text = scripts.visual(" ".join(line[1]), base)
            return (line[0], text.split(" "))
        words = line.words
        if any(
            hasattr(f, "cbDefn") or not isinstance(getattr(f, "text", None), str) for f in words
        ):
            return line
        runs_ = scripts.reorder_runs([(f, f.text) for f in words], base)
        return line.clone(words=[cast(Any, f).clone(text=piece) for f, piece in runs_])


# --- text drawn straight on the canvas (running header, chart labels) ----------------------


def runs_width(text: str, size: float) -> float:
    return float(sum(stringWidth(piece, face, size) for face, piece in runs(text)))


def draw_runs(canv: Canvas, x: float, y: float, text: str, size: float) -> None:
    """Draw user text on the canvas, switching to the fallback font where DejaVu has no
    glyph (emoji in a company name would otherwise be boxes in every running header)."""
    for face, piece in runs(text):
        canv.setFont(face, size)
        canv.drawString(x, y, piece)
        x += stringWidth(piece, face, size)
    canv.setFont(REGULAR, size)


def label(text: str, right: float, y: float, size: float, colour: Any = None) -> Group:
    """User text for a chart, right-aligned at ``right``: each run in the font that draws it."""
    group = Group()
    x = right - runs_width(text, size)
    for face, piece in runs(text):
        group.add(String(x, y, piece, fontName=face, fontSize=size, fillColor=colour or INK))
        x += stringWidth(piece, face, size)
    return group


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut (with "…") to ``width``, measured in the fonts that will draw it."""

    def measure(piece: str) -> float:
        if piece.isascii():
            return float(stringWidth(piece, font, size))
        return runs_width(piece, size)

    if measure(text) <= width:
        return text
    while text and measure(text + "…") > width:
        text = text[: max(len(text) * 9 // 10, len(text) - 1) if len(text) > 60 else len(text) - 1]
    return text + "…"
