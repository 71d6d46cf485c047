"""The window's side of data safety: File → Backups…, restore, the damaged-data offer at
start, the read-only banner, backups on close, and Export to CSV… on the lists."""

from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from secondchance.core import safety
from secondchance.core.db import Database, ReadOnlyError, open_database
from secondchance.core.interop import sample
from secondchance.core.services import records
from secondchance.paths import DataPaths
from secondchance.ui import app as ui_app
from secondchance.ui import safekeeping
from secondchance.ui.dialogs import damaged_dialog
from secondchance.ui.dialogs.backups_dialog import BackupsDialog
from secondchance.ui.main_window import MainWindow
from secondchance.ui.read_only import BANNER_TEXT
from tests.ui.helpers import view_of

# --- File → Backups… ------------------------------------------------------------------


def test_backups_dialog_lists_makes_and_restores(
    sample_window: MainWindow, db: Database, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sample_window.findChild(QAction, "action_backups") is not None
    before = len(records.list_records(db, "contact"))
    safety.make_backup(data_dir, "before-import")
    assert sample_window.ctx is not None
    dialog = BackupsDialog(sample_window.ctx, sample_window)
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 1)) == "Before an import"
    assert dialog.model.data(dialog.model.index(0, 4)) == "✓ checked"

    dialog.back_up_now()
    assert dialog.model.rowCount() == 2
    assert dialog.model.data(dialog.model.index(0, 1)) == "Made by you"
    assert not sample_window.ctx.db.changed_since_backup

    # A change after the backup, then back to the backup from before it.
    records.create_record(db, "contact", {"name": "Added after the backup"})
    db.close()  # the test's own handle; the window's is closed by the restore itself
    dialog.table.selectRow(1)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: shown.append(text))
    sample_window.ctx.undo_stack.push(_noop_command())
    dialog.restore_selected()

    assert len(records.list_records(sample_window.ctx.db, "contact")) == before
    assert sample_window.ctx.undo_stack.count() == 0
    assert "What you had before is kept as" in shown[0]
    reasons = [dialog.model.data(dialog.model.index(r, 1)) for r in range(dialog.model.rowCount())]
    assert "Before a restore" in reasons


def _noop_command() -> Any:
    from PySide6.QtGui import QUndoCommand

    return QUndoCommand("something")


def test_restoring_is_refused_plainly_while_asked_to_be_cancelled(
    sample_window: MainWindow, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    safety.make_backup(data_dir, "manual")
    assert sample_window.ctx is not None
    dialog = BackupsDialog(sample_window.ctx, sample_window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    dialog.restore_selected()
    assert dialog.model.rowCount() == 1  # no safety copy: nothing happened


# --- the damaged-data offer at start ----------------------------------------------------


def _damaged_folder(data_dir: Path) -> int:
    """A backup of the sample, more work after it, then the data file overwritten."""
    db = open_database(data_dir)
    try:
        sample.add_sample_target(db)
        safety.make_backup(data_dir, "manual")
        targets = len(records.list_records(db, "target"))
        sample.add_sample_target(db)
    finally:
        db.close()
    DataPaths(data_dir).database.write_bytes(b"\x00garbage" * 4096)
    return targets


def test_a_read_started_during_a_restore_is_refused_and_the_restore_succeeds(
    sample_window: MainWindow, db: Database, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Work off the GUI thread that starts while the restore runs (a timer firing in its
    progress window) must not open the file: the restore could not leave WAL mode."""
    from secondchance.core import safety as safety_module
    from secondchance.core.db import StorageError

    safety.make_backup(data_dir, "before-import")
    assert sample_window.ctx is not None
    window_db = sample_window.ctx.db
    dialog = BackupsDialog(sample_window.ctx, sample_window)
    db.close()
    refused: list[str] = []
    real_restore = safety_module.restore

    def restore_with_a_reader(*args: Any, **kwargs: Any) -> Any:
        try:
            with window_db.transaction() as session:  # as a figures job would
                session.execute(select(1))
        except StorageError as exc:
            refused.append(str(exc))
        return real_restore(*args, **kwargs)

    monkeypatch.setattr(safety_module, "restore", restore_with_a_reader)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    dialog.table.selectRow(0)
    dialog.restore_selected()
    assert not warned
    assert refused and "being restored" in refused[0]
    assert records.list_records(window_db, "contact")  # readable again afterwards


@pytest.mark.parametrize("choice", ["restore", "salvage", "quit"])
def test_a_damaged_file_at_start_offers_restore_rescue_or_quit(
    qtbot: QtBot,
    tmp_path: Path,
    clean_settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    choice: str,
) -> None:
    data_dir = tmp_path / "damaged"
    targets = _damaged_folder(data_dir)
    asked: list[str] = []

    def choose(_parent: Any, error: Any, good: Any) -> str:
        asked.extend(damaged_dialog.explanation(error, good))
        return choice

    monkeypatch.setattr(damaged_dialog, "choose", choose)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window = MainWindow(data_dir)
    qtbot.addWidget(window)

    outcome: list[bool] = []
    ui_app._open_data(window, data_dir, outcome.append)  # opens off the GUI thread
    qtbot.waitUntil(lambda: bool(outcome), timeout=20000)
    opened = outcome[0]

    assert "no longer holds a database" in asked[0]
    assert "Nothing has been written to the damaged file" in asked[1]
    assert "records)" in asked[2]  # the backup's date and record count
    assert list(DataPaths(data_dir).damaged.iterdir())
    if choice == "quit":
        assert not opened and window.ctx is None
        assert not DataPaths(data_dir).database.exists()
        return
    assert opened and window.ctx is not None
    try:
        shown = len(records.list_records(window.ctx.db, "target"))
        assert shown == (targets if choice == "restore" else 0)  # garbage: nothing to rescue
    finally:
        window.ctx.db.close()


# --- read-only ----------------------------------------------------------------------------


def test_read_only_data_shows_a_banner_and_cannot_be_edited(
    qtbot: QtBot, data_dir: Path, sample_target: int, clean_settings: Any, db: Database
) -> None:
    read_only = open_database(data_dir, read_only=True)
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    try:
        window.attach(read_only)
        window.show()
        qtbot.waitExposed(window)
        banner = window.findChild(QWidget, "read_only_banner")
        assert banner is not None and banner.isVisible()
        assert window.findChild(QLabel, "read_only_text").text() == BANNER_TEXT
        assert not window.new_target_button.isVisible()
        action = window.findChild(QAction, "action_import")
        assert action is not None and not action.isEnabled()

        window.open_view("contact")
        view = view_of(window, "contact")
        assert view.model.rowCount() > 0  # the data is all there to read
        assert not view.new_button.isVisible()
        for editor in view.form.editors.values():
            if isinstance(editor, QLineEdit | QPlainTextEdit):
                assert editor.isReadOnly()
        with pytest.raises(ReadOnlyError, match="read-only"):
            records.create_record(read_only, "contact", {"name": "Nobody"})
    finally:
        window.close()
        read_only.close()


# --- backups while open and on close ------------------------------------------------------


def test_a_backup_on_close_only_after_changes_and_then_unused_files_go(
    window: MainWindow, data_dir: Path, db: Database
) -> None:
    assert window.ctx is not None
    own = window.ctx.db
    safekeeping.back_up_on_close(own)
    assert safety.backups(data_dir) == []  # nothing changed
    stray = own.attachments_dir / "0123456789abcdef0123456789abcdef-stray.pdf"
    stray.write_bytes(b"no record names me")
    records.create_record(own, "contact", {"name": "Someone new"})

    safekeeping.back_up_on_close(own)

    [made] = safety.backups(data_dir)
    assert made.reason == "on-close" and made.verified
    assert not stray.exists()
    assert not own.changed_since_backup


def test_the_daily_backup_is_due_once_a_day_after_changes(window: MainWindow, qtbot: QtBot) -> None:
    assert window.ctx is not None
    keeper = safekeeping.BackupKeeper(window.ctx.db, window)
    assert not keeper.due()  # nothing changed yet
    records.create_record(window.ctx.db, "contact", {"name": "Someone"})
    assert keeper.due()
    with qtbot.waitSignal(keeper.finished, timeout=20000):
        assert keeper.check()
    assert not keeper.due()
    records.create_record(window.ctx.db, "contact", {"name": "Someone else"})
    assert not keeper.due()  # changed, but the last backup is not a day old
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)
    assert keeper.due(tomorrow)


# --- Export to CSV… -------------------------------------------------------------------------


def test_export_to_csv_writes_the_rows_and_columns_shown_in_their_order(
    sample_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    sample_window.open_view("skill")
    view = view_of(sample_window, "skill")
    header = view.table.horizontalHeader()
    names = [
        view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())
    ]
    header.moveSection(header.visualIndex(1), 0)  # the person dragged column 1 to the front
    view.list.columns.set_shown(view.list.columns.columns[2].name, False)  # and hid column 2
    view.search.setText("SQL")
    shown = view.model.rowCount()
    assert 0 < shown < view.model.total_count
    target = tmp_path / "skills"  # no suffix: .csv is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    view.toolbar.csv_button.click()

    written = tmp_path / "skills.csv"
    raw = written.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read accents right
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    expected = [names[1], names[0], *names[3:]]
    assert rows[0] == expected
    assert len(rows) == 1 + shown
    assert rows[1][0] == view.model.data(view.model.index(0, 1))


def test_export_to_csv_refuses_a_device_or_folder(
    sample_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample_window.open_view("skill")
    view = view_of(sample_window, "skill")
    folder = tmp_path / "a-folder.csv"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder), ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    view.toolbar.csv_button.click()
    assert "is a folder" in warnings[0] and "Nothing was changed" in warnings[0]
    assert folder.is_dir()


def test_every_list_table_offers_export_to_csv(sample_window: MainWindow) -> None:
    from PySide6.QtWidgets import QTableView

    sample_window.build_every_tab()  # lists are built on their first showing
    tables = [
        t for t in sample_window.findChildren(QTableView) if t.objectName().startswith("table_")
    ]
    assert tables
    for table in tables:
        assert any(a.text() == "Export to CSV…" for a in table.actions()), table.objectName()


# --- importing in the window ---------------------------------------------------------------


@pytest.mark.parametrize("use_the_files", [False, True])
def test_import_backs_up_asks_about_settings_and_twice_adds_nothing(
    window: MainWindow,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    use_the_files: bool,
) -> None:
    from secondchance.core.interop.workspace import write_export
    from secondchance.core.services import preferences

    assert window.ctx is not None
    other = open_database(tmp_path / "other")
    try:
        sample.add_sample_target(other)
        preferences.save(other, "Sam from the file", "")
        exported = tmp_path / "other.json"
        write_export(other, exported)
    finally:
        other.close()
    preferences.save(window.ctx.db, "Sam, my own", "")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(exported), ""))
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any) -> Any:
        asked.append(text)
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        return yes if use_the_files else no

    monkeypatch.setattr(QMessageBox, "question", question)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))

    window.import_workspace()

    assert "your name" in asked[0]
    expected = "Sam from the file" if use_the_files else "Sam, my own"
    assert preferences.load(window.ctx.db).name == expected
    assert [b.reason for b in safety.backups(data_dir)] == ["before-import"]
    assert " new, 0 already here, 0 updated." in told[0]
    window.import_workspace()  # the same file again
    assert ": 0 new, " in told[1] and " already here, 0 updated." in told[1]


def test_a_second_start_says_who_holds_the_folder(data_dir: Path) -> None:
    from secondchance.paths import note_lock_holder
    from tests.ui.test_single_instance import holding_lock, let_go

    paths = DataPaths(data_dir)
    with holding_lock(paths.lock_file) as holder:
        assert "is already open" in ui_app.busy_message(paths)[0]  # nothing noted: a window
        note_lock_holder(paths, "the import command")
        paths.lock_holder_file.write_text(f"{holder.pid}\nthe import command\n", encoding="utf-8")
        first, then = ui_app.busy_message(paths)
        assert "command (the import command) is working on this data folder" in first
        assert "when it has finished" in then
        let_go(holder)
        holder.wait(timeout=60)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_lock_and_its_note_are_owner_only(data_dir: Path) -> None:
    import stat

    paths = DataPaths(data_dir)
    lock = ui_app.acquire_lock(paths)
    assert lock is not None
    try:
        for path in (paths.lock_file, paths.lock_holder_file):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert paths.lock_holder_file.read_text(encoding="utf-8").split("\n")[1] == "the window"
    finally:
        lock.unlock()


def test_the_open_uses_the_check_started_early(
    db: Database, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The damage check starts right after the first paint in a thread of its own, and the
    open uses its result instead of checking again."""
    import threading

    from secondchance.core import damage

    db.close()
    checked_on: list[str] = []
    real = damage.find_damage

    def spy(db_path: Path, *, full: bool = False, report: Any = None) -> Any:
        checked_on.append(threading.current_thread().name)
        return real(db_path, full=full, report=report)

    monkeypatch.setattr(damage, "find_damage", spy)
    safekeeping.start_early_check(data_dir)
    opened = safekeeping.open_and_tidy(data_dir)
    opened.close()
    assert checked_on == ["open-check"]  # once, early

    # Written between the check and the open: the check no longer applies.
    safekeeping.start_early_check(data_dir)
    with sqlite3.connect(DataPaths(data_dir).database) as writer:
        writer.execute("PRAGMA user_version = 7")
    opened = safekeeping.open_and_tidy(data_dir)
    opened.close()
    assert checked_on == ["open-check", "open-check", threading.current_thread().name]


def test_a_start_while_the_last_window_is_still_closing_waits_for_it(data_dir: Path) -> None:
    import threading

    from tests.ui.test_single_instance import holding_lock, let_go

    paths = DataPaths(data_dir)
    with holding_lock(paths.lock_file) as holder:
        # The closing window notes it is closing (run_gui, after its window has gone).
        paths.lock_holder_file.write_text(f"{holder.pid}\n{ui_app.CLOSING}\n", encoding="utf-8")
        first, then = ui_app.busy_message(paths)
        assert "is still closing" in first and "again in a few seconds" in then
        threading.Timer(1.0, lambda: let_go(holder)).start()
        lock = ui_app.acquire_lock(paths)  # waits instead of saying it is open
        assert lock is not None
        lock.unlock()
        holder.wait(timeout=60)
