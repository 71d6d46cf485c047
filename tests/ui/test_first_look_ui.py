"""The window's first look (ui/first_look.py): the data on screen before it is opened.

What it shows must be what the window shows once the data is attached, it must never reach
for the database (which is not open yet), it must hold back clicks and keys until then,
and at start-up it must be on screen before SQLAlchemy is imported.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QSettings, Qt, QThreadPool
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from secondchance.core import models as m
from secondchance.core.db import Database, StorageError, open_database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.services import first_look as core_look
from secondchance.ui import first_look
from secondchance.ui.main_window import LAST_TAB_KEY, LAST_TARGET_KEY, MainWindow
from secondchance.ui.tabs import registry
from secondchance.ui.tabs.agenda.due_page import DuePage
from secondchance.ui.tabs.overview.head_start import ACTIONS_SHOWN

TODAY = dt.date.today()


@pytest.fixture
def opened(qtbot: QtBot, data_dir: Path, clean_settings: QSettings) -> Iterator[list[Any]]:
    """Windows and databases a test opens, closed at its end."""
    made: list[Any] = []
    yield made
    QThreadPool.globalInstance().waitForDone()
    for thing in reversed(made):
        if isinstance(thing, MainWindow):
            thing.close()
            thing.deleteLater()
        else:
            thing.close()


def _first_look(qtbot: QtBot, data_dir: Path, opened: list[Any], open_first: bool) -> MainWindow:
    look = first_look.read_in_worker(data_dir, False, ACTIONS_SHOWN, LAST_TARGET_KEY)
    assert look is not None
    view = first_look.opens_on(look, open_first)
    assert view is not None
    window = MainWindow(data_dir)
    opened.append(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_first_look(look, view)
    return window


def _attach(qtbot: QtBot, window: MainWindow, data_dir: Path, opened: list[Any]) -> Database:
    db = open_database(data_dir)
    opened.insert(0, db)
    window.attach(db)
    qtbot.waitUntil(lambda: not window.work_pending(), timeout=30_000)
    return db


def _texts(window: MainWindow) -> dict[str, Any]:
    labels = {
        label.objectName(): label.text()
        for label in window.findChildren(QLabel)
        if label.objectName().startswith(("overview_", "header_", "due_summary"))
        and label.isVisibleTo(window)
    }
    buttons = {
        b.objectName(): b.text()
        for b in window.findChildren(QPushButton)
        if b.objectName().startswith("overview_count_")
    }
    combo = [
        (window.target_combo.itemText(i), window.target_combo.itemData(i))
        for i in range(window.target_combo.count())
    ]
    pages = window.tab_pages
    due_rows: list[Any] = []
    if pages.is_built("all_targets"):
        page = window.findChild(DuePage)
        assert page is not None
        due_rows = [page.model.row_at(i) for i in range(page.model.rowCount())]
        due_rows = [(r.cells, r.tone) for r in due_rows if r is not None]
    return {
        "labels": labels,
        "counts": buttons,
        "combo": combo,
        "title": window.windowTitle(),
        "tab": window.tabs.currentIndex(),
        "due": due_rows,
    }


def test_the_overview_looks_as_it_will_once_the_data_is_attached(
    qtbot: QtBot,
    data_dir: Path,
    db: Database,
    opened: list[Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    add_sample_target(db)
    caplog.set_level(logging.ERROR)
    window = _first_look(qtbot, data_dir, opened, open_first=False)
    assert window.tabs.currentIndex() == 0
    before = _texts(window)
    assert before["labels"]["overview_heading"]  # filled, not the stand-in
    assert before["labels"]["header_readiness"].startswith('<a href="overview">Readiness ')
    assert sum(1 for text in before["counts"].values() if text.endswith(": 0")) < len(
        before["counts"]
    )
    with pytest.raises(StorageError, match="still opening"):
        window.overview.ctx.db.transaction()  # nothing is open yet, and it says so
    caplog.clear()

    _attach(qtbot, window, data_dir, opened)
    assert _texts(window) == before
    assert [r.message for r in caplog.records] == []  # nothing reached for the data early
    assert window.menuBar().actions()[0].isEnabled()


def test_the_due_view_and_its_buttons_wait_for_the_data(
    qtbot: QtBot,
    data_dir: Path,
    db: Database,
    opened: list[Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR)
    target_id = add_sample_target(db)
    with db.transaction() as session:
        session.add(
            m.LearningActivity(
                target_id=target_id, title="Overdue course", due_date=TODAY - dt.timedelta(days=3)
            )
        )
        for n in range(60):  # more than a screenful
            session.add(
                m.LearningActivity(target_id=target_id, title=f"Reading {n}", due_date=TODAY)
            )
    QSettings().setValue(LAST_TAB_KEY, 3)  # a list tab: the reminder opens on Due instead
    QSettings().setValue("due/open_first", True)
    window = _first_look(qtbot, data_dir, opened, open_first=True)
    assert window.tabs.currentIndex() == registry.TABS.index(registry.tab("all_targets"))
    before = _texts(window)
    assert any(cells[1] == "Finish “Overdue course”" for cells, _tone in before["due"])
    page = window.findChild(DuePage)
    assert page is not None
    QCoreApplication.processEvents()  # the turn the window takes before saying "ready"
    last = page.table.rowAt(page.table.viewport().height() - 1)
    in_view = range(page.table.rowAt(0), (last if last >= 0 else page.model.rowCount() - 1) + 1)
    assert len(in_view) > 1
    # Every row in view has its buttons at once (not the first row only, the rest later).
    assert all(page.table.indexWidget(page.model.index(r, 4)) is not None for r in in_view)
    # The rows just outside the view get theirs once the data is attached, not beside the
    # worker opening it (a few boxes a turn then froze the window for a quarter second).
    below = in_view[-1] + 1
    assert below < page.model.rowCount()
    qtbot.wait(100)
    assert page.table.indexWidget(page.model.index(below, 4)) is None
    box = page.table.indexWidget(page.model.index(0, 4))
    settle = box.findChild(QPushButton, "due_settle")
    assert settle is not None

    qtbot.mouseClick(settle, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.keyClick(window.tabs, Qt.Key.Key_Right)
    assert window._gate is not None and window._gate.held >= 2
    assert window.tabs.currentIndex() == registry.TABS.index(registry.tab("all_targets"))
    assert window.ctx is not None and window.ctx.undo_stack.count() == 0  # nothing done
    assert [r.message for r in caplog.records] == []  # and nothing reached for the data

    _attach(qtbot, window, data_dir, opened)
    assert window._gate is None
    qtbot.waitUntil(lambda: page.table.indexWidget(page.model.index(below, 4)) is not None)
    assert _texts(window) == before
    assert "overdue" in window.statusBar().currentMessage()  # said again once it answers
    box = page.table.indexWidget(page.model.index(0, 4))
    settle = box.findChild(QPushButton, "due_settle")
    assert settle is not None
    qtbot.mouseClick(settle, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert window.ctx.undo_stack.count() == 1  # now the click counts


def test_no_first_look_where_it_does_not_show_the_tab(db: Database, data_dir: Path) -> None:
    add_sample_target(db)
    look = first_look.read_in_worker(data_dir, False, ACTIONS_SHOWN, LAST_TARGET_KEY)
    assert look is not None
    QSettings().setValue(LAST_TAB_KEY, registry.TABS.index(registry.tab("feedback")))
    assert first_look.opens_on(look, False) is None  # a list: the window waits for the data
    QSettings().setValue(LAST_TAB_KEY, 1)
    QSettings().setValue("layout/subtab_all_targets", "patterns")
    assert first_look.opens_on(look, False) is None
    QSettings().setValue("layout/subtab_all_targets", "due")
    assert first_look.opens_on(look, False) == "due"
    empty = core_look.FirstLook(TODAY, [], [], None, None, None, [])
    assert first_look.opens_on(empty, True) is None  # the welcome panel needs the data


_RUN = """
import json, os, sys
os.environ["SECONDCHANCE_STARTUP_TRACE"] = "1"
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication
from secondchance.ui import app as app_module
QCoreApplication.setOrganizationName("secondchance-test")
seen = []
def trace(stage):
    seen.append([stage, "sqlalchemy" in sys.modules])
    window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window")
    if stage == "ready" and CLOSE_AT_READY:
        window.close()
    if stage == "interactive":
        QTimer.singleShot(0, window.close)
app_module._trace = trace
CLOSE_AT_READY = sys.argv[2] == "close"
reads = []
if len(sys.argv) > 3:  # every target counts as large (kept figures first) at start-up
    from secondchance.core.services import first_look
    first_look.LARGEST = int(sys.argv[3])
    read_facts = first_look.read_facts
    def counted(*args, **kwargs):
        reads.append(1)
        return read_facts(*args, **kwargs)
    first_look.read_facts = counted
code = app_module.run_gui(Path(sys.argv[1]))
print(json.dumps([code, seen, len(reads)]))
"""


def _run(data_dir: Path, tmp_path: Path, how: str, *more: str) -> tuple[list[list[Any]], int]:
    """Run the app on ``data_dir`` in a child: the stages it went through and whether
    SQLAlchemy was imported at each ("close": closed as soon as the data is on screen), and
    how often the first look read the figures (``more``: the first look's ``LARGEST``)."""
    env = {
        **dict(__import__("os").environ),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    out = subprocess.run(
        [sys.executable, "-c", _RUN, str(data_dir), how, *more],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    code, seen, reads = json.loads(out.stdout.strip().splitlines()[-1])
    assert code == 0 and "unexpected error" not in out.stderr
    return list(seen), int(reads)


def _start(data_dir: Path, tmp_path: Path, how: str = "wait") -> list[list[Any]]:
    return _run(data_dir, tmp_path, how)[0]


def _large_start(data_dir: Path, tmp_path: Path) -> tuple[bool, bool]:
    """A start where every target counts as large: whether the data was on screen before
    SQLAlchemy was imported, and whether the first look read the figures (not kept ones)."""
    seen, reads = _run(data_dir, tmp_path, "wait", "0")
    return not dict(seen)["ready"], reads > 0


@pytest.mark.parametrize("how", ["wait", "close"])
def test_at_start_the_data_is_on_screen_before_sqlalchemy_is_imported(
    db: Database, data_dir: Path, tmp_path: Path, how: str
) -> None:
    add_sample_target(db)
    db.close()
    seen = _start(data_dir, tmp_path, how)
    stages = dict((stage, sa) for stage, sa in seen)
    assert stages["ready"] is False  # the first look, before SQLAlchemy
    if how == "wait":
        assert [stage for stage, _sa in seen] == ["paint", "ready", "interactive"]
        assert stages["interactive"] is True
    else:
        # Closed while the data was still opening: it ends cleanly, the data closed.
        assert [stage for stage, _sa in seen][:2] == ["paint", "ready"]


def test_a_large_workspace_opens_on_the_figures_kept_at_the_last_close(
    db: Database, data_dir: Path, tmp_path: Path
) -> None:
    add_sample_target(db)
    db.close()
    kept = data_dir / "first-look.json"
    # Nothing kept yet: the first look reads the figures; closing keeps them.
    assert _large_start(data_dir, tmp_path) == (True, True)
    assert kept.is_file()
    written = kept.stat().st_mtime_ns
    # The next start shows the kept ones; nothing changed, so closing leaves the file as it was.
    assert _large_start(data_dir, tmp_path) == (True, False)
    assert kept.stat().st_mtime_ns == written
    # A record changed by another program: the kept figures are out of date, read again.
    with contextlib.closing(sqlite3.connect(data_dir / "secondchance.sqlite3")) as conn:
        conn.execute("UPDATE feedback SET text = text || ' (edited)'")
        conn.commit()
    assert _large_start(data_dir, tmp_path) == (True, True)
    assert _large_start(data_dir, tmp_path) == (True, False)


def test_a_doubted_first_look_is_read_again_once_the_data_is_attached(
    qtbot: QtBot, data_dir: Path, db: Database, opened: list[Any]
) -> None:
    target_id = add_sample_target(db)
    with db.transaction() as session:
        session.add(
            m.LearningActivity(target_id=target_id, title="Gone after the repair", due_date=TODAY)
        )
    window = _first_look(qtbot, data_dir, opened, open_first=True)
    page = window.findChild(DuePage)
    assert page is not None
    titles = lambda: {page.model.row_at(i).cells[1] for i in range(page.model.rowCount())}  # noqa: E731
    assert "Finish “Gone after the repair”" in titles()
    # The open found damage and a repair brought back a backup without that activity.
    with db.transaction() as session:
        session.query(m.LearningActivity).filter_by(title="Gone after the repair").delete()
    window.doubt_first_look()
    _attach(qtbot, window, data_dir, opened)
    assert "Finish “Gone after the repair”" not in titles()


def test_keeping_the_figures_on_close_never_stops_the_close(
    db: Database, data_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from secondchance.core.services import first_look_cache

    target = add_sample_target(db)
    kept = data_dir / "first-look.json"
    first_look.keep_on_close(db, target)
    assert not kept.exists()  # small: the next first look reads it itself
    monkeypatch.setattr(core_look, "LARGEST", 0)
    first_look.keep_on_close(db, None)  # no target chosen
    assert not kept.exists()

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(first_look_cache, "store", full)
        with caplog.at_level(logging.WARNING, logger="secondchance.ui.first_look"):
            first_look.keep_on_close(db, target)
    assert "could not keep the first look's figures" in caplog.text
    assert not kept.exists()
    first_look.keep_on_close(db, target)
    assert kept.is_file()
    db.close()
    read_only = Database(db.path, data_dir, read_only=True)
    try:
        kept.unlink()
        first_look.keep_on_close(read_only, target)
        assert not kept.exists()
    finally:
        read_only.close()
