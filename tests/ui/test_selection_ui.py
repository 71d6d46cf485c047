"""What's on screen stays in step with what's selected: the form shows a row the list shows
(or says why it shows none), undo and redo select what they bring back, Esc throws away a
new record never saved, and new records start with sensible values."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from secondchance.core.db import Database
from secondchance.core.services import records, targets
from secondchance.ui.main_window import MainWindow
from tests.ui.helpers import (
    Windows,
    click_row,
    editor,
    table,
    text_of,
    type_into,
    view_of,
    wait_saved,
)


def shown_id(view) -> int | None:
    return view.current_id if view.detail.showing_form else None


def test_search_moves_the_form_to_a_row_it_shows_and_back(
    sample_window: MainWindow, db: Database, qtbot
) -> None:
    sample_window.open_view("feedback")
    view = view_of(sample_window, "feedback")
    chosen = view.model.row_at(0)
    assert chosen is not None and shown_id(view) == chosen.id
    hidden_word = "dashboard"
    assert hidden_word not in chosen.search_text

    type_into(qtbot, view.search, hidden_word)
    assert view.model.rowCount() >= 1
    visible = {view.model.row_at(i).id for i in range(view.model.rowCount())}
    assert shown_id(view) in visible  # never the record the search hides
    assert view.table.currentIndex().row() == view.model.position_of(view.current_id or 0)

    type_into(qtbot, view.search, "zzz nothing matches")
    assert view.model.rowCount() == 0
    assert not view.detail.showing_form
    assert "match" in view.detail.empty.text()
    assert view.current_id is None

    type_into(qtbot, view.search, "")
    # The record shown before the search comes back.
    assert shown_id(view) == chosen.id


def test_a_filter_hiding_the_record_moves_the_form_too(sample_window: MainWindow, qtbot) -> None:
    sample_window.open_view("feedback")
    view = view_of(sample_window, "feedback")
    addressed = next(
        view.model.row_at(i)
        for i in range(view.model.rowCount())
        if view.model.row_at(i).values["status"].name == "addressed"
    )
    assert addressed is not None
    click_row(qtbot, view, view.model.position_of(addressed.id))
    assert shown_id(view) == addressed.id
    tab = sample_window.record_tab("feedback")
    tab.only_open.setChecked(True)  # type: ignore[attr-defined]
    assert view.model.position_of(addressed.id) < 0
    assert shown_id(view) != addressed.id and shown_id(view) is not None


def test_typing_is_saved_before_the_search_moves_the_form(
    sample_window: MainWindow, db: Database, qtbot
) -> None:
    sample_window.open_view("journal")
    view = view_of(sample_window, "journal")
    first = view.model.row_at(0)
    assert first is not None
    type_into(qtbot, editor(view, "text"), "Written just before searching")
    type_into(qtbot, view.search, "zzz nothing")
    assert records.get_record(db, "journal", first.id).values["text"] == (
        "Written just before searching"
    )


def test_undo_of_a_delete_selects_the_record_it_brings_back(
    sample_window: MainWindow, db: Database, qtbot
) -> None:
    sample_window.open_view("skill")
    view = view_of(sample_window, "skill")
    click_row(qtbot, view, 2)
    doomed = view.current_id
    assert doomed is not None
    view.delete_current()
    assert view.current_id != doomed
    sample_window.tabs.setCurrentWidget(sample_window.overview)  # elsewhere, then Ctrl+Z

    sample_window.undo()
    assert sample_window.current_record_view() is view
    assert view.current_id == doomed and view.detail.showing_form
    assert view.table.currentIndex().row() == view.model.position_of(doomed)

    sample_window.redo()  # deleted again: nothing to select, the list goes on
    assert view.model.position_of(doomed) < 0
    sample_window.undo()
    assert view.current_id == doomed


def test_undo_of_an_edit_selects_the_edited_record(
    sample_window: MainWindow, db: Database, qtbot
) -> None:
    sample_window.open_view("journal")
    view = view_of(sample_window, "journal")
    click_row(qtbot, view, 1)
    edited = view.current_id
    type_into(qtbot, editor(view, "text"), "An edit to undo")
    wait_saved(qtbot, view)
    click_row(qtbot, view, 0)
    assert view.current_id != edited

    sample_window.undo()
    assert view.current_id == edited
    assert text_of(editor(view, "text")) != "An edit to undo"


def test_esc_throws_away_a_new_record_never_saved(
    sample_window: MainWindow, db: Database, qtbot
) -> None:
    sample_window.open_view("feedback")
    view = view_of(sample_window, "feedback")
    before = view.model.total_count
    previous = view.current_id
    view.new_record()
    assert view.form_title.text().startswith("New feedback")
    qtbot.keyClick(editor(view, "response"), Qt.Key.Key_A)  # not enough to save it
    qtbot.keyClick(editor(view, "response"), Qt.Key.Key_Escape)
    assert not view.form_title.text().startswith("New feedback")
    assert view.model.total_count == before
    assert len(records.list_records(db, "feedback", sample_window.ctx.target_id)) == before
    assert view.current_id == previous
    assert "Threw away" in sample_window.statusBar().currentMessage()


def test_esc_on_a_saved_record_changes_nothing(sample_window: MainWindow, qtbot) -> None:
    sample_window.open_view("journal")
    view = view_of(sample_window, "journal")
    shown = view.current_id
    qtbot.keyClick(table(view), Qt.Key.Key_Escape)
    assert view.current_id == shown and view.detail.showing_form


def test_new_records_start_with_today_where_a_date_is_received(
    windows: Windows, db: Database, qtbot
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    records.create_record(db, "contact", {"name": "Zoë", "targets": [target]})
    window = windows.open()
    today = dt.date.today().isoformat()
    for kind, field in (
        ("feedback", "received_on"),
        ("journal", "date"),
        ("interaction", "date"),
        ("cover_letter", "created_on"),
        ("resume", "created_on"),
    ):
        window.open_view(kind)
        view = view_of(window, kind)
        view.new_record()
        assert text_of(editor(view, field)) == today, kind
        view.escape()
    # A date that is rightly unknown stays empty.
    window.open_view("resume")
    view = view_of(window, "resume")
    view.new_record()
    assert text_of(editor(view, "sent_on")) == ""
