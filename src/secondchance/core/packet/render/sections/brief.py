"""The one-page brief, "Since we last spoke", as the packet's first page (shareable)."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from secondchance.core.packet.brief import header_line, write_brief
from secondchance.core.packet.render.blocks import Anchor, Layout
from secondchance.core.packet.render.brief import TITLE, fitted_brief

# ReportLab's frame keeps 6 pt of padding on each side.
_PADDING = 12


def build(layout: Layout) -> list[Flowable]:
    data = layout.data
    fitted = fitted_brief(
        lambda points: write_brief(data, layout.tone, points).body,
        layout.brief_text,
        header_line(data),
        layout.width - _PADDING,
        layout.frame_height - _PADDING - 2,
    )
    return [Anchor(TITLE, "brief"), *fitted.flowables, PageBreak()]
