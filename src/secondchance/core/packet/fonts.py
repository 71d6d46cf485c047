"""DejaVu Sans, shipped in resources/fonts, so every name renders on every machine.

ReportLab's built-in fonts only know Latin-1: "Łukasz Żółć" or "Ольга" would come out as
black boxes.  The TTFs are embedded (subset) in each packet.
"""

from __future__ import annotations

import threading

from secondchance.resources import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
# For what DejaVu can't draw (emoji, many symbols): monochrome, but a shape, not a box.
SYMBOLS = "Symbola"
_lock = threading.Lock()
_registered = False
_regular_chars: frozenset[int] = frozenset()
_symbol_chars: frozenset[int] = frozenset()


def register_fonts() -> None:
    """Register the fonts with ReportLab once per process (safe from worker threads)."""
    global _registered
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        global _regular_chars, _symbol_chars
        regular = TTFont(REGULAR, str(resource_path("fonts", "DejaVuSans.ttf")))
        symbols = TTFont(SYMBOLS, str(resource_path("fonts", "Symbola.ttf")))
        pdfmetrics.registerFont(regular)
        pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
        pdfmetrics.registerFont(symbols)
        _regular_chars = frozenset(regular.face.charToGlyph)
        _symbol_chars = frozenset(symbols.face.charToGlyph)
        # <b> inside a paragraph picks the bold face; there is no italic face, so <i> stays
        # regular rather than falling back to a Latin-1 font.
        for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
            addMapping(REGULAR, bold, italic, face)
        _registered = True


def with_fallback(escaped: str) -> str:
    """Paragraph markup whose characters DejaVu lacks are drawn with Symbola.

    ``escaped`` is already escaped markup; the tags and entities it holds are ASCII,
    which DejaVu covers, so only user characters are ever wrapped.
    """
    if escaped.isascii():
        return escaped
    register_fonts()
    parts: list[str] = []
    in_run = False
    for char in escaped:
        code = ord(char)
        needs = code not in _regular_chars and code in _symbol_chars
        if needs and not in_run:
            parts.append(f'<font name="{SYMBOLS}">')
        elif in_run and not needs:
            parts.append("</font>")
        in_run = needs
        parts.append(char)
    if in_run:
        parts.append("</font>")
    return "".join(parts)


def runs(text: str, font: str = REGULAR) -> list[tuple[str, str]]:
    """``text`` cut into (font, piece) runs for drawing straight on a canvas."""
    register_fonts()
    pieces: list[tuple[str, str]] = []
    for char in text:
        code = ord(char)
        face = SYMBOLS if code not in _regular_chars and code in _symbol_chars else font
        if pieces and pieces[-1][0] == face:
            pieces[-1] = (face, pieces[-1][1] + char)
        else:
            pieces.append((face, char))
    return pieces
