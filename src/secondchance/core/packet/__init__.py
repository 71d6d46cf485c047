"""The reapplication packet: data in, PDF out (ReportLab, imported only when rendering).

Importing the package loads only ``sections`` (the sections, presets and options): the
command line describes ``--sections`` at start-up without the database layer.  What makes a
packet (``api``) loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from secondchance.core.packet.sections import (
    PAPER_LABELS,
    PAPERS,
    SECTION_KEYS,
    SECTIONS,
    TONE_LABELS,
    TONES,
    PacketError,
    PacketOptions,
    Paper,
    Preset,
    Tone,
    allowed_sections,
    default_paper,
    paper_for_locale,
    parse_sections,
    preset_sections,
)

if TYPE_CHECKING:
    from secondchance.core.packet.api import (
        BriefResult,
        PacketResult,
        Preview,
        build_brief,
        build_packet,
        draft_brief,
        draft_summary,
        preview,
        render_packet,
        suggested_file_name,
    )

_API = frozenset(
    {
        "BriefResult",
        "PacketResult",
        "Preview",
        "build_brief",
        "build_packet",
        "draft_brief",
        "draft_summary",
        "preview",
        "render_packet",
        "suggested_file_name",
    }
)


def __getattr__(name: str) -> Any:
    if name in _API:
        from secondchance.core.packet import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "PAPERS",
    "PAPER_LABELS",
    "SECTIONS",
    "SECTION_KEYS",
    "TONES",
    "TONE_LABELS",
    "BriefResult",
    "PacketError",
    "PacketOptions",
    "PacketResult",
    "Paper",
    "Preset",
    "Preview",
    "Tone",
    "allowed_sections",
    "build_brief",
    "build_packet",
    "default_paper",
    "draft_brief",
    "draft_summary",
    "paper_for_locale",
    "parse_sections",
    "preset_sections",
    "preview",
    "render_packet",
    "suggested_file_name",
]
