"""A long list opens on its first rows and is read whole off the GUI thread: what a person
does meanwhile (an edit, a search, a sort, another reload) is kept when the rest arrives."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt

from secondchance.core.db import Database
from secondchance.core.services import records
from secondchance.core.services.records import Create, apply_changes
from secondchance.ui.main_window import MainWindow
from secondchance.ui.records import record_view, table_model
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.records.table_model import RecordTableModel
from tests.ui.helpers import context, current_target, editor

HEAD = 6
ITEMS = 40


@pytest.fixture
def long_list(
    sample_target: int, db: Database, windows: Any, monkeypatch: pytest.MonkeyPatch
) -> MainWindow:
    apply_changes(
        db,
        [
            Create(
                "feedback",
                {"text": f"item {i} zq", "received_on": dt.date(2025, 1, 1) + dt.timedelta(days=i)},
                sample_target,
            )
            for i in range(ITEMS)
        ],
    )
    monkeypatch.setattr(record_view, "WHOLE_UP_TO", 10)
    monkeypatch.setattr(record_view, "HEAD_ROWS", HEAD)
    return windows.open()


def shown_ids(view: RecordView) -> list[int]:
    return [view.model.row_at(i).id for i in range(view.model.rowCount())]


def open_feedback(window: MainWindow) -> RecordView:
    view = window.open_view("feedback")
    assert isinstance(view, RecordView)
    return view


def held_read(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The whole list is read, then held until the second event is set."""
    read, go_on = threading.Event(), threading.Event()
    real = table_model.read_sorted

    def held(*args: Any) -> Any:
        found = real(*args)
        read.set()
        go_on.wait(10)
        return found

    monkeypatch.setattr(f"{record_view.__name__}.read_sorted", held)
    return read, go_on


def settle(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.work_pending(), timeout=10_000)


def test_a_long_list_opens_on_its_first_rows_then_holds_them_all(
    long_list: MainWindow, qtbot: Any, db: Database
) -> None:
    target = current_target(long_list)
    whole = records.list_records(db, "feedback", target)
    view = open_feedback(long_list)
    reloads: list[int] = []
    view.reloaded.connect(lambda: reloads.append(view.model.rowCount()))

    first = shown_ids(view)
    assert len(first) == HEAD
    assert view.count_label.text() == f"{len(whole)} · loading…"
    assert view.current_id == first[0]  # the newest item, selected and in the form

    settle(qtbot, long_list)
    assert view.model.rowCount() == len(whole) and view.count_label.text() == str(len(whole))
    assert shown_ids(view)[:HEAD] == first  # the first rows were the whole list's first
    # Sorted off the GUI thread as the list sorts its rows itself.
    here = RecordTableModel(view.kind)
    here.set_rows(whole)
    assert shown_ids(view) == [here.row_at(i).id for i in range(here.rowCount())]
    assert reloads == [len(whole)]
    assert view.current_id == first[0]


def test_an_edit_saved_while_the_list_is_read_is_what_the_list_shows(
    long_list: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    read, go_on = held_read(monkeypatch)
    view = open_feedback(long_list)
    first = view.current_id
    assert read.wait(10)
    editor(view, "text").setPlainText("item 39, reworded while the list was read")
    assert view.flush()
    go_on.set()

    settle(qtbot, long_list)
    assert first is not None
    row = view.model.row_at(view.model.position_of(first))
    assert row is not None and row.values["text"] == "item 39, reworded while the list was read"
    assert editor(view, "text").toPlainText() == "item 39, reworded while the list was read"


def test_a_search_and_a_sort_made_while_the_list_is_read_apply_to_all_of_it(
    long_list: MainWindow, qtbot: Any
) -> None:
    view = open_feedback(long_list)
    view.search.setText("zq")
    date_column = list(view.kind.columns).index("received_on")
    view.table.sortByColumn(date_column, Qt.SortOrder.AscendingOrder)

    settle(qtbot, long_list)
    texts = [view.model.row_at(i).values["text"] for i in range(view.model.rowCount())]
    assert texts == [f"item {i} zq" for i in range(ITEMS)]  # the oldest first
    assert view.count_label.text().startswith(f"{ITEMS} of ")


def test_a_reload_while_the_list_is_read_is_not_undone_by_the_older_read(
    long_list: MainWindow, qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    read, go_on = held_read(monkeypatch)
    view = open_feedback(long_list)
    assert read.wait(10)
    apply_changes(db, [Create("feedback", {"text": "newest of all"}, current_target(long_list))])
    view.reload()  # as a save or a delete in the view does: read here and now
    total = view.model.rowCount()
    go_on.set()
    settle(qtbot, long_list)
    assert view.model.rowCount() == total
    assert "newest of all" in [view.model.row_at(i).title for i in range(total)]


def test_a_whole_list_that_cannot_be_read_says_so_and_keeps_its_first_rows(
    long_list: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any) -> Any:
        raise OSError("disk I/O error")

    monkeypatch.setattr(f"{record_view.__name__}.read_sorted", broken)
    messages: list[str] = []
    view = open_feedback(long_list)
    view.ctx.status.connect(messages.append)
    settle(qtbot, long_list)
    assert view.model.rowCount() == HEAD
    assert "Couldn't load feedback; see the log file." in messages
    assert "loading" not in view.count_label.text()


def test_another_target_opens_on_its_own_first_rows(
    long_list: MainWindow, qtbot: Any, db: Database
) -> None:
    from tests.ui.helpers import choose_target

    view = open_feedback(long_list)
    settle(qtbot, long_list)
    other = records.create_record(db, "target", {"company": "Zeta", "role": "Lead"}).id
    apply_changes(db, [Create("feedback", {"text": f"zeta {i}"}, other) for i in range(ITEMS // 2)])
    context(long_list).notify("target")
    choose_target(qtbot, long_list, "Zeta — Lead")

    assert view.model.rowCount() == HEAD  # none of the other target's rows meanwhile
    assert all(view.model.row_at(i).title.startswith("zeta") for i in range(HEAD))
    settle(qtbot, long_list)
    assert view.model.rowCount() == ITEMS // 2
