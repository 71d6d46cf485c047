"""Which theme the person chose (View → Theme), read before the window's first paint.

Kept apart from ``theme.py`` (palettes, the app's style): start-up reads the choice here
and imports the rest only for Light or Dark, so System, the default, paints sooner.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QSettings

ThemeName = Literal["system", "light", "dark"]
SETTING = "ui/theme"


def saved() -> ThemeName:
    value = QSettings().value(SETTING, "system")
    return value if value in ("system", "light", "dark") else "system"
