"""What the window remembers between sessions (QSettings): tab, sub-tab, splitter, size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt

from secondchance.core.db import Database
from secondchance.core.interop import sample
from secondchance.ui.main_window import MainWindow
from tests.ui.helpers import Windows, view_of


def drag_splitter(qtbot, window: MainWindow, kind: str, dx: int) -> list[int]:
    """Drag the handle between list and form by ``dx`` pixels, like a mouse would."""
    splitter = view_of(window, kind).splitter
    handle = splitter.handle(1)
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start + QPoint(dx // 2, 0))
    qtbot.mouseMove(handle, start + QPoint(dx, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(dx, 0))
    return splitter.sizes()


def share(sizes: list[int]) -> float:
    return sizes[0] / sum(sizes)


def test_last_tab_and_sub_tab_are_remembered(windows: Windows, db: Database) -> None:
    sample.add_sample_target(db)
    window = windows.open()
    assert window.tabs.currentWidget() is window.overview  # first run opens on Overview
    view_of(window, "interaction")
    assert windows.close(window)

    again = windows.open()
    assert again.tabs.currentWidget() is again.tab_pages["network"]
    view = again.current_record_view()
    assert view is not None and view.kind.name == "interaction"


def test_splitter_position_is_remembered(windows: Windows, db: Database, qtbot) -> None:
    sample.add_sample_target(db)
    window = windows.open()
    before = view_of(window, "skill").splitter.sizes()
    after = drag_splitter(qtbot, window, "skill", -120)
    assert after[0] < before[0] - 60, (before, after)
    assert QSettings().value("layout/splitter_skill") is not None
    assert windows.close(window)

    # The next window may be narrower (it is fitted to the screen): compare proportions.
    again = windows.open()
    assert share(view_of(again, "skill").splitter.sizes()) == pytest.approx(share(after), abs=0.02)
    # Other lists keep their own layout.
    assert share(view_of(again, "activity").splitter.sizes()) == pytest.approx(
        share(before), abs=0.02
    )


def test_window_size_is_remembered(windows: Windows, qtbot) -> None:
    window = windows.open()
    window.resize(700, 500)
    qtbot.waitUntil(lambda: window.size().width() == 700, timeout=2000)
    assert windows.close(window)

    again = windows.open()
    assert (again.size().width(), again.size().height()) == (700, 500)
