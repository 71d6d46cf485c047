"""Archive and attempt 2 through the real widgets: the target dialog's buttons, the selector
and its "Show archived targets", the banner, the first attempt kept read-only, and undo."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.interop.sample import SAMPLE_COMPANY, SAMPLE_ROLE
from secondchance.core.services import attempts, records
from secondchance.core.services import field_names as F
from secondchance.ui.dialogs.target_dialog import TargetDialog
from secondchance.ui.main_window import MainWindow
from tests.ui.helpers import button, click, context, current_target, editor, selector, view_of

SAMPLE_TITLE = f"{SAMPLE_COMPANY} — {SAMPLE_ROLE}"


def _items(window: MainWindow) -> list[str]:
    combo = selector(window)
    return [combo.itemText(i) for i in range(combo.count())]


def _in_dialog(steps: Any) -> Any:
    def run(dialog: QDialog) -> int:
        dialog.show()
        steps(dialog)
        result = dialog.result()
        dialog.hide()
        return result

    return run


def test_archived_targets_leave_the_selector_until_asked_for(
    sample_window: MainWindow, db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The sample's earlier application is archived: not in the selector.
    assert _items(sample_window) == [SAMPLE_TITLE]
    show = sample_window.findChild(QAction, "action_show_archived")
    assert show is not None and show.isCheckable() and not show.isChecked()
    show.trigger()
    assert _items(sample_window) == [
        "Fabrikam Clinics — Junior Data Analyst (archived)",
        SAMPLE_TITLE,
    ]
    show.trigger()

    # Archive the current target from its dialog, with an edit typed in the same save.
    def steps(dialog: TargetDialog) -> None:
        editor(dialog, "notes").setPlainText("Closing this chapter.")
        click(qtbot, button(dialog, "target_archive"))

    monkeypatch.setattr(QDialog, "exec", _in_dialog(steps))
    click(qtbot, button(sample_window, "edit_target"))
    target = records.get_record(db, "target", current_target(sample_window))
    assert target.values[F.target.archived_on] is not None
    assert target.values[F.target.notes] == "Closing this chapter."
    # Still chosen, marked, with a way back.
    assert selector(sample_window).currentText() == f"{SAMPLE_TITLE} (archived)"
    banner = sample_window.target_banner
    assert banner.isVisible() and "is archived" in banner.text()
    banner.linkActivated.emit(f"unarchive:{target.id}")
    assert records.get_record(db, "target", target.id).values[F.target.archived_on] is None
    assert not banner.isVisible()
    assert selector(sample_window).currentText() == SAMPLE_TITLE


def test_attempt_two_starts_from_the_first_which_is_kept(
    sample_window: MainWindow, db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = current_target(sample_window)
    skills_before = {r.title for r in records.list_records(db, "skill", first)}
    questions_before = len(records.list_records(db, "question", first))
    asked: list[str] = []

    def yes(*args: Any, **_kw: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    def steps(dialog: TargetDialog) -> None:
        outcome = editor(dialog, "outcome")
        outcome.setCurrentIndex(outcome.findData(m.ReapplyOutcome.rejected_again.name))
        editor(dialog, "reapplied_on").line.setText("2099-01-01")  # refused: after the outcome
        editor(dialog, "outcome_on").line.setText("2098-12-01")
        click(qtbot, button(dialog, "start_next_attempt"))
        assert dialog.result() != QDialog.DialogCode.Accepted  # the save was refused
        editor(dialog, "reapplied_on").line.setText("")
        editor(dialog, "outcome_on").line.setText("")
        click(qtbot, button(dialog, "start_next_attempt"))

    monkeypatch.setattr(QMessageBox, "question", yes)
    monkeypatch.setattr(QDialog, "exec", _in_dialog(steps))
    click(qtbot, button(sample_window, "edit_target"))
    assert "carries your 6 skills" in asked[-1]

    second = current_target(sample_window)
    assert second != first
    assert selector(sample_window).currentText() == f"{SAMPLE_TITLE} (attempt 2)"
    assert {r.title for r in records.list_records(db, "skill", second)} == skills_before
    assert len(records.list_records(db, "question", second)) == questions_before
    assert view_of(sample_window, "skill").model.rowCount() == len(skills_before)
    assert records.list_records(db, "feedback", second) == []

    # The first attempt: archived, kept as it was, read-only in every list.
    assert attempts.summary(db, first).kept
    sample_window.show_target(first)
    assert current_target(sample_window) == first
    banner = sample_window.target_banner
    assert banner.isVisible() and "kept as it was" in banner.text()
    feedback = view_of(sample_window, "feedback")
    assert feedback.model.rowCount() > 0
    assert not feedback.new_button.isEnabled() and not feedback.delete_button.isEnabled()
    assert not feedback.form.isEnabled()
    assert context(sample_window).target_kept

    # Its dialog: the details stay as they were; starting again is not offered.
    def look(dialog: TargetDialog) -> None:
        assert not dialog.form.isEnabled()
        assert not button(dialog, "start_next_attempt").isEnabled()
        assert button(dialog, "target_archive").text() == "Bring back"
        dialog.reject()

    monkeypatch.setattr(QDialog, "exec", _in_dialog(look))
    click(qtbot, button(sample_window, "edit_target"))

    # The banner leads to the newer attempt; one undo takes the whole start back.
    banner.linkActivated.emit(f"target:{second}")
    assert current_target(sample_window) == second
    context(sample_window).undo_stack.undo()  # the start of attempt 2
    assert not attempts.summary(db, first).kept
    assert [t.id for t in attempts.all_targets(db) if t.attempt == 2] == []
    assert current_target(sample_window) == first
    assert view_of(sample_window, "feedback").new_button.isEnabled()
