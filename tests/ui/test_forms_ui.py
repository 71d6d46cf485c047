"""Forms sized by what they hold, meanings on screen, and the smaller affordances: a larger
editor one keystroke away, ratings that say what they mean, amounts with their currency,
plan totals in one line, the gap matrix answering Ctrl+N and Find, the welcome screen's
way back for a returning person, and Overview items that look clickable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMenu, QPushButton, QToolButton

from secondchance.core.db import Database
from secondchance.core.services import preferences, records
from secondchance.ui import money
from secondchance.ui.main_window import MainWindow
from secondchance.ui.tabs.feedback.request_dialog import FeedbackRequestDialog
from secondchance.ui.tabs.overview.clickable_row import ClickableRow
from secondchance.ui.widgets.large_text_dialog import LargeTextDialog
from tests.ui.helpers import Windows, click, context, editor, text_of, view_of, wait_saved


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


@pytest.fixture(autouse=True)
def no_currency_chosen():
    yield
    money.set_currency(None)


def test_long_text_gets_room_and_short_text_grows_with_what_it_holds(
    sample_window: MainWindow, qtbot
) -> None:
    sample_window.resize(1280, 800)
    sample_window.open_view("cover_letter")
    settle()
    letter = editor(view_of(sample_window, "cover_letter"), "body")
    sample_window.open_view("question")
    settle()
    view = view_of(sample_window, "question")
    situation, task = editor(view, "situation"), editor(view, "task")
    line = situation.fontMetrics().lineSpacing()
    assert letter.height() > 12 * line  # a letter takes the pane's height
    assert task.height() < 6 * line  # a short STAR part stays short…
    before = task.height()
    task.setPlainText("\n".join(f"Line {n}" for n in range(6)))
    settle()
    assert task.height() > before  # …and grows as it fills up
    assert task.height() <= 9 * line + 20


def test_ctrl_e_opens_a_larger_editor_and_brings_the_text_back(
    sample_window: MainWindow, db: Database, qtbot, monkeypatch
) -> None:
    sample_window.open_view("cover_letter")
    view = view_of(sample_window, "cover_letter")
    body = editor(view, "body")
    seen: list[str] = []

    def write(dialog: LargeTextDialog) -> int:
        seen.append(dialog.text())
        dialog.editor.setPlainText("Written in the larger editor.")
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LargeTextDialog, "exec", write)
    body.setFocus()
    qtbot.keyClick(body, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert seen and seen[0].startswith("Dear Hiring Team")
    assert text_of(body) == "Written in the larger editor."
    wait_saved(qtbot, view)
    saved = records.get_record(db, "cover_letter", view.current_id or 0)
    assert saved.values["body"] == "Written in the larger editor."
    # A long field also has a visible button for it.
    larger = view.form.findChild(QToolButton, "larger_body")
    assert larger is not None and larger.isVisible()
    assert view.form.findChild(QToolButton, "larger_title") is None


def test_ratings_and_choices_say_what_they_mean(sample_window: MainWindow) -> None:
    sample_window.open_view("skill")
    view = view_of(sample_window, "skill")
    importance = editor(view, "importance")
    meaning = importance.findChild(QLabel, "rating_meaning")
    assert meaning.text() in ("Nice to have", "Important", "Essential")
    assert importance.buttons[3].toolTip() == "3 — Essential"
    sample_window.open_view("practice")
    hint = view_of(sample_window, "practice").form.findChild(QLabel, "hint_rating")
    assert hint is not None and "Again:" in hint.text() and "Easy:" in hint.text()
    assert "level_history" not in view.form.editors  # the chart shows it instead


def test_amounts_carry_the_chosen_currency(
    windows: Windows, db: Database, sample_target: int
) -> None:
    preferences.save(db, "Amara", "", "CHF")
    window = windows.open()
    window.open_view("activity")
    settle()
    view = view_of(window, "activity")
    cost = editor(view, "cost")
    assert cost.findChild(QLabel, "currency").text() == "CHF"
    totals = window.record_tab("skills").totals  # type: ignore[attr-defined]
    assert "cost CHF " in totals.title.text()
    assert preferences.load(db).currency == "CHF"


def test_plan_totals_are_one_line_with_the_table_behind_details(
    sample_window: MainWindow, qtbot
) -> None:
    sample_window.open_view("activity")
    settle()
    totals = sample_window.record_tab("skills").totals  # type: ignore[attr-defined]
    assert totals.title.isVisible() and not totals.table.isVisible()
    header = totals.table.horizontalHeader()
    figures = range(1, totals.model.columnCount())
    unmeasured = [header.defaultSectionSize()] * len(figures)
    assert [header.sectionSize(c) for c in figures] == unmeasured  # nothing measured hidden
    click(qtbot, totals.toggle)
    assert totals.table.isVisible()
    assert totals.toggle.text() == "Hide details"
    # The columns are fitted when the table shows (not measured while it hides).
    assert [header.sectionSize(c) for c in figures] != unmeasured
    for column in figures:
        heading = str(totals.model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) > header.fontMetrics().horizontalAdvance(heading)
    click(qtbot, totals.toggle)
    assert not totals.table.isVisible()


def test_ctrl_n_and_find_work_on_the_gap_matrix(sample_window: MainWindow, qtbot) -> None:
    sample_window.activateWindow()
    page = sample_window.open_view("gaps")
    assert sample_window.current_record_view() is None  # a page of its own, not a list
    sample_window.findChild(QAction, "action_find").trigger()
    assert QApplication.focusWidget() is page.search
    qtbot.keyClicks(page.search, "sql")
    assert [r.name for r in page.model.visible_rows()] == ["SQL (window functions)"]

    sample_window.findChild(QAction, "action_new").trigger()
    view = sample_window.current_record_view()
    assert view is not None and view.kind.name == "skill"
    assert view.form_title.text().startswith("New skill")


def test_welcome_offers_a_way_back_for_a_returning_person(
    windows: Windows, qtbot, monkeypatch
) -> None:
    window = windows.open()
    assert window.stack.currentWidget() is window.welcome
    line = window.welcome.findChild(QLabel, "welcome_target_line")
    assert "one company and one role" in line.text()
    imported: list[bool] = []
    monkeypatch.setattr(type(window), "import_workspace", lambda self: imported.append(True))
    opened: list[bool] = []
    backups = window.welcome.backups_action()
    assert backups is not None  # File → Backups…
    backups.triggered.disconnect()
    backups.triggered.connect(lambda: opened.append(True))

    # The button offers both ways back: a backup, or an exported file.
    click(qtbot, window.welcome.restore_button)
    menu = window.welcome.findChild(QMenu, "welcome_restore_menu")
    assert menu is not None and menu.isVisible()
    from_backup, from_file = menu.actions()
    from_backup.trigger()
    assert opened == [True]
    from_file.trigger()
    assert imported == [True]
    menu.close()


def test_overview_items_look_like_links(sample_window: MainWindow) -> None:
    rows = sample_window.overview.findChildren(ClickableRow)
    assert rows
    for row in rows:
        assert row.cursor().shape() == Qt.CursorShape.PointingHandCursor
        assert row.title.foregroundRole() == QPalette.ColorRole.Link
    count = sample_window.overview.findChild(QPushButton, "overview_count_feedback")
    assert count.cursor().shape() == Qt.CursorShape.PointingHandCursor
    assert count.foregroundRole() == QPalette.ColorRole.Link


def test_an_unsigned_feedback_request_points_to_preferences(
    sample_window: MainWindow, db: Database, monkeypatch
) -> None:
    dialog = FeedbackRequestDialog(context(sample_window), sample_window)
    dialog.show()
    assert dialog.signature_row.isVisible()
    assert dialog.body.toPlainText().rstrip().endswith("Best wishes,")

    def sign(pref_dialog) -> int:
        pref_dialog.name.setText("Amara Okoye")
        pref_dialog.save()
        return QDialog.DialogCode.Accepted

    from secondchance.ui.dialogs.preferences_dialog import PreferencesDialog

    monkeypatch.setattr(PreferencesDialog, "exec", sign)
    dialog.preferences_button.click()
    assert not dialog.signature_row.isVisible()
    assert dialog.body.toPlainText().rstrip().endswith("Amara Okoye")
    dialog.close()
