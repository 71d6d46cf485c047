"""View → Theme: System, Light, Dark — applied live, remembered, readable (WCAG AA)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from secondchance.ui import theme
from secondchance.ui.main_window import MainWindow
from secondchance.ui.tabs.skills.colours import gap_colours, gap_fill, warning_text
from secondchance.ui.widgets.muted_label import MutedLabel, muted_colour
from secondchance.ui.widgets.tones import tone_colour
from tests.ui.helpers import Windows

AA = 4.5  # WCAG AA for body text


@pytest.fixture(autouse=True)
def back_to_system() -> Iterator[None]:
    yield
    # The next test's start-up must not find a theme saved by this one.
    QSettings().remove(theme.SETTING)
    theme.apply("system")


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_text_colour_passes_wcag_aa(qapp, name: str) -> None:
    palette = theme.palette_for(name)  # type: ignore[arg-type]
    for text, back in theme.TEXT_PAIRS:
        ratio = theme.contrast(palette.color(text), palette.color(back))
        assert ratio >= AA, (name, text.name, back.name, round(ratio, 2))
    window = palette.color(QPalette.ColorRole.Window)
    base = palette.color(QPalette.ColorRole.Base)
    # Hints and details: the muted colour, never the disabled one.
    assert theme.contrast(muted_colour(palette), window) >= AA
    # The warning and severity colours the lists and charts use, on this palette.
    assert theme.contrast(warning_text(palette), base) >= AA
    assert theme.contrast(tone_colour("warning", palette), base) >= AA
    for gap in (0, 1, 2, 3):
        fill, ink = gap_colours(gap, palette)
        assert theme.contrast(ink, fill or base) >= AA
    # Chart fills stand out from the background they are drawn on (3:1, graphics).
    for gap in (1, 2, 3):
        assert theme.contrast(gap_fill(gap, palette), window) >= 3


def test_theme_switches_live_and_is_remembered(windows: Windows, sample_target: int) -> None:
    window = windows.open()
    window.findChild(QAction, "action_theme_dark").trigger()
    assert theme.current() == "dark"
    assert QSettings().value(theme.SETTING) == "dark"
    assert theme.is_dark(QGuiApplication.palette())
    # Widgets already on screen follow: muted text, link colours, the gap chart's colours.
    hint = window.findChild(MutedLabel)
    assert hint is not None
    assert hint.palette().color(QPalette.ColorRole.WindowText) == muted_colour(
        QApplication.palette()
    )
    assert gap_fill(2, QGuiApplication.palette()) == QColor("#f0944a")

    window.findChild(QAction, "action_theme_light").trigger()
    assert theme.current() == "light"
    assert not theme.is_dark(QGuiApplication.palette())
    windows.close(window)

    theme.apply("system")  # as at a fresh start, before the saved theme is applied
    theme.apply_saved()
    assert theme.current() == "light"


def test_system_gives_back_the_desktop_palette(windows: Windows, sample_target: int) -> None:
    window = windows.open()
    before = QApplication.palette().color(QPalette.ColorRole.Window)
    theme.set_theme("dark")
    assert QApplication.palette().color(QPalette.ColorRole.Window) != before
    window.findChild(QAction, "action_theme_system").trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Window) == before
    assert QSettings().value(theme.SETTING) == "system"


def test_no_label_is_greyed_out_to_look_muted(sample_window: MainWindow) -> None:
    """Faint text means "you can't use this"; hints use the muted colour instead."""
    for tab in range(sample_window.tabs.count()):
        sample_window.tabs.setCurrentIndex(tab)
        for label in sample_window.tabs.currentWidget().findChildren(QLabel):
            parent = label.parentWidget()
            if label.text() and (parent is None or parent.isEnabled()):
                assert label.isEnabled(), label.text()


def test_start_up_applies_the_saved_theme_and_system_undoes_one_applied(
    qapp: QApplication,
) -> None:
    from secondchance.ui.app import make_application

    QSettings().setValue(theme.SETTING, "dark")
    make_application()  # start-up reads the choice before importing the theme's palettes
    assert theme.current() == "dark" and theme.is_dark(QGuiApplication.palette())
    QSettings().setValue(theme.SETTING, "system")
    make_application()
    assert theme.current() == "system"
