"""Columns that fit the list's width: the key column stretches and never leaves the screen,
the others keep a compact width and, when the list is narrow, hide lowest priority first.

The person can show or hide columns from the header's context menu, move them and resize
them; that, and the sort, is remembered per list across restarts (QSettings, by column
name, so a column added in a later version never shifts the others).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

log = logging.getLogger(__name__)

KEY_MIN_CHARS = 22  # the key column keeps room for this many characters (or its longest)
LONG_KEY_SHARE = 0.4  # and, when it holds long text, for this share of the list's width
PADDING = 24  # cell margins and the sort arrow


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    role: str  # "key", "date", "status", "number" or "text" (see kinds.ColumnRole)
    priority: int  # 0: the key; higher numbers hide first


class AdaptiveColumns(QObject):
    """Lays out ``table``'s columns; ``natural_width(i)`` is column i's comfortable width."""

    def __init__(
        self,
        table: QTableView,
        columns: Sequence[Column],
        settings_key: str,
        natural_width: Callable[[int], int],
        long_key: bool = False,
    ) -> None:
        super().__init__(table)
        self.table = table
        self.columns = list(columns)
        self.key = f"lists/{settings_key}"
        self._natural = natural_width
        self.long_key = long_key
        self.key_index = next((i for i, c in enumerate(self.columns) if c.role == "key"), 0)
        self.user_hidden: set[str] = set()
        self.widths: dict[str, int] = {}  # widths the person chose
        self.auto_hidden: set[str] = set()
        self._adjusting = False
        self._restored = False

        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.key_index, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._menu)
        header.sectionResized.connect(self._resized)
        header.sectionMoved.connect(lambda *_a: self._save())
        header.sortIndicatorChanged.connect(lambda *_a: self._save())
        header.setToolTip("Right-click to choose the columns; drag a column to move it")
        table.viewport().installEventFilter(self)

    # --- state ------------------------------------------------------------------------

    def restore(self) -> None:
        """Apply what the person chose last time (call once the model has its columns)."""
        self._restored = True
        raw = QSettings().value(self.key)
        state: dict[str, Any] = {}
        if isinstance(raw, str) and raw:
            try:
                loaded = json.loads(raw)
                state = loaded if isinstance(loaded, dict) else {}
            except ValueError:
                log.warning("ignoring unreadable column state for %s", self.key)
        names = [c.name for c in self.columns]
        self.user_hidden = {
            n for n in state.get("hidden", []) if n in names and n != names[self.key_index]
        }
        self.widths = {
            n: int(w)
            for n, w in (state.get("widths") or {}).items()
            if n in names and isinstance(w, int) and 30 <= w <= 2000
        }
        header = self.table.horizontalHeader()
        self._adjusting = True
        try:
            order = [n for n in state.get("order", []) if n in names]
            for visual, name in enumerate(order):
                logical = names.index(name)
                header.moveSection(header.visualIndex(logical), visual)
            sort = state.get("sort")
            if isinstance(sort, list) and len(sort) == 2 and sort[0] in names:
                descending = sort[1] == "desc"
                header.setSortIndicator(
                    names.index(sort[0]),
                    Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder,
                )
        finally:
            self._adjusting = False
        self.fit()

    def _save(self) -> None:
        if self._adjusting or not self._restored:
            return
        header = self.table.horizontalHeader()
        names = [c.name for c in self.columns]
        order = sorted(names, key=lambda n: header.visualIndex(names.index(n)))
        column = header.sortIndicatorSection()
        state: dict[str, Any] = {
            "order": order,
            "widths": dict(sorted(self.widths.items())),
            "hidden": sorted(self.user_hidden),
        }
        if 0 <= column < len(names):
            descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            state["sort"] = [names[column], "desc" if descending else "asc"]
        QSettings().setValue(self.key, json.dumps(state))

    def reset(self) -> None:
        """Back to the columns as they come: all shown, natural widths, declared order."""
        header = self.table.horizontalHeader()
        self._adjusting = True
        try:
            for logical in range(len(self.columns)):
                header.moveSection(header.visualIndex(logical), logical)
        finally:
            self._adjusting = False
        self.user_hidden.clear()
        self.widths.clear()
        self.fit()
        self._save()

    # --- fitting ----------------------------------------------------------------------

    def width_of(self, index: int) -> int:
        name = self.columns[index].name
        return self.widths.get(name) or self._natural(index)

    def key_minimum(self) -> int:
        """Room the key column keeps before any other column is shown."""
        metrics = self.table.fontMetrics()
        chars = metrics.averageCharWidth() * KEY_MIN_CHARS + PADDING
        if self.long_key:
            return max(chars, int(self.table.viewport().width() * LONG_KEY_SHARE))
        return min(chars, self._natural(self.key_index))

    def fit(self) -> None:
        """Show what fits beside the key column, most needed first; hide the rest."""
        available = self.table.viewport().width()
        if available <= 0:
            return
        used = self.key_minimum()
        shown: set[int] = {self.key_index}
        candidates = sorted(
            (i for i, c in enumerate(self.columns) if i != self.key_index),
            key=lambda i: self.columns[i].priority,
        )
        for index in candidates:
            if self.columns[index].name in self.user_hidden:
                continue
            width = self.width_of(index)
            if used + width > available:
                break  # strictly by priority: a less needed column never shows instead
            used += width
            shown.add(index)
        header = self.table.horizontalHeader()
        self._adjusting = True
        try:
            self.auto_hidden = {
                c.name
                for i, c in enumerate(self.columns)
                if i not in shown and c.name not in self.user_hidden
            }
            for index in range(len(self.columns)):
                hidden = index not in shown
                if header.isSectionHidden(index) != hidden:
                    header.setSectionHidden(index, hidden)
                if not hidden and index != self.key_index:
                    width = self.width_of(index)
                    if header.sectionSize(index) != width:
                        header.resizeSection(index, width)
        finally:
            self._adjusting = False

    def visible_names(self) -> list[str]:
        header = self.table.horizontalHeader()
        return [c.name for i, c in enumerate(self.columns) if not header.isSectionHidden(i)]

    def _resized(self, logical: int, _old: int, new: int) -> None:
        if self._adjusting or logical == self.key_index or new <= 0:
            return
        self.widths[self.columns[logical].name] = new
        self._save()
        # A wider column may now leave too little for the key: fit again (after Qt's own
        # resize finishes, or the header fights the change).
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self._restored:
            self.fit()
        return False

    # --- the header's menu -------------------------------------------------------------

    def set_shown(self, name: str, shown: bool) -> None:
        if name == self.columns[self.key_index].name:
            return
        if shown:
            self.user_hidden.discard(name)
        else:
            self.user_hidden.add(name)
        self.fit()
        self._save()

    def menu(self) -> QMenu:
        menu = QMenu(self.table)
        menu.setObjectName("column_menu")
        menu.setToolTipsVisible(True)
        for column in self.columns:
            action = QAction(column.label, menu)
            action.setCheckable(True)
            if column.role == "key":
                action.setChecked(True)
                action.setEnabled(False)
                action.setToolTip("This column names each row: it is always shown")
            else:
                action.setChecked(column.name not in self.user_hidden)
                if column.name in self.auto_hidden:
                    action.setText(f"{column.label} (widen the list to see it)")
                action.toggled.connect(lambda on, n=column.name: self.set_shown(n, on))
            menu.addAction(action)
        menu.addSeparator()
        reset = QAction("Reset columns", menu)
        reset.triggered.connect(self.reset)
        menu.addAction(reset)
        return menu

    def _menu(self, position: QPoint) -> None:
        header = self.table.horizontalHeader()
        self.menu().popup(header.mapToGlobal(position))
