"""Export to CSV… for any list: the rows and columns it shows, in the person's order.

Works on any ``QTableView``: rows in the model's current order (the lists sort themselves)
that are not hidden, columns in the header's visual order (a dragged column stays where
the person put it) without the ones the person hid (a column hidden only because the window
is narrow is kept), each cell as displayed.  The file is written by
``core/interop/csv_export`` (UTF-8 with BOM, atomic, owner-only).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTableView, QWidget

from secondchance.ui.plain import paragraphs
from secondchance.ui.widgets.adaptive_columns import AdaptiveColumns

LAST_FOLDER_KEY = "interop/last_csv_folder"


def visible_table(table: QTableView) -> tuple[list[str], list[list[str]]]:
    """The headers and cells a person sees in ``table``, in the order they see them."""
    model = table.model()
    header = table.horizontalHeader()
    # A column hidden only because the window is narrow is still part of the list; one the
    # person hid (header menu) is not.
    adaptive = table.findChild(AdaptiveColumns)
    squeezed = (
        {i for i, c in enumerate(adaptive.columns) if c.name in adaptive.auto_hidden}
        if adaptive is not None
        else set()
    )
    columns = sorted(
        (c for c in range(model.columnCount()) if not header.isSectionHidden(c) or c in squeezed),
        key=header.visualIndex,
    )
    headers = [
        str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        for c in columns
    ]
    rows: list[list[str]] = []
    for r in range(model.rowCount()):
        if table.isRowHidden(r):
            continue
        cells = []
        for c in columns:
            value = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
            cells.append("" if value is None else str(value))
        rows.append(cells)
    return headers, rows


def _suggested(name: str) -> Path:
    value = QSettings().value(LAST_FOLDER_KEY)
    folder = Path(value) if isinstance(value, str) and Path(value).is_dir() else Path.home()
    safe = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in name).strip() or "list"
    return folder / f"{safe} {dt.date.today()}.csv"


def export_table_csv(parent: QWidget, table: QTableView, name: str) -> Path | None:
    """Ask where, then write what ``table`` shows; returns the file written, or None."""
    from secondchance.core.interop.csv_export import write_csv

    headers, rows = visible_table(table)
    chosen, _ = QFileDialog.getSaveFileName(
        parent, f"Export {name} to CSV", str(_suggested(name)), "CSV file (*.csv)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".csv":
        path = path.with_name(path.name + ".csv")
    try:
        written = write_csv(path, headers, rows)
    except OSError as exc:
        QMessageBox.warning(
            parent,
            "Export to CSV failed",
            paragraphs(
                f"The list could not be written to\n{path}",
                str(exc) if exc.strerror is None else exc.strerror,
                "Nothing was changed. Choose another name or folder.",
            ),
        )
        return None
    QSettings().setValue(LAST_FOLDER_KEY, str(path.parent))
    window = parent.window()
    status = getattr(window, "statusBar", None)
    if callable(status):
        status().showMessage(f"Exported {written} rows to {path}", 6000)
    return path


def add_csv_action(table: QTableView, name: str) -> QAction:
    """An "Export to CSV…" entry in the table's right-click menu."""
    action = QAction("Export to CSV…", table)
    action.setObjectName(f"csv_{table.objectName()}")
    action.triggered.connect(lambda _c=False: export_table_csv(table, table, name))
    table.addAction(action)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return action
