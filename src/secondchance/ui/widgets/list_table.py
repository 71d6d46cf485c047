"""One look and behaviour for the app's read-only lists: rows selected whole, one at a time,
alternating colours, no row numbers, (for a model that sorts itself) the sort shown, and
"Export to CSV…" in the right-click menu."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def list_table(
    name: str, model: QAbstractItemModel, parent: QWidget, csv_name: str | None = None
) -> QTableView:
    return set_up_list_table(QTableView(parent), name, model, csv_name)


def set_up_list_table(
    table: QTableView, name: str, model: QAbstractItemModel, csv_name: str | None = None
) -> QTableView:
    """The same look and behaviour for a table of a subclass of QTableView of one's own."""
    from secondchance.ui.widgets.csv_action import add_csv_action

    table.setObjectName(name)
    table.setModel(model)
    sort_state = getattr(model, "sort_state", None)
    if sort_state is not None:
        # Indicator first: enabling sorting re-sorts by whatever the header shows.
        column, order = sort_state
        table.horizontalHeader().setSortIndicator(column, order)
        table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    add_csv_action(table, csv_name or name.removeprefix("table_").replace("_", " "))
    return table
