"""The window builds what is shown, when it is shown: tabs and their sub-views on first
showing, icons at the size asked for, the ledger's lines when their parent opens; and the
Overview's figures of a large workspace are worked out off the GUI thread, once per burst
of edits, equal to a full read."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QRect, QSize, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import readiness, records
from secondchance.core.services.feedback_themes import theme_counts
from secondchance.core.services.gaps import GapRow
from secondchance.ui import icons
from secondchance.ui.main_window import MainWindow
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.tabs import registry
from secondchance.ui.tabs.base import RecordTab, swap_tab
from secondchance.ui.tabs.feedback import ledger_view
from secondchance.ui.tabs.overview import figures
from secondchance.ui.tabs.skills.gap_chart import GapChart
from secondchance.ui.worker import Background
from tests.ui.helpers import Windows


def test_only_the_tab_on_screen_is_built(sample_window: MainWindow) -> None:
    pages = sample_window.tab_pages
    assert pages is not None
    assert [name for name in pages if pages.is_built(name)] == ["overview"]
    assert sample_window.findChildren(RecordView) == []
    placeholder = sample_window.tabs.widget(registry.TABS.index(registry.tab("network")))
    assert placeholder is not None and not isinstance(placeholder, RecordTab)

    sample_window.tabs.setCurrentIndex(registry.TABS.index(registry.tab("network")))
    network = sample_window.tabs.currentWidget()
    assert isinstance(network, RecordTab) and network is pages["network"]
    # Only its sub-view on screen is built; the others wait for their first showing.
    assert [k for k in network.pages if network.pages.is_built(k)] == ["contact"]
    assert network.views["contact"].isVisible()
    assert network.subtabs is not None
    network.subtabs.setCurrentIndex(2)
    assert network.pages.is_built("event") and not network.pages.is_built("interaction")
    assert network.current_view() is network.views["event"]
    assert [name for name in pages if pages.is_built(name)] == ["overview", "network"]


def test_asking_for_a_view_builds_it_and_the_smoke_test_builds_them_all(
    sample_window: MainWindow,
) -> None:
    view = sample_window.open_view("practice")
    assert isinstance(view, RecordView) and view.isVisible()
    assert view.model.total_count > 0
    sample_window.build_every_tab()
    assert sample_window.tab_pages is not None
    for spec in registry.TABS:
        page = sample_window.tab_pages[spec.name]
        assert page.objectName() == f"tab_{spec.name}"
        assert sample_window.tabs.indexOf(page) == registry.TABS.index(spec)
        if isinstance(page, RecordTab):
            assert all(page.pages.is_built(key) for key in page.pages)


def test_a_sub_tab_remembered_from_last_time_is_built_first(windows: Windows, db: Database) -> None:
    from secondchance.core.interop import sample

    sample.add_sample_target(db)
    window = windows.open()
    window.open_view("journal")
    assert windows.close(window)
    again = windows.open()
    prep = again.tab_pages["interview_prep"]
    assert isinstance(prep, RecordTab)
    assert [k for k in prep.pages if prep.pages.is_built(k)] == ["journal"]


def test_opening_a_tab_on_another_sub_view_builds_only_that_one(
    sample_window: MainWindow,
) -> None:
    """A link to the Development plan (or the View menu) opens Skills on it: the skill list
    and the gap matrix, the tab's first sub-views, are not built (nor read) for it."""
    view = sample_window.open_view("activity")
    assert isinstance(view, RecordView) and view.isVisible()
    skills = sample_window.tab_pages["skills"]
    assert isinstance(skills, RecordTab)
    assert [k for k in skills.pages if skills.pages.is_built(k)] == ["activity"]
    assert skills.current_key == "activity"
    # A sub-view already on screen is switched away from as before (through its flush).
    assert sample_window.open_view("skill") is skills.views["skill"]
    assert skills.subtabs is not None and skills.subtabs.currentWidget() is skills.views["skill"]


def test_a_tab_built_in_place_shows_no_other_tab_on_the_way(sample_window: MainWindow) -> None:
    """Building a tab put it in place of its placeholder; taking the placeholder out (the
    current page) showed its neighbour for a moment: the first Overview after All targets
    showed All targets again, its Due view and its last sub-tab."""
    from PySide6.QtCore import QEvent, QObject

    window = sample_window
    window.open_view("patterns")
    first = registry.TABS.index(registry.tab("overview"))
    assert window.tabs.currentIndex() != first
    shown: list[str] = []

    class Shows(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Show and watched.objectName():
                shown.append(watched.objectName())
            return False

    # Build the Overview afresh: the window opened on it, so take it out again.
    pages = window.tab_pages
    pages._built.pop("overview").deleteLater()
    placeholder = QWidget()
    placeholder.setObjectName("placeholder_overview")
    swap_tab(window.tabs, first, placeholder, "Overview")
    watcher = Shows()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(watcher)
    try:
        window.tabs.setCurrentIndex(first)
    finally:
        app.removeEventFilter(watcher)
    assert "tab_overview" in shown
    assert not [n for n in shown if n.startswith(("tab_all_targets", "patterns", "due_"))]
    assert window.tabs.currentWidget() is pages["overview"]


# --- icons ---------------------------------------------------------------------------------


def test_icons_are_drawn_when_a_size_is_asked_for(qapp: QApplication, monkeypatch: Any) -> None:
    drawn: list[int] = []
    real = icons._render_pixmap
    monkeypatch.setattr(
        icons, "_render_pixmap", lambda r, px, ratio: drawn.append(px) or real(r, px, ratio)
    )
    icons._cache.clear()
    made = icons.icon("search")
    assert drawn == []  # nothing rendered up front
    assert made.pixmap(QSize(20, 20)).width() == 20  # any size, drawn at that size
    made.pixmap(QSize(20, 20))
    assert drawn == [20]  # and only once
    made.pixmap(QSize(20, 20), 2.0)
    assert drawn == [20, 40]


# --- the Overview's figures off the GUI thread -----------------------------------------


def test_large_workspace_figures_are_worked_out_off_the_gui_thread(
    windows: Windows, db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondchance.core.interop import sample

    target = sample.add_sample_target(db)
    monkeypatch.setattr(figures, "SMALL_TARGET", 0)  # every target counts as large
    calls: list[int] = []
    real = readiness.summary

    def counted(*args: Any, **kwargs: Any) -> readiness.Summary:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(readiness, "summary", counted)
    window = windows.open()  # waits for the first figures
    assert window.figures is not None and not window.work_pending()
    assert calls  # worked out (off the GUI thread: nothing was computed in place)
    expected = real(db, target, None, figures.ACTIONS_SHOWN)
    shown = window.figures.current
    assert shown is not None and shown.summary == expected
    assert f"Readiness {expected.readiness.score}%" in window.readiness.text()

    # A burst of edits asks for the figures once, after a pause; then they equal a full read.
    calls.clear()
    feedback = records.list_records(db, "feedback", target)
    for item in feedback:
        records.update_record(db, "feedback", item.id, {"status": m.FeedbackStatus.addressed})
        window.ctx.notify("feedback")
    assert window.work_pending()
    qtbot.waitUntil(lambda: not window.work_pending(), timeout=20_000)
    assert len(calls) == 1
    after = window.figures.current
    assert after is not None and after.summary == real(db, target, None, figures.ACTIONS_SHOWN)
    overview = window.overview
    assert overview.readiness.components["feedback"].bar.value() == 100


def test_background_drops_results_a_newer_request_made_stale(qapp: Any, qtbot: Any) -> None:
    work = Background(0)
    delivered: list[int] = []
    work.finished.connect(delivered.append)
    for n in range(5):
        work.request(lambda n=n: n, delay=False)  # type: ignore[misc]
    qtbot.waitUntil(lambda: not work.pending(), timeout=10_000)
    assert delivered == [4]  # the older ones never showed
    work.run_now(lambda: 9)
    assert delivered == [4, 9]
    QThreadPool.globalInstance().waitForDone()


# --- the ledger and the gap chart: made and painted as far as they are seen ----------------


def test_ledger_lines_are_made_when_their_parent_opens(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_view, "OPEN_AT_FIRST", 1)
    ledger = sample_window.open_view("ledger")
    assert isinstance(ledger, ledger_view.LedgerView)
    model = ledger.model
    assert model.rowCount() == 5
    lines = [model.line(model.index(row, 0)) for row in range(model.rowCount())]
    assert lines[0]._children is not None  # the first look opens the first one
    assert all(line._children is None for line in lines[1:])  # the rest wait for a click
    ledger.tree.expand(model.index(2, 0))
    ledger.tree.doItemsLayout()  # the view lays out what it opened
    assert lines[2]._children is not None and model.rowCount(model.index(2, 0)) > 0
    assert all(line._children is None for line in (lines[1], lines[3], lines[4]))


def test_the_gap_chart_paints_only_the_rows_in_view(qapp: QApplication) -> None:
    class Counting(GapChart):
        painted: list[int]

        def bar_rect(self, position: int) -> Any:
            self.painted.append(position)
            return super().bar_rect(position)

    chart = Counting()
    chart.painted = []
    rows = [
        GapRow(i, f"Skill {i}", "technical", "Technical", 4, i % 5, 2, 0, 0, 0) for i in range(3000)
    ]
    chart.resize(500, 200)
    chart.set_rows(rows)
    chart.grab(QRect(0, 0, 500, 200))
    assert 0 < len(set(chart.painted)) < 20


# --- counts from SQL ------------------------------------------------------------------------


def test_theme_counts_equal_counting_the_list(db: Database, sample_target: int) -> None:
    rows = records.list_records(db, "feedback", sample_target)
    expected: dict[object, tuple[int, int]] = {}
    for row in rows:
        theme = row.values["theme"]
        done = row.values["status"] is m.FeedbackStatus.addressed
        still, total = expected.get(theme, (0, 0))
        expected[theme] = (still + (not done), total + 1)
    counted = {c.theme: (c.open, c.total) for c in theme_counts(db, sample_target)}
    assert counted == expected
    assert [c.theme for c in theme_counts(db, sample_target)] == [
        t for t in m.FeedbackTheme if t in expected
    ]


def test_open_ledger_lines_stay_open_after_a_change(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_view, "OPEN_AT_FIRST", 0)
    ledger = sample_window.open_view("ledger")
    assert isinstance(ledger, ledger_view.LedgerView)
    model, tree = ledger.model, ledger.tree
    entry = model.index(3, 0)
    tree.expand(entry)
    skill = next(
        model.index(r, 0, entry)
        for r in range(model.rowCount(entry))
        if str(model.index(r, 0, entry).data()).startswith("Skill:")
    )
    tree.expand(skill)
    opened = {model.line(entry).key(), model.line(skill).key()}
    sample_window.ctx.notify("skill")  # the ledger reads again
    again = model.index(3, 0)
    assert tree.isExpanded(again)
    assert {k for k in ledger._open_keys} == opened
    assert not tree.isExpanded(model.index(2, 0))


def test_a_long_ledger_hands_its_lines_to_the_tree_a_batch_at_a_time(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondchance.ui.tabs.feedback import ledger_model

    monkeypatch.setattr(ledger_model, "FETCH_BATCH", 2)
    ledger = sample_window.open_view("ledger")
    assert isinstance(ledger, ledger_view.LedgerView)
    ledger.reload()
    model = ledger.model
    assert model.rowCount() == 2 and model.more_to_show()
    assert "5 feedback items" in ledger.summary.text()  # the summary counts them all
    model.show_more()
    assert model.rowCount() == 4
    assert ledger.find_row("Clear, calm communicator").isValid() is False  # not handed yet
    last = ledger.ledger.entries[-1].feedback_id
    assert model.row_of(last) == 4 and model.rowCount() == 5 and not model.more_to_show()
    # Qt's own fetching is not used: it measures every open line above the last one.
    assert not model.canFetchMore(QModelIndex())


def test_the_ledger_hands_over_more_lines_as_the_person_scrolls_to_the_end(
    sample_window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondchance.ui.tabs.feedback import ledger_model

    monkeypatch.setattr(ledger_model, "FETCH_BATCH", 2)
    monkeypatch.setattr(ledger_view, "OPEN_AT_FIRST", 2)
    sample_window.resize(1024, 640)
    ledger = sample_window.open_view("ledger")
    assert isinstance(ledger, ledger_view.LedgerView)
    tree, model = ledger.tree, ledger.model
    ledger.reload()
    tree.setFixedHeight(90)  # a few lines in view: the first batch fills it
    qtbot.waitUntil(lambda: tree.verticalScrollBar().maximum() > 0, timeout=5_000)
    shown = model.rowCount()
    assert shown < 5 and model.more_to_show()
    bar = tree.verticalScrollBar()
    while model.more_to_show():
        bar.setValue(bar.maximum())  # to the end: the next batch comes
        qtbot.waitUntil(lambda n=shown: model.rowCount() > n, timeout=5_000)
        shown = model.rowCount()
    assert model.rowCount() == 5


def test_a_short_view_of_the_ledger_is_filled_without_scrolling(
    sample_window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondchance.ui.tabs.feedback import ledger_model

    monkeypatch.setattr(ledger_model, "FETCH_BATCH", 1)
    monkeypatch.setattr(ledger_view, "OPEN_AT_FIRST", 0)
    sample_window.resize(1024, 640)
    ledger = sample_window.open_view("ledger")
    assert isinstance(ledger, ledger_view.LedgerView)
    ledger.reload()
    # Five closed lines fit the view: each batch of one fits, so the next one comes.
    qtbot.waitUntil(lambda: ledger.model.rowCount() == 5, timeout=5_000)


def test_a_large_ledger_is_read_off_the_gui_thread(
    sample_window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_view, "SMALL_LEDGER", 0)
    ledger = sample_window.open_view("ledger")
    assert isinstance(ledger, ledger_view.LedgerView)
    # While it is read: the page says so (not the empty state asking for feedback).
    assert ledger.stack.currentIndex() == 1 and "Reading" in ledger.summary.text()
    qtbot.waitUntil(lambda: not sample_window.work_pending(), timeout=10_000)
    assert ledger.model.rowCount() == 5
    assert "5 feedback items" in ledger.summary.text()
    assert ledger.find_row("Activity: Advanced SQL").isValid()


@pytest.fixture
def slow_whole_ledger(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """A large ledger (every one is), its first screenful two items, and its whole read
    held until the event is set."""
    from secondchance.core.services.ledger import build_ledger as build

    release = threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return build(*args, **kwargs)

    monkeypatch.setattr(ledger_view, "SMALL_LEDGER", 0)
    monkeypatch.setattr(ledger_view, "FIRST_SCREENFUL_FROM", 0)
    monkeypatch.setattr(ledger_view, "FIRST_SCREENFUL", 2)
    monkeypatch.setattr(ledger_view, "build_ledger", held)
    yield release
    release.set()


def test_a_large_ledger_shows_its_first_screenful_while_the_rest_is_read(
    sample_window: MainWindow, qtbot: Any, slow_whole_ledger: threading.Event
) -> None:
    ledger = sample_window.open_view("ledger")
    assert isinstance(ledger, ledger_view.LedgerView)
    qtbot.waitUntil(lambda: ledger.partial, timeout=10_000)
    assert ledger.model.rowCount() == 2
    assert ledger.summary.text() == "The first 2 of 5 feedback items; reading the rest…"
    assert ledger.pending()
    first_two = [ledger.model.index(r, 0).data() for r in range(2)]
    slow_whole_ledger.set()
    qtbot.waitUntil(lambda: not ledger.pending(), timeout=10_000)
    assert not ledger.partial and ledger.model.rowCount() == 5
    assert [ledger.model.index(r, 0).data() for r in range(2)] == first_two
    assert "5 feedback items:" in ledger.summary.text()

    # After an edit the whole ledger on screen stays until the new whole is in: a first
    # screenful would drop where the person was.
    slow_whole_ledger.clear()
    sample_window.ctx.notify("feedback")
    qtbot.waitUntil(lambda: not ledger._head.pending(), timeout=10_000)
    assert not ledger.partial and ledger.model.rowCount() == 5
    slow_whole_ledger.set()
    qtbot.waitUntil(lambda: not ledger.pending(), timeout=10_000)
    assert ledger.model.rowCount() == 5


def test_a_ledger_whose_rest_cannot_be_read_says_so_and_keeps_the_first_screenful(
    sample_window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondchance.core.db import StorageError

    def busy(*_args: Any, **_kwargs: Any) -> Any:
        raise StorageError("The data is busy; try again in a moment.")

    monkeypatch.setattr(ledger_view, "SMALL_LEDGER", 0)
    monkeypatch.setattr(ledger_view, "FIRST_SCREENFUL_FROM", 0)
    monkeypatch.setattr(ledger_view, "FIRST_SCREENFUL", 2)
    monkeypatch.setattr(ledger_view, "build_ledger", busy)
    ledger = sample_window.open_view("ledger")
    assert isinstance(ledger, ledger_view.LedgerView)
    qtbot.waitUntil(lambda: ledger.partial and not ledger.pending(), timeout=10_000)
    assert ledger.model.rowCount() == 2
    assert ledger.summary.text() == (
        "The first 2 of 5 feedback items only: the rest couldn't be read (see the log file)."
    )
    assert sample_window.statusBar().currentMessage() == (
        "Couldn't build the ledger; see the log file."
    )


def test_the_hidden_overview_fills_its_lists_when_shown_again(
    sample_window: MainWindow, db: Database, sample_target: int
) -> None:
    overview = sample_window.overview
    sample_window.open_view("journal")  # the Overview is hidden now
    for item in records.list_records(db, "feedback", sample_target):
        records.update_record(db, "feedback", item.id, {"status": m.FeedbackStatus.addressed})
    sample_window.ctx.notify("feedback")
    assert overview._unshown is not None  # figures in, lists not rebuilt while hidden
    assert "Readiness" in sample_window.readiness.text()  # the header follows at once
    sample_window.tabs.setCurrentIndex(0)
    assert overview._unshown is None
    assert overview.readiness.components["feedback"].bar.value() == 100


def test_an_overview_is_filled_as_it_is_built_before_it_shows(
    sample_window: MainWindow, db: Database, sample_target: int
) -> None:
    # Rows shown in a page that is not on screen yet cost a flag; shown one by one in a
    # page on screen, each is polished and laid out on its own.
    from secondchance.ui.tabs.overview.tab import OverviewTab

    assert sample_window.ctx is not None
    built = registry.TABS[0].build(sample_window.ctx)
    assert isinstance(built, OverviewTab) and not built.isVisible()
    assert built._unshown is None
    expected = readiness.summary(db, sample_target, None, figures.ACTIONS_SHOWN)
    titles = [row.title.text() for row in built.action_list.rows if not row.isHidden()]
    assert titles and titles == [a.text for a in expected.actions][: len(titles)]
    assert [row.title.text() for row in built.step_list.rows] == [
        f"{s.number}. {s.title}" for s in expected.steps
    ]
    built.deleteLater()
