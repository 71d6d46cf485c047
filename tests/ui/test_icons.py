from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from secondchance.resources import resource_path
from secondchance.ui.icons import app_icon, icon
from secondchance.ui.tabs.registry import TABS

# The tabs' icons come from the tab registry; these are the window's other icons.
ICON_NAMES = [
    *(spec.icon for spec in TABS),
    "new",
    "delete",
    "undo",
    "redo",
    "search",
    "export",
    "import",
    "preferences",
    "calendar",
    "attach",
    "open",
    "target",
    "edit",
    "sample",
    "clear",
    "info",
]


@pytest.fixture
def palette_text(qapp: QApplication) -> Iterator[None]:
    """Give back the original palette however the test ends, so colours don't leak."""
    original = QPalette(qapp.palette())
    yield
    qapp.setPalette(original)


def set_text_colour(qapp: QApplication, colour: QColor) -> None:
    palette = QPalette(qapp.palette())
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    qapp.setPalette(palette)


def opaque_pixels(image: QImage) -> list[QColor]:
    return [
        image.pixelColor(x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 0
    ]


def test_icon_folder_holds_exactly_the_listed_icons() -> None:
    on_disk = {p.stem for p in resource_path("icons").glob("*.svg")}
    assert on_disk == {*ICON_NAMES, "app"}


@pytest.mark.parametrize("name", ICON_NAMES)
def test_every_icon_loads_and_draws_something(qapp: QApplication, name: str) -> None:
    result = icon(name)
    assert not result.isNull()
    image = result.pixmap(QSize(24, 24)).toImage()
    assert image.width() == 24
    assert opaque_pixels(image), f"{name} renders fully transparent at 24 px"


@pytest.mark.parametrize("name", ICON_NAMES)
def test_line_icons_follow_the_house_style(name: str) -> None:
    text = resource_path("icons", name + ".svg").read_text(encoding="utf-8")
    assert 'viewBox="0 0 24 24"' in text
    assert 'stroke="currentColor"' in text
    assert 'stroke-width="1.75"' in text
    # A hard-coded colour would vanish against one of the two themes.
    assert "#" not in text


def test_icons_are_drawn_in_the_palette_text_colour(qapp: QApplication, palette_text: None) -> None:
    set_text_colour(qapp, QColor(255, 0, 0))
    image = icon("new").pixmap(QSize(24, 24)).toImage()
    solid = [c for c in opaque_pixels(image) if c.alpha() >= 128]
    assert solid
    assert all(c.red() > 200 and c.green() < 40 and c.blue() < 40 for c in solid)


def test_changing_the_palette_gives_a_freshly_coloured_icon(
    qapp: QApplication, palette_text: None
) -> None:
    set_text_colour(qapp, QColor(255, 0, 0))
    red = icon("search").pixmap(QSize(24, 24)).toImage()
    set_text_colour(qapp, QColor(0, 0, 255))
    blue = icon("search").pixmap(QSize(24, 24)).toImage()
    assert max(c.red() for c in opaque_pixels(red)) > 200
    assert max(c.blue() for c in opaque_pixels(blue)) > 200
    assert max(c.red() for c in opaque_pixels(blue)) < 40


def test_high_dpi_pixmap_is_rendered_at_double_resolution(qapp: QApplication) -> None:
    pixmap = icon("edit").pixmap(QSize(24, 24), 2.0)
    assert pixmap.devicePixelRatio() == 2.0
    assert pixmap.width() == 48


def test_unknown_icon_gives_empty_icon_and_a_warning(
    qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="secondchance.ui.icons"):
        result = icon("no_such_icon_anywhere")
    assert result.isNull()
    assert "no_such_icon_anywhere" in caplog.text


def test_names_cannot_reach_outside_the_icons_folder(qapp: QApplication) -> None:
    assert icon("../icons/new").isNull()


def test_app_icon_keeps_its_own_colours(qapp: QApplication, palette_text: None) -> None:
    set_text_colour(qapp, QColor(255, 0, 0))
    result = app_icon()
    assert not result.isNull()
    image = result.pixmap(QSize(256, 256)).toImage()
    assert image.width() == 256
    centre_of_background = image.pixelColor(40, 200)
    assert centre_of_background.alpha() == 255
    assert centre_of_background.blue() > centre_of_background.red()
    assert opaque_pixels(result.pixmap(QSize(16, 16)).toImage())
