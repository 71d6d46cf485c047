"""Drives the real window through the steps a person takes; one JSON line per step.

Run in a child process by bench/gui_steps.py (``gui_child.py steps DATA``).  Each step runs
its action on the GUI thread, then waits (with a 5 ms heartbeat timer ticking) until the
window says nothing is pending, processes what was posted and paints the window.  The
step's time runs from the action to that paint; its freeze is the longest gap between
heartbeat ticks (a synchronous action is one long gap).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gui_child import Heartbeat, rss_kb, say  # type: ignore[import-not-found]
from PySide6.QtCore import QAbstractItemModel, QEventLoop, Qt, QThreadPool, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

STEP_TIMEOUT = 900.0  # seconds: a step that never settles ends the run
SETTLE_MS = 1000  # idle time after the start, before the first click
# BENCH_PROFILE=text: steps whose name holds the text are run under cProfile, whose top
# functions go to stderr (bench/gui_steps.py --profile TEXT sets it).
PROFILE = os.environ.get("BENCH_PROFILE", "")


class Driver:
    def __init__(self, app: QApplication, window: Any) -> None:
        self.app = app
        self.window = window
        self.beat = Heartbeat()

    def busy(self) -> bool:
        """Work the window still has in hand (figures being worked out, a pending save)."""
        pending = getattr(self.window, "work_pending", None)
        return bool(pending()) if callable(pending) else False

    def settle(self) -> float:
        """Untimed, as a person's pause between two clicks: a large list's warm-up (search
        texts and sort keys worked out off the GUI thread after it loads) finishes before
        the next step, which would otherwise share Python's lock with it.  Returns how long
        that took (``settle_seconds``)."""
        start = time.perf_counter()
        while _warming(self.window) and time.perf_counter() - start < STEP_TIMEOUT:
            loop = QEventLoop()
            QTimer.singleShot(20, loop.quit)
            loop.exec()
        return time.perf_counter() - start

    def step(
        self,
        name: str,
        action: Callable[[], object],
        done: Callable[[], bool] | None = None,
        details: Callable[[], dict[str, Any]] | None = None,
        shown: Callable[[], bool] | None = None,
    ) -> float:
        """``shown``: true once the step shows what it opened (a long list its first rows,
        while the rest is read): its first moment is reported as ``shown_seconds``."""
        ready = done or (lambda: not self.busy())
        seen: dict[str, float] = {}

        def look() -> None:
            if shown is not None and "at" not in seen and shown():
                self.window.repaint()
                seen["at"] = time.perf_counter()

        profiler = cProfile.Profile() if PROFILE and PROFILE in name else None
        if profiler is not None:
            profiler.enable()
        start = time.perf_counter()
        self.beat.start(start)
        action()
        self.app.processEvents()
        look()
        if not ready():
            loop = QEventLoop()
            deadline = start + STEP_TIMEOUT

            def check(now: float) -> None:
                look()
                if ready() or now > deadline:
                    loop.quit()

            self.beat.on_tick = check
            loop.exec()
            self.beat.on_tick = None
            self.app.processEvents()
        self.window.repaint()
        end = time.perf_counter()
        freeze = self.beat.stop(end)
        if profiler is not None:
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
                int(os.environ.get("BENCH_PROFILE_LINES", "30"))
            )
            print(f"--- profile of {name!r}\n{out.getvalue()}", file=sys.stderr, flush=True)
        extra = details() if details is not None else {}
        if shown is not None:
            extra["shown_seconds"] = seen.get("at", end) - start
        extra["settle_seconds"] = self.settle()
        say(step=name, seconds=end - start, freeze=freeze, rss_kb=rss_kb(), **extra)
        return end - start


def _warming(window: Any) -> bool:
    return any(
        bool(model.warming())
        for model in window.findChildren(QAbstractItemModel)
        if callable(getattr(model, "warming", None))
    )


def _rows(view: Any) -> int | None:
    model = getattr(view, "model", None)
    total = getattr(model, "total_count", None)
    return int(total) if isinstance(total, int) else None


def _showing_rows(view: Any) -> bool:
    """A list shows rows (or has none to show), the ledger its first lines; a view that is
    neither: it is there."""
    model = getattr(view, "model", None)
    if view is not None and hasattr(view, "partial") and model is not None:
        # The ledger: its first lines (a long one's first screenful), or nothing to show.
        return bool(model.rowCount() > 0 or not view.pending())
    if view is None or model is None or not hasattr(model, "total_count"):
        return view is not None
    return model.rowCount() > 0 or model.total_count == 0


def _column(view: Any, name: str) -> int:
    columns = list(view.kind.columns)
    return columns.index(name) if name in columns else -1


@contextmanager
def started(data: Path) -> Iterator[Driver]:
    """The real window on ``data``, filled as the first step and then left a second idle;
    closed as ``run_gui`` closes it."""
    from secondchance.core.db import open_database
    from secondchance.ui.app import _due_now, _warm_up, make_application
    from secondchance.ui.gui_gc import GuiThreadCollector
    from secondchance.ui.main_window import MainWindow

    app = make_application()
    # Collections as the app makes them (ui/app.run_gui): none until start-up is frozen.
    collector = GuiThreadCollector(app, after_freeze=True)
    window = MainWindow(data)
    window.resize(1180, 760)
    window.show()
    app.processEvents()
    driver = Driver(app, window)
    db = open_database(data)
    # What the app reads off the GUI thread before it attaches (ui/app._open_off_thread):
    # without them the reminder and the Due view read what is due on the GUI thread, three
    # times (0.8-1.0 s at 100k records), which the app never does.
    head_start, due_now = _warm_up(db), _due_now(db)
    driver.step(
        "start: attach until the Overview is filled",
        lambda: window.attach(db, head_start, due_now),
    )
    collector.freeze()  # as run_gui does once the window is ready
    # A person reads the Overview before the first click: a second of idle time, in which
    # the window loads the other tabs' modules off the GUI thread (as it does for them).
    settle = QEventLoop()
    QTimer.singleShot(SETTLE_MS, settle.quit)
    settle.exec()
    yield driver
    window.close()
    # As run_gui does: work off the GUI thread reads the data; it ends before the data closes.
    QThreadPool.globalInstance().waitForDone()
    collector.stop()
    db.close()


def drive(data: Path) -> int:
    with started(data) as driver:
        drive_steps(driver)
    return 0


def drive_steps(driver: Driver) -> None:
    from secondchance.ui.tabs.registry import TABS, place_of

    app, window = driver.app, driver.window

    # Every tab and sub-tab, the first time it is shown.
    for spec in TABS:
        if not spec.views:
            continue
        for view_spec in spec.views:
            holder: dict[str, Any] = {}

            def show(key: str = view_spec.key, box: dict[str, Any] = holder) -> None:
                box["view"] = window.open_view(key)

            driver.step(
                f"open {place_of(view_spec.key) or spec.title}",
                show,
                details=lambda box=holder: {"rows": _rows(box.get("view"))},
                shown=lambda box=holder: _showing_rows(box.get("view")),
            )
    driver.step("open Overview", lambda: window.tabs.setCurrentIndex(0))
    say(step="rss after every tab", rss_kb=rss_kb())

    view = window.open_view("feedback")
    app.processEvents()
    driver.step("open Feedback again", lambda: window.open_view("feedback"))
    table = view.table
    text_column, date_column = _column(view, "text"), _column(view, "received_on")
    if text_column >= 0:
        driver.step(
            "sort feedback by text",
            lambda: table.sortByColumn(text_column, Qt.SortOrder.AscendingOrder),
        )
    if date_column >= 0:
        driver.step(
            "sort feedback by date",
            lambda: table.sortByColumn(date_column, Qt.SortOrder.DescendingOrder),
        )
    view.search.setFocus()
    for typed, key in (("s", "s"), ("sq", "q"), ("sql", "l")):
        driver.step(f'search "{typed}"', lambda k=key: QTest.keyClick(view.search, k))
    driver.step("clear the search", lambda: view.search.clear())
    tab = window.tab_pages.get("feedback")
    only_open = getattr(tab, "only_open", None)
    if only_open is not None:
        driver.step("filter: only unaddressed", only_open.click)
        driver.step("filter: all again", only_open.click)

    # An edit: select a record, type, and let the autosave (and what follows it) run.
    first = view.model.row_at(0)
    if first is not None:
        view.select_record(first.id)
        app.processEvents()
        editor: QWidget = view.form.editors["response"]
        editor.setFocus()
        driver.step("type 8 characters", lambda: QTest.keyClicks(editor, " (noted)"))
        driver.step(
            "autosave and what follows",
            lambda: None,
            done=lambda: not view.timer.isActive() and not driver.busy(),
        )
        # The second save of a session: SQLAlchemy has compiled its statements by now.
        driver.step("type again", lambda: QTest.keyClicks(editor, " again"))
        driver.step(
            "autosave again",
            lambda: None,
            done=lambda: not view.timer.isActive() and not driver.busy(),
        )

    driver.step("open Skills › Gap matrix again", lambda: window.open_view("gaps"))
    driver.step("open Feedback › Feedback → evidence again", lambda: window.open_view("ledger"))
    driver.step("open Overview after the edit", lambda: window.tabs.setCurrentIndex(0))

    packet_step(driver, "open the packet dialog")
    brief_step(driver, "open the brief")
    say(step="rss at the end", rss_kb=rss_kb())


def packet_step(driver: Driver, name: str) -> None:
    """Open the packet dialog for the current target: the step's time runs until its preview
    is filled and painted; ``shown_seconds`` until the dialog was first painted."""
    from secondchance.core.services import field_names as F
    from secondchance.ui.dialogs.packet_dialog import PacketDialog

    def make(ctx: Any, row: Any) -> QWidget:
        company = str(row.values[F.target.company])
        return PacketDialog(ctx, row.id, row.title, company, driver.window)

    dialog_step(driver, name, make)


def brief_step(driver: Driver, name: str) -> None:
    """Open the brief (File → Write the brief…) for the current target: the step's time runs
    until its draft is filled and painted; ``shown_seconds`` until it was first painted."""
    from secondchance.core.services import field_names as F
    from secondchance.ui.dialogs.brief_dialog import BriefDialog

    def make(ctx: Any, row: Any) -> QWidget:
        return BriefDialog(ctx, row.id, str(row.values[F.target.company]), driver.window)

    dialog_step(driver, name, make)


def dialog_step(driver: Driver, name: str, make: Callable[[Any, Any], QWidget]) -> None:
    """Open the dialog ``make(ctx, target row)`` makes and wait until it is drafted."""
    from secondchance.core.services import records

    window = driver.window
    ctx = window.ctx
    if ctx is None or ctx.target_id is None:
        return
    row = records.get_record(ctx.db, "target", ctx.target_id)
    dialogs: list[QWidget] = []
    stamps: dict[str, float] = {}

    def open_dialog() -> None:
        started = time.perf_counter()
        dialog = make(ctx, row)
        dialog.show()
        dialog.repaint()
        stamps["shown"] = time.perf_counter() - started
        dialogs.append(dialog)

    def filled() -> bool:
        # Before the draft moved off the GUI thread the dialog had no ``drafting``: it was
        # filled when it was shown.
        drafting = getattr(dialogs[-1], "drafting", None) if dialogs else None
        if (callable(drafting) and drafting()) or driver.busy():
            return False
        if dialogs:
            dialogs[-1].repaint()
        return True

    driver.step(name, open_dialog, done=filled, details=lambda: {"shown_seconds": stamps["shown"]})
    for dialog in dialogs:
        dialog.close()
        dialog.deleteLater()


def drive_packet(data: Path, times: int) -> int:
    """Only the packet dialog, ``times`` times, after the start and a second of idle time:
    for comparing the dialog alone across versions (``gui_child.py packet DATA N``)."""
    return drive_dialog(data, times, packet_step, "open the packet dialog")


def drive_brief(data: Path, times: int) -> int:
    """Only the brief dialog, ``times`` times (``gui_child.py brief DATA N``)."""
    return drive_dialog(data, times, brief_step, "open the brief")


def drive_dialog(data: Path, times: int, step: Callable[[Driver, str], None], name: str) -> int:
    with started(data) as driver:
        for index in range(times):
            step(driver, name + (" again" if index else ""))
    return 0
