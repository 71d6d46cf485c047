"""Interview Prep in the window: the timer (a fake clock, no sleeps), practising a question,
a mock interview driven by the keyboard alone, the bank, the Anki export, the outcomes of
the linked experience, the confidence trend, and feedback that becomes a question."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import field_names as F
from secondchance.core.services import records
from secondchance.ui.main_window import MainWindow
from secondchance.ui.tabs.interview_prep.bank_dialog import BankDialog
from secondchance.ui.tabs.interview_prep.mock_dialog import ASKING, SUMMARY, MockDialog
from secondchance.ui.tabs.interview_prep.practise_dialog import PractiseDialog
from secondchance.ui.tabs.interview_prep.tab import InterviewPrepTab
from secondchance.ui.tabs.interview_prep.timer import AnswerTimer, Stopwatch
from tests.ui.helpers import Windows, button, click, view_of


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _world(db: Database, questions: int = 3) -> tuple[int, list[int]]:
    target = records.create_record(db, "target", {"company": "Contoso", "role": "Analyst"}).id
    ids = [
        records.create_record(db, "question", {"question": text}, target).id
        for text in [
            "What has changed since you last applied?",
            "Tell me about a conflict.",
            "Why us?",
            "What is your biggest weakness?",
            "Tell me about a failure.",
            "Where do you see yourself?",
        ][:questions]
    ]
    return target, ids


def _tab(window: MainWindow, clock: FakeClock) -> InterviewPrepTab:
    view_of(window, "question")
    tab = window.tab_pages["interview_prep"]
    assert isinstance(tab, InterviewPrepTab)
    tab.clock = clock
    tab.mock_seed = 1
    return tab


def _dialog(tab: InterviewPrepTab, qtbot: QtBot) -> Any:
    """The dialog the tab opened, once it has the keyboard (as it does for a person)."""
    dialog = tab.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    return dialog


def _sessions(db: Database, target: int) -> list[records.RecordRow]:
    return records.list_records(db, "practice", target)


# --- the timer --------------------------------------------------------------------------------


def test_stopwatch_measures_by_its_clock(clock: FakeClock) -> None:
    watch = Stopwatch(clock)
    watch.start()
    clock.advance(61.4)
    assert watch.seconds() == 61
    watch.stop()
    clock.advance(100)  # stopped: not counted
    watch.start()
    clock.advance(10)
    assert watch.seconds() == 71
    watch.reset()
    assert watch.seconds() == 0 and not watch.running


def test_timer_changes_tone_at_the_goal(qtbot: QtBot, clock: FakeClock, monkeypatch) -> None:
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", lambda: beeps.append(1))
    timer = AnswerTimer(clock)
    qtbot.addWidget(timer)
    timer.set_goal(120)
    reached: list[bool] = []
    timer.goal_reached.connect(lambda: reached.append(True))
    normal = timer.figures.palette().color(timer.figures.foregroundRole())
    timer.start()
    clock.advance(119)
    timer.tick()
    assert timer.figures.text() == "1:59" and not reached
    clock.advance(2)
    timer.tick()
    timer.tick()
    assert timer.figures.text() == "2:01"
    assert reached == [True] and beeps == [1]  # once, gently
    assert timer.figures.palette().color(timer.figures.foregroundRole()) != normal
    assert "Past your goal of 2:00" in timer.caption.text()
    stopped: list[int] = []
    timer.stopped.connect(stopped.append)
    timer.toggle()
    assert stopped == [121]


# --- practising one question -----------------------------------------------------------------


def test_practise_records_the_measured_session_and_moves_the_due_date(
    windows: Windows, db: Database, qtbot: QtBot, clock: FakeClock
) -> None:
    target, ids = _world(db)
    window = windows.open()
    tab = _tab(window, clock)
    view = tab.views["question"]
    view.select_record(ids[1])
    click(qtbot, tab.practise_button)
    dialog = _dialog(tab, qtbot)
    assert isinstance(dialog, PractiseDialog)
    assert dialog.header.text.text() == "Tell me about a conflict."
    assert not dialog.notes.isVisible()  # the notes stay hidden until a peek
    assert not dialog.ratings.isEnabled()  # nothing measured yet

    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    clock.advance(95)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.keyClick(dialog, Qt.Key.Key_N)
    assert dialog.notes.isVisible()
    assert "No answer written yet" in dialog.notes.toPlainText()  # it can still be practised
    dialog.note.setText("Start with the result")
    qtbot.keyClick(dialog, Qt.Key.Key_3)

    [session] = _sessions(db, target)
    assert session.values[F.practice.duration_seconds] == 95
    assert session.values[F.practice.rating] is m.PracticeRating.good
    assert session.values[F.practice.notes] == "Start with the result"
    assert session.values[F.practice.practiced_on] == dt.date.today()
    question = records.get_record(db, "question", ids[1])
    assert question.values[F.question.practice_due] > dt.date.today()
    assert "comes back on" in dialog.outcome.text()
    assert dialog.next_button.isVisible()  # the other questions are due

    # One undo step takes the session and its schedule back.
    window.undo()
    assert _sessions(db, target) == []
    assert records.get_record(db, "question", ids[1]).values[F.question.practice_due] == (
        dt.date.today()
    )
    dialog.accept()


def test_closing_mid_timer_records_nothing_and_keeps_the_note(
    windows: Windows, db: Database, qtbot: QtBot, clock: FakeClock
) -> None:
    target, ids = _world(db)
    window = windows.open()
    tab = _tab(window, clock)
    tab.views["question"].select_record(ids[0])
    tab.practise()
    dialog = _dialog(tab, qtbot)
    assert isinstance(dialog, PractiseDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    clock.advance(30)
    dialog.note.setText("Slow down at the start")
    dialog.close()
    assert not dialog.timer.running
    assert _sessions(db, target) == []
    assert tab.drafts == {ids[0]: "Slow down at the start"}

    tab.views["question"].select_record(ids[0])
    tab.practise()
    again = _dialog(tab, qtbot)
    assert isinstance(again, PractiseDialog) and again is not dialog
    assert again.note.text() == "Slow down at the start"
    again.reject()


def test_a_new_goal_length_is_saved_with_the_session(
    windows: Windows, db: Database, qtbot: QtBot, clock: FakeClock
) -> None:
    target, ids = _world(db, 1)
    window = windows.open()
    tab = _tab(window, clock)
    tab.practise()
    dialog = _dialog(tab, qtbot)
    assert isinstance(dialog, PractiseDialog)
    dialog.goal.setTime(dialog.goal.time().addSecs(30))  # 2:00 → 2:30
    assert dialog.timer.goal == 150
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    clock.advance(140)
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    assert records.get_record(db, "question", ids[0]).values[F.question.target_seconds] == 150
    # The journal line is offered, never forced: a lesson after a blank.
    assert dialog.journal.kind.currentText() == "Lesson"
    dialog.journal.line.setText("Blanked on the numbers: write them on a card")
    qtbot.keyClick(dialog.journal.line, Qt.Key.Key_Return)
    [entry] = records.list_records(db, "journal", target)
    assert entry.values[F.journal.kind] is m.JournalKind.lesson
    dialog.accept()


# --- the mock interview, keyboard only -------------------------------------------------------


def test_keyboard_only_mock_interview(
    windows: Windows, db: Database, qtbot: QtBot, clock: FakeClock
) -> None:
    target, _ids = _world(db, 6)
    window = windows.open()
    tab = _tab(window, clock)
    tab.views["question"].table.setFocus()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(tab.views["question"].table, Qt.Key.Key_M, shift_ctrl)
    dialog = _dialog(tab, qtbot)
    assert isinstance(dialog, MockDialog)
    assert dialog.count.value() == 5
    qtbot.keyClick(dialog.count, Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == ASKING
    # "What has changed since you last applied?" is always asked first.
    assert dialog.header.text.text() == "What has changed since you last applied?"
    assert not dialog.header.hint.isVisible()  # no notes, no hints: as on the day

    times = [100, 150, 80, 200, 60]
    keys = [Qt.Key.Key_3, Qt.Key.Key_2, Qt.Key.Key_4, Qt.Key.Key_1, Qt.Key.Key_3]
    asked = []
    for seconds, key in zip(times, keys, strict=True):
        asked.append(dialog.header.text.text())
        qtbot.keyClick(dialog, key)  # rating before timing does nothing
        assert dialog.header.text.text() == asked[-1]
        qtbot.keyClick(dialog, Qt.Key.Key_Space)
        clock.advance(seconds)
        qtbot.keyClick(dialog, Qt.Key.Key_Space)
        qtbot.keyClick(dialog, key)
    assert dialog.pages.currentIndex() == SUMMARY
    assert len(set(asked)) == 5

    sessions = _sessions(db, target)
    assert sorted(s.values[F.practice.duration_seconds] for s in sessions) == sorted(times)
    [saved] = records.list_records(db, "mock", target)
    assert saved.values[F.mock.planned] == 5
    assert {s.values[F.practice.mock_id] for s in sessions} == {saved.id}
    assert dialog.summary.model.rowCount() == 5
    assert "Practise next" in dialog.summary.next.text()
    assert asked[3] in dialog.summary.next.text()  # the one rated Blanked

    qtbot.keyClicks(dialog.journal.line, "Two answers ran long")
    qtbot.keyClick(dialog.journal.line, Qt.Key.Key_Return)
    assert len(records.list_records(db, "journal", target)) == 1
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert tab.dialog is None or not tab.dialog.isVisible()

    # The saved mock shows its summary under its form.
    view_of(window, "mock")
    tab.views["mock"].select_record(saved.id)
    tab._refresh_mock_summary()
    assert tab.mock_summary.model.rowCount() == 5


def test_leaving_a_mock_midway_can_discard(
    windows: Windows, db: Database, qtbot: QtBot, clock: FakeClock, monkeypatch
) -> None:
    target, _ids = _world(db, 3)
    window = windows.open()
    tab = _tab(window, clock)
    tab.start_mock()
    dialog = _dialog(tab, qtbot)
    assert isinstance(dialog, MockDialog)
    dialog.begin()
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    clock.advance(40)
    qtbot.keyClick(dialog, Qt.Key.Key_3)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert _sessions(db, target) == []
    assert records.list_records(db, "mock", target) == []


# --- the bank -------------------------------------------------------------------------------


def test_add_from_bank_adds_what_was_ticked_in_one_undo_step(
    windows: Windows, db: Database, qtbot: QtBot, clock: FakeClock
) -> None:
    target, _ids = _world(db, 1)
    window = windows.open()
    tab = _tab(window, clock)
    click(qtbot, tab.bank_button)
    dialog = tab.dialog
    assert isinstance(dialog, BankDialog)
    assert not dialog.add.isEnabled()  # nothing is added silently
    dialog.group.setCurrentIndex(dialog.group.findText("Reapplying"))
    already = [
        r for r in range(dialog.model.rowCount()) if dialog.model.already(dialog.model.shown[r])
    ]
    assert len(already) == 1  # "What has changed…" is in the target already
    qtbot.keyClicks(dialog.search, "again")
    assert dialog.model.rowCount() >= 1
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    dialog.search.clear()
    dialog.model.toggle(2)
    assert dialog.add.text() == "Add 2 questions"
    click(qtbot, dialog.add)
    rows = records.list_records(db, "question", target)
    assert len(rows) == 3
    assert all(r.values[F.question.hint] for r in rows[1:])
    window.undo()
    assert len(records.list_records(db, "question", target)) == 1


def test_a_broken_bank_says_which_line_and_the_app_carries_on(
    windows: Windows, db: Database, tmp_path: Path, clock: FakeClock
) -> None:
    _world(db, 1)
    broken = tmp_path / "bank.txt"
    broken.write_text("behavioural | Team | Fine? | Hint\nbehavioural | only three\n", "utf-8")
    window = windows.open()
    tab = _tab(window, clock)
    tab.add_from_bank(broken)
    dialog = tab.dialog
    assert isinstance(dialog, BankDialog)
    assert "bank.txt, line 2" in dialog.message.text()
    assert not dialog.add.isEnabled()
    dialog.reject()
    assert window.isVisible()


# --- Anki --------------------------------------------------------------------------------------


def test_anki_export_to_an_unwritable_place_says_so(
    windows: Windows, db: Database, tmp_path: Path, clock: FakeClock, monkeypatch
) -> None:
    _world(db, 2)
    window = windows.open()
    tab = _tab(window, clock)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    missing = tmp_path / "gone" / "deck.apkg"
    assert tab.write_anki(missing, tsv=False) is None
    assert "Nothing was written" in warnings[0] and not missing.parent.exists()
    written = tab.write_anki(tmp_path / "deck", tsv=True)
    assert written == tmp_path / "deck.tsv" and written.is_file()


# --- the STAR+R editor, the journal trend, feedback → question ---------------------------------


def test_result_shows_the_linked_experiences_outcomes(
    windows: Windows, db: Database, qtbot: QtBot, clock: FakeClock
) -> None:
    target, ids = _world(db, 1)
    experience = records.create_record(
        db, "experience", {"title": "Food bank", "outcomes": "Waste down 15%"}, target
    ).id
    records.update_record(db, "question", ids[0], {F.question.experience_id: experience})
    window = windows.open()
    tab = _tab(window, clock)
    tab.views["question"].select_record(ids[0])
    qtbot.waitUntil(lambda: tab.outcomes.isVisible(), timeout=2000)
    assert tab.outcomes.text.text() == "Waste down 15%"
    assert "Food bank" in tab.outcomes.title.text()
    result = tab.views["question"].form.editors[F.question.result]
    assert tab.outcomes.parentWidget() is result.parentWidget()  # right by the Result


def test_journal_shows_the_confidence_trend(
    windows: Windows, db: Database, clock: FakeClock
) -> None:
    target, ids = _world(db, 1)
    records.create_record(db, "practice", {"question_id": ids[0], "rating": m.PracticeRating.easy})
    records.create_record(db, "journal", {"text": "A good week"}, target)
    window = windows.open()
    _tab(window, clock)
    view_of(window, "journal")
    tab = window.tab_pages["interview_prep"]
    assert isinstance(tab, InterviewPrepTab)
    assert tab.trend.isVisible()
    assert tab.trend.weeks[-1].mean == 4.0
    image = tab.trend.grab()
    assert not image.isNull()


def test_feedback_becomes_a_linked_question_in_one_click(
    windows: Windows, db: Database, qtbot: QtBot
) -> None:
    target = records.create_record(db, "target", {"company": "Contoso", "role": "Analyst"}).id
    feedback = records.create_record(db, "feedback", {"text": "Examples lacked numbers"}, target).id
    window = windows.open()
    view = view_of(window, "feedback")
    view.select_record(feedback)
    click(qtbot, button(window, "feedback_to_prep"))
    [question] = records.list_records(db, "question", target)
    assert question.values[F.question.feedback_id] == feedback
    assert question.display[F.question.feedback_id] == "Examples lacked numbers"
    shown: Any = window.tabs.currentWidget()
    assert isinstance(shown, QWidget) and shown.objectName() == "tab_interview_prep"
    click(qtbot, button(window, "feedback_to_prep"))  # never twice
    assert len(records.list_records(db, "question", target)) == 1


def test_hostile_question_text_is_shown_plainly(
    windows: Windows, db: Database, qtbot: QtBot, clock: FakeClock
) -> None:
    target = records.create_record(db, "target", {"company": "Contoso", "role": "Analyst"}).id
    hostile = "<b>Why</b> & <i>how</i>? 🚀 למה עכשיו " + ("Tell me more. " * 80000)[:1_000_000]
    question = records.create_record(db, "question", {"question": hostile}, target).id
    window = windows.open()
    tab = _tab(window, clock)
    tab.views["question"].select_record(question)
    tab.practise()
    dialog = _dialog(tab, qtbot)
    shown = dialog.header.text.text()
    assert shown.startswith("<b>Why</b> & <i>how</i>? 🚀 למה עכשיו")
    assert dialog.header.text.textFormat() == Qt.TextFormat.PlainText
    assert len(shown) <= 1000 and shown.endswith("…")
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    clock.advance(5)
    qtbot.keyClick(dialog, Qt.Key.Key_4)
    assert len(_sessions(db, target)) == 1
    dialog.accept()
