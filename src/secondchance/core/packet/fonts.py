"""The packet's fonts, shipped in resources/fonts so every name renders on every machine.

ReportLab's built-in fonts only know Latin-1: "Łukasz Żółć" or "Ольга" would come out as
black boxes.  DejaVu Sans draws the text (Latin, Greek, Cyrillic, Hebrew, Arabic with its
presentation forms); what it lacks is drawn, character by character, from

- WenQuanYi Micro Hei (a subset: CJK ideographs, kana, Hangul, CJK punctuation), loaded
  only when a packet holds such a character (it is 3.5 MB);
- Symbola: emoji and symbols, monochrome, but a shape, not a box.

Only the glyphs a packet uses are embedded in it.  Copy-and-paste out of the PDF goes
through each font's ToUnicode map, which :func:`_to_unicode_cmap` writes (see there).
"""

from __future__ import annotations

import re
import threading
import unicodedata

from secondchance.core.packet import scripts
from secondchance.resources import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
SYMBOLS = "Symbola"
CJK = "WenQuanYiMicroHei"
CJK_FILE = "WenQuanYiMicroHei-CJK.ttf"
_lock = threading.Lock()
_registered = False
_cjk_registered = False
_regular_chars: frozenset[int] = frozenset()
_symbol_chars: frozenset[int] = frozenset()
_cjk_chars: frozenset[int] = frozenset()
# Blocks the CJK font covers (its subset was cut to these; see resources/fonts/README.md).
_CJK_RANGES = re.compile(
    "[\u3000-\u32ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]"
)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, written so that copying text out gives the text back.

    ReportLab writes each code as ``<%04X>``: a character beyond U+FFFF (every emoji) then
    comes out as garbage, since a CMap's destination is UTF-16BE and needs a surrogate
    pair.  Arabic is drawn from presentation forms (see ``scripts``): mapping those back to
    the letters they stand for means a copied word holds the letters that were typed.
    """
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
    ]
    for code, point in enumerate(subset):
        text = chr(point)
        if 0xFB50 <= point <= 0xFDFF or 0xFE70 <= point <= 0xFEFC:
            text = unicodedata.normalize("NFKC", text)
        lines.append(f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>")
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def register_fonts() -> None:
    """Register the fonts with ReportLab once per process (safe from worker threads)."""
    global _registered
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics, ttfonts
        from reportlab.pdfbase.ttfonts import TTFont

        global _regular_chars, _symbol_chars
        # The one place ReportLab writes the map; the test of copied-out text guards it.
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
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


def _register_cjk() -> None:
    global _cjk_registered, _cjk_chars
    with _lock:
        if _cjk_registered:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        font = TTFont(CJK, str(resource_path("fonts", CJK_FILE)))
        pdfmetrics.registerFont(font)
        _cjk_chars = frozenset(font.face.charToGlyph)
        _cjk_registered = True


def face_for(code: int, font: str = REGULAR) -> str:
    """The font that draws character ``code`` (``font`` when DejaVu has it)."""
    if code in _regular_chars:
        return font
    if _CJK_RANGES.match(chr(code)):
        _register_cjk()
        if code in _cjk_chars:
            return CJK
    if code in _symbol_chars:
        return SYMBOLS
    return font


def prepare(text: str) -> str:
    """User text as it is laid out: Arabic shaped (see ``scripts``); order is kept logical."""
    register_fonts()
    return scripts.shape(text, _regular_chars)


def with_fallback(escaped: str) -> str:
    """Paragraph markup whose characters DejaVu lacks are drawn with a font that has them.

    ``escaped`` is already escaped markup; the tags and entities it holds are ASCII,
    which DejaVu covers, so only user characters are ever wrapped.
    """
    if escaped.isascii():
        return escaped
    register_fonts()
    # Most text ("—", curly quotes, accents) is all DejaVu's: one set test instead of a
    # look-up per character.
    if all(ord(char) in _regular_chars for char in set(escaped)):
        return escaped
    parts: list[str] = []
    current = REGULAR
    for char in escaped:
        face = face_for(ord(char))
        if face != current:
            if current != REGULAR:
                parts.append("</font>")
            if face != REGULAR:
                parts.append(f'<font name="{face}">')
            current = face
        parts.append(char)
    if current != REGULAR:
        parts.append("</font>")
    return "".join(parts)


def runs(text: str, font: str = REGULAR) -> list[tuple[str, str]]:
    """``text`` cut into (font, piece) runs for drawing straight on a canvas, in drawing
    order (right-to-left runs reversed and shaped)."""
    register_fonts()
    text = scripts.visual(prepare(text))
    pieces: list[tuple[str, str]] = []
    for char in text:
        face = face_for(ord(char), font)
        if pieces and pieces[-1][0] == face:
            pieces[-1] = (face, pieces[-1][1] + char)
        else:
            pieces.append((face, char))
    return pieces
