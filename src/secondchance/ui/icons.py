"""The app's SVG icons, tinted to the current palette so they read in light and dark themes."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from secondchance.resources import resource_path

log = logging.getLogger(__name__)

ICON_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64)
APP_ICON_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256)
# Pixmaps are pre-rendered at 1x and 2x so high-DPI screens get crisp lines instead of an
# upscaled 1x bitmap.
_DEVICE_PIXEL_RATIOS: tuple[float, ...] = (1.0, 2.0)

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
    result = QIcon()
    for size in sizes:
        for ratio in _DEVICE_PIXEL_RATIOS:
            result.addPixmap(_render_pixmap(renderer, round(size * ratio), ratio))
    return result


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
