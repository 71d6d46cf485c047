"""A row's tone as a text colour that reads on the palette's base, light or dark (every list
and the Due view use it; no record machinery here, so the first look can too)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def tone_colour(tone: str, palette: QPalette) -> QColor:
    """A row tone's text colour that reads on this palette's base, light or dark."""
    if tone == "warning":
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        return QColor("#ff8a80" if dark else "#b3261e")
    return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
