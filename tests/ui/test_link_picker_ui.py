"""Linking records with the picker: feedback → skills, event → contacts."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from secondchance.core.db import Database
from secondchance.core.services import records, targets
from secondchance.ui.widgets.link_picker import LinkDialog, LinkPicker
from tests.ui.helpers import Windows, click, editor, status, type_into, view_of, wait_saved


class PickInDialog:
    """Stands in for the person: sees the dialog's list, ticks names, presses a button."""

    def __init__(
        self, tick: AbstractSet[str], untick: AbstractSet[str] = frozenset(), ok: bool = True
    ) -> None:
        self.tick, self.untick, self.ok = tick, untick, ok
        self.seen: list[dict[str, bool]] = []

    def __call__(self, dialog: LinkDialog) -> Any:
        items = [dialog.model.item(r) for r in range(dialog.model.rowCount())]
        self.seen.append({i.text(): i.checkState() == Qt.CheckState.Checked for i in items})
        for item in items:
            if item.text() in self.tick:
                item.setCheckState(Qt.CheckState.Checked)
            if item.text() in self.untick:
                item.setCheckState(Qt.CheckState.Unchecked)
        return QDialog.DialogCode.Accepted if self.ok else QDialog.DialogCode.Rejected

    @property
    def exec(self) -> Any:
        """To replace ``LinkDialog.exec``: a plain function, so it gets the dialog."""
        return lambda dialog: self(dialog)


@pytest.fixture
def feedback_world(db: Database) -> dict[str, int]:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"}).id
    ids = {"target": target}
    for name in ("SQL", "Python", "Storytelling"):
        ids[name] = records.create_record(db, "skill", {"name": name}, target).id
    ids["feedback"] = records.create_record(db, "feedback", {"text": "Slow SQL"}, target).id
    return ids


def test_skills_chosen_in_the_picker_are_saved_and_listed(
    windows: Windows,
    db: Database,
    feedback_world: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    qtbot,
) -> None:
    window = windows.open()
    view = view_of(window, "feedback")
    picker = editor(view, "skills")
    assert isinstance(picker, LinkPicker)
    assert picker.label.text() == "None yet"

    person = PickInDialog({"SQL", "Storytelling"})
    monkeypatch.setattr(LinkDialog, "exec", person.exec)
    click(qtbot, picker.button)
    wait_saved(qtbot, view)

    # Offered in name order, nothing ticked yet.
    assert person.seen == [{"Python": False, "SQL": False, "Storytelling": False}]
    saved = records.get_record(db, "feedback", feedback_world["feedback"]).values["skills"]
    assert saved == sorted([feedback_world["SQL"], feedback_world["Storytelling"]])
    assert picker.label.text() == "SQL, Storytelling"
    assert status(window).startswith("Saved")

    person = PickInDialog({"Python"}, untick={"SQL"})
    monkeypatch.setattr(LinkDialog, "exec", person.exec)
    click(qtbot, picker.button)
    wait_saved(qtbot, view)

    assert person.seen == [{"Python": False, "SQL": True, "Storytelling": True}]
    saved = records.get_record(db, "feedback", feedback_world["feedback"]).values["skills"]
    assert saved == sorted([feedback_world["Python"], feedback_world["Storytelling"]])
    assert picker.label.text() == "Python, Storytelling"

    window.undo()
    saved = records.get_record(db, "feedback", feedback_world["feedback"]).values["skills"]
    assert saved == sorted([feedback_world["SQL"], feedback_world["Storytelling"]])
    assert picker.label.text() == "SQL, Storytelling"


def test_cancelling_the_picker_changes_nothing(
    windows: Windows,
    db: Database,
    feedback_world: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    qtbot,
) -> None:
    window = windows.open()
    view = view_of(window, "feedback")
    picker = editor(view, "skills")
    monkeypatch.setattr(LinkDialog, "exec", PickInDialog({"SQL"}, ok=False).exec)
    click(qtbot, picker.button)

    assert not view.timer.isActive()
    assert picker.label.text() == "None yet"
    assert records.get_record(db, "feedback", feedback_world["feedback"]).values["skills"] == []


def test_a_skill_renamed_on_the_skills_tab_shows_its_new_name(
    windows: Windows,
    db: Database,
    feedback_world: dict[str, int],
    qtbot,
) -> None:
    linked = [feedback_world["SQL"], feedback_world["Storytelling"]]
    records.update_record(db, "feedback", feedback_world["feedback"], {"skills": linked})
    window = windows.open()
    assert editor(view_of(window, "feedback"), "skills").label.text() == "SQL, Storytelling"

    skills = view_of(window, "skill")
    skills.select_record(feedback_world["SQL"])
    type_into(qtbot, editor(skills, "name"), "SQL window functions")
    wait_saved(qtbot, skills)

    view = view_of(window, "feedback")
    assert editor(view, "skills").label.text() == "SQL window functions, Storytelling"


def test_the_dialog_filters_as_you_type(qtbot) -> None:
    options = [(1, "Python"), (2, "SQL"), (3, "Storytelling")]
    dialog = LinkDialog("Choose skills", options, {2})
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search, "s")
    assert dialog.proxy.rowCount() == 2
    qtbot.keyClicks(dialog.search, "q")
    assert dialog.proxy.rowCount() == 1
    assert dialog.proxy.index(0, 0).data() == "SQL"
    assert dialog.chosen_ids() == [2]


def test_contacts_met_at_an_event(
    windows: Windows, db: Database, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    priya = records.create_record(db, "contact", {"name": "Priya"}).id
    records.create_record(db, "contact", {"name": "Tom"})
    event = records.create_record(db, "event", {"name": "Health data meetup"}).id
    window = windows.open()
    view = view_of(window, "event")
    monkeypatch.setattr(LinkDialog, "exec", PickInDialog({"Priya"}).exec)
    click(qtbot, editor(view, "contacts").button)
    wait_saved(qtbot, view)
    assert records.get_record(db, "event", event).values["contacts"] == [priya]
    assert editor(view, "contacts").label.text() == "Priya"
