"""The document: page template, running header and footer ("Page X of Y"), the outline,
and the sections laid out in order.

Each key of ``sections.SECTIONS`` is laid out by the module of the same name in
``render/sections/`` (its ``build(layout)``): the list of sections drives the dispatch, so a
new section is one entry there and one module here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any, cast

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
)

from secondchance import APP_NAME, __version__
from secondchance.core.packet.data import format_date
from secondchance.core.packet.fonts import REGULAR
from secondchance.core.packet.render import sections as section_modules
from secondchance.core.packet.render.blocks import (
    Anchor,
    Heading,
    KeepWithNext,
    Layout,
    SectionStart,
    is_heading,
    keep_headings,
)
from secondchance.core.packet.render.styles import MUTED, RULE
from secondchance.core.packet.render.text import Paragraph, draw_runs, fit, plain, runs_width
from secondchance.core.packet.sections import Preset

Progress = Callable[[int, int, str], None]
Builder = Callable[[Layout], list[Flowable]]


def section_builder(key: str) -> Builder:
    """The function that lays out section ``key``: ``render/sections/<key>.py``'s build."""
    module = import_module(f"{section_modules.__name__}.{key}")
    return cast(Builder, module.build)


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


@dataclass(frozen=True)
class Placed:
    """One flowable as the layout placed it: what the typography tests read."""

    page: int
    kind: str  # "heading", "break" (a forced page break), "section" or "content"
    top: float  # the frame's free space above it, and under it, in points
    bottom: float
    frame_height: float


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, renderer: Renderer, **kw: Any) -> None:
        super().__init__(buffer, **kw)
        self.renderer = renderer
        self._bookmarks = 0
        self.placed: list[Placed] = []
        self._free = 0.0

    def beforeDocument(self) -> None:
        assert isinstance(self.canv, _PageTotalCanvas)
        self.canv.extra_pages = self.renderer.extra_pages
        self.canv.showOutline()

    def handle_pageBreak(self, slow: Any = None) -> None:
        self.placed.append(Placed(self.page, "break", 0, 0, 0))
        super().handle_pageBreak(slow)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        frame = getattr(self, "frame", None)
        self._free = frame._y - frame._y1p if frame is not None else 0.0
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        frame = getattr(self, "frame", None)
        kind = "content"
        if isinstance(flowable, SectionStart):
            kind = "section"
            self.renderer.section_started(flowable.outline_key, flowable.outline_title)
        elif is_heading(flowable):
            kind = "heading"
        if frame is not None and (
            not isinstance(flowable, KeepWithNext | CondPageBreak | Spacer) or kind != "content"
        ):
            self.placed.append(
                Placed(self.page, kind, self._free, frame._y - frame._y1p, frame._aH)
            )
        if isinstance(flowable, Heading | Anchor) and not isinstance(flowable, SectionStart):
            self._bookmarks += 1
            key = f"{flowable.outline_key}-{self._bookmarks}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_title, key, flowable.outline_level)


class Renderer(Layout):
    total_pages = 0
    placed: tuple[Placed, ...] = ()
    _progress: Progress | None = None
    _step = 0
    _steps = 0

    def section_started(self, key: str, title: str) -> None:
        """Progress, section by section, as the layout reaches each one (the layout is
        where the time goes); the callback may raise to cancel."""
        if self._progress is not None:
            self._step += 1
            self._progress(min(self._step, self._steps - 2), self._steps, f"Laying out: {title}")

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

    def story(self) -> list[Flowable]:
        """Every chosen section's flowables, in document order."""
        story: list[Flowable] = []
        for key in self.sections:
            story.extend(section_builder(key)(self))
        if not story:
            story.append(Paragraph("No sections were chosen.", self.s.body))
        while story and isinstance(story[-1], PageBreak):
            story.pop()
        return keep_headings(story)

    def render(self, progress: Progress | None = None, step: int = 0, steps: int = 0) -> bytes:
        buffer = io.BytesIO()
        doc = _Doc(
            buffer,
            self,
            pagesize=self.pagesize,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=self.top_margin,
            bottomMargin=self.bottom_margin,
            lang="en",
            **self.metadata(),
        )
        frame = Frame(
            doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", showBoundary=0
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])
        self._progress, self._step, self._steps = progress, step, steps
        doc.build(self.story(), canvasmaker=_PageTotalCanvas)
        assert isinstance(doc.canv, _PageTotalCanvas)
        self.total_pages = doc.canv.total_pages
        self.placed = tuple(doc.placed)
        return buffer.getvalue()

    def _running_header(self) -> tuple[str, str, float]:
        """(left text fitted, right text, its width): the same on every page, so measured
        once."""
        cached: tuple[str, str, float] | None = getattr(self, "_header", None)
        if cached is None:
            t = self.data.target
            person = self.data.person_name.strip()
            right_text = plain(person) if person else ""
            right_width = runs_width(right_text, 8)
            room = self.width - (right_width + 12 if right_text else 0)
            header = fit(plain(f"Reapplication packet · {t.company} — {t.role}"), REGULAR, 8, room)
            cached = self._header = (header, right_text, right_width)
        return cached

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        width, height = self.pagesize
        left, right = self.margin, width - self.margin
        page = canv.getPageNumber()
        # The cover and the brief (a letter) have no running header.
        on_cover = page == 1 and self.sections[:1] in (("cover",), ("brief",))
        if not on_cover:
            header, right_text, right_width = self._running_header()
            y = height - self.margin + 1 * mm
            canv.setFillColor(MUTED)
            draw_runs(canv, left, y, header, 8)
            if right_text:
                draw_runs(canv, right - right_width, y, right_text, 8)
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
