"""The Overview tab: heading, countdown, counts, and count buttons that open their list."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QScrollArea

from secondchance.core.dates import medium_date
from secondchance.core.db import Database
from secondchance.core.services import readiness, records, targets
from secondchance.ui.main_window import MainWindow
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.tabs.overview.clickable_row import ClickableRow
from secondchance.ui.tabs.overview.readiness_panel import NOT_MEASURED
from secondchance.ui.tabs.overview.tab import countdown_text, short_countdown
from secondchance.ui.tabs.registry import tab_of
from tests.ui.helpers import (
    Windows,
    button,
    choose_in_combo,
    choose_target,
    click,
    current_target,
    editor,
    table,
    type_into,
    view_of,
    wait_saved,
)


def label(window: MainWindow, name: str) -> QLabel:
    found = window.overview.findChild(QLabel, name)
    assert found is not None, name
    return found


def test_heading_countdown_and_key_dates(sample_window: MainWindow, db: Database) -> None:
    assert sample_window.tabs.currentWidget() is sample_window.overview
    info = targets.overview(db, current_target(sample_window))
    assert info.days_to_eligible is not None and info.days_to_eligible > 1

    assert label(sample_window, "overview_heading").text() == info.target.title
    expected = f"Eligible to reapply in {info.days_to_eligible} days"
    assert label(sample_window, "overview_countdown").text() == expected
    # The header says the same, shorter, on the other tabs: one countdown on screen.
    assert sample_window.countdown.text() == f"Eligible in {info.days_to_eligible} days"
    assert not sample_window.countdown.isVisible()
    sample_window.tabs.setCurrentIndex(1)
    assert sample_window.countdown.isVisible()
    sample_window.tabs.setCurrentIndex(0)
    eligible = medium_date(info.target.values["eligible_date"])
    assert label(sample_window, "overview_eligible_date").text() == eligible
    assert label(sample_window, "overview_status").text() == "Preparing"


def test_counts_match_the_data(sample_window: MainWindow, db: Database) -> None:
    info = targets.overview(db, current_target(sample_window))
    shown = {
        kind: sample_window.overview.findChild(QPushButton, f"overview_count_{kind}").text()
        for kind in (c.kind for c in info.counts)
    }
    assert shown == {c.kind: f"{c.label}: {c.count}" for c in info.counts}
    assert all(c.count > 0 for c in info.counts)  # the sample fills every list


def test_each_count_opens_its_tab_and_list(sample_window: MainWindow, db: Database, qtbot) -> None:
    for count in targets.overview(db, current_target(sample_window)).counts:
        kind, tab = count.kind, tab_of(count.kind)
        assert tab is not None, kind
        sample_window.tabs.setCurrentWidget(sample_window.overview)
        click(qtbot, button(sample_window.overview, f"overview_count_{kind}"))

        assert sample_window.tabs.currentWidget() is sample_window.tab_pages[tab.name]
        view = sample_window.current_record_view()
        assert view is not None and view.kind.name == kind
        assert view.isVisible()


def test_counts_follow_changes_made_elsewhere(sample_window: MainWindow, db: Database, qtbot):
    journal = view_of(sample_window, "journal")
    before = journal.model.rowCount()
    click(qtbot, button(journal, "new_journal"))
    type_into(qtbot, editor(journal, "text"), "Sent the follow-up e-mail")
    wait_saved(qtbot, journal)

    sample_window.tabs.setCurrentWidget(sample_window.overview)
    # (The previous buttons are only deleted later, so don't look them up by name.)
    count = sample_window.overview.count_buttons["journal"]
    qtbot.waitUntil(count.isVisible, timeout=2000)
    assert count.text() == f"Journal: {before + 1}"


def test_without_an_eligible_date_the_countdown_says_how_to_get_one(
    windows: Windows, db: Database
) -> None:
    targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    window = windows.open()
    assert label(window, "overview_heading").text() == "Contoso — Analyst"
    assert label(window, "overview_countdown").text() == countdown_text(None)
    assert "Edit target" in countdown_text(None)
    assert label(window, "overview_eligible_date").text() == "—"
    assert window.countdown.text() == ""


def test_countdown_on_and_after_the_day(windows: Windows, db: Database) -> None:
    today = dt.date.today()
    target = targets.create_target(
        db, {"company": "Contoso", "role": "Analyst", "eligible_date": today}
    )
    window = windows.open()
    assert label(window, "overview_countdown").text() == "You can reapply from today"
    records.update_record(db, "target", target.id, {"eligible_date": today - dt.timedelta(days=3)})
    window.ctx.notify("target", "")
    assert label(window, "overview_countdown").text().startswith("You can reapply now")


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (None, "Add the date you may apply again (Edit target…) to see the countdown."),
        (30, "Eligible to reapply in 30 days"),
        (1, "Eligible to reapply tomorrow"),
        (0, "You can reapply from today"),
        (-3, "You can reapply now (eligible for 3 days)"),
        (-1, "You can reapply now (eligible since yesterday)"),
    ],
)
def test_countdown_wording(days: int | None, text: str) -> None:
    assert countdown_text(days) == text


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (None, ""),
        (30, "Eligible in 30 days"),
        (1, "Eligible tomorrow"),
        (0, "Eligible to reapply now"),
        (-5, "Eligible to reapply now"),
    ],
)
def test_header_countdown_wording(days: int | None, text: str) -> None:
    assert short_countdown(days) == text


def test_edit_target_button_on_the_overview_opens_the_dialog(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    from secondchance.ui.dialogs.target_dialog import TargetDialog

    opened: list[str] = []
    monkeypatch.setattr(
        TargetDialog,
        "exec",
        lambda dialog: opened.append(dialog.windowTitle()) or TargetDialog.DialogCode.Rejected,
    )
    click(qtbot, button(sample_window.overview, "overview_edit_target"))
    assert opened == ["Edit target"]


# --- readiness, next best actions, the ten steps ---------------------------------------


def shown_record_id(view: RecordView) -> int | None:
    index = table(view).currentIndex()
    row = view.model.row_at(index.row()) if index.isValid() else None
    return row.id if row is not None else None


def row_widget(window: MainWindow, name: str) -> ClickableRow:
    found = window.overview.findChild(ClickableRow, name)
    assert found is not None, name
    return found


def test_readiness_panel_shows_the_service_figures(sample_window: MainWindow, db: Database):
    result = readiness.compute_readiness(db, current_target(sample_window))
    assert result.score is not None
    assert label(sample_window, "readiness_score").text() == f"{result.score}%"
    for c in result.components:
        assert label(sample_window, f"readiness_{c.key}_figure").text() == c.figure
        assert label(sample_window, f"readiness_{c.key}_sentence").text() == c.sentence
        bar = sample_window.overview.findChild(QProgressBar, f"readiness_{c.key}_bar")
        assert bar.isVisible() and bar.value() == round(100 * (c.score or 0))


def test_nothing_to_measure_looks_different_from_zero(windows: Windows, db: Database) -> None:
    # A rejection date and no resume since: the resume part is a real 0.
    targets.create_target(
        db, {"company": "Contoso", "role": "Analyst", "rejection_date": dt.date.today()}
    )
    window = windows.open()
    panel = window.overview.readiness
    resume, feedback = panel.components["resume"], panel.components["feedback"]
    assert resume.bar.isVisible() and resume.bar.value() == 0
    assert resume.figure.text() == "0%"
    assert not feedback.bar.isVisible()
    assert feedback.figure.text() == NOT_MEASURED
    assert feedback.figure.font().italic() and not resume.figure.font().italic()
    muted = feedback.label.palette().color(QPalette.ColorRole.WindowText)
    normal = resume.label.palette().color(QPalette.ColorRole.WindowText)
    assert muted != normal
    assert label(window, "readiness_score").text() == "0%"
    assert "Points from 1 of 7 parts" in label(window, "readiness_note").text()


def test_a_target_with_nothing_yet_has_no_score(windows: Windows, db: Database) -> None:
    targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    window = windows.open()
    assert label(window, "readiness_score").text() == "—"
    assert label(window, "readiness_caption").text() == "Not measured yet"
    assert not any(c.bar.isVisible() for c in window.overview.readiness.components.values())


def test_actions_and_steps_match_the_service(sample_window: MainWindow, db: Database) -> None:
    target = current_target(sample_window)
    actions = readiness.next_actions(db, target)
    assert len(actions) == 5
    for i, action in enumerate(actions):
        row = row_widget(sample_window, f"overview_action_{i}")
        assert row.isVisible()
        assert row.title.text() == action.text
    steps = readiness.checklist(db, target)
    for step in steps:
        row = row_widget(sample_window, f"overview_step_{step.number}")
        assert row.title.text() == f"{step.number}. {step.title}"
        assert row.detail.text() == f"{step.state.capitalize()} · {step.detail}"
        assert row.mark.text() == {"done": "✓", "started": "◐", "not started": "○"}[step.state]
    assert not label(sample_window, "overview_actions_empty").isVisible()


def test_clicking_an_action_opens_the_named_record(sample_window: MainWindow, db: Database, qtbot):
    actions = readiness.next_actions(db, current_target(sample_window))
    for i, action in enumerate(actions):
        assert action.record_id is not None  # the sample's actions all name a record
        sample_window.tabs.setCurrentWidget(sample_window.overview)
        click(qtbot, row_widget(sample_window, f"overview_action_{i}"))

        tab = tab_of(action.kind)
        assert tab is not None
        assert sample_window.tabs.currentWidget() is sample_window.tab_pages[tab.name]
        view = sample_window.current_record_view()
        assert view is not None and view.kind.name == action.kind
        assert shown_record_id(view) == action.record_id
        assert view.form.isVisible()


def test_an_action_reaches_its_record_past_a_parent_filter(
    windows: Windows, db: Database, qtbot
) -> None:
    target = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    dana = records.create_record(db, "contact", {"name": "Dana", "targets": [target.id]})
    other = records.create_record(db, "contact", {"name": "Other", "targets": [target.id]})
    late = records.create_record(
        db,
        "interaction",
        {
            "contact_id": dana.id,
            "date": dt.date.today() - dt.timedelta(days=9),
            "follow_up_date": dt.date.today() - dt.timedelta(days=2),
        },
    )
    records.create_record(db, "interaction", {"contact_id": other.id, "summary": "Hi"})
    window = windows.open()
    interactions = view_of(window, "interaction")
    choose_in_combo(qtbot, interactions.parent_filter, "Other")
    assert interactions.model.rowCount() == 1

    window.tabs.setCurrentWidget(window.overview)
    index = next(
        i for i, a in enumerate(readiness.next_actions(db, target.id)) if a.kind == "interaction"
    )
    row = row_widget(window, f"overview_action_{index}")
    assert row.title.text() == "Follow up with Dana (due 2 days ago)"
    click(qtbot, row)
    assert window.current_record_view() is interactions
    assert interactions.parent_filter.currentIndex() == 0  # back to all contacts
    assert shown_record_id(interactions) == late.id


def test_an_action_without_a_record_opens_its_list(windows: Windows, db: Database, qtbot):
    targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    window = windows.open()
    row = row_widget(window, "overview_action_0")
    assert row.title.text().startswith("Ask Contoso for feedback")
    # The keyboard works too: Tab to the row, press Enter.
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_Return)
    view = window.current_record_view()
    assert view is not None and view.kind.name == "feedback"


def test_each_step_opens_its_tab_and_list(sample_window: MainWindow, qtbot) -> None:
    for number, (title, kind, _measure) in enumerate(readiness.STEPS, start=1):
        tab = tab_of(kind)
        assert tab is not None, kind
        sample_window.tabs.setCurrentWidget(sample_window.overview)
        click(qtbot, row_widget(sample_window, f"overview_step_{number}"))
        assert sample_window.tabs.currentWidget() is sample_window.tab_pages[tab.name], title
        view = sample_window.current_record_view()
        assert view is not None and view.kind.name == kind


def test_the_overview_refreshes_after_an_edit(
    sample_window: MainWindow, db: Database, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QDialog

    from secondchance.ui.tabs.feedback.addressed_dialog import AddressedDialog

    def answer(dialog: AddressedDialog) -> int:  # "what did you do about it?"
        dialog.response.setPlainText("Rebuilt the dashboard in Tableau with four charts")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddressedDialog, "exec", answer)
    target = current_target(sample_window)
    figure = label(sample_window, "readiness_feedback_figure")
    assert figure.text() == "60%"  # 2 of 5 addressed, 2 in progress count half
    first = readiness.next_actions(db, target)[0]
    assert first.kind == "feedback"

    # Open the open feedback item from its action, mark it addressed in the form.
    click(qtbot, row_widget(sample_window, "overview_action_0"))
    view = sample_window.current_record_view()
    assert view is not None and shown_record_id(view) == first.record_id
    choose_in_combo(qtbot, editor(view, "status"), "Addressed")
    wait_saved(qtbot, view)
    assert first.record_id is not None
    assert records.get_record(db, "feedback", first.record_id).values["status"].name == "addressed"

    sample_window.tabs.setCurrentWidget(sample_window.overview)
    qtbot.waitUntil(lambda: figure.text() == "80%", timeout=2000)
    shown = [row_widget(sample_window, f"overview_action_{i}").title.text() for i in range(5)]
    assert first.text not in shown
    expected = readiness.compute_readiness(db, target).score
    assert label(sample_window, "readiness_score").text() == f"{expected}%"
    step = row_widget(sample_window, "overview_step_1")
    assert step.detail.text() == "Done · 5 items recorded, each with a plan"


def test_switching_target_refreshes_the_readiness(sample_window: MainWindow, db: Database, qtbot):
    assert label(sample_window, "readiness_score").text().endswith("%")
    other = targets.create_target(db, {"company": "Contoso", "role": "Analyst"})
    sample_window.ctx.notify("target", "")
    choose_target(qtbot, sample_window, other.title)
    assert label(sample_window, "readiness_score").text() == "—"
    assert label(sample_window, "overview_heading").text() == "Contoso — Analyst"


def test_overview_fits_the_smallest_window(sample_window: MainWindow, qtbot) -> None:
    sample_window.resize(738, 560)
    qtbot.waitUntil(lambda: sample_window.width() <= 760, timeout=2000)
    assert sample_window.minimumSizeHint().width() <= 738
    scroll = sample_window.overview.findChild(QScrollArea, "overview_scroll")
    page = scroll.widget()
    # Nothing wider than the visible area: long sentences wrap instead of being cut.
    assert page.minimumSizeHint().width() <= scroll.viewport().width()
    assert page.width() <= scroll.viewport().width()
    sentence = label(sample_window, "readiness_gaps_sentence")
    assert sentence.wordWrap() and sentence.height() > sentence.fontMetrics().height() * 1.5
