"""The Questions list of Interview Prep: its pick lists are read when opened (only the shown
record's choice before), and its due summary follows practice recorded and undone."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QLabel, QListView
from pytestqt.qtbot import QtBot

from secondchance.core.db import Database
from secondchance.core.services import field_names as F
from secondchance.core.services import records
from secondchance.core.services.changes import Create
from secondchance.ui.records.commands import commit
from secondchance.ui.tabs.interview_prep.tab import InterviewPrepTab
from secondchance.ui.widgets.link_picker import LinkDialog, LinkPicker
from tests.ui.helpers import Windows, context, editor, view_of, wait_saved


def _feedback_world(db: Database) -> tuple[int, list[int], int]:
    target = records.create_record(db, "target", {"company": "Contoso", "role": "Analyst"}).id
    said = ["Answers ran long", "Examples lacked numbers", "Too little on testing"]
    feedback = [records.create_record(db, "feedback", {"text": t}, target).id for t in said]
    question = records.create_record(
        db, "question", {"question": "Why us?", "feedback_id": feedback[1]}, target
    ).id
    return target, feedback, question


def _count_choices(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kinds whose whole pick list is read from now on, in order."""
    read: list[str] = []
    real_choices = records.choices

    def counting(db_: Database, kind_name: str, target_id: int | None = None) -> Any:
        read.append(kind_name)
        return real_choices(db_, kind_name, target_id)

    monkeypatch.setattr(records, "choices", counting)
    return read


def _texts(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_a_reference_shows_its_title_and_offers_the_whole_list_when_opened(
    windows: Windows, db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _target, feedback, question = _feedback_world(db)
    read = _count_choices(monkeypatch)
    window = windows.open()
    view = view_of(window, "question")
    view.select_record(question)
    combo = editor(view, F.question.feedback_id)
    assert isinstance(combo, QComboBox)

    assert combo.currentText() == "Examples lacked numbers"
    assert "feedback" not in read  # nothing but the shown title was read

    combo.showPopup()
    combo.hidePopup()
    assert read.count("feedback") == 1
    assert sorted(_texts(combo)[1:]) == [
        "Answers ran long",
        "Examples lacked numbers",
        "Too little on testing",
    ]
    assert _texts(combo)[0] == "— none —"
    assert combo.currentData() == feedback[1]  # opening chose nothing

    # Chosen from the list with the keyboard, as a person does: saved.
    combo.setFocus()
    wanted = combo.findData(feedback[2])
    for _ in range(abs(wanted - combo.currentIndex())):
        key = Qt.Key.Key_Down if wanted > combo.currentIndex() else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)
    wait_saved(qtbot, view)
    saved = records.get_record(db, "question", question)
    assert saved.values[F.question.feedback_id] == feedback[2]


def test_the_list_is_read_when_the_box_takes_the_keyboard(
    windows: Windows, db: Database, qtbot: QtBot
) -> None:
    _target, _feedback, question = _feedback_world(db)
    window = windows.open()
    view = view_of(window, "question")
    view.select_record(question)
    combo = editor(view, F.question.feedback_id)
    assert isinstance(combo, QComboBox)
    window.activateWindow()
    combo.setFocus()
    qtbot.waitUntil(lambda: combo.count() == 4, timeout=3000)
    assert combo.currentText() == "Examples lacked numbers"


def test_a_shown_choice_follows_a_rename_and_a_deletion(
    windows: Windows, db: Database, qtbot: QtBot
) -> None:
    _target, feedback, question = _feedback_world(db)
    window = windows.open()
    view = view_of(window, "question")
    view.select_record(question)
    combo = editor(view, F.question.feedback_id)
    records.update_record(db, "feedback", feedback[1], {"text": "Examples had no numbers"})
    context(window).notify("feedback")
    assert combo.currentText() == "Examples had no numbers"

    records.delete_record(db, "feedback", feedback[1])
    context(window).notify("feedback")
    qtbot.waitUntil(lambda: combo.currentData() is None, timeout=3000)
    assert "Examples had no numbers" not in _texts(combo)


def _due(window: Any) -> str:
    label = window.findChild(QLabel, "due_summary")
    assert label is not None
    return str(label.text())


def test_the_due_summary_follows_practice_recorded_and_undone(
    windows: Windows, db: Database, qtbot: QtBot
) -> None:
    target = records.create_record(db, "target", {"company": "Contoso", "role": "Analyst"}).id
    ids = [
        records.create_record(db, "question", {"question": q}, target).id
        for q in ("Why us?", "A conflict?", "A failure?")
    ]
    window = windows.open()
    view = view_of(window, "question")
    tab = window.tab_pages["interview_prep"]
    assert isinstance(tab, InterviewPrepTab)
    assert _due(window) == "3 of 3 due for practice today"

    practice = Create("practice", {F.practice.question_id: ids[0], F.practice.rating: "good"})
    commit(context(window), [practice], "Practised", "Practise")
    assert _due(window) == "2 of 3 due for practice today"

    only_due = window.findChild(QCheckBox, "only_due")
    assert only_due is not None
    only_due.setChecked(True)
    assert sorted(view.model.row_at(i).id for i in range(view.model.rowCount())) == ids[1:]

    window.undo()
    assert _due(window) == "3 of 3 due for practice today"
    assert view.model.rowCount() == 3


def test_linked_skills_are_named_and_the_whole_list_offered_when_choosing(
    windows: Windows, db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = records.create_record(db, "target", {"company": "Contoso", "role": "Analyst"}).id
    skills = [
        records.create_record(db, "skill", {"name": name}, target).id
        for name in ("SQL", "Python", "Stakeholders")
    ]
    question = records.create_record(
        db, "question", {"question": "Why us?", "skills": [skills[2], skills[0]]}, target
    ).id
    read = _count_choices(monkeypatch)
    window = windows.open()
    view = view_of(window, "question")
    view.select_record(question)
    picker = editor(view, F.question.skills)
    assert isinstance(picker, LinkPicker)
    assert picker.label.text() == "SQL, Stakeholders"
    assert "skill" not in read

    offered: list[str] = []

    def pick(dialog: LinkDialog) -> int:
        model = dialog.findChild(QListView).model()
        offered.extend(str(model.index(r, 0).data()) for r in range(model.rowCount()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(LinkDialog, "exec", pick)
    picker.open_dialog()
    assert sorted(offered) == ["Python", "SQL", "Stakeholders"]
    assert picker.value() == sorted([skills[0], skills[2]])


def test_the_shown_records_choices_are_named_from_the_list_without_reading_again(
    windows: Windows, db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    target, feedback, _question = _feedback_world(db)
    skills = [
        records.create_record(db, "skill", {"name": name}, target).id for name in ("SQL", "Python")
    ]
    experience = records.create_record(db, "experience", {"title": "Led the migration"}, target).id
    second = records.create_record(
        db,
        "question",
        {
            "question": "A conflict?",
            "feedback_id": feedback[2],
            "experience_id": experience,
            "skills": [skills[1]],
        },
        target,
    ).id
    asked: list[tuple[str, int]] = []
    real_title_of, real_get_record = records.title_of, records.get_record

    def title_of(db_: Database, kind_name: str, record_id: int) -> str | None:
        asked.append((kind_name, record_id))
        return real_title_of(db_, kind_name, record_id)

    def get_record(db_: Database, kind_name: str, record_id: int) -> Any:
        asked.append((kind_name, record_id))
        return real_get_record(db_, kind_name, record_id)

    monkeypatch.setattr(records, "title_of", title_of)
    monkeypatch.setattr(records, "get_record", get_record)
    window = windows.open()
    view = view_of(window, "question")
    view.select_record(second)
    assert editor(view, F.question.feedback_id).currentText() == "Too little on testing"
    assert editor(view, F.question.experience_id).currentText() == "Led the migration"
    assert editor(view, F.question.skills).label.text() == "Python"
    assert asked == []  # the list read these titles already

    # Renamed elsewhere: the choice shown follows (read again, as the list is).
    records.update_record(db, "experience", experience, {"title": "Led the cloud migration"})
    context(window).notify("experience")
    assert editor(view, F.question.experience_id).currentText() == "Led the cloud migration"
