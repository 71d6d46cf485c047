"""File → Import/Export workspace: file dialogs, background work, plain messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

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
    """Back up, look at what the file would do, ask about differing settings, import."""
    from secondchance.core import safety
    from secondchance.core.interop import workspace

    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Import workspace", _last_folder(), "Second Chance workspace (*.json)"
    )
    if not chosen:
        return False
    path = Path(chosen)
    data_dir = ctx.db.data_dir

    def plan_and_back_up() -> workspace.ImportSummary:
        planned = workspace.import_workspace(ctx.db, path, dry_run=True)
        if planned.new or planned.updated or planned.links or planned.total_rows:
            safety.make_backup(data_dir, "before-import")
        return planned

    try:
        planned = run_with_progress(parent, "Checking the file…", plan_and_back_up)
        policy = _settings_policy(parent, planned)
        summary = run_with_progress(
            parent,
            "Importing…",
            lambda: workspace.import_workspace(ctx.db, path, settings=policy),
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
    ctx.notify("*", f"Imported {path.name}: {summary.line}")
    notes = "\n".join(f"Note: {warning}" for warning in summary.warnings)
    extra = []
    if summary.links:
        extra.append(f"{summary.links} links between records")
    if summary.attachments:
        extra.append(f"{summary.attachments} attached files")
    QMessageBox.information(
        parent,
        "Import finished",
        paragraphs(
            f"From “{path.name}”: {summary.line}.",
            f"Also added: {' and '.join(extra)}." if extra else "",
            "A backup from just before the import is in File → Backups…",
            notes,
        ),
    )
    return True


def _settings_policy(parent: QWidget, planned: Any) -> Any:
    """Keep the person's own settings unless they say to use the file's."""
    from secondchance.core.interop.workspace import SettingsPolicy

    if not planned.settings_kept:
        return SettingsPolicy.keep
    names = ", ".join(_SETTING_NAMES.get(k, k) for k in planned.settings_kept)
    answer = QMessageBox.question(
        parent,
        "Use the file's settings?",
        paragraphs(
            f"The file has other values for: {names}.",
            "Use the file's values instead of yours? “No” keeps yours.",
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer == QMessageBox.StandardButton.Yes:
        return SettingsPolicy.replace
    return SettingsPolicy.keep


_SETTING_NAMES = {"person.name": "your name", "person.email": "your e-mail"}
