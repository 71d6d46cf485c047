"""The list side of a record view: the sortable table, the "nothing matches" line, and
the column widths a person chose, remembered per kind."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services.kinds import RecordKind
from secondchance.ui.records.table_model import RecordTableModel
from secondchance.ui.widgets.list_table import list_table

SIZE_FROM_ROWS = 50


class RecordList(QWidget):
    delete_pressed = Signal()

    def __init__(self, kind: RecordKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._columns_sized = False
        self.model = RecordTableModel(kind, self)

        self.table = list_table(f"table_{kind.name}", self.model, self)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(130)
        # Fitting columns to their contents reads this many rows, not a thousand (each row
        # read is a Python data() call per column).
        header.setResizeContentsPrecision(SIZE_FROM_ROWS)
        self.table.verticalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)
        header.sectionResized.connect(lambda *_a: self._save_columns())
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_pressed)

        self.no_match = QLabel(self)
        self.no_match.setObjectName(f"no_match_{kind.name}")
        self.no_match.setWordWrap(True)
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.hide()

        self.list_layout = QVBoxLayout(self)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.addWidget(self.table)
        self.list_layout.addWidget(self.no_match)

    def size_columns_once(self) -> None:
        """Fit columns to their contents once, within limits, unless the person resized."""
        if self._columns_sized:
            return
        header = self.table.horizontalHeader()
        saved = QSettings().value(self._columns_key())
        if saved is not None and header.restoreState(saved):
            self._columns_sized = True
            return
        # Not saved while sized here: only a person's own resizing is remembered (and each
        # save is a settings file write).
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            width = self.table.columnWidth(column)
            self.table.setColumnWidth(column, max(70, min(width + 12, 240)))
        self._columns_sized = True

    def explain_empty(self, search: str) -> None:
        """Say why no row shows when the list holds some: the search, or a filter."""
        shown, total = self.model.rowCount(), self.model.total_count
        plural = self.kind.plural.lower()
        if total and not shown and search:
            self.no_match.setText(f"No {plural} match “{search}”. Clear the search to see all.")
            self.no_match.show()
        elif total and not shown:
            self.no_match.setText(f"No {plural} pass the filter. Turn it off to see all {total}.")
            self.no_match.show()
        else:
            self.no_match.hide()

    def _columns_key(self) -> str:
        return f"layout/columns_{self.kind.name}"

    def _save_columns(self) -> None:
        if self._columns_sized:
            QSettings().setValue(self._columns_key(), self.table.horizontalHeader().saveState())
