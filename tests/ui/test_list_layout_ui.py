"""Lists that show what matters at any size: the key column always in view, low-priority
columns hiding first, the header's menu, and order, widths, visibility and sort remembered
per list across restarts; the list beside or above its form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from secondchance.core.db import Database
from secondchance.core.services.fields import FieldType
from secondchance.core.services.kinds import KINDS
from secondchance.ui.main_window import MainWindow
from secondchance.ui.records import list_layout
from secondchance.ui.widgets.adaptive_columns import AdaptiveColumns
from tests.ui.helpers import Windows, click_header, table, view_of

LIST_KINDS = [k for k in KINDS.values() if k.scope != "root"]


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def columns_of(window: MainWindow, kind: str) -> AdaptiveColumns:
    return view_of(window, kind).list.columns


def key_in_view(window: MainWindow, kind: str) -> bool:
    columns = columns_of(window, kind)
    header = table(view_of(window, kind)).horizontalHeader()
    left = header.sectionViewportPosition(columns.key_index)
    right = left + header.sectionSize(columns.key_index)
    return (
        not header.isSectionHidden(columns.key_index)
        and left >= 0
        and right <= table(view_of(window, kind)).viewport().width() + 1
    )


@pytest.mark.parametrize("kind", LIST_KINDS, ids=[k.name for k in LIST_KINDS])
def test_every_kind_declares_a_text_key_column_and_priorities(kind) -> None:
    specs = kind.column_specs
    keys = [c for c in specs if c.role == "key"]
    assert len(keys) == 1
    assert kind.field(keys[0].name).type in (
        FieldType.TEXT,
        FieldType.MULTILINE,
        FieldType.REFERENCE,
    )
    assert sorted(c.priority for c in specs) == list(range(len(specs)))
    for c in specs:
        if kind.field(c.name).type is FieldType.DATE:
            assert c.role == "date"


@pytest.mark.parametrize("width", [1024, 1280, 1920])
def test_the_key_column_stays_in_view_at_every_size(sample_window: MainWindow, width: int) -> None:
    sample_window.resize(width, int(width * 0.625))
    for kind in ("feedback", "activity", "interaction", "question", "contact", "skill"):
        sample_window.open_view(kind)
        settle()
        assert key_in_view(sample_window, kind), (kind, width)


def test_narrow_lists_hide_the_least_needed_columns_first(sample_window: MainWindow) -> None:
    sample_window.open_view("feedback")
    view = view_of(sample_window, "feedback")
    sample_window.resize(1920, 1080)
    settle()
    wide = columns_of(sample_window, "feedback").visible_names()
    sample_window.resize(1024, 640)
    settle()
    narrow = columns_of(sample_window, "feedback").visible_names()
    assert "text" in narrow and "status" in narrow  # the key, and the most needed
    assert set(narrow) < set(wide)
    order = [c.name for c in sorted(view.kind.column_specs, key=lambda c: c.priority)]
    # What hides is always the tail of the priority order.
    assert narrow == [n for n in view.kind.columns if n in order[: len(narrow)]]


def test_header_menu_hides_and_shows_columns_and_it_is_remembered(
    windows: Windows, sample_target: int
) -> None:
    window = windows.open()
    window.resize(1920, 1080)
    window.open_view("feedback")
    settle()
    columns = columns_of(window, "feedback")
    menu = columns.menu()
    assert isinstance(menu, QMenu)
    labels = {a.text(): a for a in menu.actions() if a.text()}
    assert not labels["What they said"].isEnabled()  # the key can't be hidden
    labels["Theme"].setChecked(False)
    assert "theme" not in columns.visible_names()
    windows.close(window)

    again = windows.open()
    again.resize(1920, 1080)
    again.open_view("feedback")
    settle()
    assert "theme" not in columns_of(again, "feedback").visible_names()
    columns_of(again, "feedback").set_shown("theme", True)
    assert "theme" in columns_of(again, "feedback").visible_names()


def test_sort_widths_and_order_survive_a_restart(
    windows: Windows, sample_target: int, qtbot
) -> None:
    window = windows.open()
    window.resize(1920, 1080)
    view = view_of(window, "activity")
    window.open_view("activity")
    settle()
    due = view.kind.columns.index("due_date")
    click_header(qtbot, view, due)
    header = table(view).horizontalHeader()
    if header.sortIndicatorOrder() != Qt.SortOrder.DescendingOrder:
        click_header(qtbot, view, due)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        due,
        Qt.SortOrder.DescendingOrder,
    )
    status = view.kind.columns.index("status")
    header.resizeSection(status, 150)  # as a person dragging the edge
    header.moveSection(header.visualIndex(status), 0)
    first = view.model.row_at(0)
    windows.close(window)

    again = windows.open()
    again.resize(1920, 1080)
    again.open_view("activity")
    settle()
    view = view_of(again, "activity")
    header = table(view).horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        due,
        Qt.SortOrder.DescendingOrder,
    )
    assert view.model.sort_state == (due, Qt.SortOrder.DescendingOrder)
    assert view.model.row_at(0) is not None and view.model.row_at(0).id == first.id
    assert header.sectionSize(status) == 150
    assert header.visualIndex(status) == 0

    columns_of(again, "activity").reset()
    assert header.visualIndex(status) == status
    assert header.sectionSize(status) != 150


def test_a_long_text_list_goes_above_its_form_when_the_window_is_narrow_and_tall(
    sample_window: MainWindow,
) -> None:
    sample_window.open_view("feedback")
    view = view_of(sample_window, "feedback")
    sample_window.resize(1280, 800)
    settle()
    assert view.splitter.orientation() == Qt.Orientation.Horizontal
    sample_window.resize(1024, 800)
    settle()
    assert view.splitter.orientation() == Qt.Orientation.Vertical
    # Skills are short names: beside their form at the same size.
    sample_window.open_view("skill")
    settle()
    assert view_of(sample_window, "skill").splitter.orientation() == Qt.Orientation.Horizontal


def test_the_person_chooses_beside_or_above_in_the_view_menu(sample_window: MainWindow) -> None:
    sample_window.resize(1280, 800)
    sample_window.open_view("skill")
    settle()
    view = view_of(sample_window, "skill")
    action = sample_window.findChild(
        type(sample_window.menuBar().actions()[0]), "action_layout_above"
    )
    assert action is not None
    action.trigger()
    settle()
    assert list_layout.choice() == "above"
    assert view.splitter.orientation() == Qt.Orientation.Vertical
    sample_window.findChild(type(action), "action_layout_auto").trigger()
    settle()
    assert view.splitter.orientation() == Qt.Orientation.Horizontal


def test_cut_text_shows_whole_in_a_tooltip(sample_window: MainWindow) -> None:
    sample_window.resize(1024, 640)
    sample_window.open_view("feedback")
    settle()
    view = view_of(sample_window, "feedback")
    model = view.model
    text_column = view.kind.columns.index("text")
    row = model.row_at(0)
    assert row is not None
    tip = model.index(0, text_column).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == row.values["text"]
    importance = KINDS["skill"].columns.index("importance")
    skills = view_of(sample_window, "skill").model
    sample_window.open_view("skill")
    settle()
    assert "Important" in (skills.index(0, importance).data(Qt.ItemDataRole.ToolTipRole) or "") or (
        "Essential" in (skills.index(0, importance).data(Qt.ItemDataRole.ToolTipRole) or "")
    )
    header_tip = skills.headerData(
        importance, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert header_tip == "Importance: 1 Nice to have · 2 Important · 3 Essential"


def test_the_gap_matrix_keeps_every_skill_name_whole(
    sample_window: MainWindow, db: Database
) -> None:
    skills = sample_window.record_tab("skills")
    for width in (1024, 1280):
        sample_window.resize(width, int(width * 0.625))
        sample_window.open_view("gaps")
        settle()
        page = skills.gap_page  # type: ignore[attr-defined]
        metrics = page.table.fontMetrics()
        width_of_key = page.table.horizontalHeader().sectionSize(0)
        for row in page.model.visible_rows():
            assert metrics.horizontalAdvance(row.name) < width_of_key
        assert all(
            page.chart.fontMetrics().horizontalAdvance(r.name) <= page.chart._label_width()
            for r in page.chart.rows
        )
