"""The gap matrix (method step 3): every skill, how far it is from what the role needs, and
what is already pointing at it, biggest gap × importance first.

The skill's name is the key column (always in full view); at narrow widths the less needed
columns hide first, and the chart moves under the table when the window is too narrow for
both side by side (or as the person chose in View → Lists and forms)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.collation import text_sort_key
from secondchance.core.models import SkillCategory
from secondchance.core.services import gaps
from secondchance.core.services.gaps import GapRow
from secondchance.ui import roles
from secondchance.ui.context import AppContext
from secondchance.ui.records import list_layout
from secondchance.ui.records.table_model import ROW_ID_ROLE
from secondchance.ui.tabs.skills.colours import gap_colours
from secondchance.ui.tabs.skills.gap_chart import GapChart
from secondchance.ui.widgets.adaptive_columns import PADDING, AdaptiveColumns, Column
from secondchance.ui.widgets.elide_delegate import ElidingDelegate
from secondchance.ui.widgets.empty_state import EmptyState
from secondchance.ui.widgets.headed_table_model import SortedRowsModel
from secondchance.ui.widgets.list_table import list_table
from secondchance.ui.widgets.remembered_splitter import RememberedSplitter
from secondchance.ui.worker import Background

log = logging.getLogger(__name__)

# Skills beyond which the matrix is worked out off the GUI thread (4 000 skills: 0.05-0.08 s
# to read and sort, the window frozen meanwhile); fewer are worked out at once, so a small
# target (and a test) sees the matrix as soon as it asks.
SMALL_MATRIX = 1000

_Index = QModelIndex | QPersistentModelIndex
# The roles a gap row answers: any other goes back before anything is looked up.
_ANSWERED = frozenset(
    (roles.DISPLAY, ROW_ID_ROLE, roles.ALIGNMENT, roles.BACKGROUND, roles.FOREGROUND, roles.TOOLTIP)
)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


def _plan_text(row: GapRow) -> str:
    parts = []
    if row.activities_open:
        parts.append(f"{row.activities_open} to do")
    if row.activities_done:
        parts.append(f"{row.activities_done} done")
    return " · ".join(parts) or "—"


class GapColumn(NamedTuple):
    header: str
    key: Callable[[GapRow], Any]  # the value the column sorts by
    tip: str
    shown: Callable[[GapRow], Any]  # what a cell shows (made for its own column only)


COLUMNS: list[GapColumn] = [
    GapColumn("Skill", lambda r: text_sort_key(r.name), "", lambda r: r.name),
    GapColumn(
        "Category",
        lambda r: list(SkillCategory.__members__).index(r.category),
        "",
        lambda r: r.category_label,
    ),
    GapColumn(
        "Required", lambda r: r.required, "The level the role asks for (0–5)", lambda r: r.required
    ),
    GapColumn("Current", lambda r: r.current, "Where you stand today (0–5)", lambda r: r.current),
    GapColumn(
        "Gap",
        lambda r: r.gap,
        "Required minus current (never below 0)",
        lambda r: r.gap if r.gap else "✓",
    ),
    GapColumn(
        "Importance",
        lambda r: r.importance,
        "How much the role leans on it: 1 Nice to have · 2 Important · 3 Essential",
        lambda r: r.importance,
    ),
    GapColumn(
        "Priority",
        lambda r: r.priority,
        "Gap × importance: work on the highest first",
        lambda r: r.priority,
    ),
    GapColumn(
        "Feedback",
        lambda r: r.feedback_count,
        "Feedback items that name this skill",
        lambda r: r.feedback_count or "",
    ),
    GapColumn(
        "Plan",
        lambda r: (r.activities_open, r.activities_done),
        "Development activities",
        _plan_text,
    ),
]
GAP_COLUMN = 4
PRIORITY_COLUMN = 6
# Columns in the order they stay on screen as the table narrows (the skill never hides).
KEEP = ("Gap", "Priority", "Current", "Required", "Plan", "Importance", "Feedback", "Category")
LAYOUT = [
    Column(name.lower(), name, "key" if i == 0 else "number", 0 if i == 0 else KEEP.index(name) + 1)
    for i, name in enumerate(c.header for c in COLUMNS)
]


class GapTableModel(SortedRowsModel[GapRow]):
    """Rows from ``gaps.gap_matrix``, in its order; sorting and filters happen here, on the
    Python list."""

    headers = [c.header for c in COLUMNS]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent, PRIORITY_COLUMN, Qt.SortOrder.DescendingOrder)
        self.open_only = False
        self.category: str | None = None  # SkillCategory member name
        self.search = ""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED or not index.isValid() or index.row() >= len(self._visible):
            return None
        row = self._visible[index.row()]
        column = index.column()
        if role == roles.DISPLAY:
            return self._display(row, column)
        if role == ROW_ID_ROLE:
            return row.skill_id
        if role == roles.ALIGNMENT:
            return _CENTRE if 2 <= column <= 7 else None
        if role == roles.BACKGROUND or role == roles.FOREGROUND:
            if column != GAP_COLUMN:
                return None
            background, text = gap_colours(row.gap, QGuiApplication.palette())
            return background if role == roles.BACKGROUND else text
        if role == roles.TOOLTIP and column == GAP_COLUMN:
            return "No gap: you meet the requirement" if row.gap == 0 else None
        return None

    def display(self, row: GapRow, column: int) -> str:
        return self._display(row, column)

    def _display(self, row: GapRow, column: int) -> str:
        return str(COLUMNS[column].shown(row))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section].tip or None
        return super().headerData(section, orientation, role)

    def set_filters(self, open_only: bool, category: str | None) -> None:
        self.open_only, self.category = open_only, category
        self._reapply()

    def set_search(self, text: str) -> None:
        self.search = text.strip().casefold()
        self._reapply()

    def _apply(self) -> None:
        words = self.search.split()
        rows = [
            r
            for r in self._all
            if (not self.open_only or r.gap > 0)
            and (self.category is None or r.category == self.category)
            and all(w in r.name.casefold() for w in words)
        ]
        # The service's order (priority, gap, name: rows come in it, and filtering keeps it)
        # breaks every tie, whichever column leads: the sort is stable.
        if 0 <= self._sort_column < len(COLUMNS):
            value = COLUMNS[self._sort_column].key
            rows.sort(key=value, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._visible = rows

    def all_rows(self) -> list[GapRow]:
        return list(self._all)

    def visible_rows(self) -> list[GapRow]:
        return list(self._visible)


class GapMatrixPage(QWidget):
    """The matrix, its filters and the chart; double-click a skill to edit it."""

    open_skill = Signal(int)  # skill id
    add_skill = Signal()
    scan_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("gap_matrix")
        self._stale = True

        self.open_only = QCheckBox("Open gaps only", self)
        self.open_only.setObjectName("gap_open_only")
        self.open_only.setToolTip("Hide skills where you already meet the required level")
        self.open_only.toggled.connect(lambda _c: self._filters_changed())
        self.category = QComboBox(self)
        self.category.setObjectName("gap_category")
        self.category.addItem("All categories", None)
        for member in SkillCategory:
            self.category.addItem(member.label, member.name)
        self.category.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.summary = QLabel(self)
        self.summary.setObjectName("gap_summary")
        self.search = QLineEdit(self)
        self.search.setObjectName("search_gaps")
        self.search.setPlaceholderText("Search skills…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._filters_changed())
        self.scan_button = QPushButton("Scan job description…", self)
        self.scan_button.setObjectName("scan_job_description")
        self.scan_button.setToolTip(
            "Find the skills the job description asks for and add the ones you choose"
        )
        self.scan_button.clicked.connect(self.scan_requested)

        toolbar = QHBoxLayout()
        toolbar.addWidget(self.search, 1)
        toolbar.addWidget(self.open_only)
        toolbar.addWidget(QLabel("Category:", self))
        toolbar.addWidget(self.category)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.summary)
        toolbar.addStretch(1)
        toolbar.addWidget(self.scan_button)

        self.model = GapTableModel(self)
        self._widths: dict[int, int] = {}
        # Held: what is handed over (4 000 rows) is frozen in place, not walked by the
        # collector on the GUI thread (worker.Background).
        self._work = Background(0, self, holds_collection=True)
        self._work.finished.connect(self._show)
        self._work.failed.connect(self._failed)
        self.table = list_table("gap_table", self.model, self)
        self.table.setToolTip("Double-click a skill to edit it")
        self.table.setItemDelegate(ElidingDelegate(self.table))
        self.columns = AdaptiveColumns(self.table, LAYOUT, "gaps", self._natural_width)
        self.columns.restore()
        # Double-click or Enter (or a single click where the platform activates on one).
        self.table.activated.connect(self._activated)

        self.no_match = QLabel(self)
        self.no_match.setObjectName("gap_no_match")
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.setWordWrap(True)
        self.no_match.hide()
        table_side = QWidget(self)
        table_layout = QVBoxLayout(table_side)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table)
        table_layout.addWidget(self.no_match)

        self.chart = GapChart(self)
        chart_holder = QWidget(self)
        chart_layout = QVBoxLayout(chart_holder)
        chart_layout.addWidget(self.chart)
        chart_layout.addStretch(1)
        chart_scroll = QScrollArea(self)
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setWidget(chart_holder)

        self.splitter = RememberedSplitter("gaps", [760, 480], stacked_sizes=[240, 330])
        self.splitter.setParent(self)
        self.splitter.addWidget(table_side)
        self.splitter.addWidget(chart_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.restore()
        list_layout.NOTIFIER.changed.connect(self._layout_chosen)

        self.empty = EmptyState(
            "The gap matrix compares the level each skill needs with where you are today, "
            "so you know what to work on first. Add the skills the role asks for — or let "
            "the job description suggest them.",
            "Add the first skill",
            self,
        )
        self.empty.setObjectName("empty_gaps")
        self.empty.activated.connect(self.add_skill)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)

        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)

        ctx.changed.connect(self._something_changed)
        ctx.target_changed.connect(lambda _t: self._something_changed("*"))

    # --- layout -----------------------------------------------------------------------

    def _natural_width(self, column: int) -> int:
        """Measured once per reload (a resize only fits the columns again)."""
        cached = self._widths.get(column)
        if cached is None:
            cached = self._widths[column] = self._measure(column)
        return cached

    def _measure(self, column: int) -> int:
        metrics = self.table.fontMetrics()
        header = QFontMetrics(self.table.horizontalHeader().font())
        width = header.horizontalAdvance(COLUMNS[column].header) + PADDING + 14
        if column == 1:
            texts = {m.label for m in SkillCategory}
        else:
            # Each text once: levels, gaps and importances repeat (1 800 measures → ~250).
            texts = {self.model._display(r, column) for r in self.model.all_rows()[:200]}
        widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        return max(width, widest + PADDING)

    def _layout_chosen(self, _choice: str) -> None:
        self._follow_shape()

    def _follow_shape(self) -> None:
        """The chart beside the table when both fit, else under it (or as the person chose)."""
        mode = list_layout.choice()
        wide = self.width() >= list_layout.WIDE_ENOUGH
        above = mode == "above" or (mode == "auto" and not wide)
        self.splitter.set_orientation(
            Qt.Orientation.Vertical if above else Qt.Orientation.Horizontal
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._follow_shape()

    # --- what the window's shortcuts ask of a list ------------------------------------

    def new_record(self) -> None:
        """Ctrl+N on the matrix: add a skill (on the Skills list, where it is edited)."""
        self.add_skill.emit()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- loading ----------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._follow_shape()
        if self._stale:
            self.reload()

    def _something_changed(self, kind_name: str) -> None:
        if kind_name not in ("skill", "feedback", "activity", "target", "*"):
            return
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """Work the matrix out: here, or off the GUI thread for a target of many skills."""
        self._stale = False
        target_id = self.ctx.target_id
        if target_id is None:
            self._show((None, []))
            return
        db = self.ctx.db
        if self._work.run_by_size(
            lambda: (target_id, gaps.gap_matrix(db, target_id)),
            lambda: gaps.skill_count(db, target_id),
            SMALL_MATRIX,
        ):
            self.summary.setText("Working the gaps out…")
            # The matrix (what was shown before, if anything), not the empty state's advice
            # to add a first skill: there are many.
            self.stack.setCurrentIndex(1)

    def pending(self) -> bool:
        return self._work.pending()

    def _failed(self, _error: object) -> None:
        # Logged by the worker; what was shown stays.
        self.summary.setText("The gap matrix couldn't be worked out; see the log file.")
        self.ctx.status.emit("Couldn't load the gap matrix; see the log file.")

    def _show(self, outcome: tuple[int | None, list[GapRow]]) -> None:
        target_id, rows = outcome
        if target_id != self.ctx.target_id:
            return  # worked out for the target shown before (its own reload follows)
        selected = self._selected_id()
        self.model.set_rows(rows)
        self._widths.clear()
        self.columns.fit()  # widths follow the names and plans now shown
        self._reselect(selected)
        self._update_page()

    def _filters_changed(self) -> None:
        selected = self._selected_id()
        self.model.search = self.search.text().strip().casefold()
        self.model.set_filters(self.open_only.isChecked(), self.category.currentData())
        self._reselect(selected)
        self._update_page()

    def _update_page(self) -> None:
        total, shown = self.model.total_count, self.model.rowCount()
        self.stack.setCurrentIndex(1 if total else 0)
        for widget in (self.open_only, self.category, self.search):
            widget.setEnabled(bool(total))
        self.scan_button.setEnabled(self.ctx.target_id is not None)
        rows = self.model.visible_rows()
        self.chart.set_rows(rows)
        open_gaps = sum(1 for r in self.model.all_rows() if r.gap > 0)
        if total:
            self.summary.setText(
                f"{open_gaps} of {total} skills below the required level"
                if open_gaps
                else f"All {total} skills meet the required level"
            )
        else:
            self.summary.setText("")
        if total and not shown:
            self.no_match.setText("No skill matches the search or these filters.")
            self.no_match.show()
        else:
            self.no_match.hide()

    # --- selection --------------------------------------------------------------------

    def _selected_id(self) -> int | None:
        index = self.table.currentIndex()
        value = index.data(ROW_ID_ROLE) if index.isValid() else None
        return int(value) if value is not None else None

    def _reselect(self, skill_id: int | None) -> None:
        for position, row in enumerate(self.model.visible_rows()):
            if row.skill_id == skill_id:
                self.table.selectRow(position)
                return

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_skill.emit(row.skill_id)
