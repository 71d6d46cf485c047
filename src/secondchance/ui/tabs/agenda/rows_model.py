"""A small read-only table that sorts and filters itself (no proxy model): the rows of the
Due, Targets and Patterns pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication

from secondchance.ui import roles
from secondchance.ui.widgets.headed_table_model import SortedRowsModel
from secondchance.ui.widgets.tones import tone_colour

_Index = QModelIndex | QPersistentModelIndex
PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1
# The roles a row answers: any other goes back before anything is looked up.
_ANSWERED = frozenset(
    (roles.DISPLAY, roles.TOOLTIP, int(PAYLOAD_ROLE), roles.FOREGROUND, roles.FONT)
)


# A sort key that is the cell's own text, casefolded when the column is sorted (not when
# the row is made: three casefolds a row were a third of a Due page of 12 000 items).
CELL_TEXT = ("cell text",)


class Row(NamedTuple):  # a tuple: the Due page makes one per item (12 000 in a busy week)
    cells: tuple[str, ...]
    keys: tuple[Any, ...]  # one sort key per column (None: empty, last; or CELL_TEXT)
    payload: Any = None
    tone: str | None = None  # "warning" (bold, in the warning colour) or "muted"
    tips: tuple[str, ...] = ()
    search: str = ""

    def matches(self, words: list[str]) -> bool:
        text = self.search or " ".join(self.cells).casefold()
        return all(w in text for w in words)


class RowsModel(SortedRowsModel[Row]):
    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = tuple(headers)
        self._words: list[str] = []

    def set_filter(self, text: str) -> None:
        self._words = text.casefold().split()
        self._reapply()

    def _apply(self) -> None:
        rows = list(self._all)
        column, order = self.sort_state
        if 0 <= column < len(self.headers):
            present = [r for r in rows if r.keys[column] is not None]
            empty = [r for r in rows if r.keys[column] is None]

            def key_of(r: Row) -> Any:
                key = r.keys[column]
                return r.cells[column].casefold() if key is CELL_TEXT else key

            present.sort(key=key_of, reverse=order == Qt.SortOrder.DescendingOrder)
            rows = present + empty  # empty cells stay last either way
        self._visible = [r for r in rows if r.matches(self._words)] if self._words else rows

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED:
            return None
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.headers):
            return None
        if role == roles.DISPLAY:
            return row.cells[index.column()] if index.column() < len(row.cells) else ""
        if role == roles.TOOLTIP and index.column() < len(row.tips):
            return row.tips[index.column()] or None
        if role == PAYLOAD_ROLE:
            return row.payload
        if role == roles.FOREGROUND and row.tone:
            return tone_colour(row.tone, QGuiApplication.palette())
        if role == roles.FONT and row.tone:
            font = QFont()
            font.setBold(row.tone == "warning")
            font.setItalic(row.tone == "muted")
            return font
        return None
