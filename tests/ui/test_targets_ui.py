"""The target selector: first run, sample data, create, edit, delete, undo, switch, reopen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton, QSpinBox

from secondchance import APP_NAME
from secondchance.core.db import Database
from secondchance.core.interop.sample import SAMPLE_COMPANY, SAMPLE_ROLE
from secondchance.core.services import records, targets
from secondchance.ui.dialogs.target_dialog import TargetDialog
from secondchance.ui.main_window import MainWindow
from tests.ui.helpers import (
    Windows,
    button,
    choose_target,
    click,
    click_row,
    context,
    current_target,
    editor,
    error_label,
    row_titles,
    selector,
    status,
    text_of,
    type_into,
    view_of,
)

SAMPLE_TITLE = f"{SAMPLE_COMPANY} — {SAMPLE_ROLE}"


def active(db: Database) -> list[records.RecordRow]:
    """The targets in the selector: the sample's archived earlier application is not."""
    return [t for t in targets.list_targets(db) if t.values["archived_on"] is None]


def fill_and_save(qtbot, steps: Callable[[TargetDialog], None]) -> Callable[[TargetDialog], Any]:
    """A stand-in for ``TargetDialog.exec``: the person types, then presses Save."""

    def fake_exec(dialog: TargetDialog) -> Any:
        dialog.show()  # as exec() would, minus the blocking event loop
        steps(dialog)
        dialog.save()
        result = dialog.result()
        dialog.hide()
        return result

    return fake_exec


def test_first_run_shows_the_welcome_panel(window: MainWindow) -> None:
    welcome = window.findChild(type(window.welcome), "welcome_panel")
    assert welcome is not None and welcome.isVisible()
    assert not window.workspace.isVisible()
    assert window.windowTitle() == APP_NAME
    assert button(welcome, "welcome_create").isVisible()
    assert button(welcome, "welcome_sample").isVisible()


def test_explore_with_sample_data(window: MainWindow, db: Database, qtbot) -> None:
    click(qtbot, button(window.welcome, "welcome_sample"))

    assert window.workspace.isVisible() and not window.welcome.isVisible()
    assert selector(window).currentText() == SAMPLE_TITLE
    assert window.windowTitle() == f"{SAMPLE_TITLE} — {APP_NAME}"
    assert [t.title for t in active(db)] == [SAMPLE_TITLE]
    assert view_of(window, "feedback").model.rowCount() > 0
    assert status(window).startswith("Added the sample target")


def test_create_the_first_target_with_a_cooldown(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    def steps(dialog: TargetDialog) -> None:
        assert dialog.windowTitle() == "Create a target"
        type_into(qtbot, editor(dialog, "company"), "Contoso")
        dialog.save()  # the role is still missing
        assert dialog.result() != TargetDialog.DialogCode.Accepted
        assert error_label(dialog, "role").isVisible()
        assert error_label(dialog, "role").text() == "Role is needed"
        type_into(qtbot, editor(dialog, "role"), "Data Analyst")
        type_into(qtbot, editor(dialog, "rejection_date"), "2025-08-31")
        cooldown = dialog.findChild(QSpinBox, "cooldown_months")
        assert cooldown is not None
        cooldown.setValue(6)

    monkeypatch.setattr(TargetDialog, "exec", fill_and_save(qtbot, steps))
    click(qtbot, button(window.welcome, "welcome_create"))

    assert window.workspace.isVisible()
    assert selector(window).currentText() == "Contoso — Data Analyst"
    [created] = targets.list_targets(db)
    # 31 August + 6 months is the last day of February.
    assert created.values["eligible_date"] == dt.date(2026, 2, 28)
    assert created.values["rejection_date"] == dt.date(2025, 8, 31)
    assert window.countdown.text() == "Eligible to reapply now"
    assert window.overview.countdown.text().startswith("You can reapply now")

    window.undo()  # creating a target can be undone too
    assert targets.list_targets(db) == []
    assert window.welcome.isVisible()
    window.redo()
    assert selector(window).currentText() == "Contoso — Data Analyst"


def test_cancelling_the_new_target_dialog_creates_nothing(
    sample_window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    monkeypatch.setattr(TargetDialog, "exec", lambda dialog: TargetDialog.DialogCode.Rejected)
    click(qtbot, button(sample_window, "new_target"))
    assert len(active(db)) == 1
    assert selector(sample_window).count() == 1


def test_edit_the_target(
    sample_window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    def steps(dialog: TargetDialog) -> None:
        assert dialog.windowTitle() == "Edit target"
        assert text_of(editor(dialog, "company")) == SAMPLE_COMPANY
        type_into(qtbot, editor(dialog, "role"), "Senior Data Analyst")

    monkeypatch.setattr(TargetDialog, "exec", fill_and_save(qtbot, steps))
    click(qtbot, button(sample_window, "edit_target"))

    title = f"{SAMPLE_COMPANY} — Senior Data Analyst"
    assert selector(sample_window).currentText() == title
    assert sample_window.windowTitle() == f"{title} — {APP_NAME}"
    assert [t.title for t in active(db)] == [title]
    assert status(sample_window) == "Target saved ✓"

    sample_window.undo()
    assert selector(sample_window).currentText() == SAMPLE_TITLE


def test_the_edit_dialog_has_no_stray_cooldown_box(sample_window: MainWindow, qtbot) -> None:
    row = records.get_record(sample_window.ctx.db, "target", current_target(sample_window))
    dialog = TargetDialog(context(sample_window), row, sample_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    cooldown = dialog.findChild(QSpinBox, "cooldown_months")
    assert cooldown is not None
    assert not cooldown.isVisible()


class Answer:
    def __init__(self, answer: QMessageBox.StandardButton) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        self.asked.append(str(args[1]))
        return self.answer


def test_delete_the_only_target_then_undo(
    sample_window: MainWindow,
    db: Database,
    sample_target: int,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,
) -> None:
    feedback_count = len(records.list_records(db, "feedback", sample_target))
    # The only target: without the sample's archived earlier application.
    for archived in targets.list_targets(db):
        if archived.values["archived_on"] is not None:
            records.delete_record(db, "target", archived.id)
    no = Answer(QMessageBox.StandardButton.Cancel)
    monkeypatch.setattr(QMessageBox, "question", no)
    click(qtbot, button(sample_window, "delete_target"))
    assert no.asked == ["Delete this target?"]
    assert len(targets.list_targets(db)) == 1

    monkeypatch.setattr(QMessageBox, "question", Answer(QMessageBox.StandardButton.Yes))
    click(qtbot, button(sample_window, "delete_target"))

    assert targets.list_targets(db) == []
    assert sample_window.welcome.isVisible()
    assert sample_window.windowTitle() == APP_NAME
    assert status(sample_window).startswith(f"Deleted “{SAMPLE_TITLE}”")

    sample_window.undo()

    assert sample_window.workspace.isVisible()
    assert selector(sample_window).currentText() == SAMPLE_TITLE
    assert len(records.list_records(db, "feedback", sample_target)) == feedback_count
    assert view_of(sample_window, "feedback").model.rowCount() == feedback_count


def _two_targets(db: Database) -> tuple[int, int]:
    alpha = targets.create_target(db, {"company": "Alpha", "role": "Analyst"}).id
    beta = targets.create_target(db, {"company": "Beta", "role": "Analyst"}).id
    records.create_record(db, "feedback", {"text": "Alpha said SQL"}, alpha)
    records.create_record(db, "feedback", {"text": "Beta said Python"}, beta)
    records.create_record(db, "feedback", {"text": "Beta said numbers"}, beta)
    return alpha, beta


def test_deleting_one_of_two_targets_shows_the_other(
    windows: Windows, db: Database, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    _two_targets(db)
    window = windows.open()
    assert selector(window).currentText() == "Alpha — Analyst"
    monkeypatch.setattr(QMessageBox, "question", Answer(QMessageBox.StandardButton.Yes))
    click(qtbot, button(window, "delete_target"))

    assert selector(window).count() == 1
    assert selector(window).currentText() == "Beta — Analyst"
    assert sorted(row_titles(view_of(window, "feedback"))) == [
        "Beta said Python",
        "Beta said numbers",
    ]

    window.undo()
    assert selector(window).count() == 2


def test_switching_targets_changes_the_lists(windows: Windows, db: Database, qtbot) -> None:
    _two_targets(db)
    window = windows.open()
    view = view_of(window, "feedback")
    assert row_titles(view) == ["Alpha said SQL"]

    choose_target(qtbot, window, "Beta — Analyst")

    assert sorted(row_titles(view)) == ["Beta said Python", "Beta said numbers"]
    assert window.windowTitle() == f"Beta — Analyst — {APP_NAME}"

    choose_target(qtbot, window, "Alpha — Analyst")
    assert row_titles(view) == ["Alpha said SQL"]


def test_switching_targets_waits_for_unsaveable_typing(
    windows: Windows, db: Database, qtbot
) -> None:
    alpha, _beta = _two_targets(db)
    window = windows.open()
    view = view_of(window, "feedback")
    type_into(qtbot, editor(view, "received_on"), "yesterday")

    choose_target(qtbot, window, "Beta — Analyst")

    assert selector(window).currentText() == "Alpha — Analyst"
    assert window.ctx.target_id == alpha
    assert text_of(editor(view, "received_on")) == "yesterday"
    assert error_label(view, "received_on").isVisible()


def test_the_last_target_reopens(windows: Windows, db: Database, qtbot) -> None:
    _two_targets(db)
    window = windows.open()
    choose_target(qtbot, window, "Beta — Analyst")
    assert windows.close(window)

    again = windows.open()
    assert selector(again).currentText() == "Beta — Analyst"
    assert sorted(row_titles(view_of(again, "feedback"))) == [
        "Beta said Python",
        "Beta said numbers",
    ]


def test_target_buttons_are_labelled(sample_window: MainWindow) -> None:
    for name in ("new_target", "edit_target", "delete_target"):
        found = sample_window.findChild(QPushButton, name)
        assert found is not None and found.isVisible() and found.isEnabled()


def test_a_selected_contact_stays_selected_across_targets(
    sample_window: MainWindow, db: Database, qtbot
) -> None:
    window = sample_window
    other = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    window.ctx.notify("target")
    view = view_of(window, "contact")
    click_row(qtbot, view, 2)
    chosen = view._current_id
    assert chosen is not None

    window.ctx.set_target(other)

    assert view._current_id == chosen
    assert view.table.currentIndex().row() == view.model.position_of(chosen)
