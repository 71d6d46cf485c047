"""The All targets tab through the real widgets: opening on the Due view when something is
due (and not when the person turned it off), one click per item with undo, snooze, the
quiet notice, the Targets list with archived ones, and the Patterns view."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QPushButton, QSystemTrayIcon, QToolButton

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import field_names as F
from secondchance.core.services import records, targets
from secondchance.ui.main_window import MainWindow
from secondchance.ui.tabs.agenda import reminders
from secondchance.ui.tabs.agenda.due_page import DuePage
from secondchance.ui.tabs.agenda.tab import AgendaTab
from tests.ui.helpers import Windows, add_overdue_contacts, click, context

D = dt.date


def _agenda(window: MainWindow) -> AgendaTab:
    tab = window.tab_pages["all_targets"]
    assert isinstance(tab, AgendaTab)
    return tab


def _due_page(window: MainWindow) -> DuePage:
    window.open_view("due")
    page = _agenda(window).due_page
    assert page.isVisible()
    return page


def _cells(page: DuePage) -> list[tuple[str, ...]]:
    return [
        tuple(str(page.model.index(r, c).data()) for c in range(4))
        for r in range(page.model.rowCount())
    ]


def _buttons(page: DuePage, key: str) -> tuple[QPushButton, QToolButton]:
    for position in range(page.model.rowCount()):
        row = page.model.row_at(position)
        if row is not None and row.payload.key == key:
            box = page.table.indexWidget(page.model.index(position, 4))
            settle = box.findChild(QPushButton, "due_settle")
            more = box.findChild(QToolButton, "due_more")
            assert settle is not None and more is not None
            return settle, more
    raise AssertionError(f"no due item {key}")


def test_opens_on_the_due_view_when_something_is_due(sample_target: int, windows: Windows) -> None:
    reminders.set_open_first(True)
    window = windows.open()
    assert window.tabs.currentWidget() is _agenda(window)
    page = _agenda(window).due_page
    assert page.isVisible()
    message = window.statusBar().currentMessage()
    assert "overdue" in message and message.endswith("— see All targets › Due")
    # The quiet notice is all: no tray icon unless asked for.
    assert window.findChildren(QSystemTrayIcon) == []
    assert page.open_first.isChecked()


def test_the_person_can_turn_that_off(sample_target: int, windows: Windows) -> None:
    reminders.set_open_first(False)
    QSettings().setValue("layout/last_tab", 0)
    window = windows.open()
    assert window.tabs.currentIndex() == 0
    assert "overdue" in window.statusBar().currentMessage()  # still said, quietly


def test_an_empty_day_opens_where_the_person_left(windows: Windows, db: Database) -> None:
    reminders.set_open_first(True)
    targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    QSettings().setValue("layout/last_tab", 3)
    window = windows.open()
    assert window.tabs.currentIndex() == 3
    page = _due_page(window)
    assert page.stack.currentWidget() is page.empty


def test_the_due_view_on_a_fixed_day_and_one_click_each(
    windows: Windows, db: Database, qtbot: Any
) -> None:
    today = D(2026, 3, 10)
    target = targets.create_target(
        db, {"company": "Northwind", "role": "Analyst", "eligible_date": D(2026, 3, 12)}
    ).id
    plan = records.create_record(
        db, "activity", {"title": "SQL course", "due_date": D(2026, 3, 9)}, target
    ).id
    dana = records.create_record(
        db, "contact", {"name": "Dana", "relationship": m.Relationship.mentor}
    ).id
    talk = records.create_record(
        db,
        "interaction",
        {"contact_id": dana, "date": D(2026, 1, 1), "follow_up_date": D(2026, 3, 10)},
    ).id
    reminders.set_open_first(False)
    window = windows.open()
    page = _due_page(window)
    page.today = lambda: today
    page.reload()
    assert _cells(page) == [
        ("Overdue · 1 day", "Finish “SQL course”", "Course, planned", "Northwind — Analyst"),
        ("Today", "Follow up with Dana", "(from 1 Jan 2026)", "—"),
        (
            "Thu 12 Mar",
            "You can apply again in 2 days",
            "Eligible from 12 Mar 2026",
            "Northwind — Analyst",
        ),
    ]
    assert page.summary.text() == "1 overdue · 1 due today · 1 later this week"

    settle, _more = _buttons(page, f"plan:{plan}")
    assert settle.text() == "Done"
    click(qtbot, settle)
    activity = records.get_record(db, "activity", plan)
    assert activity.values[F.activity.status] is m.ActivityStatus.done
    assert not any(row[1] == "Finish “SQL course”" for row in _cells(page))
    context(window).undo_stack.undo()
    assert page.isVisible()  # the undo brings the item back here, in the Due view
    assert any(row[1] == "Finish “SQL course”" for row in _cells(page))

    # Snooze the follow-up three days: its own date moves.
    _settle, more = _buttons(page, f"follow_up:{talk}")
    menu = more.menu()
    assert menu is not None
    [three] = [a for a in menu.actions() if a.objectName() == "snooze_3"]
    three.trigger()
    moved = records.get_record(db, "interaction", talk)
    assert moved.values[F.interaction.follow_up_date] == D(2026, 3, 13)
    assert ("Fri 13 Mar", "Follow up with Dana") in [row[:2] for row in _cells(page)]

    # "Applied again" records the reapplication; the eligible date then leaves the list.
    settle, more = _buttons(page, f"eligible:{target}")
    assert settle.text() == "Applied again" and more.text() == "More"
    click(qtbot, settle)
    row = records.get_record(db, "target", target)
    assert row.values[F.target.reapplied_on] == today
    assert row.values[F.target.reapply_stage] is m.ReapplyStage.applied
    assert all("apply again" not in cells[1] for cells in _cells(page))


def test_logged_with_one_click(windows: Windows, db: Database, qtbot: Any) -> None:
    targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    dana = records.create_record(
        db, "contact", {"name": "Dana", "relationship": m.Relationship.mentor}
    ).id
    records.create_record(
        db, "interaction", {"contact_id": dana, "date": dt.date.today() - dt.timedelta(days=45)}
    )
    reminders.set_open_first(True)
    window = windows.open()
    page = _agenda(window).due_page
    assert page.isVisible()
    settle, _more = _buttons(page, f"contact:{dana}")
    assert settle.text() == "Logged"
    click(qtbot, settle)
    logged = records.list_records(db, "interaction", parent_id=dana)
    assert max(r.values[F.interaction.date] for r in logged) == dt.date.today()
    assert page.model.rowCount() == 0 and page.stack.currentWidget() is page.empty


def test_the_open_first_box_is_the_preference(sample_window: MainWindow) -> None:
    page = _due_page(sample_window)
    box = sample_window.findChild(QCheckBox, "due_open_first")
    assert box is not None
    box.setChecked(False)
    assert not reminders.open_first_enabled()
    box.setChecked(True)
    assert reminders.open_first_enabled()
    assert page.isVisible()


def test_a_tray_notice_only_when_asked(
    sample_target: int, windows: Windows, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(
        QSystemTrayIcon, "showMessage", lambda self, title, text, *a: shown.append(text)
    )
    reminders.set_tray(True)
    windows.open()
    assert len(shown) == 1 and "overdue" in shown[0]


def test_targets_page_lists_archived_ones_and_brings_them_back(
    sample_window: MainWindow, db: Database, qtbot: Any
) -> None:
    sample_window.open_view("targets")
    page = _agenda(sample_window).targets_page
    titles = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert titles == ["Fabrikam Clinics — Junior Data Analyst", "Northwind Health — Data Analyst"]
    page.show_archived.setChecked(False)
    assert page.model.rowCount() == 1
    page.show_archived.setChecked(True)
    page.table.selectRow(0)
    assert page.archive_button.text() == "Bring back"
    click(qtbot, page.archive_button)
    fabrikam = next(
        t for t in targets.list_targets(db) if t.values["company"] == "Fabrikam Clinics"
    )
    assert fabrikam.values[F.target.archived_on] is None
    combo_items = [
        sample_window.target_combo.itemText(i) for i in range(sample_window.target_combo.count())
    ]
    assert "Fabrikam Clinics — Junior Data Analyst" in combo_items
    # Open: that target on the Overview.
    click(qtbot, page.open_button)
    assert context(sample_window).target_id == fabrikam.id
    assert sample_window.tabs.currentIndex() == 0


def test_patterns_page_shows_recurring_feedback(sample_window: MainWindow) -> None:
    sample_window.open_view("patterns")
    page = _agenda(sample_window).patterns_page
    themes = [page.themes.index(r, 0).data() for r in range(page.themes.rowCount())]
    assert sorted(themes) == ["Experience", "Technical"]
    assert page.themes.index(0, 1).data() == "2"
    assert [page.skills.index(r, 0).data() for r in range(page.skills.rowCount())] == [
        "SQL (window functions)"
    ]
    assert "2 rejections" in page.summary.text()


def test_much_feedback_is_looked_through_off_the_gui_thread(
    sample_window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondchance.ui.tabs.agenda import patterns_page

    sample_window.open_view("patterns")
    page = _agenda(sample_window).patterns_page
    here = [page.themes.index(r, 0).data() for r in range(page.themes.rowCount())]
    assert here and not page.pending()  # small: looked for at once
    monkeypatch.setattr(patterns_page, "SMALL_PATTERNS", 0)
    page.reload()
    assert page.pending() and page.summary.text().startswith("Looking for patterns")
    assert page.stack.currentIndex() == 1  # not the empty state's "add feedback"
    qtbot.waitUntil(lambda: not page.pending(), timeout=10_000)
    assert [page.themes.index(r, 0).data() for r in range(page.themes.rowCount())] == here
    assert "2 rejections" in page.summary.text()


@pytest.mark.parametrize("small", [True, False])
def test_patterns_that_cannot_be_read_say_so_and_keep_what_was_shown(
    sample_window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, small: bool
) -> None:
    from secondchance.core.db import StorageError
    from secondchance.core.services import patterns
    from secondchance.ui.tabs.agenda import patterns_page

    sample_window.open_view("patterns")
    page = _agenda(sample_window).patterns_page
    shown = page.themes.rowCount()

    def busy(_db: object) -> None:
        raise StorageError("The data is busy; try again in a moment.")

    monkeypatch.setattr(patterns, "find_patterns", busy)
    if not small:
        monkeypatch.setattr(patterns_page, "SMALL_PATTERNS", 0)
    page.reload()
    qtbot.waitUntil(lambda: not page.pending(), timeout=10_000)
    assert page.summary.text() == "Patterns couldn't be looked for; see the log file."
    assert sample_window.statusBar().currentMessage() == (
        "Couldn't look for patterns; see the log file."
    )
    assert page.themes.rowCount() == shown and page.stack.currentIndex() == 1


def test_preferences_turn_the_reminders_on_and_off(sample_window: MainWindow, qtbot: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from secondchance.ui.dialogs.preferences_dialog import PreferencesDialog

    reminders.set_open_first(True)
    dialog = PreferencesDialog(context(sample_window), sample_window)
    qtbot.addWidget(dialog)
    dialog.show()
    open_first = dialog.findChild(QCheckBox, "pref_due_open_first")
    tray = dialog.findChild(QCheckBox, "pref_due_tray")
    assert open_first is not None and tray is not None
    assert open_first.isChecked() and not tray.isChecked()  # the tray is off by default
    open_first.setChecked(False)
    tray.setChecked(True)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    click(qtbot, buttons.button(QDialogButtonBox.StandardButton.Save))
    assert not reminders.open_first_enabled() and reminders.tray_enabled()


def test_a_long_due_list_makes_buttons_for_the_rows_in_view(
    windows: Windows, db: Database, qtbot: Any
) -> None:
    add_overdue_contacts(db, 400)
    reminders.set_open_first(True)
    window = windows.open()
    page = _agenda(window).due_page
    assert page.model.rowCount() == 400
    placed = [p for p in range(400) if page.table.indexWidget(page.model.index(p, 4)) is not None]
    assert placed and max(placed) < 200  # not a box of buttons per row up front
    page.table.scrollToBottom()
    qtbot.waitUntil(
        lambda: page.table.indexWidget(page.model.index(399, 4)) is not None, timeout=3000
    )
    # What was read off the GUI thread at start serves until something changes; then the
    # page reads again.
    ctx = window.ctx
    assert ctx is not None
    read_at_start = page.items[:10]
    ctx.due_preloaded = (page.today(), read_at_start)
    page.reload()
    assert page.items == read_at_start and page.model.rowCount() == 10
    settle, _more = _buttons(page, read_at_start[0].key)
    click(qtbot, settle)
    assert ctx.due_preloaded is None
    qtbot.waitUntil(lambda: page.model.rowCount() == 399, timeout=3000)


def test_the_due_list_sorts_by_each_columns_text_with_no_target_last() -> None:
    from PySide6.QtCore import Qt

    from secondchance.core.services.due_items import Action, DueItem

    today = dt.date(2026, 3, 10)
    items = [
        DueItem("k1", "plan", "activity", 1, "book a mock", "Zed", today, 1, "", Action.done),
        DueItem("k2", "plan", "activity", 2, "Apply", "ámbar", today, 1, "Zeta Co", Action.done),
        DueItem("k3", "plan", "activity", 3, "call Ana", "alpha", today, 1, "alpha", Action.done),
    ]
    days: dict[Any, Any] = {}
    rows = [DuePage._row(None, item, today, days) for item in items]  # type: ignore[arg-type]
    from secondchance.ui.tabs.agenda.rows_model import RowsModel

    model = RowsModel(("When", "What", "Detail", "Target", ""))
    model.set_rows(rows)

    def column(sorted_by: int, order: Qt.SortOrder, shown: int) -> list[str]:
        model.sort(sorted_by, order)
        return [model.index(r, shown).data() for r in range(model.rowCount())]

    ascending, descending = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
    assert column(1, ascending, 1) == ["Apply", "book a mock", "call Ana"]  # case ignored
    assert column(1, descending, 1) == ["call Ana", "book a mock", "Apply"]
    assert column(2, ascending, 2) == ["alpha", "Zed", "ámbar"]
    assert column(3, ascending, 3) == ["alpha", "Zeta Co", "—"]
    assert column(3, descending, 3) == ["Zeta Co", "alpha", "—"]  # none stays last
