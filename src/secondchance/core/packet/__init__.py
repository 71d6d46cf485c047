"""The reapplication packet: data in, PDF out (ReportLab, imported only when rendering)."""

from __future__ import annotations

from secondchance.core.packet.api import (
    PacketResult,
    build_packet,
    draft_summary,
    render_packet,
    suggested_file_name,
)
from secondchance.core.packet.sections import (
    PAPER_LABELS,
    PAPERS,
    SECTION_KEYS,
    SECTIONS,
    PacketError,
    PacketOptions,
    Paper,
    Preset,
    allowed_sections,
    default_paper,
    paper_for_locale,
    parse_sections,
    preset_sections,
)

__all__ = [
    "PAPERS",
    "PAPER_LABELS",
    "SECTIONS",
    "SECTION_KEYS",
    "PacketError",
    "PacketOptions",
    "PacketResult",
    "Paper",
    "Preset",
    "allowed_sections",
    "build_packet",
    "default_paper",
    "draft_summary",
    "paper_for_locale",
    "parse_sections",
    "preset_sections",
    "render_packet",
    "suggested_file_name",
]
