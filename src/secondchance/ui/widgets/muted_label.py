"""Secondary text (hints, details) that is quieter than body text but still easy to read.

Never the palette's "disabled" colour: that means "you can't use this", and it is too faint
to read in some themes.  The window's text colour blended towards its background keeps a
WCAG AA contrast (4.5:1) on the app's light and dark palettes (tests/ui/test_theme_ui.py),
and is worked out again when the theme changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

SHARE = 0.68  # of the text colour


def muted_colour(palette: QPalette) -> QColor:
    text = palette.color(QPalette.ColorRole.WindowText)
    back = palette.color(QPalette.ColorRole.Window)
    return QColor.fromRgbF(
        text.redF() * SHARE + back.redF() * (1 - SHARE),
        text.greenF() * SHARE + back.greenF() * (1 - SHARE),
        text.blueF() * SHARE + back.blueF() * (1 - SHARE),
    )


class MutedLabel(QLabel):
    """A label in the muted colour (``set_muted(False)``: the normal one)."""

    def __init__(self, parent: QWidget | None = None, wrap: bool = True, text: str = "") -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(wrap)
        self._recolouring = False
        self._muted = True
        self._recolour()

    @property
    def muted(self) -> bool:
        return self._muted

    def refresh(self) -> None:
        """Work the colour out again (the theme changed)."""
        self._recolour()

    def set_muted(self, muted: bool) -> None:
        if muted != self._muted:
            self._muted = muted
            self._recolour()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        watched = (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.ParentChange,
        )
        if event.type() in watched and not self._recolouring:
            self._recolour()

    def _recolour(self) -> None:
        # The parent's palette when it has one of its own; else the application's (a
        # parent's inherited palette may not have caught up yet when the theme changes).
        parent = self.parentWidget()
        own = parent is not None and parent.palette().resolveMask() != 0
        source = parent.palette() if parent is not None and own else QApplication.palette()
        colour = (
            muted_colour(source) if self._muted else source.color(QPalette.ColorRole.WindowText)
        )
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.WindowText, colour)
        self._recolouring = True
        try:
            self.setPalette(palette)
        finally:
            self._recolouring = False
