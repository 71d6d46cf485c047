"""Interactions and practice sessions: the filter by contact / question above the list."""

from __future__ import annotations

import pytest

from secondchance.core.db import Database
from secondchance.core.services import records, targets
from tests.ui.helpers import (
    Windows,
    button,
    choose_in_combo,
    choose_target,
    click,
    context,
    editor,
    type_into,
    view_of,
    wait_saved,
)


def notes_shown(view) -> list[str]:
    rows = [view.model.row_at(i) for i in range(view.model.rowCount())]
    return sorted(str(r.values.get("notes") or r.values.get("summary")) for r in rows if r)


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    ids = {}
    for name in ("Priya", "Tom"):
        ids[name] = records.create_record(db, "contact", {"name": name}).id
        for n in range(2):
            records.create_record(
                db, "interaction", {"contact_id": ids[name], "summary": f"{name} call {n}"}
            )
    return ids


def test_the_filter_narrows_the_list_and_new_records_follow_it(
    windows: Windows, db: Database, people: dict[str, int], qtbot
) -> None:
    window = windows.open()
    view = view_of(window, "interaction")
    combo = view.parent_filter
    assert combo is not None and combo.objectName() == "parent_filter_interaction"
    # The contacts are read when the person opens the box, not with the list.
    assert [combo.itemText(i) for i in range(combo.count())] == ["All contacts"]
    combo.showPopup()
    combo.hidePopup()
    assert [combo.itemText(i) for i in range(combo.count())] == ["All contacts", "Priya", "Tom"]
    assert view.model.rowCount() == 4

    choose_in_combo(qtbot, combo, "Tom")
    assert combo.currentText() == "Tom"
    assert notes_shown(view) == ["Tom call 0", "Tom call 1"]

    click(qtbot, button(view, "new_interaction"))
    assert editor(view, "contact_id").currentText() == "Tom"
    type_into(qtbot, editor(view, "summary"), "Tom call 2")
    wait_saved(qtbot, view)
    assert notes_shown(view) == ["Tom call 0", "Tom call 1", "Tom call 2"]
    tom = records.list_records(db, "interaction", parent_id=people["Tom"])
    assert len(tom) == 3

    choose_in_combo(qtbot, combo, "All contacts")
    assert view.model.rowCount() == 5


def test_deleting_the_filtered_contact_shows_all_interactions_again(
    windows: Windows, db: Database, people: dict[str, int], qtbot
) -> None:
    window = windows.open()
    view = view_of(window, "interaction")
    choose_in_combo(qtbot, view.parent_filter, "Priya")
    contacts = view_of(window, "contact")
    contacts.select_record(people["Priya"])
    click(qtbot, button(contacts, "delete_contact"))

    view = view_of(window, "interaction")
    assert view.parent_filter.currentText() == "All contacts"
    assert notes_shown(view) == ["Tom call 0", "Tom call 1"]


def test_practice_filter_never_shows_another_targets_sessions(
    windows: Windows, db: Database, qtbot
) -> None:
    alpha = targets.create_target(db, {"company": "Alpha", "role": "Analyst"}).id
    beta = targets.create_target(db, {"company": "Beta", "role": "Analyst"}).id
    for target, word in ((alpha, "Alpha"), (beta, "Beta")):
        question = records.create_record(db, "question", {"question": f"{word} Q"}, target)
        records.create_record(
            db, "practice", {"question_id": question.id, "notes": f"{word} practice"}, target
        )
    window = windows.open()
    view = view_of(window, "practice")
    choose_in_combo(qtbot, view.parent_filter, "Alpha Q")
    assert notes_shown(view) == ["Alpha practice"]

    choose_target(qtbot, window, "Beta — Analyst")

    assert view.parent_filter.currentText() == "All questions"
    assert notes_shown(view) == ["Beta practice"]


def test_a_chosen_contact_stays_chosen_when_contacts_change_without_reading_them_all(
    windows: Windows, db: Database, people: dict[str, int], qtbot
) -> None:
    window = windows.open()
    view = view_of(window, "interaction")
    choose_in_combo(qtbot, view.parent_filter, "Tom")
    records.create_record(db, "contact", {"name": "Zed"})
    context(window).notify("contact")  # as a save of a contact elsewhere says: a reload

    combo = view.parent_filter
    assert [combo.itemText(i) for i in range(combo.count())] == ["All contacts", "Tom"]
    assert notes_shown(view) == ["Tom call 0", "Tom call 1"]
    combo.showPopup()
    combo.hidePopup()
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All contacts", "Priya", "Tom", "Zed",
    ]  # fmt: skip
    assert combo.currentText() == "Tom"
