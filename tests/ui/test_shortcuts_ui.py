"""Keyboard shortcuts: New, Find, Delete, Undo/Redo and the tab keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from secondchance.core.db import Database
from secondchance.core.services import records
from secondchance.ui.main_window import MainWindow
from secondchance.ui.tabs.registry import TABS
from tests.ui.helpers import click_row, editor, status, table, type_into, view_of, wait_saved

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def active(sample_window: MainWindow, qtbot) -> MainWindow:
    """Window shortcuts only fire in the active window."""
    sample_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is sample_window, timeout=3000)
    return sample_window


def press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    """A key press where the keyboard focus is, as a person's would be."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    qtbot.keyClick(target, key, modifiers)


def press_shortcut(qtbot, window: MainWindow, action_name: str) -> None:
    """Press the action's own shortcut (Redo's differs between platforms)."""
    action = window.findChild(QAction, action_name)
    assert action is not None and not action.shortcut().isEmpty()
    combination = action.shortcut()[0]  # type: ignore[index]  # the stubs lack __getitem__
    press(qtbot, combination.key(), combination.keyboardModifiers())


def test_ctrl_n_starts_a_new_record_on_a_record_tab(active: MainWindow, db: Database, qtbot):
    view = view_of(active, "journal")
    table(view).setFocus()
    before = view.model.rowCount()

    press(qtbot, Qt.Key.Key_N, CTRL)

    assert view.form_title.text().startswith("New journal entry")
    assert QApplication.focusWidget() is editor(view, "text")
    assert isinstance(QApplication.focusWidget(), QPlainTextEdit)
    qtbot.keyClicks(QApplication.focusWidget(), "Typed straight away")
    wait_saved(qtbot, view)
    assert view.model.rowCount() == before + 1
    texts = [r.values["text"] for r in records.list_records(db, "journal", active.ctx.target_id)]
    assert "Typed straight away" in texts


def test_ctrl_n_on_the_overview_says_where_to_go(active: MainWindow, qtbot) -> None:
    active.tabs.setCurrentWidget(active.overview)
    active.tabs.setFocus()
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert status(active).startswith("Choose a tab with a list")


def test_ctrl_f_focuses_the_search_box(active: MainWindow, qtbot) -> None:
    view = view_of(active, "skill")
    table(view).setFocus()
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, "sql")
    assert view.model.rowCount() == 1


def test_del_on_the_list_deletes_but_not_in_the_search_box(
    active: MainWindow, db: Database, qtbot
) -> None:
    view = view_of(active, "journal")
    before = view.model.rowCount()
    click_row(qtbot, view, 1)
    chosen = view.model.row_at(1)
    assert chosen is not None
    table(view).setFocus()

    press(qtbot, Qt.Key.Key_Delete)

    assert view.model.rowCount() == before - 1
    assert view.model.position_of(chosen.id) < 0
    assert table(view).hasFocus()
    press(qtbot, Qt.Key.Key_Delete)  # the neighbour is selected: Del again deletes it too
    assert view.model.rowCount() == before - 2

    view.search.setFocus()
    type_into(qtbot, view.search, "x")
    press(qtbot, Qt.Key.Key_Delete)
    press(qtbot, Qt.Key.Key_Backspace)
    assert view.model.rowCount() == before - 2
    assert len(records.list_records(db, "journal", active.ctx.target_id)) == before - 2

    table(view).setFocus()
    press_shortcut(qtbot, active, "action_undo")
    press_shortcut(qtbot, active, "action_undo")
    assert view.model.rowCount() == before
    press_shortcut(qtbot, active, "action_redo")
    assert view.model.rowCount() == before - 1


def test_ctrl_digit_switches_tabs(active: MainWindow, qtbot) -> None:
    for index in reversed(range(len(TABS))):
        press(qtbot, getattr(Qt.Key, f"Key_{index + 1}"), CTRL)
        assert active.tabs.currentIndex() == index
