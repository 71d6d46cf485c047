"""The Overview tab: heading, countdown, counts, and count buttons that open their list."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from secondchance.core.db import Database
from secondchance.core.services import records, targets
from secondchance.core.services.targets import KIND_TABS
from secondchance.ui.main_window import MainWindow
from secondchance.ui.tabs.overview import countdown_text, short_countdown
from tests.ui.helpers import Windows, button, click, editor, type_into, view_of, wait_saved


def label(window: MainWindow, name: str) -> QLabel:
    found = window.overview.findChild(QLabel, name)
    assert found is not None, name
    return found


def test_heading_countdown_and_key_dates(sample_window: MainWindow, db: Database) -> None:
    assert sample_window.tabs.currentWidget() is sample_window.overview
    info = targets.overview(db, sample_window.ctx.target_id)
    assert info.days_to_eligible is not None and info.days_to_eligible > 1

    assert label(sample_window, "overview_heading").text() == info.target.title
    expected = f"Eligible to reapply in {info.days_to_eligible} days"
    assert label(sample_window, "overview_countdown").text() == expected
    # The header says the same, shorter.
    assert sample_window.countdown.text() == f"Eligible in {info.days_to_eligible} days"
    eligible = info.target.values["eligible_date"].isoformat()
    assert label(sample_window, "overview_eligible_date").text() == eligible
    assert label(sample_window, "overview_status").text() == "Preparing"


def test_counts_match_the_data(sample_window: MainWindow, db: Database) -> None:
    info = targets.overview(db, sample_window.ctx.target_id)
    shown = {
        kind: sample_window.overview.findChild(QPushButton, f"overview_count_{kind}").text()
        for kind in KIND_TABS
    }
    assert shown == {c.kind: f"{c.label}: {c.count}" for c in info.counts}
    assert all(c.count > 0 for c in info.counts)  # the sample fills every list


def test_each_count_opens_its_tab_and_list(sample_window: MainWindow, qtbot) -> None:
    for kind, tab in KIND_TABS.items():
        sample_window.tabs.setCurrentWidget(sample_window.overview)
        click(qtbot, button(sample_window.overview, f"overview_count_{kind}"))

        assert sample_window.tabs.currentWidget() is sample_window.tab_pages[tab]
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
