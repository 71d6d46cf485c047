"""Bad input is refused next to its field, kept on screen, and saved once it is fixed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from secondchance.core.db import Database
from secondchance.core.services import records, targets
from secondchance.ui.main_window import MainWindow
from tests.ui.helpers import (
    Windows,
    button,
    click,
    click_row,
    editor,
    error_label,
    status,
    text_of,
    type_into,
    view_of,
    wait_saved,
)


@dataclass(frozen=True)
class Bad:
    kind: str
    field: str
    typed: str
    message: str
    fixed: str
    stored: Any
    values: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.field}-{self.typed.strip() or 'empty'}"


BAD_INPUT = [
    Bad(
        "experience",
        "end_date",
        "2025-01-01",
        "End date is before start date",
        "2025-09-01",
        dt.date(2025, 9, 1),
        {"title": "Food bank dashboard", "start_date": dt.date(2025, 5, 1)},
    ),
    Bad(
        "portfolio",
        "url",
        "not a url",
        "Enter a full web address starting with https:// or http://",
        "https://example.org/dashboard",
        "https://example.org/dashboard",
        {"title": "Wait times study"},
    ),
    Bad(
        "journal",
        "date",
        "2026-02-30",
        "2026-02-30 is not a date on the calendar",
        "2026-02-28",
        dt.date(2026, 2, 28),
        {"text": "Finished the SQL course"},
    ),
    Bad(
        "journal",
        "date",
        "next tuesday",
        "Use the form YYYY-MM-DD, e.g. 2026-03-12",
        "2026-03-10",
        dt.date(2026, 3, 10),
        {"text": "Coffee with Priya"},
    ),
    Bad("skill", "name", "", "Skill is needed", "Tableau", "Tableau", {"name": "SQL"}),
    Bad("journal", "text", "   ", "Entry is needed", "A better day", "A better day", {"text": "x"}),
    Bad(
        "activity",
        "hours_planned",
        "lots",
        "Hours planned should be a number, e.g. 12.5",
        "12,5",
        12.5,
        {"title": "Tableau course"},
    ),
    Bad(
        "contact",
        "email",
        "priya at example",
        "Enter an e-mail address like name@example.com",
        "priya@example.org",
        "priya@example.org",
        {"name": "Priya"},
    ),
    Bad(
        "contact",
        "keep_in_touch_days",
        "0",
        "Keep in touch every (days) should be between 1 and 3650",
        "30",
        30,
        {"name": "Priya"},
    ),
]


@pytest.mark.parametrize("bad", BAD_INPUT, ids=[b.id for b in BAD_INPUT])
def test_bad_input_is_shown_next_to_the_field_and_not_saved(
    windows: Windows, db: Database, bad: Bad, qtbot
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    record = records.create_record(db, bad.kind, bad.values, target.id)
    window = windows.open()
    view = view_of(window, bad.kind)
    assert view.form_title.text() == record.title
    field_editor = editor(view, bad.field)
    assert view.form.visible_errors() == {}  # its error label is made when first needed

    type_into(qtbot, field_editor, bad.typed)
    wait_saved(qtbot, view)

    message = error_label(view, bad.field)
    assert message.isVisible()
    assert message.text() == bad.message
    assert status(window) == f"Not saved yet: {bad.message}"
    assert text_of(field_editor) == bad.typed  # the typing stays, to be fixed
    assert records.get_record(db, bad.kind, record.id).values == record.values

    type_into(qtbot, field_editor, bad.fixed)
    wait_saved(qtbot, view)

    assert not message.isVisible()
    assert status(window).startswith("Saved")
    assert records.get_record(db, bad.kind, record.id).values[bad.field] == bad.stored


def _two_journal_entries(db: Database) -> tuple[int, int, int]:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    first = records.create_record(db, "journal", {"text": "First"}, target.id)
    second = records.create_record(db, "journal", {"text": "Second"}, target.id)
    return target.id, first.id, second.id


def test_unsaveable_typing_keeps_the_record_on_screen(windows: Windows, db: Database, qtbot):
    _target, first, second = _two_journal_entries(db)
    window = windows.open()
    view = view_of(window, "journal")
    click_row(qtbot, view, view.model.position_of(first))
    type_into(qtbot, editor(view, "date"), "2026-13-01")

    click_row(qtbot, view, view.model.position_of(second))  # moving away tries to save

    assert text_of(editor(view, "text")) == "First"
    assert text_of(editor(view, "date")) == "2026-13-01"
    assert error_label(view, "date").isVisible()
    assert error_label(view, "date").text() == "There is no month 13"
    current = view.model.row_at(view.table.currentIndex().row())
    assert current is not None and current.id == first

    window.undo()  # nothing is undone behind the typing's back
    assert records.get_record(db, "journal", first).values["text"] == "First"
    assert text_of(editor(view, "date")) == "2026-13-01"

    type_into(qtbot, editor(view, "date"), "")
    click_row(qtbot, view, view.model.position_of(second))
    assert text_of(editor(view, "text")) == "Second"


def test_a_new_record_waits_for_its_required_field(windows: Windows, db: Database, qtbot):
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    window = windows.open()
    view = view_of(window, "feedback")
    click(qtbot, button(view, "new_feedback"))

    type_into(qtbot, editor(view, "response"), "Practise window functions")
    wait_saved(qtbot, view)

    assert error_label(view, "text").isVisible()
    assert error_label(view, "text").text() == "What they said is needed"
    assert records.list_records(db, "feedback", target.id) == []
    assert text_of(editor(view, "response")) == "Practise window functions"

    type_into(qtbot, editor(view, "text"), "Slow on SQL window functions")
    wait_saved(qtbot, view)

    assert not error_label(view, "text").isVisible()
    [saved] = records.list_records(db, "feedback", target.id)
    assert saved.values["text"] == "Slow on SQL window functions"
    assert saved.values["response"] == "Practise window functions"


def test_delete_discards_an_unsaveable_new_record(windows: Windows, db: Database, qtbot):
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    window = windows.open()
    view = view_of(window, "skill")
    click(qtbot, button(view, "new_skill"))
    type_into(qtbot, editor(view, "notes"), "no name yet")
    wait_saved(qtbot, view)
    assert error_label(view, "name").isVisible()

    click(qtbot, button(view, "delete_skill"))

    assert status(window) == "Threw away the new skill (it was never saved)"
    assert view.empty.isVisible()
    assert records.list_records(db, "skill", target.id) == []
    assert windows.close(window)  # nothing left that can't be saved


def test_a_second_skill_with_the_same_name_is_refused(windows: Windows, db: Database, qtbot):
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    records.create_record(db, "skill", {"name": "SQL"}, target.id)
    window = windows.open()
    view = view_of(window, "skill")
    click(qtbot, button(view, "new_skill"))
    type_into(qtbot, editor(view, "name"), "SQL")
    wait_saved(qtbot, view)

    assert error_label(view, "name").text() == "There is already a skill called “SQL”"
    assert len(records.list_records(db, "skill", target.id)) == 1

    type_into(qtbot, editor(view, "name"), " (window functions)", replace=False)
    wait_saved(qtbot, view)
    names = sorted(r.values["name"] for r in records.list_records(db, "skill", target.id))
    assert names == ["SQL", "SQL (window functions)"]


def test_a_sent_resume_is_kept_as_sent(windows: Windows, db: Database, qtbot):
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    sent = records.create_record(
        db, "resume", {"label": "v1", "sent_on": dt.date(2025, 6, 1)}, target.id
    )
    window = windows.open()
    view = view_of(window, "resume")
    type_into(qtbot, editor(view, "label"), "v1 reworked")
    wait_saved(qtbot, view)

    assert error_label(view, "label").isVisible()
    assert "was sent on 1 Jun 2025" in error_label(view, "label").text()
    assert records.get_record(db, "resume", sent.id).values["label"] == "v1"


def test_changing_tab_with_unsaveable_typing_stays_on_the_field(
    sample_window: MainWindow, qtbot
) -> None:
    window = sample_window
    window.open_view("skill")
    view = view_of(window, "skill")
    click_row(qtbot, view, 0)
    type_into(qtbot, editor(view, "name"), "")
    view.flush()
    overview_index = 0
    window.tabs.setCurrentIndex(overview_index)

    assert window.tabs.currentWidget() is window.record_tab("skills")
    assert error_label(view, "name").isVisible()
    assert "Fix the field" in status(window)


def test_new_record_clears_an_active_search(sample_window: MainWindow, qtbot) -> None:
    window = sample_window
    window.open_view("skill")
    view = view_of(window, "skill")
    type_into(qtbot, view.search, "SQL")
    click(qtbot, button(view, "new_skill"))

    assert view.search.text() == ""
    type_into(qtbot, editor(view, "name"), "Tableau")
    wait_saved(qtbot, view)
    assert "Tableau" in [view.model.row_at(i).title for i in range(view.model.rowCount())]


def test_new_interaction_without_contacts_says_to_add_one(window: MainWindow, qtbot) -> None:
    from secondchance.core.services import targets as target_service

    created = target_service.create_target(window.ctx.db, {"company": "Acme", "role": "Analyst"})
    window.ctx.notify("target")
    window.ctx.set_target(created.id)
    window.open_view("interaction")
    view = view_of(window, "interaction")
    view.new_record()

    assert "Add a contact first" in status(window)
    assert not view._draft


def test_an_error_label_is_made_when_first_needed_under_its_editor_above_its_hint(
    qtbot: Any,
) -> None:
    from PySide6.QtWidgets import QLabel

    from secondchance.core.services.kinds import kind
    from secondchance.ui.records.form import RecordForm

    form = RecordForm(kind("question"))
    qtbot.addWidget(form)
    form.resize(700, 1400)
    form.show()
    assert form.errors == {}
    assert form.findChildren(QLabel, "error_practice_due") == []

    form.show_errors({"practice_due": "Not a day", "nowhere": "Said above the form"})
    qtbot.wait(10)
    label = form.errors["practice_due"]
    field = form.editors["practice_due"]
    hint = form.findChild(QLabel, "hint_practice_due")
    assert label.isVisible() and label.text() == "Not a day"
    assert form.form_error.isVisible() and form.form_error.text() == "Said above the form"
    below = field.mapTo(form, field.rect().bottomLeft()).y()
    assert below <= label.mapTo(form, label.rect().topLeft()).y()
    assert (
        label.mapTo(form, label.rect().bottomLeft()).y()
        <= hint.mapTo(form, hint.rect().topLeft()).y()
    )

    form.show_errors({"practice_due": "Still not a day"})
    assert form.errors["practice_due"] is label  # the same label, once made
    assert form.visible_errors() == {"practice_due": "Still not a day"}
    form.clear_errors()
    assert form.visible_errors() == {}
