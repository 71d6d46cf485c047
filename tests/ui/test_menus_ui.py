"""The menu bar's own actions (the rest are covered where their feature is)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMessageBox

from secondchance import __version__
from secondchance.core.db import Database
from secondchance.core.interop.sample import SAMPLE_COMPANY
from secondchance.core.services import targets
from secondchance.ui.main_window import MainWindow
from tests.ui.helpers import selector, view_of


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def test_about_names_the_version_and_the_data_folder(
    sample_window: MainWindow, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[Any, ...]] = []
    monkeypatch.setattr(QMessageBox, "about", lambda *args: shown.append(args))
    action(sample_window, "action_about").trigger()
    [(_parent, title, text)] = shown
    assert title.startswith("About")
    assert __version__ in text
    assert str(data_dir) in text
    assert "never connects to the internet" in text


def test_open_data_folder(
    sample_window: MainWindow, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    action(sample_window, "action_data_folder").trigger()
    assert [Path(url.toLocalFile()) for url in opened] == [data_dir]


def test_add_a_second_sample_target(sample_window: MainWindow, db: Database) -> None:
    action(sample_window, "action_sample").trigger()
    titles = [t.title for t in targets.list_targets(db) if t.values["archived_on"] is None]
    assert len(titles) == 2
    assert selector(sample_window).currentText().startswith(f"{SAMPLE_COMPANY} (sample 2)")
    assert view_of(sample_window, "feedback").model.rowCount() > 0


def test_new_and_delete_record_from_the_edit_menu(sample_window: MainWindow) -> None:
    view = view_of(sample_window, "journal")
    before = view.model.rowCount()
    action(sample_window, "action_delete").trigger()
    assert view.model.rowCount() == before - 1
    action(sample_window, "action_new").trigger()
    assert view.form_title.text().startswith("New journal entry")
    action(sample_window, "action_undo").trigger()
    assert view.model.rowCount() == before


def test_quit_closes_the_window(sample_window: MainWindow) -> None:
    action(sample_window, "action_quit").trigger()
    assert not sample_window.isVisible()
