"""File → Import/Export workspace: file dialogs, background work, plain messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from secondchance.ui.context import AppContext
from secondchance.ui.plain import paragraphs
from secondchance.ui.worker import run_with_progress

LAST_FOLDER_KEY = "interop/last_folder"


def _last_folder() -> str:
    value = QSettings().value(LAST_FOLDER_KEY)
    return value if isinstance(value, str) and Path(value).is_dir() else str(Path.home())


def export_workspace(parent: QWidget, ctx: AppContext) -> Path | None:
    from secondchance.core.interop import workspace

    suggested = Path(_last_folder()) / f"Second Chance workspace {dt.date.today()}.json"
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Export workspace", str(suggested), "Second Chance workspace (*.json)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    try:
        run_with_progress(
            parent, "Exporting your workspace…", lambda: workspace.write_export(ctx.db, path)
        )
    except (OSError, ValueError) as exc:
        QMessageBox.warning(
            parent,
            "Export failed",
            paragraphs(
                f"The workspace could not be written to\n{path}",
                str(exc),
                "Nothing was changed. Try another folder.",
            ),
        )
        return None
    QSettings().setValue(LAST_FOLDER_KEY, str(path.parent))
    ctx.status.emit(f"Exported the workspace to {path}")
    QMessageBox.information(
        parent, "Export finished", paragraphs(f"Your workspace was saved to\n{path}")
    )
    return path


def import_workspace(parent: QWidget, ctx: AppContext) -> bool:
    from secondchance.core.interop import workspace

    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Import workspace", _last_folder(), "Second Chance workspace (*.json)"
    )
    if not chosen:
        return False
    path = Path(chosen)
    try:
        summary = run_with_progress(
            parent, "Importing…", lambda: workspace.import_workspace(ctx.db, path)
        )
    except (OSError, ValueError) as exc:
        QMessageBox.warning(
            parent,
            "Import failed",
            paragraphs(
                f"“{path.name}” could not be imported:", str(exc), "Your data was not changed."
            ),
        )
        return False
    QSettings().setValue(LAST_FOLDER_KEY, str(path.parent))
    ctx.notify("*", f"Imported {path.name}")
    notes = "\n".join(f"Note: {warning}" for warning in summary.warnings)
    QMessageBox.information(
        parent,
        "Import finished",
        paragraphs(
            f"Imported {summary.total_rows} records and {summary.attachments} attached files "
            f"from “{path.name}”.",
            notes,
        ),
    )
    return True
