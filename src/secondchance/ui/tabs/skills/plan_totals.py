"""Hours and cost of the development plan, per skill and overall (method step 4).

One line under the plan says the totals; "Details" opens the table per skill (remembered),
so the list above keeps its height.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services import gaps
from secondchance.core.services.fields import format_number
from secondchance.core.services.gaps import PlanTotals, SkillTotals
from secondchance.ui import money
from secondchance.ui.context import AppContext
from secondchance.ui.tabs.skills.colours import warning_text
from secondchance.ui.widgets.headed_table_model import HeadedTableModel
from secondchance.ui.worker import Background

_Index = QModelIndex | QPersistentModelIndex

HEADERS = ["Skill", "Activities", "To do", "Overdue", "Hours planned", "Hours spent", "Cost"]
OVERDUE_COLUMN = 3
COST_COLUMN = 6
DETAILS_SETTING = "layout/plan_totals_details"
# Activities beyond which the plan is added up off the GUI thread (80 ms at 10 000).
SMALL_PLAN = 3000


def _number(value: float) -> str:
    return format_number(round(value, 2))


class PlanTotalsModel(HeadedTableModel):
    """One row per skill with activities, then the overall row (in bold)."""

    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SkillTotals] = []

    def set_totals(self, totals: PlanTotals) -> None:
        self.beginResetModel()
        self._rows = [*totals.per_skill, totals.overall] if totals.overall.count else []
        self.endResetModel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        overall = index.row() == len(self._rows) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            values = [
                row.name,
                row.count,
                row.open,
                row.overdue or "",
                _number(row.hours_planned),
                _number(row.hours_spent),
                money.amount(row.cost),
            ]
            return str(values[column])
        if role == Qt.ItemDataRole.TextAlignmentRole and column:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (
            overall or (column == OVERDUE_COLUMN and row.overdue)
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == OVERDUE_COLUMN and row.overdue:
            return warning_text(QGuiApplication.palette())
        return None

    def shown_rows(self) -> list[SkillTotals]:
        return self._rows

    def cell(self, position: int, column: int) -> str:
        return str(self.data(self.index(position, column)) or "")

    def row_totals(self, position: int) -> SkillTotals | None:
        return self._rows[position] if 0 <= position < len(self._rows) else None


class PlanTotalsPanel(QWidget):
    """One line of totals under the plan, and the table per skill behind "Details";
    refreshed on every change to activities or skills."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("plan_totals")
        self._stale = True
        self._sized = False  # the columns fit the rows loaded last
        self.title = QLabel(self)
        self.title.setObjectName("plan_totals_summary")
        self.title.setWordWrap(True)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("plan_totals_details")
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setChecked(bool(QSettings().value(DETAILS_SETTING, False, type=bool)))
        self.toggle.toggled.connect(self._details_toggled)
        self.model = PlanTotalsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("plan_totals_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # Sized from the rows once per reload (``_size_columns``): fitting every column to
        # every row on each layout asked for thousands of cells on a plan of many skills.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Plan totals per skill")
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        line = QHBoxLayout()
        line.addWidget(self.title, 1)
        line.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(line)
        layout.addWidget(self.table)
        self._label_toggle()
        self._work = Background(0, self, holds_collection=True)
        self._work.finished.connect(self._show)
        self._work.failed.connect(self._failed)
        ctx.changed.connect(self._something_changed)
        ctx.target_changed.connect(lambda _t: self._something_changed("*"))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _size_columns(self, sample: int = 200) -> None:
        """Each figure column as wide as its header or its widest of the first rows (the
        overall row, last, is the widest figure of all)."""
        header = self.table.horizontalHeader()
        count = self.model.rowCount()
        positions = [*range(min(count, sample)), *([count - 1] if count else [])]
        bold = QFont(self.table.font())
        bold.setBold(True)
        wide = QFontMetrics(bold)  # bold text is the wider: measured so, nothing is cut
        self._sized = True
        for column in range(1, len(HEADERS)):
            texts = [HEADERS[column], *(self.model.cell(p, column) for p in positions)]
            header.resizeSection(column, max(wide.horizontalAdvance(t) for t in texts) + 24)

    def _something_changed(self, kind_name: str) -> None:
        if kind_name not in ("activity", "skill", "*"):
            return
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self, today: dt.date | None = None) -> None:
        """Add the plan up: here, or off the GUI thread for a large plan."""
        self._stale = False
        target_id = self.ctx.target_id
        if target_id is None:
            self._show((None, PlanTotals()))
            return
        db = self.ctx.db
        self._work.run_by_size(
            lambda: (target_id, gaps.plan_totals(db, target_id, today)),
            lambda: gaps.activity_count(db, target_id),
            SMALL_PLAN,
        )

    def pending(self) -> bool:
        return self._work.pending()

    def _failed(self, _error: object) -> None:
        self.ctx.status.emit("Couldn't add up the plan; see the log file.")

    def _show(self, outcome: tuple[int | None, PlanTotals]) -> None:
        target_id, totals = outcome
        if target_id is not None and target_id != self.ctx.target_id:
            return  # added up for the target shown before
        self.model.set_totals(totals)
        overall = totals.overall
        # The panel itself stays shown (it must see changes); only its contents hide.
        self.title.setVisible(overall.count > 0)
        self.toggle.setVisible(overall.count > 0)
        self.table.setVisible(overall.count > 0 and self.toggle.isChecked())
        # Columns are sized when the table shows: behind "Details" (the default) measuring
        # its cells was a third of opening the plan at 1 000 activities, for nothing seen.
        self._sized = False
        if self.table.isVisibleTo(self):
            self._size_columns()
        parts = [
            f"{overall.count} activities",
            f"{overall.open} to do",
            f"{overall.done} done",
        ]
        if overall.overdue:
            parts.append(f"{overall.overdue} overdue")
        parts.append(
            f"{_number(overall.hours_spent)} of {_number(overall.hours_planned)} hours spent"
        )
        parts.append(f"cost {money.amount(overall.cost, '(no currency set)')}")
        self.title.setText("Plan totals: " + " · ".join(parts))
        self.title.setToolTip("" if money.currency() else "Set your currency in File → Preferences")
        # Tall enough for every row up to eight; beyond that the table scrolls.
        rows = min(self.model.rowCount(), 8)
        height = self.table.horizontalHeader().sizeHint().height()
        height += rows * self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(height + 2 * self.table.frameWidth())

    def _details_toggled(self, shown: bool) -> None:
        QSettings().setValue(DETAILS_SETTING, shown)
        self.table.setVisible(shown and self.model.rowCount() > 0)
        if self.table.isVisibleTo(self) and not self._sized:
            self._size_columns()
        self._label_toggle()

    def _label_toggle(self) -> None:
        shown = self.toggle.isChecked()
        self.toggle.setText("Hide details" if shown else "Details per skill")
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.toggle.setToolTip(
            "Hide the hours and cost per skill" if shown else "Show hours and cost per skill"
        )
