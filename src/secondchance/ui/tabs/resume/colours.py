"""Colours for coverage states and word changes that read on light and dark palettes.

Each pair is (background, text) per theme, pale fills with dark text on a light base and
deep fills with light text on a dark base; every pair keeps a contrast ratio above 4.5:1
(tests/ui/test_resume_tab_ui.py checks them).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from secondchance.core.services.coverage import State

# state -> (light background, light text, dark background, dark text)
STATE_COLOURS: dict[State, tuple[str, str, str, str]] = {
    State.in_resume_proven: ("#d7f0d9", "#14451a", "#1f4a25", "#c8f0cc"),
    State.proven_missing: ("#d6e6ff", "#0b3a7a", "#1c3a66", "#cfe0ff"),
    State.in_resume_unproven: ("#fff0c2", "#5c4400", "#4a4012", "#ffe9a3"),
    State.absent: ("#ececec", "#333333", "#3a3a3a", "#e6e6e6"),
}
# added / removed words: (light background, light text, dark background, dark text)
ADDED = ("#cdeccf", "#0f3d14", "#1d4d25", "#d2f5d6")
REMOVED = ("#ffd9d6", "#6e1410", "#5e1f1c", "#ffd0cb")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def pair(colours: tuple[str, str, str, str], palette: QPalette) -> tuple[QColor, QColor]:
    light_bg, light_fg, dark_bg, dark_fg = colours
    if is_dark(palette):
        return QColor(dark_bg), QColor(dark_fg)
    return QColor(light_bg), QColor(light_fg)


def state_colours(state: State, palette: QPalette) -> tuple[QColor, QColor]:
    return pair(STATE_COLOURS[state], palette)
