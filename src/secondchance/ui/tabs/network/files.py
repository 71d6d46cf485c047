"""File → Import contacts (vCard), Export contacts (vCard), Export calendar (.ics): the file
dialogs, the review before an import, background work, and plain messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.interop import ics
from secondchance.core.interop import vcard_import as vi
from secondchance.core.interop.vcard import VCardError, read_vcards
from secondchance.core.services import records
from secondchance.ui.plain import paragraphs
from secondchance.ui.worker import Cancelled, Report, run_with_progress, run_with_steps

if TYPE_CHECKING:
    from secondchance.ui.main_window import MainWindow

LAST_FOLDER_KEY = "interop/last_folder"
REMINDER_KEY = "interop/ics_reminder_days"


def _folder() -> str:
    value = QSettings().value(LAST_FOLDER_KEY)
    return value if isinstance(value, str) and Path(value).is_dir() else str(Path.home())


def _remember(path: Path) -> None:
    QSettings().setValue(LAST_FOLDER_KEY, str(path.parent))


# --- import -------------------------------------------------------------------------------


def import_vcards(window: MainWindow, path: Path | None = None) -> bool:
    ctx = window.ctx
    if ctx is None or not window.flush_all():
        return False
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            window, "Import contacts", _folder(), "vCard files (*.vcf *.vcard);;All files (*)"
        )
        if not chosen:
            return False
        path = Path(chosen)

    def read_and_plan(report: Report) -> vi.Plan:
        def cards_read(done: int, total: int) -> None:
            report(done, total, "cards read")

        return vi.plan_import(ctx.db, read_vcards(path.read_bytes(), cards_read))

    try:
        plan = run_with_steps(window, f"Reading {path.name}…", read_and_plan)
    except Cancelled:
        ctx.status.emit("Stopped reading the contacts: nothing was imported.")
        return False
    except (VCardError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        QMessageBox.warning(
            window,
            "Contacts not imported",
            paragraphs(f"“{path.name}” could not be read:", reason, "Your data was not changed."),
        )
        return False
    _remember(path)
    if not plan.entries:
        QMessageBox.warning(
            window,
            "Contacts not imported",
            paragraphs(
                f"None of the cards in “{path.name}” could be read:",
                "\n".join(str(p) for p in plan.problems[:20]),
                "Your data was not changed.",
            ),
        )
        return False
    from secondchance.ui.tabs.network.vcard_dialog import VCardImportDialog

    dialog = VCardImportDialog(plan, path.name, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        ctx.status.emit("Import cancelled: nothing was changed.")
        return False
    merge_by_name = dialog.merge_by_name()
    try:
        outcome = run_with_progress(
            window, "Importing contacts…", lambda: vi.apply_plan(ctx.db, plan, merge_by_name)
        )
    except (OSError, ValueError) as exc:
        QMessageBox.warning(
            window,
            "Contacts not imported",
            paragraphs(f"The import could not be finished: {exc}", "Your data was not changed."),
        )
        return False
    words = f"{outcome.new} new, {outcome.merged} merged, {outcome.skipped} skipped"
    ctx.notify("contact", f"Imported contacts from {path.name}: {words}")
    window.open_view("contact")
    return True


# --- export -------------------------------------------------------------------------------


class ExportContactsDialog(QDialog):
    def __init__(self, total: int, selected: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_vcards_dialog")
        self.setWindowTitle("Export contacts")
        self.all = QRadioButton(f"All {total} contacts", self)
        self.all.setObjectName("export_all_contacts")
        self.one = QRadioButton(f"Only “{selected}”" if selected else "Only the selected", self)
        self.one.setObjectName("export_selected_contact")
        self.one.setEnabled(bool(selected))
        group = QButtonGroup(self)
        group.addButton(self.all)
        group.addButton(self.one)
        self.all.setChecked(True)
        self.version = QComboBox(self)
        self.version.setObjectName("vcard_version")
        self.version.addItem("vCard 4.0 — Google, Apple, Outlook", "4.0")
        self.version.addItem("vCard 3.0 — older address books", "3.0")
        form = QFormLayout()
        form.addRow("Version", self.version)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.all)
        layout.addWidget(self.one)
        layout.addLayout(form)
        layout.addWidget(buttons)


def export_vcards(window: MainWindow) -> Path | None:
    ctx = window.ctx
    if ctx is None or not window.flush_all():
        return None
    total = len(records.choices(ctx.db, "contact"))
    if not total:
        ctx.status.emit("There are no contacts to export yet.")
        return None
    view = window.record_tab("network").views["contact"]
    selected_id = view.current_id
    selected = ""
    if selected_id is not None:
        position = view.model.position_of(selected_id)
        row = view.model.row_at(position)
        selected = row.title if row is not None else ""
    dialog = ExportContactsDialog(total, selected, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    only = [selected_id] if dialog.one.isChecked() and selected_id is not None else None
    version = str(dialog.version.currentData())
    name = (
        f"{selected or 'Contacts'}.vcf" if only else f"Second Chance contacts {dt.date.today()}.vcf"
    )
    chosen, _ = QFileDialog.getSaveFileName(
        window, "Export contacts", str(Path(_folder()) / name), "vCard files (*.vcf)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    try:
        count = run_with_progress(
            window, "Exporting contacts…", lambda: vi.export_contacts(ctx.db, path, only, version)
        )
    except (OSError, ValueError) as exc:
        _write_failed(window, path, exc)
        return None
    _remember(path)
    noun = "contact" if count == 1 else "contacts"
    ctx.status.emit(f"Exported {count} {noun} to {path}")
    QMessageBox.information(
        window,
        "Contacts exported",
        paragraphs(
            f"{count} {noun} saved as vCard {version} to\n{path}",
            "Open the file with your address book, or import it there.",
        ),
    )
    return path


class ExportCalendarDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_calendar_dialog")
        self.setWindowTitle("Export a calendar file")
        intro = QLabel(
            "Follow-ups, events, plan due dates, practice, interviews and the day you may "
            "reapply, as all-day entries for your calendar. Import the file again later and "
            "your calendar updates the same entries instead of adding copies.",
            self,
        )
        intro.setWordWrap(True)
        saved = QSettings().value(REMINDER_KEY)
        self.remind = QCheckBox("Remind me at 9:00,", self)
        self.remind.setObjectName("ics_remind")
        self.days = QSpinBox(self)
        self.days.setObjectName("ics_reminder_days")
        self.days.setRange(0, 60)
        self.days.setSuffix(" day(s) before")
        self.days.setSpecialValueText("on the day")
        if isinstance(saved, str | int) and str(saved).isdigit():
            self.remind.setChecked(True)
            self.days.setValue(int(saved))
        else:
            self.days.setValue(1)
        self.days.setEnabled(self.remind.isChecked())
        self.remind.toggled.connect(self.days.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.remind)
        row.addWidget(self.days)
        row.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def reminder_days(self) -> int | None:
        return self.days.value() if self.remind.isChecked() else None


def export_calendar(window: MainWindow) -> Path | None:
    ctx = window.ctx
    if ctx is None or not window.flush_all():
        return None
    dialog = ExportCalendarDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    reminder = dialog.reminder_days()
    QSettings().setValue(REMINDER_KEY, "" if reminder is None else str(reminder))
    chosen, _ = QFileDialog.getSaveFileName(
        window,
        "Export calendar",
        str(Path(_folder()) / "Second Chance.ics"),
        "Calendar files (*.ics)",
    )
    if not chosen:
        return None
    path = Path(chosen)
    try:
        count = run_with_progress(
            window, "Writing the calendar…", lambda: ics.export_calendar(ctx.db, path, reminder)
        )
    except (OSError, ValueError) as exc:
        _write_failed(window, path, exc)
        return None
    _remember(path)
    noun = "entry" if count == 1 else "entries"
    ctx.status.emit(f"Wrote a calendar of {count} {noun} to {path}")
    QMessageBox.information(
        window,
        "Calendar exported",
        paragraphs(
            f"{count} {noun} saved to\n{path}",
            "Import it into your calendar (Google Calendar: Settings → Import; Outlook and "
            "Apple Calendar: open the file).",
        ),
    )
    return path


def _write_failed(window: QWidget, path: Path, exc: Exception) -> None:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    QMessageBox.warning(
        window,
        "Not exported",
        paragraphs(
            f"The file could not be written to\n{path}",
            reason,
            "Nothing was changed. Choose another folder and try again.",
        ),
    )
