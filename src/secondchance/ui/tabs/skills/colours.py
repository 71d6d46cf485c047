"""Colours for gaps that read on light and dark palettes alike.

Each severity has a (background, text) pair per theme: pale fills with dark text on a light
base, deep fills with light text on a dark base.  Every pair keeps a contrast ratio above
4.5:1 (WCAG AA for normal text).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

# gap -> (light background, light text, dark background, dark text)
_SEVERITY: dict[int, tuple[str, str, str, str]] = {
    1: ("#fff4c2", "#5c4400", "#4a4012", "#ffe9a3"),
    2: ("#ffe0b8", "#6b3300", "#5a3310", "#ffd2a6"),
    3: ("#ffd6d3", "#7a1712", "#5e1c1a", "#ffc9c4"),
}
_CLOSED = ("#1b5e20", "#8fd694")  # no gap: a calm green text, light / dark


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def gap_colours(gap: int, palette: QPalette) -> tuple[QColor | None, QColor]:
    """(background or None, text) for a gap cell."""
    dark = is_dark(palette)
    if gap <= 0:
        return None, QColor(_CLOSED[1] if dark else _CLOSED[0])
    light_bg, light_fg, dark_bg, dark_fg = _SEVERITY[min(gap, 3)]
    return (QColor(dark_bg), QColor(dark_fg)) if dark else (QColor(light_bg), QColor(light_fg))


def gap_fill(gap: int, palette: QPalette) -> QColor:
    """A chart fill for the missing part of a bar: strong enough to see on either base."""
    dark = is_dark(palette)
    # Each at least 3:1 against the window (WCAG for graphics): tests/ui/test_theme_ui.py.
    strong = {1: ("#a87d00", "#e0b84a"), 2: ("#c05a0f", "#f0944a"), 3: ("#c62828", "#f06a60")}
    light, on_dark = strong[max(1, min(gap, 3))]
    return QColor(on_dark if dark else light)


def warning_text(palette: QPalette) -> QColor:
    return QColor("#ff8a80" if is_dark(palette) else "#b3261e")


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
