"""The part every small table model shares: a list of rows under fixed column headers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex


class HeadedTableModel(QAbstractTableModel):
    """Subclasses set ``headers`` and return the rows on show from ``shown_rows``."""

    headers: Sequence[str] = ()

    def shown_rows(self) -> Sequence[Any]:
        raise NotImplementedError

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.shown_rows())

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None


R = TypeVar("R")


class SortedRowsModel(HeadedTableModel, Generic[R]):
    """Rows kept as a Python list, filtered and sorted here (a proxy model over Python rows
    is slow): ``_all`` holds every row, ``_apply`` (the subclass's) puts the rows on show,
    in order, in ``_visible``.  A sort moves rows (``layoutChanged``, so the selection
    follows); new rows or a new filter reset the view."""

    def __init__(
        self,
        parent: Any = None,
        sort_column: int = -1,
        sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
    ) -> None:
        super().__init__(parent)
        self._all: list[R] = []
        self._visible: list[R] = []
        self._sort_column, self._sort_order = sort_column, sort_order

    def _apply(self) -> None:
        raise NotImplementedError

    def shown_rows(self) -> list[R]:
        return self._visible

    @property
    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    @sort_state.setter
    def sort_state(self, state: tuple[int, Qt.SortOrder]) -> None:
        """The order the next rows come in (set before ``set_rows``; ``sort`` re-sorts)."""
        self._sort_column, self._sort_order = state

    @property
    def total_count(self) -> int:
        return len(self._all)

    def row_at(self, position: int) -> R | None:
        return self._visible[position] if 0 <= position < len(self._visible) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self._apply()
        self.layoutChanged.emit()

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._apply()
        self.endResetModel()

    def _reapply(self) -> None:
        """After a filter changed: the rows on show again."""
        self.beginResetModel()
        self._apply()
        self.endResetModel()
