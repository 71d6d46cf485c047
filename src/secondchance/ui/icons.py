"""The app's SVG icons, tinted to the current palette so they read in light and dark themes.

Each icon is drawn when a size is first asked for, at that size and the screen's pixel
ratio (``_SvgEngine``), not at five sizes and two ratios up front: the window shows about
twenty icons at one size, and rendering a hundred at start-up cost more than its paint.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QStyleOption

from secondchance.resources import resource_path

log = logging.getLogger(__name__)

# The sizes an icon offers (a menu or tab bar picks among them); any other size asked for
# is drawn at that size too.
ICON_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64)
APP_ICON_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256)

# Keyed by colour as well as name: after a light/dark switch the next call re-renders in the
# new text colour instead of handing back icons tinted for the old theme.
_cache: dict[tuple[str, str], QIcon] = {}
_APP_ICON_KEY = ("\0app", "")


def icon(name: str) -> QIcon:
    """Icon ``resources/icons/<name>.svg`` drawn in the palette's WindowText colour.

    A missing or broken icon gives an empty QIcon (and a logged warning) rather than an error,
    because a blank button is better than a window that fails to open.
    """
    if QGuiApplication.instance() is None:
        log.warning("Icon %r was requested before the application was created", name)
        return QIcon()
    colour = QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    key = (name, colour.name(QColor.NameFormat.HexArgb))
    cached = _cache.get(key)
    if cached is not None:
        return cached
    svg = _read_svg(name)
    result = QIcon()
    if svg is not None:
        # Qt's SVG renderer does not resolve currentColor from anything we can set, so the
        # colour is written into the document itself.
        tinted = svg.replace(b"currentColor", colour.name(QColor.NameFormat.HexRgb).encode())
        result = _render(name, tinted, ICON_SIZES)
    _cache[key] = result
    return result


def app_icon() -> QIcon:
    """The full-colour application icon (window, taskbar, about box), not recoloured."""
    if QGuiApplication.instance() is None:
        log.warning("The application icon was requested before the application was created")
        return QIcon()
    cached = _cache.get(_APP_ICON_KEY)
    if cached is not None:
        return cached
    svg = _read_svg("app")
    result = QIcon() if svg is None else _render("app", svg, APP_ICON_SIZES)
    _cache[_APP_ICON_KEY] = result
    return result


def _read_svg(name: str) -> bytes | None:
    # Names come from code, but a slash or ".." would let one escape the icons folder.
    if not name or "/" in name or "\\" in name or name.startswith("."):
        log.warning("Icon name %r is not valid", name)
        return None
    try:
        return resource_path("icons", name + ".svg").read_bytes()
    except OSError as exc:
        log.warning("Icon %r could not be loaded: %s", name, exc)
        return None


def _render(name: str, svg: bytes, sizes: Iterable[int]) -> QIcon:
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        log.warning("Icon %r is not a valid SVG file", name)
        return QIcon()
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    return QIcon(_SvgEngine(renderer, tuple(sizes)))


class _SvgEngine(QIconEngine):
    """Draws the SVG at the size and pixel ratio asked for, once per size, then reuses it
    (high-DPI screens get crisp lines, not an upscaled bitmap)."""

    def __init__(self, renderer: QSvgRenderer, sizes: tuple[int, ...]) -> None:
        super().__init__()
        self._renderer = renderer
        self._sizes = sizes
        self._pixmaps: dict[tuple[int, int, float, QIcon.Mode], QPixmap] = {}

    def clone(self) -> QIconEngine:
        return _SvgEngine(self._renderer, self._sizes)

    # No enum default values: PySide6 makes Python enums on first use, over a hundred of
    # them at once, which at import time delayed the first paint by tens of milliseconds.
    def availableSizes(self, mode: Any = None, state: Any = None) -> list[QSize]:
        return [QSize(size, size) for size in self._sizes]

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._draw(size, mode, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        return self._draw(size, mode, scale)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        painter.drawPixmap(rect, self._draw(rect.size(), mode, ratio))

    def _draw(self, size: QSize, mode: QIcon.Mode, ratio: float) -> QPixmap:
        side = max(min(size.width(), size.height()), 1)
        key = (side, side, ratio, mode)
        found = self._pixmaps.get(key)
        if found is not None:
            return found
        pixmap = _render_pixmap(self._renderer, round(side * ratio), ratio)
        if mode is QIcon.Mode.Disabled:
            # As Qt greys a disabled icon made of pixmaps: the style's own look.
            style = QApplication.style() if QApplication.instance() is not None else None
            if style is not None:
                pixmap = style.generatedIconPixmap(mode, pixmap, QStyleOption())
        self._pixmaps[key] = pixmap
        return pixmap


def _render_pixmap(renderer: QSvgRenderer, pixels: int, ratio: float) -> QPixmap:
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, pixels, pixels))
    finally:
        painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap
