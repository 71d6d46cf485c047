"""Lay the packet out with ReportLab's platypus.

Imported only when a packet is made: ReportLab stays out of the window's start-up.
``document`` holds the page and the order of sections, ``sections/<key>.py`` one section
each, ``blocks``, ``styles`` and ``text`` what they share.
"""

from __future__ import annotations

from secondchance.core.packet.render.document import Renderer, section_builder

__all__ = ["Renderer", "section_builder"]
