"""The one table model behind every record list.

Sorting and the search filter happen here, in Python lists, not in a
QSortFilterProxyModel: a proxy calling back into a Python ``data()`` for every
comparison takes tens of seconds on 100k rows, while sorting a list of keys takes
milliseconds.  The view's header still drives sorting (``sort()`` is Qt's own hook).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from secondchance.core.collation import text_sort_key
from secondchance.core.services.fields import FieldSpec, FieldType
from secondchance.core.services.kinds import RecordKind
from secondchance.core.services.records import RecordRow

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def _sort_key(value: Any, display: str) -> tuple[int, Any]:
    """Empty values sort last; numbers and dates by value; text without case."""
    if value is None or value == "" or value == []:
        return (1, "")
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, int | float):
        return (0, value)
    if isinstance(value, dt.date):
        return (0, value.toordinal())
    if isinstance(value, enum.Enum):
        members = list(type(value))
        return (0, members.index(value))
    return (0, text_sort_key(display))


def tone_colour(tone: str, palette: QPalette) -> QColor:
    """A row tone's text colour that reads on this palette's base, light or dark."""
    if tone == "warning":
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        return QColor("#ff8a80" if dark else "#b3261e")
    return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


def header_tip(spec: FieldSpec) -> str | None:
    """A column's meaning: its scale ("1 Nice to have · 2 Important · 3 Essential") or help."""
    if spec.scale:
        low = int(spec.minimum or 0)
        steps = " · ".join(f"{low + i} {label}" for i, label in enumerate(spec.scale))
        return f"{spec.label}: {steps}"
    return spec.help or None


class RecordTableModel(QAbstractTableModel):
    def __init__(self, kind: RecordKind, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._specs = [kind.field(name) for name in kind.columns]
        self._all: list[RecordRow] = []
        self._visible: list[RecordRow] = []
        self._filter = ""
        self._predicate: Callable[[RecordRow], bool] | None = None
        self._sort_column, self._sort_order = self._default_sort()

    def _default_sort(self) -> tuple[int, Qt.SortOrder]:
        name, descending = self.kind.sort
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        if name in self.kind.columns:
            return self.kind.columns.index(name), order
        return -1, order

    # --- Qt model interface ---------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._specs)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._visible):
            return None
        row = self._visible[index.row()]
        spec = self._specs[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display.get(spec.name, "")
        if role == Qt.ItemDataRole.ToolTipRole:
            # Text cut to fit its column shows whole in a tooltip (the view's delegate does
            # that for one-line text); long text and a rating's meaning are given here.
            value = row.values.get(spec.name)
            if spec.type is FieldType.MULTILINE and isinstance(value, str):
                return value[:1000]
            meaning = spec.meaning(value)
            if meaning:
                return f"{spec.label}: {value} — {meaning}"
            return None
        if role == ROW_ID_ROLE:
            return row.id
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            return self._tone_data(row, role)
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.type in (
            FieldType.RATING,
            FieldType.INTEGER,
            FieldType.NUMBER,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _tone_data(self, row: RecordRow, role: int) -> Any:
        if self.kind.row_tone is None:
            return None
        tone = self.kind.row_tone(row.values, dt.date.today())
        if tone is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return tone_colour(tone, QGuiApplication.palette())
        font = QFont()
        font.setBold(tone == "warning")
        font.setItalic(tone == "muted")
        return font

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._specs):
            return None
        spec = self._specs[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return header_tip(spec)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old = list(self._visible)
        persistent = self.persistentIndexList()
        self._apply_sort()
        self._apply_filter()
        new_positions = {id(row): i for i, row in enumerate(self._visible)}
        for index in persistent:
            if index.isValid() and index.row() < len(old):
                new_row = new_positions.get(id(old[index.row()]))
                if new_row is not None:
                    self.changePersistentIndex(index, self.index(new_row, index.column()))
        self.layoutChanged.emit()

    # --- data in --------------------------------------------------------------------

    def set_rows(self, rows: list[RecordRow]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._apply_sort()
        self._apply_filter()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._filter:
            return
        self.beginResetModel()
        self._filter = needle
        self._apply_filter()  # _all is kept sorted, so a keystroke only scans
        self.endResetModel()

    def replace_row(self, row: RecordRow) -> None:
        """Update one record in place (after an autosave) without resetting the view.

        The row keeps its place until the next reload, so it doesn't jump while typed in.
        """
        for i, existing in enumerate(self._all):
            if existing.id == row.id:
                self._all[i] = row
        for i, existing in enumerate(self._visible):
            if existing.id == row.id:
                self._visible[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self._specs) - 1))
                return

    def all_rows(self) -> list[RecordRow]:
        """Every loaded row, whatever the search or filter hides."""
        return list(self._all)

    def set_predicate(self, predicate: Callable[[RecordRow], bool] | None) -> None:
        """A tab's own filter (e.g. "only unaddressed"), applied with the search words."""
        self.beginResetModel()
        self._predicate = predicate
        self._apply_filter()
        self.endResetModel()

    def _apply_filter(self) -> None:
        words = self._filter.split()
        predicate = self._predicate
        if not words and predicate is None:
            self._visible = list(self._all)
        else:
            self._visible = [
                r
                for r in self._all
                if all(w in r.search_text for w in words) and (predicate is None or predicate(r))
            ]

    def _apply_sort(self) -> None:
        """Sort every row (the filter then keeps this order); one key per row."""
        column = self._sort_column
        if not 0 <= column < len(self._specs):
            self._all.sort(key=lambda r: r.id)
            return
        spec = self._specs[column]
        name = spec.name
        by_display = spec.type in (FieldType.REFERENCE, FieldType.LINKS)
        present: list[tuple[Any, int, RecordRow]] = []
        empty: list[RecordRow] = []
        for row in self._all:
            display = row.display.get(name, "")
            # Ids mean nothing to a person: references sort by the names shown.
            value = (display or None) if by_display else row.values.get(name)
            missing, key = _sort_key(value, display)
            if missing:
                empty.append(row)
            else:
                present.append((key, row.id, row))
        present.sort(
            key=lambda item: (item[0], item[1]),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )
        empty.sort(key=lambda r: r.id)
        # Empty values stay at the bottom whichever way the column is sorted.
        self._all = [item[2] for item in present] + empty

    # --- lookups --------------------------------------------------------------------

    @property
    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    @property
    def total_count(self) -> int:
        return len(self._all)

    def row_at(self, position: int) -> RecordRow | None:
        return self._visible[position] if 0 <= position < len(self._visible) else None

    def position_of(self, record_id: int) -> int:
        for i, row in enumerate(self._visible):
            if row.id == record_id:
                return i
        return -1
