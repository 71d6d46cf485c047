"""Start-up fills the window a step per turn of the event loop, so the window keeps
answering: the steps, the Due view's buttons a few rows a turn, the idle head starts a
pause after the figures, and start-up's objects left out of later collections."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from secondchance.core.db import Database, open_database
from secondchance.ui import prefetch
from secondchance.ui.gui_gc import GuiThreadCollector
from secondchance.ui.main_window import MainWindow
from secondchance.ui.tabs.agenda import reminders
from secondchance.ui.tabs.agenda.due_page import DuePage
from secondchance.ui.worker import Background
from tests.ui.helpers import add_overdue_contacts


def _open_in_turns(qtbot: QtBot, data_dir: Path) -> tuple[MainWindow, Database, list[str]]:
    database = open_database(data_dir)
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    seen: list[str] = []
    window.attach_in_turns(database, None, None, lambda: seen.append("then"))
    return window, database, seen


def _last_json_of(script: str, config: Path, drop: tuple[str, ...] = ()) -> Any:
    """Run ``script`` in a fresh interpreter (offscreen, its own settings) and read the JSON
    it prints last: what ``run_gui`` builds or changes is process-wide."""
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config))
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_window_is_filled_a_step_per_turn(
    qtbot: QtBot, sample_target: int, data_dir: Path, clean_settings: Any
) -> None:
    window, database, seen = _open_in_turns(qtbot, data_dir)
    try:
        # The first step ran at once (icons and formats); the rest wait for the event loop.
        assert window.windowIcon().isNull() is False
        assert window.built_pages() == [] and seen == []
        qtbot.waitUntil(lambda: seen == ["then"], timeout=10_000)
        assert window.ctx.target_id == sample_target
        assert window.built_pages(), "the tab on screen is built"
        assert window.tabs.isEnabled()
    finally:
        qtbot.waitUntil(lambda: not window.work_pending(), timeout=30_000)
        window.close()
        database.close()


def test_the_due_view_places_buttons_in_view_first_then_nearby_a_few_a_turn(
    windows: Any, db: Database, qtbot: QtBot
) -> None:
    add_overdue_contacts(db, 200)
    reminders.set_open_first(True)
    window = windows.open()
    page = window.findChild(DuePage)
    assert page is not None and page.isVisible()

    def placed() -> list[int]:
        return [
            p
            for p in range(page.model.rowCount())
            if page.table.indexWidget(page.model.index(p, 4)) is not None
        ]

    qtbot.waitUntil(lambda: not page._margin, timeout=5000)
    last_in_view = page.table.rowAt(page.table.viewport().height() - 1)
    around = placed()
    assert max(around) > last_in_view  # a screenful below the view came too
    assert max(around) < 200 - 1

    # Scrolled: the rows now in view get theirs in the same turn, the margin after.
    page.table.verticalScrollBar().setValue(page.table.verticalScrollBar().maximum() // 2)
    first = page.table.rowAt(0)
    last = page.table.rowAt(page.table.viewport().height() - 1)
    now = set(placed())
    assert set(range(first, last + 1)) <= now
    assert page._margin, "rows near the view wait for the next turns"
    qtbot.waitUntil(lambda: not page._margin, timeout=5000)
    assert len(placed()) > len(now)


def test_the_idle_head_starts_wait_for_a_pause_after_the_figures(
    windows: Any, sample_target: int, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    warmed: list[object] = []
    monkeypatch.setattr(prefetch, "IDLE_AFTER_MS", 300)
    monkeypatch.setattr(prefetch, "warm", lambda db: warmed.append(db))
    window = windows.open()
    assert warmed == []  # the figures are in, but the pause has not passed
    qtbot.waitUntil(lambda: len(warmed) == 1, timeout=5000)
    assert window.ctx is not None and warmed == [window.ctx.db]


def test_frozen_start_up_objects_are_left_out_of_collections_until_stop(qtbot: QtBot) -> None:
    collector = GuiThreadCollector()
    try:
        before = gc.get_freeze_count()
        kept: list[list[int]] = [[] for _ in range(1000)]
        collector.freeze()
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_the_first_paint_waits_for_none_of_the_data_layer_icons_or_locale(tmp_path: Path) -> None:
    """What ``run_gui`` builds before the first paint, in a fresh interpreter: no SQLAlchemy,
    no icon module (its Qt enumerations), no services, not even ``dataclasses`` (~4 ms with
    what it imports)."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from secondchance.ui.app import make_application\n"
        "from secondchance.ui.main_window import MainWindow\n"
        "app = make_application(before_paint=True)\n"
        f"window = MainWindow(Path({str(tmp_path)!r}))\n"
        "window.show(); app.processEvents()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(("
        "'sqlalchemy', 'secondchance.ui.icons', 'secondchance.ui.theme', "
        "'secondchance.core.services', 'PySide6.QtSvg', 'dataclasses')))))\n"
    )
    loaded = _last_json_of(script, tmp_path)
    assert loaded == ["secondchance.ui.theme_setting"]


def test_a_large_targets_figures_wait_until_the_tab_on_screen_is_built(
    qtbot: QtBot,
    sample_target: int,
    data_dir: Path,
    clean_settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from secondchance.ui.tabs.overview import figures

    monkeypatch.setattr(figures, "SMALL_TARGET", 0)  # every target "large": off the GUI thread
    started: list[bool] = []
    window, database, seen = _open_in_turns(qtbot, data_dir)
    original = Background.request

    def request(self: Any, work: Any, delay: bool = True) -> None:
        started.append(bool(window.built_pages()))
        original(self, work, delay=delay)

    monkeypatch.setattr(Background, "request", request)
    try:
        qtbot.waitUntil(lambda: seen == ["then"], timeout=10_000)
        feed = window.figures
        assert feed is not None
        qtbot.waitUntil(lambda: not feed.pending(), timeout=30_000)
        assert started and all(started), "asked only once the tab on screen was built"
        assert feed.current is not None and feed.current.summary is not None
    finally:
        qtbot.waitUntil(lambda: not window.work_pending(), timeout=30_000)
        window.close()
        database.close()


def test_the_worker_opens_the_data_with_the_regions_date_order_set(tmp_path: Path) -> None:
    """The figures the worker works out ahead of the window carry dates: the desktop's
    order is set before it starts, not in a later turn (a fresh interpreter: ``run_gui``
    changes process-wide state)."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QLocale, QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from secondchance.core import dates\n"
        "from secondchance.paths import DataPaths\n"
        "from secondchance.ui import app as app_module\n"
        "seen = []\n"
        "def open_data(window, data_dir, then, loaded=None, first_look=None):\n"
        "    seen.append(dates._order)\n"
        "    QTimer.singleShot(0, QApplication.instance().quit)\n"
        "app_module._open_data = open_data\n"
        f"data = Path({str(tmp_path / 'data')!r})\n"
        "DataPaths(data).ensure()\n"
        "code = app_module.run_gui(data)\n"
        "region = QLocale.territoryToCode(QLocale.system().territory())\n"
        "print(json.dumps([code, seen, dates.order_for_region(region)]))\n"
    )
    code, seen, expected = _last_json_of(
        script, tmp_path / "config", drop=("SECONDCHANCE_DATE_ORDER",)
    )
    assert code == 0 and seen == [expected]


def test_after_the_first_paint_the_start_comes_a_step_per_turn(tmp_path: Path) -> None:
    """What follows the first paint (the open's check, the data's opening, the log file, the
    icons) comes a turn each, with timers running between: all of it in one turn held the
    window ~100 ms.  The check still starts before the data is opened, the log file after."""
    script = (
        "import json\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from secondchance.paths import DataPaths\n"
        "from secondchance.ui import app as app_module, safekeeping\n"
        "seen, ticks = [], []\n"
        "beat = QTimer(); beat.setInterval(1); beat.timeout.connect(lambda: ticks.append(1))\n"
        "def trace(stage):\n"
        "    if stage == 'paint':\n"
        "        beat.start()\n"
        "app_module._trace = trace\n"
        "check = safekeeping.start_early_check\n"
        "def early(data_dir):\n"
        "    seen.append(['check', len(ticks)])\n"
        "    check(data_dir)\n"
        "safekeeping.start_early_check = early\n"
        "def open_data(window, data_dir, then, loaded=None, first_look=None):\n"
        "    seen.append(['open', len(ticks)])\n"
        "    QTimer.singleShot(50, QApplication.instance().quit)\n"
        "app_module._open_data = open_data\n"
        f"data = Path({str(tmp_path / 'data')!r})\n"
        "DataPaths(data).ensure()\n"
        "code = app_module.run_gui(data, lambda: seen.append(['log', len(ticks)]))\n"
        "print(json.dumps([code, seen]))\n"
    )
    code, seen = _last_json_of(script, tmp_path)
    assert code == 0
    assert [stage for stage, _ticks in seen] == ["check", "open", "log"]
    ticks = [count for _stage, count in seen]
    assert ticks[1] > ticks[0] and ticks[2] > ticks[1]  # the timer ran between each step
