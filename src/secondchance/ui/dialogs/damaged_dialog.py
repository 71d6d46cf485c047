"""What the window offers when the data file turned out damaged at start.

In plain words: what was found, that the damaged file was moved aside untouched, and the
choices — restore the newest backup that passes its check (its date and record count
shown), rescue what can still be read into a new file, or quit.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from secondchance import APP_NAME
from secondchance.ui.plain import paragraphs
from secondchance.ui.worker import run_with_progress

if TYPE_CHECKING:
    from secondchance.core.backup import BackupInfo
    from secondchance.core.damage import DamagedDatabaseError
    from secondchance.core.db import Database

RESTORE, SALVAGE, QUIT = "restore", "salvage", "quit"


def explanation(error: DamagedDatabaseError, good: BackupInfo | None) -> list[str]:
    moved = error.moved_to[0].parent if error.moved_to else None
    texts = [
        f"{APP_NAME} checks your data every time it opens, and this time it found a "
        f"problem: {error.damage.detail}.",
        (
            f"Nothing has been written to the damaged file. It was moved to {moved} and "
            "stays there."
            if moved is not None
            else "Nothing has been written to the damaged file."
        ),
    ]
    if good is not None:
        when = good.created_at.astimezone().strftime("%A %d %B %Y at %H:%M")
        records = f" ({good.records:,} records)" if good.records is not None else ""
        texts.append(
            f"Your newest backup that passes its check is from {when}{records}. Restoring "
            "it brings your data back as it was then; what you did after that is not in it."
        )
    else:
        texts.append("There is no backup that passes its check to restore.")
    texts.append(
        "You can also rescue what can still be read from the damaged file into a new one "
        "(some records may be missing), or quit and decide later: nothing will be changed."
    )
    return texts


def choose(parent: QWidget, error: DamagedDatabaseError, good: BackupInfo | None) -> str:
    """Ask; returns RESTORE, SALVAGE or QUIT (tests replace this function)."""
    box = QMessageBox(parent)
    box.setObjectName("damaged_dialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Your data file is damaged")
    box.setText(paragraphs(*explanation(error, good)))
    restore = box.addButton("Restore this backup", QMessageBox.ButtonRole.AcceptRole)
    restore.setVisible(good is not None)
    salvage = box.addButton("Rescue what can be read", QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore if good is not None else quit_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is restore:
        return RESTORE
    if clicked is salvage:
        return SALVAGE
    return QUIT


def offer_repair(parent: QWidget, data_dir: Path, error: DamagedDatabaseError) -> Database | None:
    """Ask what to do about the damage and do it; the opened data, or None to quit."""
    from secondchance.core import safety, salvage
    from secondchance.core.backup import DatabaseError
    from secondchance.core.db import open_database
    from secondchance.paths import DataPaths

    good = run_with_progress(
        parent, "Looking for a good backup…", lambda: safety.newest_good_backup(data_dir)
    )
    choice = choose(parent, error, good)
    paths = DataPaths(data_dir)
    try:
        if choice == RESTORE and good is not None:
            run_with_progress(parent, "Restoring…", lambda: safety.restore(data_dir, good.path))
        elif choice == SALVAGE:
            source = _newest_damaged(paths.damaged, paths.database.name)
            if source is None:
                raise DatabaseError("There is no damaged file left to rescue from.")
            result = run_with_progress(
                parent,
                "Rescuing what can be read…",
                lambda: salvage.salvage(source, paths.database, paths.root / "salvage-work"),
            )
            QMessageBox.information(
                parent,
                "Rescued",
                paragraphs(
                    f"{result.records:,} rows were read back into a new data file, which "
                    "passed its check. What could not be read is lost; the damaged file "
                    "stays where it was."
                ),
            )
        else:
            return None
        return open_database(data_dir)
    except (DatabaseError, OSError) as exc:
        QMessageBox.critical(
            parent,
            f"{APP_NAME} can't open your data",
            paragraphs(str(exc), "Nothing else was changed. Your backups are still there."),
        )
        return None


def _newest_damaged(folder: Path, name: str) -> Path | None:
    found = [p for p in folder.glob(f"*-{name}") if p.is_file()]
    return max(found, key=lambda p: p.stat().st_mtime) if found else None
