"""DejaVu Sans, shipped in resources/fonts, so every name renders on every machine.

ReportLab's built-in fonts only know Latin-1: "Łukasz Żółć" or "Ольга" would come out as
black boxes.  The TTFs are embedded (subset) in each packet.
"""

from __future__ import annotations

import threading

from secondchance.resources import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts with ReportLab once per process (safe from worker threads)."""
    global _registered
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(REGULAR, str(resource_path("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
        # <b> inside a paragraph picks the bold face; there is no italic face, so <i> stays
        # regular rather than falling back to a Latin-1 font.
        for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
            addMapping(REGULAR, bold, italic, face)
        _registered = True
