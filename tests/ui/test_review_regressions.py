"""Regressions for the review's reproductions, driven through the window's widgets.

Each test failed before the "Review fixes" commit: numbers lost digits in the form, a
busy data file crashed the autosave, unsaveable typing was hidden by a sub-tab or a target
deletion, Delete dropped the last typing and kept the keyboard in the form, a failed undo
claimed success, stale "#id" choices lingered, the parent filter and the highlighted row
disagreed with what was shown, and user text was read as HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QMessageBox, QTabBar

from secondchance.core.db import Database, StorageError
from secondchance.core.services import attachments, records, targets
from secondchance.ui.main_window import MainWindow
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.widgets.file_field import FileField
from tests.ui.helpers import (
    Windows,
    button,
    choose_in_combo,
    choose_target,
    click,
    click_row,
    editor,
    row_titles,
    status,
    table,
    text_of,
    type_into,
    view_of,
    wait_saved,
)

CTRL = Qt.KeyboardModifier.ControlModifier
FIX_FIRST = "Fix the field marked in red first (or undo your typing)"
BUSY = (
    "The data file is busy — another program is using it. Nothing was lost; try again in a moment."
)


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def long_pause(view: RecordView) -> None:
    """Keep the autosave pending, so only the action under test can save the typing."""
    view.timer.setInterval(60_000)


def click_tab(qtbot, bar: QTabBar, index: int) -> None:
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def combo_texts(combo: QComboBox) -> list[str]:
    """What the person sees on opening the list (a reference's list is read then)."""
    combo.showPopup()
    combo.hidePopup()
    return [combo.itemText(i) for i in range(combo.count())]


def messages_of(window: MainWindow) -> list[str]:
    assert window.ctx is not None
    seen: list[str] = []
    window.ctx.status.connect(seen.append)
    return seen


# --- 1. numbers keep every digit ---------------------------------------------------------


def test_an_activity_keeps_every_digit_when_another_field_is_edited(
    windows: Windows, db: Database, qtbot
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    values = {"title": "SQL course", "cost": 123456.5, "hours_planned": 1234.5}
    values["hours_spent"] = 0.125
    rid = records.create_record(db, "activity", values, target.id).id
    view = view_of(windows.open(), "activity")

    assert text_of(editor(view, "cost")) == "123456.5"
    assert text_of(editor(view, "hours_planned")) == "1234.5"
    assert text_of(editor(view, "hours_spent")) == "0.125"
    type_into(qtbot, editor(view, "provider"), "Coursera")
    wait_saved(qtbot, view)

    saved = records.get_record(db, "activity", rid).values
    assert saved["provider"] == "Coursera"
    assert (saved["cost"], saved["hours_planned"], saved["hours_spent"]) == (
        123456.5,
        1234.5,
        0.125,
    )


# --- 2. a busy data file ------------------------------------------------------------------


def test_a_storage_failure_keeps_the_typing_says_so_and_guards_closing(
    windows: Windows, db: Database, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    rid = records.create_record(db, "journal", {"text": "one"}, target.id).id
    window = windows.open()
    view = view_of(window, "journal")
    real_apply = records.apply_changes

    def busy(*_args: Any, **_kwargs: Any) -> Any:
        raise StorageError(BUSY)

    monkeypatch.setattr(records, "apply_changes", busy)
    type_into(qtbot, editor(view, "text"), "typed while the file was busy")
    wait_saved(qtbot, view)

    assert view.flush() is False
    form_message = view.form.visible_errors().get("", "")
    assert form_message.startswith(BUSY)
    assert "Your typing is kept on screen." in form_message
    assert view.form.form_error.isVisible()
    assert status(window) == f"Not saved: {BUSY}"
    assert text_of(editor(view, "text")) == "typed while the file was busy"
    assert records.get_record(db, "journal", rid).values["text"] == "one"

    asked: list[tuple[Any, ...]] = []

    def cancel(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(args)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "warning", cancel)
    assert windows.close(window) is False
    assert len(asked) == 1
    assert window.isVisible()
    assert text_of(editor(view, "text")) == "typed while the file was busy"

    # Once the file is free again, the kept typing is what gets saved.
    monkeypatch.setattr(records, "apply_changes", real_apply)
    assert windows.close(window) is True
    assert len(asked) == 1
    assert records.get_record(db, "journal", rid).values["text"] == (
        "typed while the file was busy"
    )


# --- 3. a sub-tab or tab change never hides unsaveable typing ----------------------------


def test_a_sub_tab_or_tab_change_is_refused_while_typing_cannot_be_saved(
    windows: Windows, db: Database, qtbot
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    rid = records.create_record(db, "feedback", {"text": "slow SQL"}, target.id).id
    window = windows.open()
    view = view_of(window, "feedback")
    tab = window.record_tab("feedback")
    assert tab.subtabs is not None
    type_into(qtbot, editor(view, "text"), "")  # "What they said" is required
    wait_saved(qtbot, view)
    assert "text" in view.form.visible_errors()

    click_tab(qtbot, tab.subtabs.tabBar(), tab.subtabs.indexOf(tab.views["round"]))

    assert tab.current_view() is view
    assert view.isVisible()
    assert "text" in view.form.visible_errors()
    assert status(window) == FIX_FIRST

    window.statusBar().clearMessage()
    skills = window.tabs.indexOf(window.record_tab("skills"))
    click_tab(qtbot, window.tabs.tabBar(), skills)

    assert window.tabs.currentWidget() is tab
    assert tab.current_view() is view and view.isVisible()
    assert status(window) == FIX_FIRST

    # Fixed, the typing is saved and the sub-tab changes as asked.
    type_into(qtbot, editor(view, "text"), "slow SQL joins")
    click_tab(qtbot, tab.subtabs.tabBar(), tab.subtabs.indexOf(tab.views["round"]))
    assert tab.current_view() is tab.views["round"]
    assert records.get_record(db, "feedback", rid).values["text"] == "slow SQL joins"


# --- 4. deleting a target never discards unsaveable typing -------------------------------


def test_delete_target_is_refused_before_asking_while_typing_cannot_be_saved(
    windows: Windows, db: Database, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    records.create_record(db, "contact", {"name": "Ann"}, None)
    window = windows.open()
    view = view_of(window, "contact")
    type_into(qtbot, editor(view, "how_we_met"), "Met at PyCon, she offered to refer me")
    type_into(qtbot, editor(view, "email"), "ann@example")  # not a full address yet
    wait_saved(qtbot, view)
    assert "email" in view.form.visible_errors()
    asked: list[tuple[Any, ...]] = []

    def yes(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(args)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)

    click(qtbot, button(window, "delete_target"))

    assert asked == []
    assert targets.target_exists(db, target.id)
    assert status(window) == FIX_FIRST
    assert text_of(editor(view, "how_we_met")) == "Met at PyCon, she offered to refer me"
    assert text_of(editor(view, "email")) == "ann@example"
    assert "email" in view.form.visible_errors()


# --- 5. Delete saves the last typing first -------------------------------------------------


def test_delete_during_the_autosave_pause_keeps_the_typing_for_undo(
    windows: Windows, db: Database, qtbot
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    rid = records.create_record(db, "journal", {"text": "Finished the SQL course"}, target.id).id
    window = windows.open()
    view = view_of(window, "journal")
    long_pause(view)
    type_into(qtbot, editor(view, "text"), " and passed the exam", replace=False)
    assert view.timer.isActive()  # still within the pause: nothing saved yet

    click(qtbot, button(view, "delete_journal"))
    assert records.list_records(db, "journal", target.id) == []

    action(window, "action_undo").trigger()

    restored = "Finished the SQL course and passed the exam"
    assert records.get_record(db, "journal", rid).values["text"] == restored
    assert text_of(editor(view, "text")) == restored


# --- 6. after Delete, Ctrl+Z reaches the app's Undo --------------------------------------


def test_after_delete_the_keyboard_is_on_the_list_so_ctrl_z_brings_it_back(
    windows: Windows, db: Database, qtbot
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    for text in ("one", "two"):
        records.create_record(db, "journal", {"text": text}, target.id)
    window = windows.open()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    view = view_of(window, "journal")
    editor(view, "text").setFocus()
    assert QApplication.focusWidget() is editor(view, "text")

    action(window, "action_delete").trigger()  # Edit → Delete record, from the form

    assert view.model.rowCount() == 1
    assert QApplication.focusWidget() is table(view)
    qtbot.keyClick(table(view), Qt.Key.Key_Z, CTRL)

    assert view.model.rowCount() == 2
    assert len(records.list_records(db, "journal", target.id)) == 2
    assert status(window).startswith("Brought back")


# --- 7. a failed undo says so ---------------------------------------------------------------


def test_a_failed_undo_says_it_could_not_and_does_not_claim_success(
    windows: Windows, db: Database, qtbot
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    targets.create_target(db, {"company": "Fabrikam", "role": "Analyst"})
    records.create_record(db, "journal", {"text": "one"}, target.id)
    window = windows.open()
    choose_target(qtbot, window, "Contoso — Analyst")
    view = view_of(window, "journal")
    type_into(qtbot, editor(view, "text"), "one, edited")
    wait_saved(qtbot, view)
    assert window.ctx is not None and window.ctx.undo_stack.canUndo()
    records.delete_record(db, "target", target.id)  # e.g. from another part of the app
    seen = messages_of(window)

    action(window, "action_undo").trigger()

    assert status(window).startswith("Couldn't undo the edit: ")
    assert "no longer exists" in status(window)
    assert "Edit undone" not in seen


# --- 9. reference choices never keep a stale "#id" ---------------------------------------


def feedback_with_a_round(windows: Windows, db: Database, qtbot) -> tuple[MainWindow, int]:
    """Alpha's feedback points at Alpha's onsite round; Beta has a screen round."""
    alpha = targets.create_target(db, {"company": "Alpha", "role": "R"})
    beta = targets.create_target(db, {"company": "Beta", "role": "R"})
    onsite = records.create_record(db, "round", {"stage": "onsite"}, alpha.id).id
    records.create_record(db, "round", {"stage": "screen"}, beta.id)
    records.create_record(db, "feedback", {"text": "A", "round_id": onsite}, alpha.id)
    records.create_record(db, "feedback", {"text": "B"}, beta.id)
    window = windows.open()
    choose_target(qtbot, window, "Alpha — R")
    rounds = editor(view_of(window, "feedback"), "round_id")
    assert isinstance(rounds, QComboBox)
    assert rounds.currentText() == "Onsite"
    return window, onsite


def stale(combo: QComboBox) -> list[str]:
    return [text for text in combo_texts(combo) if text.startswith("#")]


def test_reference_choices_drop_the_old_targets_round_after_a_target_switch(
    windows: Windows, db: Database, qtbot
) -> None:
    window, _onsite = feedback_with_a_round(windows, db, qtbot)
    rounds = editor(view_of(window, "feedback"), "round_id")
    assert isinstance(rounds, QComboBox)

    choose_target(qtbot, window, "Beta — R")

    assert window.ctx is not None and window.ctx.target_id is not None
    assert records.get_record(db, "target", window.ctx.target_id).title == "Beta — R"
    assert stale(rounds) == [], combo_texts(rounds)
    assert combo_texts(rounds)[1:] == ["Screen"]


def test_reference_choices_drop_a_deleted_round(windows: Windows, db: Database, qtbot) -> None:
    window, onsite = feedback_with_a_round(windows, db, qtbot)
    rounds = editor(view_of(window, "feedback"), "round_id")
    assert isinstance(rounds, QComboBox) and window.ctx is not None

    records.delete_record(db, "round", onsite)
    window.ctx.notify("round")

    assert stale(rounds) == [], combo_texts(rounds)
    assert "Onsite" not in combo_texts(rounds)
    assert rounds.currentData() is None


# --- 10. a refused parent-filter change is undone on screen ------------------------------


def test_a_refused_parent_filter_change_goes_back_to_the_previous_contact(
    windows: Windows, db: Database, qtbot
) -> None:
    targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    ann = records.create_record(db, "contact", {"name": "Ann"}).id
    bob = records.create_record(db, "contact", {"name": "Bob"}).id
    records.create_record(
        db, "interaction", {"contact_id": ann, "summary": "coffee with Ann", "date": "2025-01-05"}
    )
    records.create_record(db, "interaction", {"contact_id": bob, "summary": "call with Bob"})
    window = windows.open()
    view = view_of(window, "interaction")
    assert view.parent_filter is not None
    choose_in_combo(qtbot, view.parent_filter, "Ann")
    shown = row_titles(view)
    assert len(shown) == 1 and "Ann" in shown[0]
    type_into(qtbot, editor(view, "follow_up_date"), "2024-01-01")  # before the conversation
    wait_saved(qtbot, view)
    assert "follow_up_date" in view.form.visible_errors()

    choose_in_combo(qtbot, view.parent_filter, "Bob")

    assert view.parent_filter.currentText() == "Ann"
    assert row_titles(view) == shown
    assert text_of(editor(view, "follow_up_date")) == "2024-01-01"
    assert "follow_up_date" in view.form.visible_errors()


# --- 11. a click while typing follows the click -------------------------------------------


def test_clicking_another_row_while_typing_highlights_and_shows_that_row(
    windows: Windows, db: Database, qtbot
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    for question in ("alpha", "beta", "gamma"):
        records.create_record(db, "reflection", {"question": question}, target.id)
    window = windows.open()
    view = view_of(window, "reflection")
    long_pause(view)
    click_row(qtbot, view, 0)
    first = view.model.row_at(0)
    clicked = view.model.row_at(2)
    assert first is not None and clicked is not None
    type_into(qtbot, editor(view, "what_i_said"), "I rambled")

    click_row(qtbot, view, 2)  # before the autosave pause ends

    assert records.get_record(db, "reflection", first.id).values["what_i_said"] == "I rambled"
    current = table(view).currentIndex()
    assert current.isValid() and current.row() == view.model.position_of(clicked.id)
    selected = [index.row() for index in table(view).selectionModel().selectedRows()]
    assert selected == [current.row()]
    assert text_of(editor(view, "question")) == clicked.values["question"]
    assert text_of(editor(view, "what_i_said")) == ""


# --- 12. attachments show the name a person recognises, as plain text ------------------


def test_an_attachment_shows_its_original_name_as_plain_text(
    windows: Windows, db: Database, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    rid = records.create_record(db, "resume", {"label": "v2"}, target.id).id
    source = tmp_path / "Résumé <v2>.pdf"
    source.write_bytes(b"%PDF-1.4 pretend resume")
    view = view_of(windows.open(), "resume")
    field = editor(view, "file")
    assert isinstance(field, FileField)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(source), "All files (*)")
    )

    click(qtbot, field.attach_button)
    wait_saved(qtbot, view)

    stored = records.get_record(db, "resume", rid).values["file"]
    assert isinstance(stored, str)
    shown = attachments.display_name(stored)
    assert shown == "Résumé _v2.pdf"
    assert field.label.textFormat() == Qt.TextFormat.PlainText
    assert field.label.text().startswith(shown)
    assert field.label.text() == "Résumé _v2.pdf (a copy kept with your data)"
    assert attachments.path_of(db, stored).read_bytes() == source.read_bytes()


# --- 13. message boxes show user text as typed ---------------------------------------------


def test_the_delete_target_question_escapes_the_targets_name(
    windows: Windows, db: Database, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets.create_target(db, {"company": "<b>Acme</b>", "role": "Analyst"})
    window = windows.open()
    asked: list[str] = []

    def cancel(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(" ".join(a for a in args if isinstance(a, str)))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)

    click(qtbot, button(window, "delete_target"))

    assert len(asked) == 1
    assert "&lt;b&gt;Acme&lt;/b&gt;" in asked[0]
    assert "<b>Acme</b>" not in asked[0]
    assert len(targets.list_targets(db)) == 1
