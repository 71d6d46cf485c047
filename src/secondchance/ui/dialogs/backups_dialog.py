"""File → Backups…: the backups there are, one made now, one restored, the folder opened.

Restoring backs up the present state first (so a restore can itself be undone by
restoring that copy), puts the chosen backup back with its attached files, brings it up
to this version if it is older, and tells every view to reload.  The undo history is
cleared: it describes changes to data that is no longer there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from secondchance.ui.plain import paragraphs
from secondchance.ui.widgets.headed_table_model import HeadedTableModel
from secondchance.ui.widgets.list_table import list_table
from secondchance.ui.worker import run_with_progress

if TYPE_CHECKING:
    from secondchance.core.backup import BackupInfo
    from secondchance.ui.context import AppContext

REASONS = {
    "manual": "Made by you",
    "on-close": "On closing",
    "daily": "Daily",
    "before-import": "Before an import",
    "before-restore": "Before a restore",
    "before-upgrade": "Before an update",
    "before-restore-damaged": "Damaged file, kept",
}

SCHEDULE = (
    "Second Chance backs up your data by itself: when you close it after a change, once a "
    "day while it is open, and before every import, restore and update. Every backup is "
    "checked right after it is made. It keeps every backup of the last two days, then one "
    "a day for a week, one a week for two months and one a month for a year, and always "
    "the newest one made before each kind of import, restore or update."
)


def reason_text(reason: str) -> str:
    return REASONS.get(reason, reason.replace("-", " ").capitalize())


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def when_text(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class BackupsModel(HeadedTableModel):
    headers = ("Made", "Why", "Size", "Records", "Checked")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[BackupInfo] = []
        self.sort_state = (0, Qt.SortOrder.DescendingOrder)

    def shown_rows(self) -> Sequence[Any]:
        return self.rows

    def set_rows(self, rows: list[BackupInfo]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._sort()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.sort_state = (column, order)
        self._sort()
        self.layoutChanged.emit()

    def _sort(self) -> None:
        column, order = self.sort_state
        keys = {
            0: lambda b: b.created_at,
            1: lambda b: reason_text(b.reason).casefold(),
            2: lambda b: b.size,
            3: lambda b: b.records or 0,
            4: lambda b: b.verified,
        }
        self.rows.sort(key=keys.get(column, keys[0]), reverse=order == Qt.SortOrder.DescendingOrder)

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        info = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                when_text(info.created_at),
                reason_text(info.reason),
                size_text(info.size),
                "" if info.records is None else f"{info.records:,}",
                "✓ checked" if info.verified else "not checked",
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BackupsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data_dir: Path = ctx.db.data_dir
        self.setObjectName("backups_dialog")
        self.setWindowTitle("Backups")
        self.resize(760, 440)

        intro = QLabel(SCHEDULE, self)
        intro.setWordWrap(True)
        self.model = BackupsModel(self)
        self.table = list_table("table_backups", self.model, self, csv_name="backups")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty = QLabel("There are no backups yet. “Back up now” makes the first one.", self)
        self.empty.setObjectName("backups_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.backup_button = QPushButton("Back up now", self)
        self.backup_button.setObjectName("backup_now")
        self.restore_button = QPushButton("Restore…", self)
        self.restore_button.setObjectName("restore_backup")
        self.folder_button = QPushButton("Open folder", self)
        self.folder_button.setObjectName("open_backups_folder")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.open_folder)
        row = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.folder_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        # With no backups the message takes the list's place, in the middle of it.
        layout.addWidget(self.empty, 1)
        layout.addLayout(row)
        if ctx.db.read_only:
            why = "Your data folder is read-only, so backups can't be made or restored in it."
            for button in (self.backup_button, self.restore_button):
                button.setEnabled(False)
                button.setToolTip(why)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.reload()

    # --- list -------------------------------------------------------------------------

    def reload(self) -> None:
        from secondchance.core import safety

        self.model.set_rows(safety.backups(self.data_dir))
        self.empty.setVisible(not self.model.rows)
        self.table.setVisible(bool(self.model.rows))
        if self.model.rows:
            self.table.selectRow(0)
        self._update()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _update(self) -> None:
        if not self.ctx.db.read_only:
            self.restore_button.setEnabled(self.selected() is not None)

    # --- actions ------------------------------------------------------------------------

    def back_up_now(self) -> None:
        from secondchance.core import safety
        from secondchance.core.backup import DatabaseError

        try:
            info = run_with_progress(
                self,
                "Backing up and checking…",
                lambda: safety.make_backup(self.data_dir, "manual"),
            )
        except (DatabaseError, OSError) as exc:
            QMessageBox.warning(
                self,
                "No backup was made",
                paragraphs(str(exc), "Your data has not been changed."),
            )
            return
        self.ctx.db.mark_backed_up()
        self.reload()
        self.ctx.status.emit(f"Backed up and checked: {info.records} records")

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        records = f" ({info.records:,} records)" if info.records is not None else ""
        answer = QMessageBox.question(
            self,
            "Restore this backup?",
            paragraphs(
                f"Put back your data as it was on {when_text(info.created_at)}{records}?",
                "What you have now is backed up first, so you can come back to it by "
                "restoring that copy (it appears at the top of this list). Undo history "
                "is cleared.",
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.restore(info.path)

    def restore(self, backup: Path) -> bool:
        from secondchance.core import safety
        from secondchance.core.backup import DatabaseError

        # No connection may stay open while the pages are replaced: figures and warm-ups
        # read off the GUI thread, so they end first, and any that starts while the restore
        # runs (its progress window lets timers fire) is refused.
        QThreadPool.globalInstance().waitForDone()
        try:
            with self.ctx.db.set_aside():
                saved = run_with_progress(
                    self, "Restoring…", lambda: safety.restore(self.data_dir, backup)
                )
        except (DatabaseError, OSError) as exc:
            QMessageBox.warning(self, "The backup was not restored", paragraphs(str(exc)))
            self.reload()
            return False
        self.ctx.undo_stack.clear()
        self.ctx.db.mark_backed_up()
        self.ctx.notify("*", f"Restored the backup of {backup.name}")
        self.reload()
        QMessageBox.information(
            self,
            "Backup restored",
            paragraphs(
                "Your data is back as it was in that backup.",
                f"What you had before is kept as {saved.name}." if saved is not None else "",
            ),
        )
        return True

    def open_folder(self) -> None:
        folder = self.data_dir / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
