"""The Network tab through the real widgets: the contacts' rhythm (colour and words), the
quick log, events with the people met there, and the vCard import review."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QDialog, QFileDialog, QLabel, QPushButton

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import due, records
from secondchance.core.services import field_names as F
from secondchance.ui.main_window import MainWindow
from secondchance.ui.tabs.network.quick_log import QuickLogDialog
from secondchance.ui.tabs.network.vcard_dialog import VCardImportDialog
from secondchance.ui.widgets.tones import tone_colour
from tests.ui.helpers import button, click, click_row, context, type_into, view_of

VCARDS = Path(__file__).resolve().parents[1] / "unit" / "vcards"


def _position(view: Any, title: str) -> int:
    for position in range(view.model.rowCount()):
        row = view.model.row_at(position)
        if row is not None and row.title == title:
            return position
    raise AssertionError(title)


def _cell(view: Any, position: int, field: str) -> Any:
    return view.model.index(position, view.kind.columns.index(field))


def test_a_rows_tone_is_worked_out_once_per_row_and_day_and_coloured_for_the_palette(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A paint asks each cell of a row for its colour and its font: the row's tone is
    worked out once, again for a saved version of the row or on another day; the colour
    follows the palette (a change of theme)."""
    from secondchance.ui.records import table_model

    view = view_of(sample_window, "contact")
    model = view.model
    worked: list[int] = []
    real = model.kind.row_tone
    assert real is not None

    def counted(values: Any, today: dt.date) -> str | None:
        worked.append(today.toordinal())
        return real(values, today)

    monkeypatch.setattr(model, "kind", replace(model.kind, row_tone=counted))
    lukasz = _position(view, "Łukasz Nowak")
    cells = [model.index(lukasz, c) for c in range(model.columnCount())]

    def ask() -> list[Any]:
        roles = (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole)
        return [cell.data(role) for cell in cells for role in roles]

    first = ask()
    assert first[0] == tone_colour("warning", QGuiApplication.palette())
    assert first[1].bold()
    ask()
    assert len(worked) == 1
    row = model.row_at(lukasz)
    assert row is not None
    model.replace_row(records.get_record(sample_window.ctx.db, "contact", row.id))
    assert ask() == first and len(worked) == 2
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> Tomorrow:
            return cls(tomorrow.year, tomorrow.month, tomorrow.day)

    monkeypatch.setattr(table_model, "dt", SimpleNamespace(date=Tomorrow))
    ask()
    assert worked[-1] == tomorrow.toordinal() and len(worked) == 3
    dark = QGuiApplication.palette()
    dark.setColor(dark.ColorRole.Base, Qt.GlobalColor.black)
    monkeypatch.setattr(QGuiApplication, "palette", lambda: dark)
    assert ask()[0] == tone_colour("warning", dark) != first[0]
    assert len(worked) == 3
    assert cells[0].data(Qt.ItemDataRole.DecorationRole) is None


def test_contacts_show_last_contact_next_due_and_overdue_in_words_and_colour(
    sample_window: MainWindow,
) -> None:
    view = view_of(sample_window, "contact")
    headers = [view.model.headerData(i, Qt.Orientation.Horizontal) for i in range(5)]
    assert headers[:3] == ["Name", "Keep in touch", "Next due"]
    assert "Last contact" in headers
    lukasz = _position(view, "Łukasz Nowak")
    words = _cell(view, lukasz, "keep_in_touch").data()
    assert words.startswith("Overdue by ")
    colour = _cell(view, lukasz, "keep_in_touch").data(Qt.ItemDataRole.ForegroundRole)
    assert colour == tone_colour("warning", QGuiApplication.palette())
    priya = _position(view, "Priya Raman")
    assert _cell(view, priya, "keep_in_touch").data() == "No conversation logged yet"
    assert _cell(view, priya, "keep_in_touch").data(Qt.ItemDataRole.ForegroundRole) is None
    soren = _position(view, "Søren Lindqvist")
    assert _cell(view, soren, "keep_in_touch").data().startswith("Follow-up in ")
    # "Only due this week" keeps the overdue and the follow-up, drops the rest.
    only_due = sample_window.findChild(QCheckBox, "only_due_contacts")
    assert only_due is not None
    only_due.setChecked(True)
    shown = {view.model.row_at(i).title for i in range(view.model.rowCount())}
    assert {"Łukasz Nowak", "Søren Lindqvist"} <= shown and "Priya Raman" not in shown
    only_due.setChecked(False)
    assert view.model.rowCount() == 5


def _fake_exec(steps: Any) -> Any:
    def run(dialog: QDialog) -> int:
        dialog.show()
        steps(dialog)
        result = dialog.result()
        dialog.hide()
        return result

    return run


def test_quick_log_from_a_contact_in_seconds(
    sample_window: MainWindow, db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = view_of(sample_window, "contact")
    click_row(qtbot, view, _position(view, "Søren Lindqvist"))
    soren = view.current_id
    assert soren is not None
    [(open_id, _due, _summary)] = due.open_follow_ups(db, soren)
    seen: dict[str, Any] = {}

    def steps(dialog: QuickLogDialog) -> None:
        assert dialog.date.text() == dt.date.today().isoformat()
        assert dialog.close_open.isVisible() and dialog.close_open.isChecked()
        seen["focus"] = dialog.summary.hasFocus() or dialog.focusWidget() is dialog.summary
        type_into(qtbot, dialog.summary, "Call about the Tableau certificate")
        dialog.channel.setCurrentIndex(dialog.channel.findData(m.Channel.call.name))
        dialog.follow_up.setChecked(True)
        dialog.days.setValue(10)
        dialog.save()

    monkeypatch.setattr(QDialog, "exec", _fake_exec(steps))
    click(qtbot, button(sample_window, "log_conversation"))
    interactions = records.list_records(db, "interaction", parent_id=soren)
    logged = next(
        r
        for r in interactions
        if r.values[F.interaction.summary] == "Call about the Tableau certificate"
    )
    assert logged.values[F.interaction.date] == dt.date.today()
    assert logged.values[F.interaction.channel] is m.Channel.call
    assert logged.values[F.interaction.follow_up_date] == dt.date.today() + dt.timedelta(days=10)
    closed = records.get_record(db, "interaction", open_id)
    assert closed.values[F.interaction.follow_up_done] is True
    # The list says so at once: next due is the new follow-up.
    position = _position(view, "Søren Lindqvist")
    assert _cell(view, position, "keep_in_touch").data() == "Follow-up in 10 days"
    # One undo step takes back the conversation and reopens the follow-up.
    context(sample_window).undo_stack.undo()
    assert (
        records.get_record(db, "interaction", open_id).values[F.interaction.follow_up_done] is False
    )
    assert len(records.list_records(db, "interaction", parent_id=soren)) == len(interactions) - 1


def test_quick_log_refuses_an_impossible_date(
    sample_window: MainWindow, db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = view_of(sample_window, "contact")
    click_row(qtbot, view, _position(view, "Priya Raman"))
    before = len(records.list_records(db, "interaction"))

    def steps(dialog: QuickLogDialog) -> None:
        assert not dialog.close_open.isVisible()  # nothing open with her
        type_into(qtbot, dialog.date, "2026-02-30")
        dialog.save()
        assert dialog.error.isVisible() and "not a date on the calendar" in dialog.error.text()

    monkeypatch.setattr(QDialog, "exec", _fake_exec(steps))
    click(qtbot, button(sample_window, "log_conversation"))
    assert len(records.list_records(db, "interaction")) == before


def test_events_list_people_met_and_prompt_a_follow_up(
    sample_window: MainWindow, db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = view_of(sample_window, "event")
    headers = [view.model.headerData(i, Qt.Orientation.Horizontal) for i in range(3)]
    assert "People met there" in headers
    click_row(qtbot, view, _position(view, "Women in Data breakfast"))
    panel = sample_window.findChild(QLabel, "met_todo")
    assert panel is not None and panel.isVisible() and panel.text() == "Not followed up yet"

    def steps(dialog: QuickLogDialog) -> None:
        assert dialog.contact_name == "Priya Raman"
        assert dialog.summary.text() == "Followed up after Women in Data breakfast"
        dialog.save()

    monkeypatch.setattr(QDialog, "exec", _fake_exec(steps))
    click(qtbot, sample_window.findChild(QPushButton, "met_log"))
    done = sample_window.findChild(QLabel, "met_done")
    assert done is not None and done.text().startswith("✓ followed up")
    # The coming event lists who is expected, with no prompt before it has happened.
    click_row(qtbot, view, _position(view, "Healthcare Data Summit"))
    assert sample_window.findChild(QPushButton, "met_log") is None or not any(
        b.isVisible() for b in sample_window.findChildren(QPushButton, "met_log")
    )
    upcoming = sample_window.findChild(QCheckBox, "upcoming_only")
    assert upcoming is not None
    upcoming.setChecked(True)
    assert [view.model.row_at(i).title for i in range(view.model.rowCount())] == [
        "Healthcare Data Summit"
    ]


def test_vcard_import_shows_the_merge_and_asks(
    sample_window: MainWindow, db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondchance.ui.tabs.network import files

    records.create_record(db, "contact", {"name": "Sam Ortiz"})
    records.create_record(
        db, "contact", {"name": "Dana", "email": "dana.whitfield@northwind.example"}
    )
    seen: dict[str, Any] = {}

    def steps(dialog: VCardImportDialog) -> None:
        rows = [dialog.model.index(i, 2).data() for i in range(dialog.model.rowCount())]
        seen["rows"] = rows
        ask = next(i for i in range(dialog.model.rowCount()) if "Same name" in rows[i])
        index = dialog.model.index(ask, 2)
        assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        dialog.model.setData(index, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
        dialog.accept()

    monkeypatch.setattr(QDialog, "exec", _fake_exec(steps))
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        lambda *a, **k: (str(VCARDS / "google_contacts_3.0.vcf"), ""),
    )
    assert files.import_vcards(sample_window)
    assert any(r.startswith("Merge into “Dana” (same e-mail)") for r in seen["rows"])
    names = [r.title for r in records.list_records(db, "contact")]
    assert names.count("Sam Ortiz") == 2  # the person chose "add as new"
    dana = next(r for r in records.list_records(db, "contact") if r.title == "Dana")
    assert dana.values[F.contact.company] == "Northwind Health"
    assert "Imported contacts from google_contacts_3.0.vcf: 1 new, 1 merged" in (
        sample_window.statusBar().currentMessage()
    )


def test_markup_emoji_and_rtl_names_read_as_typed(
    sample_window: MainWindow, db: Database, qtbot: Any
) -> None:
    names = ["<b>Ann</b> & co 😀", "ليلى حداد"]
    ids = [records.create_record(db, "contact", {"name": n}).id for n in names]
    yesterday = dt.date.today() - dt.timedelta(days=1)
    records.create_record(
        db, "event", {"name": "<i>Meetup</i>", "date": yesterday, "contacts": ids}
    )
    context(sample_window).notify("*", "")
    view = view_of(sample_window, "event")
    click_row(qtbot, view, _position(view, "<i>Meetup</i>"))
    links = [
        label.text()
        for label in sample_window.findChildren(QLabel)
        if label.isVisible() and 'href="open"' in label.text()
    ]
    assert '<a href="open">&lt;b&gt;Ann&lt;/b&gt; &amp; co 😀</a>' in links
    assert '<a href="open">ليلى حداد</a>' in links
    assert len(sample_window.findChildren(QPushButton, "met_log")) >= 2
