"""Every record view, driven through its widgets: empty state, new, edit, search, sort,
delete, undo and redo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt

from secondchance.core.dates import medium_date
from secondchance.core.db import Database
from secondchance.core.services import records
from secondchance.core.services.kinds import KINDS
from secondchance.ui.widgets.empty_state import EmptyState
from tests.ui.helpers import (
    CASE_IDS,
    CASES,
    WORDS,
    Case,
    Windows,
    World,
    add_records,
    button,
    click,
    click_header,
    click_row,
    column_texts,
    editor,
    make_world,
    sort_value,
    status,
    table,
    text_of,
    type_into,
    view_of,
    wait_saved,
)


def test_every_record_view_is_covered() -> None:
    covered = {case.kind for case in CASES}
    assert covered == set(KINDS) - {"target"}


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_empty_state_offers_its_button(windows: Windows, db: Database, case: Case, qtbot) -> None:
    make_world(db, case)
    window = windows.open()
    view = view_of(window, case.kind)
    kind = KINDS[case.kind]

    empty = view.findChild(EmptyState, f"empty_{case.kind}")
    assert empty is not None and empty.isVisible()
    assert empty.label.text() == kind.empty_text
    assert empty.button.text() == kind.empty_action
    assert not table(view).isVisible()
    assert not view.search.isEnabled()  # nothing to search yet

    click(qtbot, empty.button)

    if case.kind == "mock":
        # Its tab takes the empty state's button over: it starts a mock interview.
        dialog = window.tab_pages["interview_prep"].dialog  # type: ignore[attr-defined]
        assert dialog is not None and dialog.objectName() == "mock_dialog"
        dialog.reject()
        return
    assert not empty.isVisible()
    assert view.form.isVisible() and view.form.isEnabled()
    assert view.form_title.text().startswith(f"New {kind.label}")
    assert records.list_records(db, case.kind, window.ctx.target_id) == []


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_new_record_autosaves_then_edits_save_and_undo(
    windows: Windows, db: Database, case: Case, qtbot
) -> None:
    world = make_world(db, case)
    window = windows.open()
    view = view_of(window, case.kind)

    click(qtbot, button(view, f"new_{case.kind}"))
    first = f"Banana {case.kind}"
    type_into(qtbot, editor(view, case.text_field), first)

    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=3000)
    assert table(view).isVisible()
    assert status(window).startswith("Saved")
    saved = records.list_records(db, case.kind, world.target_id)
    assert [row.values[case.text_field] for row in saved] == [first]
    record_id = saved[0].id
    assert view.form_title.text() == saved[0].title

    same_field = case.edit_field == case.text_field
    field = editor(view, case.edit_field)
    type_into(qtbot, field, " (edited)" if same_field else "Edited text", replace=not same_field)
    expected = text_of(field)
    wait_saved(qtbot, view)
    assert status(window).startswith("Saved")
    assert records.get_record(db, case.kind, record_id).values[case.edit_field] == expected

    # Ctrl+Z undoes the edit, then the creation; Ctrl+Shift+Z brings the record back.
    window.undo()
    previous = first if same_field else None
    assert records.get_record(db, case.kind, record_id).values[case.edit_field] == previous
    assert text_of(editor(view, case.edit_field)) == (previous or "")
    window.undo()
    assert records.list_records(db, case.kind, world.target_id) == []
    qtbot.waitUntil(lambda: view.empty.isVisible(), timeout=3000)
    window.redo()
    assert view.model.rowCount() == 1
    assert records.get_record(db, case.kind, record_id).values[case.text_field] == first


def _expected_column(case: Case, descending: bool) -> list[str]:
    """The column's texts in order: sorted by value (dates by date), shown as on screen."""
    keys = []
    for i in range(len(WORDS)):
        value = sort_value(case, i)
        if case.sort_field == case.text_field:
            value = f"{WORDS[i]} {case.kind}"
        keys.append("" if value is None else str(value))
    present = sorted((k for k in keys if k), key=str.casefold, reverse=descending)
    is_date = KINDS[case.kind].field(case.sort_field).type.value == "date"

    def shown(key: str) -> str:
        return medium_date(dt.date.fromisoformat(key)) if key and is_date else key

    return [shown(k) for k in present] + ["" for k in keys if not k]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_search_filters_and_header_sorts(windows: Windows, db: Database, case: Case, qtbot) -> None:
    world = make_world(db, case)
    add_records(db, world, case)
    window = windows.open()
    view = view_of(window, case.kind)
    assert view.model.rowCount() == 4
    assert view.count_label.text() == "4"

    type_into(qtbot, view.search, "banana")
    assert view.model.rowCount() == 1
    only = view.model.row_at(0)
    assert only is not None and only.values[case.text_field] == f"Banana {case.kind}"
    assert view.count_label.text() == "1 of 4"
    assert not view.no_match.isVisible()

    type_into(qtbot, view.search, "zzz nowhere")
    assert view.model.rowCount() == 0
    assert view.no_match.isVisible()
    assert "zzz nowhere" in view.no_match.text()

    type_into(qtbot, view.search, "")
    assert view.model.rowCount() == 4
    assert not view.no_match.isVisible()

    column = KINDS[case.kind].columns.index(case.sort_field)
    header = table(view).horizontalHeader()
    # Wide enough that no column is hidden for want of room (a narrow list hides its least
    # needed columns, and a hidden header can't be clicked).
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: not header.isSectionHidden(column))
    orders = []
    for _click in range(2):
        click_header(qtbot, view, column)
        order = header.sortIndicatorOrder()
        orders.append(order)
        assert header.sortIndicatorSection() == column
        descending = order == Qt.SortOrder.DescendingOrder
        assert column_texts(view, case.sort_field) == _expected_column(case, descending)
    assert set(orders) == {Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder}


def test_sorting_keeps_the_selected_record(windows: Windows, db: Database, qtbot) -> None:
    case = next(c for c in CASES if c.kind == "journal")
    world = make_world(db, case)
    ids = add_records(db, world, case)
    window = windows.open()
    view = view_of(window, "journal")
    click_row(qtbot, view, view.model.position_of(ids[2]))
    chosen = text_of(editor(view, "text"))

    for _click in range(2):
        click_header(qtbot, view, 0)
        current = table(view).currentIndex()
        row = view.model.row_at(current.row())
        assert row is not None and row.id == ids[2]
        assert text_of(editor(view, "text")) == chosen


# --- delete, undo, redo -------------------------------------------------------------------

Check = Callable[[bool], None]


def _dependents(db: Database, world: World, case: Case, record_id: int) -> Check:
    """Records that point at ``record_id``; the returned check says if they still do."""
    target = world.target_id
    if case.kind == "skill":
        fb = records.create_record(db, "feedback", {"text": "x", "skills": [record_id]}, target)

        def skill_linked(present: bool) -> None:
            skills = records.get_record(db, "feedback", fb.id).values["skills"]
            assert skills == ([record_id] if present else [])

        return skill_linked
    if case.kind == "contact":
        talk = records.create_record(db, "interaction", {"contact_id": record_id}, target)
        fb = records.create_record(db, "feedback", {"text": "x", "contact_id": record_id}, target)

        def contact_linked(present: bool) -> None:
            assert records.get_record(db, "feedback", fb.id).values["contact_id"] == (
                record_id if present else None
            )
            remaining = [r.id for r in records.list_records(db, "interaction", parent_id=None)]
            assert (talk.id in remaining) is present

        return contact_linked
    if case.kind == "round":
        fb = records.create_record(db, "feedback", {"text": "x", "round_id": record_id}, target)

        def round_linked(present: bool) -> None:
            value = records.get_record(db, "feedback", fb.id).values["round_id"]
            assert value == (record_id if present else None)

        return round_linked
    if case.kind == "question":
        session = records.create_record(db, "practice", {"question_id": record_id}, target)

        def practised(present: bool) -> None:
            remaining = [r.id for r in records.list_records(db, "practice", target)]
            assert (session.id in remaining) is present

        return practised
    if case.kind == "experience":
        question = records.create_record(
            db, "question", {"question": "x", "experience_id": record_id}, target
        )

        def drawn_on(present: bool) -> None:
            value = records.get_record(db, "question", question.id).values["experience_id"]
            assert value == (record_id if present else None)

        return drawn_on
    return lambda present: None


def _exists(db: Database, kind: str, record_id: int) -> bool:
    try:
        records.get_record(db, kind, record_id)
    except records.RecordNotFound:
        return False
    return True


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_delete_then_undo_brings_it_back_with_its_links_and_redo_deletes_again(
    windows: Windows, db: Database, case: Case, qtbot
) -> None:
    world = make_world(db, case)
    ids = add_records(db, world, case)
    victim = ids[0]
    links_before: dict[str, Any] = {
        name: records.get_record(db, case.kind, victim).values[name]
        for name in [case.link_field]
        if name
    }
    assert all(links_before.values())
    dependents_ok = _dependents(db, world, case, victim)
    dependents_ok(True)

    window = windows.open()
    view = view_of(window, case.kind)
    click_row(qtbot, view, view.model.position_of(victim))
    assert text_of(editor(view, case.text_field)) == f"{WORDS[0]} {case.kind}"

    click(qtbot, button(view, f"delete_{case.kind}"))

    assert view.model.rowCount() == 3
    assert view.model.position_of(victim) < 0
    assert not _exists(db, case.kind, victim)
    assert status(window).startswith("Deleted")
    assert view.delete_button.isEnabled()  # a neighbour is selected, so Del works again
    dependents_ok(False)

    window.undo()

    assert view.model.rowCount() == 4
    assert view.model.position_of(victim) >= 0
    restored = records.get_record(db, case.kind, victim)
    assert restored.values[case.text_field] == f"{WORDS[0]} {case.kind}"
    for name, value in links_before.items():
        assert restored.values[name] == value
    dependents_ok(True)

    window.redo()

    assert view.model.rowCount() == 3
    assert not _exists(db, case.kind, victim)
    dependents_ok(False)


def test_lists_open_in_each_kinds_default_order(sample_window) -> None:
    wrong = {}
    for case in CASES:
        view = view_of(sample_window, case.kind)
        name, descending = KINDS[case.kind].sort
        columns = KINDS[case.kind].columns
        column = columns.index(name) if name in columns else -1
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        if view.model.sort_state != (column, order):
            wrong[case.kind] = view.model.sort_state
    assert wrong == {}
