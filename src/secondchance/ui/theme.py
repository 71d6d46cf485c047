"""View → Theme: System, Light or Dark, applied at once and remembered (QSettings).

Light and Dark are palettes designed for this app on Qt's Fusion style, so they look the
same on every desktop; every pair of text and background colour in them keeps a WCAG AA
contrast of at least 4.5:1 (hints and placeholders included), which tests/ui/test_theme_ui.py
checks.  System gives back the desktop's own style and palette.  Charts and the severity
colours read the palette when they paint, so they follow the theme.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QTabWidget,
    QWidget,
)

from secondchance.ui.theme_setting import SETTING, ThemeName, saved

__all__ = ["SETTING", "ThemeName", "apply", "apply_saved", "current", "saved", "set_theme"]
CHOICES: tuple[tuple[ThemeName, str], ...] = (
    ("system", "&System"),
    ("light", "&Light"),
    ("dark", "&Dark"),
)

_R = QPalette.ColorRole

# Role → colour for the normal (active and inactive) state.
LIGHT: dict[QPalette.ColorRole, str] = {
    _R.Window: "#f4f5f7",
    _R.WindowText: "#1c1e21",
    _R.Base: "#ffffff",
    _R.AlternateBase: "#eef1f5",
    _R.Text: "#1c1e21",
    _R.Button: "#e8eaee",
    _R.ButtonText: "#1c1e21",
    _R.BrightText: "#ffffff",
    _R.Highlight: "#2a64c9",
    _R.HighlightedText: "#ffffff",
    _R.Link: "#1a5bc4",
    _R.LinkVisited: "#5d3aa8",
    _R.ToolTipBase: "#fffbe6",
    _R.ToolTipText: "#1c1e21",
    _R.PlaceholderText: "#646a73",
    _R.Light: "#ffffff",
    _R.Midlight: "#e1e4e9",
    _R.Mid: "#b9bec6",
    _R.Dark: "#8a9099",
    _R.Shadow: "#5b6068",
}
DARK: dict[QPalette.ColorRole, str] = {
    _R.Window: "#25272b",
    _R.WindowText: "#e6e7e9",
    _R.Base: "#1b1c1f",
    _R.AlternateBase: "#26282c",
    _R.Text: "#e6e7e9",
    _R.Button: "#34373c",
    _R.ButtonText: "#e6e7e9",
    _R.BrightText: "#ffffff",
    _R.Highlight: "#2f66c4",
    _R.HighlightedText: "#ffffff",
    _R.Link: "#8ab4f8",
    _R.LinkVisited: "#c3a6f5",
    _R.ToolTipBase: "#34373c",
    _R.ToolTipText: "#e6e7e9",
    _R.PlaceholderText: "#a2a7af",
    _R.Light: "#4a4e55",
    _R.Midlight: "#3d4046",
    _R.Mid: "#2e3035",
    _R.Dark: "#17181a",
    _R.Shadow: "#0c0d0e",
}
# Disabled text only has to look unavailable (WCAG exempts inactive controls).
DISABLED = {"light": "#8d929a", "dark": "#7b8088"}

# The pairs of (text, background) roles that must keep 4.5:1.
TEXT_PAIRS: tuple[tuple[QPalette.ColorRole, QPalette.ColorRole], ...] = (
    (_R.WindowText, _R.Window),
    (_R.Text, _R.Base),
    (_R.Text, _R.AlternateBase),
    (_R.ButtonText, _R.Button),
    (_R.HighlightedText, _R.Highlight),
    (_R.PlaceholderText, _R.Base),
    (_R.Link, _R.Base),
    (_R.Link, _R.Window),
    (_R.ToolTipText, _R.ToolTipBase),
)


class AppStyle(QProxyStyle):
    """Fusion, with check boxes that keep a visible edge on any row of a dark list (Fusion
    draws their border from the window colour darkened, which vanishes on a dark base)."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        boxes = (
            QStyle.PrimitiveElement.PE_IndicatorCheckBox,
            QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
            QStyle.PrimitiveElement.PE_IndicatorRadioButton,
        )
        if element in boxes and is_dark(option.palette):
            edge = QColor(option.palette.color(_R.Text))
            edge.setAlphaF(0.6)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(edge, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            size = min(option.rect.width(), option.rect.height(), 14)
            box = QRectF(0, 0, size - 1, size - 1)
            box.moveCenter(QRectF(option.rect).center())
            radius = size / 2 if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton else 2
            painter.drawRoundedRect(box, radius, radius)
            painter.restore()


class _Notifier(QObject):
    changed = Signal(str)


NOTIFIER = _Notifier()
_system: tuple[str, QPalette] | None = None  # the desktop's own style and palette
_current: ThemeName = "system"


def palette_for(name: ThemeName) -> QPalette:
    """The app's palette for ``light`` or ``dark``."""
    colours = DARK if name == "dark" else LIGHT
    palette = QPalette()
    for role, value in colours.items():
        palette.setColor(role, QColor(value))
    disabled = QColor(DISABLED["dark" if name == "dark" else "light"])
    for role in (_R.WindowText, _R.Text, _R.ButtonText, _R.PlaceholderText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    palette.setColor(QPalette.ColorGroup.Disabled, _R.Highlight, QColor(colours[_R.Mid]))
    return palette


def current() -> ThemeName:
    return _current


def apply(name: ThemeName, app: QApplication | None = None) -> None:
    """Show the app in theme ``name`` now (every open window follows)."""
    global _system, _current
    app = app or QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication):
        return
    if _system is None:
        style = app.style()
        _system = (style.name() if style is not None else "fusion", QPalette(app.palette()))
    hints = QGuiApplication.styleHints()
    if name == "system":
        app.setStyle(_system[0])
        app.setPalette(_system[1])
        if hasattr(hints, "unsetColorScheme"):
            hints.unsetColorScheme()
    else:
        app.setStyle(AppStyle())
        app.setPalette(palette_for(name))
        if hasattr(hints, "setColorScheme"):
            # Native parts (file dialogs, title bars where the platform allows) follow too.
            hints.setColorScheme(Qt.ColorScheme.Dark if name == "dark" else Qt.ColorScheme.Light)
    _current = name
    _refresh_widgets(app)
    NOTIFIER.changed.emit(name)


def _refresh_widgets(app: QApplication) -> None:
    """Colours worked out from the palette (style sheets, muted text, links in rich text,
    tinted icons) are worked out again."""
    from secondchance.ui.widgets.muted_label import MutedLabel

    retint = _icon_names()
    for widget in app.allWidgets():
        if isinstance(widget, MutedLabel):
            widget.refresh()
        elif widget.styleSheet():
            widget.setStyleSheet(widget.styleSheet())
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
            text = widget.text()  # a rich text's links take the new link colour
            widget.clear()  # (setText with the same text does nothing)
            widget.setText(text)
        if retint:
            _retint(widget, retint)
        widget.update()


def _icon_names() -> dict[int, str]:
    """The app's tinted icons handed out so far, by cache key (see ui/icons.py)."""
    from secondchance.ui import icons

    cache = getattr(icons, "_cache", {})
    return {cached.cacheKey(): key[0] for key, cached in cache.items() if key[1]}


def _retint(widget: QWidget, names: dict[int, str]) -> None:
    from secondchance.ui import icons

    if isinstance(widget, QAbstractButton):
        name = names.get(widget.icon().cacheKey())
        if name:
            widget.setIcon(icons.icon(name))
    if isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            name = names.get(widget.tabIcon(index).cacheKey())
            if name:
                widget.setTabIcon(index, icons.icon(name))
    for action in widget.actions():
        name = names.get(action.icon().cacheKey())
        if name:
            action.setIcon(icons.icon(name))


def set_theme(name: ThemeName) -> None:
    """The person's choice: applied at once and remembered."""
    QSettings().setValue(SETTING, name)
    apply(name)


def apply_saved(app: QApplication | None = None) -> None:
    """At start-up: the theme chosen last time (nothing to do for System)."""
    name = saved()
    if name != "system" or _current != "system":
        apply(name, app)


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(_R.Base).lightness() < 128


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
