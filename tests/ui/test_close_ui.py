"""Closing the window never loses typing, and asks before dropping what can't be saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from secondchance.core.db import Database
from secondchance.core.services import records, targets
from tests.ui.helpers import (
    Windows,
    button,
    click,
    click_row,
    editor,
    status,
    text_of,
    type_into,
    view_of,
)


def _target(db: Database) -> int:
    return targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id


def test_a_new_record_typed_just_before_closing_is_kept(windows: Windows, db: Database, qtbot):
    target = _target(db)
    window = windows.open()
    view = view_of(window, "journal")
    click(qtbot, button(view, "new_journal"))
    type_into(qtbot, editor(view, "text"), "Typed in a hurry")
    assert view.timer.isActive()  # the autosave has not happened yet

    assert windows.close(window)

    again = windows.open()
    reopened = view_of(again, "journal")
    assert reopened.model.rowCount() == 1
    assert text_of(editor(reopened, "text")) == "Typed in a hurry"
    assert [r.values["text"] for r in records.list_records(db, "journal", target)] == [
        "Typed in a hurry"
    ]


def test_an_edit_typed_just_before_closing_is_kept(windows: Windows, db: Database, qtbot):
    target = _target(db)
    entry = records.create_record(db, "journal", {"text": "Before"}, target)
    window = windows.open()
    view = view_of(window, "journal")
    type_into(qtbot, editor(view, "text"), " and after", replace=False)
    type_into(qtbot, editor(view, "date"), "2026-01-15")

    assert windows.close(window)

    again = windows.open()
    reopened = view_of(again, "journal")
    assert text_of(editor(reopened, "text")) == "Before and after"
    assert text_of(editor(reopened, "date")) == "2026-01-15"
    values = records.get_record(db, "journal", entry.id).values
    assert (values["text"], values["date"]) == ("Before and after", dt.date(2026, 1, 15))


def test_changing_tab_or_record_saves_at_once(windows: Windows, db: Database, qtbot):
    target = _target(db)
    first = records.create_record(db, "journal", {"text": "First"}, target)
    second = records.create_record(db, "journal", {"text": "Second"}, target)
    window = windows.open()
    view = view_of(window, "journal")
    click_row(qtbot, view, view.model.position_of(first.id))

    type_into(qtbot, editor(view, "text"), "First, edited")
    click_row(qtbot, view, view.model.position_of(second.id))
    assert records.get_record(db, "journal", first.id).values["text"] == "First, edited"
    assert text_of(editor(view, "text")) == "Second"

    type_into(qtbot, editor(view, "text"), "Second, edited")
    window.tabs.setCurrentIndex(0)
    assert records.get_record(db, "journal", second.id).values["text"] == "Second, edited"


class Asked:
    def __init__(self, answer: QMessageBox.StandardButton) -> None:
        self.answer = answer
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        self.calls.append(args)
        return self.answer


def test_closing_with_unsaveable_typing_asks_first(
    windows: Windows, db: Database, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    target = _target(db)
    entry = records.create_record(db, "journal", {"text": "Kept"}, target)
    window = windows.open()
    view = view_of(window, "journal")
    type_into(qtbot, editor(view, "date"), "2026-02-30")

    cancel = Asked(QMessageBox.StandardButton.Cancel)
    monkeypatch.setattr(QMessageBox, "warning", cancel)
    assert not windows.close(window)

    assert len(cancel.calls) == 1
    assert cancel.calls[0][1] == "Some typing isn't saved"
    assert window.isVisible()
    assert text_of(editor(view, "date")) == "2026-02-30"
    assert status(window) == "Not saved yet: 2026-02-30 is not a date on the calendar"

    discard = Asked(QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(QMessageBox, "warning", discard)
    assert windows.close(window)

    assert len(discard.calls) == 1
    assert not window.isVisible()
    assert records.get_record(db, "journal", entry.id).values["date"] is None
    again = windows.open()
    assert text_of(editor(view_of(again, "journal"), "date")) == ""
