"""Driving the window the way a person does: find widgets by objectName, type, click."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, QThreadPool
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from secondchance.core.db import Database, open_database
from secondchance.core.services import records, targets
from secondchance.core.services.kinds import KINDS
from secondchance.ui.context import AppContext
from secondchance.ui.main_window import MainWindow
from secondchance.ui.records import record_view as record_view_module
from secondchance.ui.records.form import RecordForm
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.tabs.registry import tab_of

# Short enough that waiting for an autosave costs little; the timer path is the same.
FAST_AUTOSAVE_MS = 30


def speed_up_autosave(window: MainWindow) -> None:
    for view in window.findChildren(RecordView):
        view.timer.setInterval(FAST_AUTOSAVE_MS)


class Windows:
    """Opens main windows on one data folder, each with its own Database, as the app does."""

    def __init__(self, qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.qtbot = qtbot
        self.data_dir = data_dir
        self.monkeypatch = monkeypatch
        self.opened: list[tuple[MainWindow, Database]] = []

    def open(self) -> MainWindow:
        # Sub-views are built when first shown: those built later save as fast too.
        self.monkeypatch.setattr(record_view_module, "AUTOSAVE_MS", FAST_AUTOSAVE_MS)
        database = open_database(self.data_dir)
        window = MainWindow(self.data_dir)
        window.attach(database)
        window.show()
        self.qtbot.waitExposed(window)
        # A large workspace's figures arrive from a worker thread; start from them in place.
        self.qtbot.waitUntil(lambda: not window.work_pending(), timeout=30_000)
        speed_up_autosave(window)
        self.opened.append((window, database))
        return window

    def close(self, window: MainWindow) -> bool:
        """Close like the person does (the window may refuse); dispose its database."""
        closed = bool(window.close())
        if closed:
            for opened, database in self.opened:
                if opened is window:
                    database.close()
        return closed

    def cleanup(self) -> None:
        self.monkeypatch.setattr(
            QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard
        )
        # Figures worked out off the GUI thread read the database: let them end first.
        QThreadPool.globalInstance().waitForDone()
        for window, database in reversed(self.opened):
            if window.isVisible():
                window.close()
            database.close()
            window.deleteLater()
        self.opened.clear()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@dataclass(frozen=True)
class Case:
    """How to drive one record view in a generic test."""

    kind: str
    text_field: str  # a text editor that, filled in, makes a valid new record
    edit_field: str  # another text editor to change afterwards
    sort_field: str  # a list column holding dates or text
    link_field: str | None = None  # a link field the record owns
    needs: tuple[str, ...] = ()  # records that must exist first (a parent, link options)

    @property
    def tab(self) -> str:
        spec = tab_of(self.kind)
        assert spec is not None, self.kind
        return spec.name


CASES = [
    Case("feedback", "text", "response", "received_on", "skills", ("skill",)),
    Case("round", "format", "outcome", "date"),
    Case("reflection", "question", "better_answer", "question"),
    Case("competency", "note", "note", "note"),
    Case("skill", "name", "notes", "name"),
    Case("activity", "title", "provider", "due_date"),
    Case("experience", "title", "organisation", "start_date", "skills", ("skill",)),
    Case("contact", "name", "how_we_met", "company", "targets"),
    Case("interaction", "summary", "summary", "date", None, ("contact",)),
    Case("event", "name", "organiser", "date", "contacts", ("contact",)),
    Case("resume", "label", "change_notes", "created_on"),
    Case("portfolio", "title", "description", "url", "skills", ("skill",)),
    Case("cover_letter", "title", "body", "created_on"),
    Case("question", "question", "situation", "question"),
    Case("practice", "notes", "notes", "practiced_on", None, ("question",)),
    Case("mock", "notes", "notes", "notes"),
    Case("journal", "text", "text", "date"),
]
CASE_IDS = [case.kind for case in CASES]

# Inserted in this order; case-insensitively they sort apple, Banana, Cherry, damson.
WORDS = ["Banana", "apple", "Cherry", "damson"]
DATES = [dt.date(2025, 3, 1), dt.date(2024, 11, 15), dt.date(2025, 12, 31)]


@dataclass
class World:
    """What a test set up through the services before opening the window."""

    target_id: int
    prereq: dict[str, int]  # kind -> id of the record made for ``Case.needs``

    def base_values(self, case: Case) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if case.kind == "interaction":
            values["contact_id"] = self.prereq["contact"]
        if case.kind == "practice":
            values["question_id"] = self.prereq["question"]
        if case.link_field == "skills":
            values["skills"] = [self.prereq["skill"]]
        if case.link_field == "targets":
            values["targets"] = [self.target_id]
        if case.link_field == "contacts":
            values["contacts"] = [self.prereq["contact"]]
        return values


def make_world(db: Database, case: Case) -> World:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    prereq: dict[str, int] = {}
    made = {
        "skill": {"name": "Prerequisite skill"},
        "contact": {"name": "Prerequisite contact"},
        "question": {"question": "Prerequisite question"},
    }
    for needed in case.needs:
        prereq[needed] = records.create_record(db, needed, made[needed], target.id).id
    return World(target.id, prereq)


# Dates a kind's rule fills in when left empty (kind_rules.py): a session logged without a
# day happened today, so it has no empty value to sort last.
FILLED_TODAY = {("practice", "practiced_on")}


def sort_value(case: Case, i: int) -> Any:
    """The value record ``i`` gets in the sort column (None = left empty, sorts last)."""
    spec = KINDS[case.kind].field(case.sort_field)
    if spec.type.value == "date":
        if i >= len(DATES) and (case.kind, case.sort_field) in FILLED_TODAY:
            return dt.date.today()
        return DATES[i] if i < len(DATES) else None
    if case.sort_field == case.text_field:
        return None  # the text field itself carries the words
    if spec.type.value == "url":
        return f"https://{WORDS[i]}.example.org" if i < 3 else None
    return f"{WORDS[i]} and co" if i < 3 else None


def add_records(db: Database, world: World, case: Case, count: int = 4) -> list[int]:
    """``count`` records of the case's kind, record ``i`` titled with ``WORDS[i]``."""
    ids = []
    for i in range(count):
        values = world.base_values(case)
        values[case.text_field] = f"{WORDS[i]} {case.kind}"
        value = sort_value(case, i)
        if value is not None:
            values[case.sort_field] = value
        ids.append(records.create_record(db, case.kind, values, world.target_id).id)
    return ids


# --- finding widgets ----------------------------------------------------------------------


def view_of(window: MainWindow, kind_name: str) -> RecordView:
    """Bring the view up the way the person would (its tab, its sub-tab) and return it."""
    window.open_view(kind_name)
    view = window.findChild(RecordView, f"records_{kind_name}")
    assert view is not None, kind_name
    assert view.isVisible(), f"{kind_name} view is not on screen"
    return view


def form_of(parent: QWidget) -> RecordForm:
    """The generated form of a record view or of the target dialog."""
    kind_name = parent.kind.name if isinstance(parent, RecordView) else "target"
    form = parent.findChild(RecordForm, f"form_{kind_name}")
    assert form is not None, kind_name
    return form


def editor(parent: QWidget, field: str) -> Any:
    """The field's editor, of whatever class the field's type gives it."""
    widget = form_of(parent).findChild(QWidget, f"field_{field}")
    assert widget is not None, field
    return widget


def error_label(parent: QWidget, field: str) -> Any:
    label = form_of(parent).findChild(QWidget, f"error_{field}")
    assert label is not None, field
    return label


def button(parent: QWidget, name: str) -> QPushButton:
    found = parent.findChild(QPushButton, name)
    assert found is not None, name
    return found


def table(view: RecordView) -> QTableView:
    found = view.findChild(QTableView, f"table_{view.kind.name}")
    assert found is not None
    return found


def text_of(widget: QWidget) -> str:
    line = getattr(widget, "line", None)  # a date field, an amount with its currency
    if isinstance(line, QLineEdit):
        return line.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(type(widget))


# --- acting -------------------------------------------------------------------------------


def type_into(qtbot: QtBot, widget: QWidget, text: str, *, replace: bool = True) -> None:
    """Type ``text`` with the keyboard; ``replace`` selects what is there first."""
    line = getattr(widget, "line", None)  # a date field, an amount with its currency
    target = line if isinstance(line, QLineEdit) else widget
    assert isinstance(target, QLineEdit | QPlainTextEdit), type(target)
    target.setFocus()
    if replace:
        target.selectAll()
        if text_of(target):
            qtbot.keyClick(target, Qt.Key.Key_Backspace)
    elif isinstance(target, QPlainTextEdit):
        target.moveCursor(target.textCursor().MoveOperation.End)
    else:
        target.end(False)
    if text:
        qtbot.keyClicks(target, text)


def click(qtbot: QtBot, widget: QWidget | None) -> None:
    assert widget is not None
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(qtbot: QtBot, view: RecordView, position: int) -> None:
    tv = table(view)
    rect = tv.visualRect(view.model.index(position, 0))
    qtbot.mouseClick(tv.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_header(qtbot: QtBot, view: RecordView, column: int) -> None:
    header = table(view).horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def column_texts(view: RecordView, field: str) -> list[str]:
    model = table(view).model()
    column = view.kind.columns.index(field)
    return [str(model.index(r, column).data() or "") for r in range(model.rowCount())]


def row_titles(view: RecordView) -> list[str]:
    titles = []
    for r in range(view.model.rowCount()):
        row = view.model.row_at(r)
        assert row is not None
        titles.append(row.title)
    return titles


def choose_in_combo(qtbot: QtBot, combo: QComboBox | None, text: str) -> None:
    """Pick an entry with the arrow keys, which (unlike setCurrentIndex) says ``activated``.

    Each step is one key press; the combo may refuse a step (and go back), so the number
    of presses is fixed up front rather than repeated until it gets there.
    """
    assert combo is not None
    reach = getattr(combo, "load_options", None)
    if callable(reach):
        reach()  # a box that reads its entries when a person reaches for it
    wanted = combo.findText(text)
    assert wanted >= 0, text
    steps = wanted - combo.currentIndex()
    key = Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up
    for _step in range(abs(steps)):
        qtbot.keyClick(combo, key)


def selector(window: MainWindow) -> QComboBox:
    combo = window.findChild(QComboBox, "target_selector")
    assert combo is not None
    return combo


def choose_target(qtbot: QtBot, window: MainWindow, title: str) -> None:
    choose_in_combo(qtbot, selector(window), title)


def context(window: MainWindow) -> AppContext:
    """The open window's context (a window has one once its data is attached)."""
    assert window.ctx is not None
    return window.ctx


def current_target(window: MainWindow) -> int:
    """The id of the target the window shows."""
    target_id = context(window).target_id
    assert target_id is not None
    return target_id


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def wait_saved(qtbot: QtBot, view: RecordView) -> None:
    """Wait for the autosave timer to fire (the save itself runs in that same turn)."""
    qtbot.waitUntil(lambda: not view.timer.isActive(), timeout=3000)


def add_overdue_contacts(db: Database, count: int) -> None:
    """A target and ``count`` mentors last heard from 45 days ago: that many due items."""
    from secondchance.core import models as m

    targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    long_ago = dt.date.today() - dt.timedelta(days=45)
    with db.transaction() as session:
        for n in range(count):
            contact = m.Contact(name=f"Person {n:03}", relationship=m.Relationship.mentor)
            session.add(contact)
            session.flush()
            session.add(m.Interaction(contact_id=contact.id, date=long_ago))
