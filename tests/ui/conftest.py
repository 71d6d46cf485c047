"""Fixtures that open the real main window, headless, on a private data folder.

Every test starts from fresh QSettings and a freshly migrated database (tests/conftest.py).
Modal dialogs would block a headless run forever, so any that a test did not arrange for
fails the test at once instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from secondchance.core.db import Database
from secondchance.core.interop import sample
from secondchance.ui.app import make_application
from secondchance.ui.main_window import MainWindow
from tests.ui.helpers import Windows


class UnexpectedDialog(AssertionError):
    pass


def _refuse_dialog(name: str) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        texts = [a for a in args if isinstance(a, str)]
        raise UnexpectedDialog(f"unexpected modal dialog {name}: {texts}")

    return refuse


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog nobody arranged for fails the test instead of hanging the run."""
    for name in ("question", "warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, _refuse_dialog(f"QMessageBox.{name}"))
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, _refuse_dialog(f"QFileDialog.{name}"))
    monkeypatch.setattr(QDialog, "exec", _refuse_dialog("QDialog.exec"))
    # Nor may a test open a file or folder in the desktop's own apps.
    monkeypatch.setattr(QDesktopServices, "openUrl", _refuse_dialog("QDesktopServices.openUrl"))


@pytest.fixture
def clean_settings(qapp: Any) -> QSettings:
    """The application's own names (as at start-up) and empty settings."""
    make_application()
    settings = QSettings()
    settings.clear()
    # The window opens where the test expects it (the last tab), not on the Due view that
    # a day with something due would show; tests/ui/test_due_ui.py turns it back on.
    settings.setValue("due/open_first", False)
    settings.sync()
    return settings


@pytest.fixture
def windows(
    qtbot: QtBot,
    data_dir: Path,
    db: Database,
    clean_settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Windows]:
    """Open (and reopen) windows on ``data_dir``; ``db`` is a separate handle for checks."""
    factory = Windows(qtbot, data_dir, monkeypatch)
    yield factory
    factory.cleanup()


@pytest.fixture
def window(windows: Windows) -> MainWindow:
    return windows.open()


@pytest.fixture
def sample_target(db: Database) -> int:
    return sample.add_sample_target(db)


@pytest.fixture
def sample_window(sample_target: int, windows: Windows) -> MainWindow:
    return windows.open()
