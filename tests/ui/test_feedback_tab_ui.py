"""The Feedback tab in depth: the ledger, marking addressed, filters, skills made on the
spot, gaps turned into practice, the feedback request and the competency chart."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QMessageBox
from sqlalchemy import select

from secondchance.core import models as m
from secondchance.core.dates import long_date
from secondchance.core.db import Database
from secondchance.core.services import records
from secondchance.ui.main_window import MainWindow
from secondchance.ui.tabs.feedback.addressed_dialog import AddressedDialog
from secondchance.ui.tabs.feedback.competency_chart import CompetencyChart
from secondchance.ui.tabs.feedback.ledger_view import RECORD_ROLE, LedgerView
from secondchance.ui.tabs.feedback.request_dialog import FeedbackRequestDialog
from secondchance.ui.tabs.feedback.tab import FeedbackTab
from secondchance.ui.widgets.link_picker import LinkDialog, LinkPicker
from tests.ui.helpers import choose_in_combo, context, current_target, editor, view_of, wait_saved


def feedback_tab(window: MainWindow) -> FeedbackTab:
    tab = window.record_tab("feedback")
    assert isinstance(tab, FeedbackTab)
    window.tabs.setCurrentWidget(tab)
    return tab


def feedback_id(db: Database, fragment: str) -> int:
    with db.transaction() as session:
        return session.scalars(
            select(m.Feedback.id).where(m.Feedback.text.contains(fragment))
        ).one()


def one(db: Database, model: Any, record_id: int) -> Any:
    with db.transaction() as session:
        obj = session.get(model, record_id)
        session.expunge(obj)
        return obj


# --- the ledger ------------------------------------------------------------------------


def test_ledger_follows_feedback_to_the_course_and_the_project(
    sample_window: MainWindow, db: Database
) -> None:
    tab = feedback_tab(sample_window)
    assert tab.subtabs is not None
    tab.subtabs.setCurrentWidget(tab.ledger)
    ledger = tab.ledger
    assert isinstance(ledger, LedgerView) and ledger.isVisible()
    assert "5 feedback items" in ledger.summary.text()

    course = ledger.find_row("Activity: Advanced SQL")
    assert course.isValid()
    # The course sits under the SQL skill, under the SQL feedback.
    assert course.parent().data().startswith("Skill: SQL")
    assert "SQL was correct but slow" in course.parent().parent().data()
    ledger.tree.doubleClicked.emit(course)
    assert sample_window.tabs.currentWidget() is sample_window.record_tab("skills")
    activity = sample_window.current_record_view()
    assert activity is not None and activity.kind.name == "activity"
    assert course.data(RECORD_ROLE) == ("activity", activity.current_id)

    tab = feedback_tab(sample_window)
    project = ledger.find_row("Experience: Rebuilt the weekly operations report")
    ledger.tree.doubleClicked.emit(project)
    assert sample_window.tabs.currentWidget() is sample_window.record_tab("experience")
    view = sample_window.current_record_view()
    assert view is not None and view.current_id is not None
    assert one(db, m.Experience, view.current_id).title == "Rebuilt the weekly operations report"


def test_ledger_only_open_hides_complete_chains(sample_window: MainWindow) -> None:
    tab = feedback_tab(sample_window)
    assert tab.subtabs is not None
    tab.subtabs.setCurrentWidget(tab.ledger)
    before = tab.ledger.model.rowCount()
    tab.ledger.only_open.setChecked(True)
    after = tab.ledger.model.rowCount()
    assert after < before
    assert not tab.ledger.find_row("The panel felt your SQL").isValid()
    assert tab.ledger.find_row("dashboard was crowded").isValid()


def test_ledger_empty_state_adds_feedback(window: MainWindow, qtbot: Any) -> None:
    from secondchance.core.services.targets import create_target

    target = create_target(window.ctx.db, {"company": "Acme", "role": "Analyst"}, None)
    window._reload_targets(prefer=target.id)
    tab = feedback_tab(window)
    assert tab.subtabs is not None
    tab.subtabs.setCurrentWidget(tab.ledger)
    assert tab.ledger.stack.currentWidget() is tab.ledger.empty
    tab.ledger.empty.button.click()
    assert tab.current_view() is tab.views["feedback"]
    assert tab.views["feedback"]._draft


# --- marking feedback addressed ----------------------------------------------------------


def _status_to_addressed(qtbot: Any, window: MainWindow, db: Database, fragment: str) -> Any:
    view = view_of(window, "feedback")
    view.select_record(feedback_id(db, fragment))
    choose_in_combo(qtbot, editor(view, "status"), "Addressed")
    return view


def test_marking_addressed_asks_what_was_done_and_links_evidence(
    sample_window: MainWindow, db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.transaction() as session:
        book = session.scalars(
            select(m.LearningActivity).where(m.LearningActivity.title.startswith("Practical"))
        ).one()
        assert book.skill_id is None
        book_id = book.id
    seen: list[AddressedDialog] = []

    def answer(dialog: AddressedDialog) -> int:
        seen.append(dialog)
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        dialog.response.setPlainText("   ")
        assert not ok.isEnabled()  # blank isn't an answer
        dialog.response.setPlainText("Finished the course module on claims data")
        assert ok.isEnabled()
        dialog.check("activity", book_id)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddressedDialog, "exec", answer)
    view = _status_to_addressed(qtbot, sample_window, db, "healthcare data")
    wait_saved(qtbot, view)
    assert len(seen) == 1
    item = one(db, m.Feedback, feedback_id(db, "healthcare data"))
    assert item.status is m.FeedbackStatus.addressed
    assert item.response == "Finished the course module on claims data"
    # The book had no skill: it now works on the feedback's skill, so the chain is whole.
    linked = one(db, m.LearningActivity, book_id)
    assert linked.skill_id is not None
    assert editor(view, "response").toPlainText() == item.response

    # One change, one step: Ctrl+Z takes back the status, the answer and the evidence link.
    stack = sample_window.ctx.undo_stack
    steps = stack.count()
    qtbot.keyClick(sample_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stack.index() == steps - 1
    assert one(db, m.Feedback, item.id).status is m.FeedbackStatus.addressing
    assert one(db, m.LearningActivity, book_id).skill_id is None
    stack.redo()
    assert one(db, m.Feedback, item.id).status is m.FeedbackStatus.addressed
    assert one(db, m.LearningActivity, book_id).skill_id == linked.skill_id


def test_cancelling_the_question_keeps_the_old_status(
    sample_window: MainWindow, db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(AddressedDialog, "exec", lambda _d: QDialog.DialogCode.Rejected)
    view = _status_to_addressed(qtbot, sample_window, db, "healthcare data")
    wait_saved(qtbot, view)
    item = one(db, m.Feedback, feedback_id(db, "healthcare data"))
    assert item.status is m.FeedbackStatus.addressing
    assert editor(view, "status").currentText() == "Addressing"
    assert "needs a word on what you did" in sample_window.statusBar().currentMessage()


# --- filters and counts ------------------------------------------------------------------


def test_only_unaddressed_and_theme_counts(sample_window: MainWindow, db: Database) -> None:
    tab = feedback_tab(sample_window)
    view = view_of(sample_window, "feedback")
    counts = tab.findChild(QLabel, "theme_counts")
    assert counts is not None
    text = counts.text()
    assert "Technical 1/2" in text and "Communication 0/1" in text

    only = tab.findChild(QCheckBox, "only_unaddressed")
    assert only is not None
    only.setChecked(True)
    with db.transaction() as session:
        unaddressed = session.scalars(
            select(m.Feedback.id).where(m.Feedback.status != m.FeedbackStatus.addressed)
        ).all()
    assert view.model.rowCount() == len(unaddressed) == 3
    counts.linkActivated.emit("theme:technical")
    assert view.model.rowCount() == 1
    assert "<b>" in counts.text() and "show all" in counts.text()
    counts.linkActivated.emit("theme:all")
    only.setChecked(False)
    assert view.model.rowCount() == 5
    counts.linkActivated.emit("theme:technical")  # a theme alone: addressed ones too
    assert view.model.rowCount() == 2
    counts.linkActivated.emit("theme:all")
    assert view.model.rowCount() == 5


# --- a skill made on the spot --------------------------------------------------------------


def test_a_new_skill_can_be_created_from_the_skills_picker(
    sample_window: MainWindow, db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = view_of(sample_window, "feedback")
    view.select_record(feedback_id(db, "healthcare data"))
    picker = editor(view, "skills")
    assert isinstance(picker, LinkPicker)

    def pick(dialog: LinkDialog) -> int:
        assert dialog.new_name is not None
        dialog.new_name.setText("SQL (window functions)")  # already there: refused
        dialog._create()
        assert "already" in dialog.create_message.text().lower()
        dialog.new_name.setText("Claims data ✓ <b>")
        dialog._create()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LinkDialog, "exec", pick)
    picker.open_dialog()
    wait_saved(qtbot, view)
    item_id = feedback_id(db, "healthcare data")
    with db.transaction() as session:
        skill = session.scalars(select(m.Skill).where(m.Skill.name == "Claims data ✓ <b>")).one()
        linked = session.scalars(
            select(m.feedback_skill.c.skill_id).where(m.feedback_skill.c.feedback_id == item_id)
        ).all()
    assert skill.id in linked
    assert "Claims data ✓ <b>" in picker.label.text()


# --- a gap becomes practice ----------------------------------------------------------------


def test_gap_verdict_offers_an_interview_prep_question(
    sample_window: MainWindow, db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def yes(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    view = view_of(sample_window, "reflection")
    with db.transaction() as session:
        reflection = session.scalars(
            select(m.Reflection).where(m.Reflection.question.startswith("Tell me about"))
        ).one()
    view.select_record(reflection.id)
    choose_in_combo(qtbot, editor(view, "verdict"), "Gap")
    wait_saved(qtbot, view)
    assert asked == ["Practise this question?"]
    with db.transaction() as session:
        question = session.scalars(
            select(m.Question).where(m.Question.question == reflection.question)
        ).one()
    assert question.reflection is not None and "Lead with the result" in question.reflection
    assert question.category is m.QuestionCategory.behavioural

    # Already there: the button says so and opens it instead of adding a copy.
    tab = feedback_tab(sample_window)
    view = view_of(sample_window, "reflection")
    tab.prep_button.click()
    assert sample_window.tabs.currentWidget() is sample_window.record_tab("interview_prep")
    with db.transaction() as session:
        count = session.scalars(
            select(m.Question.id).where(m.Question.question == reflection.question)
        ).all()
    assert len(count) == 1


# --- the feedback request --------------------------------------------------------------------


def test_feedback_request_drafts_copies_mails_and_records(
    sample_window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url).toString()) or True
    )
    checks: list[str] = []
    recorded = one(db, m.Target, current_target(sample_window)).feedback_requested_on
    new_date = (recorded or dt.date(2026, 1, 1)) + dt.timedelta(days=2)

    def run(dialog: FeedbackRequestDialog) -> int:
        assert dialog.recipient.currentText().startswith("Marisol")
        assert dialog.body.toPlainText().startswith("Hi Marisol")
        warm = dialog.body.toPlainText()
        dialog.tones.button(1).click()  # concise
        assert dialog.body.toPlainText() != warm
        dialog.copy()
        assert dialog.subject.text() in QGuiApplication.clipboard().text()
        dialog.open_mail()
        assert opened and opened[0].startswith("mailto:")
        dialog.sent_on.line.setText("2026-02-30")
        dialog.record_sent()
        assert "date" in dialog.feedback.text().lower()
        dialog.sent_on.line.setText(new_date.isoformat())
        dialog.record_sent()
        assert long_date(new_date) in dialog.sent_state.text()
        checks.append("done")
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(FeedbackRequestDialog, "exec", run)
    tab = feedback_tab(sample_window)
    tab.request_button.click()
    assert checks == ["done"]
    target = one(db, m.Target, current_target(sample_window))
    assert target.feedback_requested_on == new_date
    sample_window.ctx.undo_stack.undo()
    assert one(db, m.Target, target.id).feedback_requested_on != new_date


def test_mail_app_missing_says_what_to_do(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    dialog = FeedbackRequestDialog(context(sample_window), sample_window)
    dialog.open_mail()
    assert "Copy message" in dialog.feedback.text()


# --- the competency chart -----------------------------------------------------------------------


def test_competency_chart_follows_the_ratings(
    sample_window: MainWindow, db: Database, qtbot: Any
) -> None:
    view = view_of(sample_window, "competency")
    chart = sample_window.findChild(CompetencyChart, "competency_chart")
    assert chart is not None and chart.isVisible()
    assert len(chart.ratings) == 8
    assert chart.ratings[m.CompetencyArea.motivation] == 5
    with db.transaction() as session:
        rating = session.scalars(
            select(m.CompetencyRating).where(m.CompetencyRating.area == m.CompetencyArea.motivation)
        ).one()
    view.select_record(rating.id)
    records.update_record(db, "competency", rating.id, {"rating": 2})
    sample_window.ctx.notify("competency")
    assert chart.ratings[m.CompetencyArea.motivation] == 2
    assert "Motivation 2 of 5" in chart.accessibleDescription()


def test_an_address_a_mail_link_cannot_carry_is_explained(
    sample_window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[object] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    with db.transaction() as session:
        contact = session.scalars(select(m.Contact).where(m.Contact.name.startswith("Marisol")))
        contact.one().email = "a?b@example.com"
    dialog = FeedbackRequestDialog(context(sample_window), sample_window)
    assert dialog.recipient.currentText().startswith("Marisol")
    dialog.open_mail()
    assert opened == []
    assert "Network tab" in dialog.feedback.text()
