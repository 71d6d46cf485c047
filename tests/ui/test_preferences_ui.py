"""Preferences: the person's name and e-mail, checked before they are kept."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from secondchance.core.db import Database
from secondchance.core.services import preferences
from secondchance.ui.dialogs.preferences_dialog import PreferencesDialog
from secondchance.ui.main_window import MainWindow
from tests.ui.helpers import click, context, status, type_into


def _parts(dialog: PreferencesDialog) -> tuple[QLineEdit, QLineEdit, Any]:
    name = dialog.findChild(QLineEdit, "pref_name")
    email = dialog.findChild(QLineEdit, "pref_email")
    buttons = dialog.findChild(QDialogButtonBox)
    assert name is not None and email is not None and buttons is not None
    return name, email, buttons.button(QDialogButtonBox.StandardButton.Save)


def test_an_invalid_email_is_refused_next_to_it(
    sample_window: MainWindow, db: Database, qtbot
) -> None:
    dialog = PreferencesDialog(context(sample_window), sample_window)
    qtbot.addWidget(dialog)
    dialog.show()
    name, email, save = _parts(dialog)
    type_into(qtbot, name, "Amara Okafor")
    type_into(qtbot, email, "amara at example")

    click(qtbot, save)

    assert dialog.isVisible()
    assert dialog.errors["email"].isVisible()
    assert dialog.errors["email"].text() == "Enter an e-mail address like name@example.com"
    assert not dialog.errors["name"].isVisible()
    assert email.text() == "amara at example"
    assert preferences.load(db) == preferences.Preferences()


def test_valid_preferences_are_saved(sample_window: MainWindow, db: Database, qtbot) -> None:
    dialog = PreferencesDialog(context(sample_window), sample_window)
    qtbot.addWidget(dialog)
    dialog.show()
    name, email, save = _parts(dialog)
    type_into(qtbot, name, "Amara Okafor")
    type_into(qtbot, email, "amara at example")
    click(qtbot, save)
    type_into(qtbot, email, " amara@example.org ")

    click(qtbot, save)

    assert not dialog.isVisible()
    assert dialog.result() == PreferencesDialog.DialogCode.Accepted
    assert preferences.load(db) == preferences.Preferences("Amara Okafor", "amara@example.org")
    assert status(sample_window) == "Preferences saved ✓"

    again = PreferencesDialog(context(sample_window), sample_window)
    qtbot.addWidget(again)
    name, email, _save = _parts(again)
    assert (name.text(), email.text()) == ("Amara Okafor", "amara@example.org")


def test_the_menu_opens_preferences(
    sample_window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    def fake_exec(dialog: PreferencesDialog) -> Any:
        dialog.show()
        name, email, save = _parts(dialog)
        type_into(qtbot, name, "Amara")
        type_into(qtbot, email, "amara@example.org")
        click(qtbot, save)
        return dialog.result()

    monkeypatch.setattr(PreferencesDialog, "exec", fake_exec)
    action = sample_window.findChild(QAction, "action_preferences")
    assert action is not None
    action.trigger()
    assert preferences.load(db) == preferences.Preferences("Amara", "amara@example.org")
