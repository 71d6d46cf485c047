"""Resume tab → JSON Resume: import a file into the current target (one undo step) or
export the target's experience, skills and profile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from secondchance.core.interop import json_resume
from secondchance.ui.context import AppContext
from secondchance.ui.plain import paragraphs
from secondchance.ui.records.commands import CHANGE_ERRORS, commit

FOLDER_KEY = "resume/json_resume_folder"


def _folder() -> str:
    value = QSettings().value(FOLDER_KEY)
    return value if isinstance(value, str) and Path(value).is_dir() else str(Path.home())


def import_file(parent: QWidget, ctx: AppContext, path: Path | None = None) -> bool:
    if ctx.target_id is None:
        return False
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "Import a JSON Resume", _folder(), "JSON Resume (*.json);;All files (*)"
        )
        if not chosen:
            return False
        path = Path(chosen)
    try:
        data = json_resume.read_file(path)
        if not json_resume.looks_like_json_resume(data):
            raise json_resume.JsonResumeError(
                f"“{path.name}” is not a JSON Resume (it has none of its sections: basics, "
                "work, projects, skills…)."
            )
        plan = json_resume.plan_import(ctx.db, ctx.target_id, data, path.name)
        commit(ctx, plan.changes, f"Imported {path.name}", f"Import the JSON Resume {path.name}")
    except CHANGE_ERRORS as exc:
        QMessageBox.warning(
            parent,
            "Not imported",
            paragraphs(str(exc), "Nothing was changed."),
        )
        return False
    QSettings().setValue(FOLDER_KEY, str(path.parent))
    notes = list(plan.notes)
    person = json_resume.fill_in_person(ctx.db, plan)
    if person:
        notes.append(person)
    summary = (
        f"Imported {plan.experiences} experience{'s' if plan.experiences != 1 else ''}, "
        f"{plan.skills_added} new skill{'s' if plan.skills_added != 1 else ''} and the resume "
        f"version “{plan.version_label}”. Edit ▸ Undo takes it all back."
    )
    QMessageBox.information(parent, "JSON Resume imported", paragraphs(summary, *notes))
    return True


def export_file(parent: QWidget, ctx: AppContext) -> Path | None:
    if ctx.target_id is None:
        return None
    suggested = Path(_folder()) / "resume.json"
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Export a JSON Resume", str(suggested), "JSON Resume (*.json)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    try:
        summary = json_resume.write_json_resume(ctx.db, ctx.target_id, path)
    except (OSError, ValueError) as exc:
        QMessageBox.warning(
            parent,
            "Export failed",
            paragraphs(f"The JSON Resume could not be written to\n{path}", str(exc)),
        )
        return None
    QSettings().setValue(FOLDER_KEY, str(path.parent))
    ctx.status.emit(summary.sentence())
    return path
