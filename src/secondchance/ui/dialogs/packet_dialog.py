"""File → Export reapplication packet…: choose preset, sections, paper and file, see what
will be left out, then write the PDF off the GUI thread (section by section, with Cancel)
and offer to open it.

The preview (the draft growth summary and what will be left out) reads every record of the
target, ~0.3 s at 10k records and ~3 s at 100k: it is drafted off the GUI thread, so the
dialog opens at once and says it is drafting until the draft arrives.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.packet import (
    PAPER_LABELS,
    PAPERS,
    SECTIONS,
    TONE_LABELS,
    TONES,
    PacketError,
    PacketOptions,
    PacketResult,
    Paper,
    Preset,
    Preview,
    Tone,
    allowed_sections,
    build_packet,
    paper_for_locale,
    preset_sections,
    preview,
    suggested_file_name,
)
from secondchance.core.services import field_names as F
from secondchance.ui.context import AppContext
from secondchance.ui.dialogs.drafting import DraftingDialog, DraftState, draft_failed_message
from secondchance.ui.plain import paragraphs
from secondchance.ui.worker import Cancelled, run_with_steps

log = logging.getLogger(__name__)

LAST_FOLDER_KEY = "packet/last_folder"
PAPER_KEY = "packet/paper"

DRAFTING = "Drafting the preview from your records…"
DRAFTING_SUMMARY = "Drafting the growth summary from your records…"
OWN_SUMMARY = "Write your growth summary here, or leave it empty."
WAIT_FOR_DRAFT = "Export is ready once the growth summary is drafted (or once you write your own)."


def preview_failed_message(exc: BaseException) -> str:
    """What the dialog says when the preview could not be drafted (the export reads the
    records again, so it may still work)."""
    return draft_failed_message(exc, "The preview", "write the summary yourself and export")


def default_folder() -> Path:
    value = QSettings().value(LAST_FOLDER_KEY)
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def default_paper() -> Paper:
    value = QSettings().value(PAPER_KEY)
    for paper in PAPERS:
        if value == paper:
            return paper
    return paper_for_locale(QLocale().name())


class PacketDialog(DraftingDialog):
    def __init__(
        self,
        ctx: AppContext,
        target_id: int,
        title: str,
        company: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.target_id = target_id
        self.result_info: PacketResult | None = None
        self.setObjectName("packet_dialog")
        self.setWindowTitle("Export reapplication packet")

        heading = QLabel(paragraphs(f"A PDF for “{title}”."), self)
        heading.setWordWrap(True)

        self.preset = QComboBox(self)
        self.preset.setObjectName("packet_preset")
        for preset in Preset:
            self.preset.addItem(preset.label, preset.name)
        self.preset_note = QLabel(self)
        self.preset_note.setWordWrap(True)
        self.preset_note.setTextFormat(Qt.TextFormat.PlainText)
        self.preset_note.setObjectName("packet_preset_note")

        self.paper = QComboBox(self)
        self.paper.setObjectName("packet_paper")
        for paper in PAPERS:
            self.paper.addItem(PAPER_LABELS[paper], paper)
        self.paper.setCurrentIndex(PAPERS.index(default_paper()))

        sections_box = QGroupBox("Sections", self)
        grid = QGridLayout(sections_box)
        self.section_boxes: dict[str, QCheckBox] = {}
        rows = (len(SECTIONS) + 1) // 2
        for index, section in enumerate(SECTIONS):
            box = QCheckBox(section.title, sections_box)
            box.setObjectName(f"packet_section_{section.key}")
            box.setToolTip(section.description)
            box.setChecked(True)
            self.section_boxes[section.key] = box
            grid.addWidget(box, index % rows, index // rows)

        # What will be left out: the shareable preset's privacy, the default packet's size.
        self.left_out = QLabel(self)
        self.left_out.setObjectName("packet_left_out")
        self.left_out.setWordWrap(True)
        self.left_out.setTextFormat(Qt.TextFormat.PlainText)
        # "Drafting…" while the preview is on its way; what went wrong if it failed.
        self.preview_state = DraftState(self)
        self.preview_state.setObjectName("packet_preview_state")

        # The brief ("Since we last spoke"), the shareable packet's first page.
        self.brief_text: str | None = None
        self.tone = QComboBox(self)
        self.tone.setObjectName("packet_tone")
        for key in TONES:
            self.tone.addItem(TONE_LABELS[key], key)
        edit_brief = QPushButton("Edit the brief…", self)
        edit_brief.setObjectName("packet_edit_brief")
        edit_brief.clicked.connect(self.edit_brief)
        self.brief_note = QLabel("Written from your data.", self)
        self.brief_note.setObjectName("packet_brief_note")
        self.tone.currentIndexChanged.connect(self._tone_changed)
        brief_row = QHBoxLayout()
        brief_row.addWidget(self.tone)
        brief_row.addWidget(edit_brief)
        brief_row.addWidget(self.brief_note, 1)
        self.brief_row = QWidget(self)
        self.brief_row.setLayout(brief_row)
        brief_row.setContentsMargins(0, 0, 0, 0)

        self.summary = QPlainTextEdit(self)
        self.summary.setObjectName("packet_summary")
        self.summary.setAccessibleName("Growth summary")
        self.summary.setTabChangesFocus(True)
        self.draft = ""
        self.summary.setMinimumHeight(70)
        self.regenerate = QPushButton("Write it again from my data", self)
        self.regenerate.setObjectName("packet_regenerate")
        self.regenerate.clicked.connect(lambda: self.summary.setPlainText(self.draft))
        self.company = company

        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("packet_file")
        self.file_edit.setText(str(default_folder() / suggested_file_name(company)))
        browse = QPushButton("Choose…", self)
        browse.setObjectName("packet_browse")
        browse.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)

        self.error = QLabel(self)
        self.error.setObjectName("packet_error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # messages quote paths as typed
        self.error.setStyleSheet("color: #c53030;")
        self.error.hide()

        form = QFormLayout()
        form.addRow("Preset", self.preset)
        form.addRow("", self.preset_note)
        form.addRow("Paper", self.paper)
        form.addRow("Brief", self.brief_row)

        summary_label = QLabel(
            "Growth summary — written from your data; change it as you like before exporting:",
            self,
        )
        summary_label.setWordWrap(True)
        summary_label.setBuddy(self.summary)

        buttons = QDialogButtonBox(self)
        self.export_button = buttons.addButton("Export PDF", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("packet_export")
        self.export_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(sections_box)
        layout.addWidget(self.preview_state)
        layout.addWidget(self.left_out)
        layout.addWidget(summary_label)
        layout.addWidget(self.summary, 1)
        summary_row = QHBoxLayout()
        summary_row.addStretch(1)
        summary_row.addWidget(self.regenerate)
        layout.addLayout(summary_row)
        save_label = QLabel("Save as", self)
        save_label.setBuddy(self.file_edit)
        layout.addWidget(save_label)
        layout.addLayout(file_row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.summary.textChanged.connect(self._update_export)

        self.preset.currentIndexChanged.connect(self._preset_changed)
        for box in self.section_boxes.values():
            box.toggled.connect(lambda _on: self._show_brief_row())
        self._preset_changed()
        self.resize(680, 720)

    # --- state ----------------------------------------------------------------------------

    def chosen_preset(self) -> Preset:
        return Preset[str(self.preset.currentData())]

    def _preset_changed(self) -> None:
        preset = self.chosen_preset()
        self.preset_note.setText(preset.description)
        allowed = set(allowed_sections(preset))
        defaults = set(preset_sections(preset))
        for key, box in self.section_boxes.items():
            box.setEnabled(key in allowed)
            box.setChecked(key in defaults)
        self._show_brief_row()
        self._refresh_preview(preset)

    def _refresh_preview(self, preset: Preset) -> None:
        """Draft the summary and what will be left out for this preset, off the GUI thread."""
        db, target_id = self.ctx.db, self.target_id
        draft = preview  # looked up now: the worker never reads this module's names
        self.start_draft(preset, lambda: draft(db, target_id, preset))
        self.left_out.hide()
        self.preview_state.drafting(DRAFTING)
        self.summary.setPlaceholderText(DRAFTING_SUMMARY)
        self.regenerate.setEnabled(False)
        self._update_export()

    def draft_arrived(self, seen: Preview) -> None:
        # Typed over (or typed while drafting): the person's text stays.
        edited = self.summary.toPlainText() != self.draft
        self.draft = seen.summary
        if not edited:
            self.summary.setPlainText(self.draft)
        self.summary.setPlaceholderText(OWN_SUMMARY)
        self.regenerate.setEnabled(True)
        self.preview_state.hide()
        lines = []
        if seen.private:
            lines.append("The shareable packet leaves out " + "; ".join(seen.private) + ".")
        lines.extend(seen.left_out)
        if "appendix" not in self.chosen_sections() and seen.left_out:
            lines.append("Tick “Appendix” to list them at the end.")
        self.left_out.setText("\n".join(lines))
        self.left_out.setVisible(bool(lines))
        self._update_export()

    def draft_failed(self, exc: BaseException) -> None:
        log.warning("the packet preview could not be drafted (%s)", type(exc).__name__)
        if self.summary.toPlainText() == self.draft:
            # An earlier preset's draft must not go out as this one's (the shareable
            # packet's summary leaves private things out).
            self.draft = ""
            self.summary.setPlainText("")
        self.summary.setPlaceholderText(OWN_SUMMARY)
        self.left_out.hide()
        self.preview_state.failed(preview_failed_message(exc))
        self._update_export()

    def _update_export(self) -> None:
        """Export waits for the draft only when it would use it: the summary box still holds
        an earlier draft (or nothing) that the person has not typed over."""
        waiting = self.drafting() and self.summary.toPlainText() == self.draft
        self.export_button.setEnabled(not waiting)
        self.export_button.setToolTip(WAIT_FOR_DRAFT if waiting else "")

    def _show_brief_row(self) -> None:
        box = self.section_boxes.get("brief")
        self.brief_row.setEnabled(box is not None and box.isChecked())

    def chosen_tone(self) -> Tone:
        tone: Tone = self.tone.currentData()
        return tone

    def _tone_changed(self) -> None:
        if self.brief_text is None:
            self.brief_note.setText("Written from your data.")

    def edit_brief(self) -> None:
        from secondchance.ui.dialogs.brief_dialog import BriefDialog

        dialog = BriefDialog(
            self.ctx,
            self.target_id,
            self.company,
            self,
            text=self.brief_text,
            tone=self.chosen_tone(),
            for_packet=True,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.brief_text = dialog.text()
            self.tone.setCurrentIndex(TONES.index(dialog.tone()))
            self.brief_note.setText("Your edited text.")
        dialog.dispose()  # once its draft has ended (this dialog's own dispose waits too)

    def chosen_sections(self) -> tuple[str, ...]:
        return tuple(
            key for key, box in self.section_boxes.items() if box.isChecked() and box.isEnabled()
        )

    def options(self) -> PacketOptions:
        return PacketOptions(
            preset=self.chosen_preset(),
            sections=self.chosen_sections(),
            paper=self.paper.currentData(),
            summary_text=self.summary.toPlainText(),
            brief_text=self.brief_text,
            tone=self.chosen_tone(),
        )

    def choose_file(self) -> None:
        current = Path(self.file_edit.text().strip() or str(default_folder()))
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the packet as", str(current), "PDF (*.pdf)"
        )
        if chosen:
            self.file_edit.setText(chosen)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # --- export ---------------------------------------------------------------------------

    def destination(self) -> Path | None:
        text = self.file_edit.text().strip()
        if not text:
            self._show_error("Choose where to save the packet.")
            return None
        path = Path(text).expanduser()
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        return path

    def export(self) -> None:
        if not self.export_button.isEnabled():
            return  # the summary it would write is still being drafted
        self.error.hide()
        if not self.chosen_sections():
            self._show_error("Tick at least one section to include.")
            return
        path = self.destination()
        if path is None:
            return
        options = self.options()
        db, target_id = self.ctx.db, self.target_id
        try:
            result: PacketResult = run_with_steps(
                self,
                "Making your packet…",
                lambda report: build_packet(db, target_id, options, path, report),
            )
        except Cancelled:
            self._show_error("Cancelled. No file was written.")
            return
        except PacketError as exc:
            self._show_error(f"The packet was not saved. {exc}")
            return
        except (LookupError, OSError) as exc:
            self._show_error(f"The packet could not be made: {exc}")
            return
        self.result_info = result
        settings = QSettings()
        settings.setValue(LAST_FOLDER_KEY, str(result.path.parent))
        settings.setValue(PAPER_KEY, options.paper)
        self.ctx.status.emit(f"Saved the packet to {result.path}")
        self.accept()
        self.offer_to_open(result)

    def offer_to_open(self, result: PacketResult) -> None:
        box = QMessageBox(self.parentWidget() or self)
        box.setObjectName("packet_done")
        box.setWindowTitle("Packet saved")
        box.setIcon(QMessageBox.Icon.Information)
        pages = f"{result.pages} page{'s' if result.pages != 1 else ''}"
        box.setText(
            paragraphs(
                f"Your packet ({pages}) was saved as\n{result.path}",
                *result.notes,
                *result.left_out,
            )
        )
        open_file = box.addButton("Open file", QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(open_file)
        box.exec()
        clicked = box.clickedButton()
        if clicked is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
        elif clicked is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path.parent)))


def export_packet(ctx: AppContext, parent: QWidget) -> PacketResult | None:
    """Open the dialog for the current target (or explain why there is nothing to export)."""
    from secondchance.core.services import records

    if ctx.target_id is None:
        QMessageBox.information(
            parent,
            "No target yet",
            paragraphs("Create a target first; the packet is made for one."),
        )
        return None
    try:
        row = records.get_record(ctx.db, "target", ctx.target_id)
    except (LookupError, OSError) as exc:
        QMessageBox.warning(parent, "Packet not made", paragraphs(str(exc)))
        return None
    dialog = PacketDialog(ctx, row.id, row.title, str(row.values[F.target.company] or ""), parent)
    dialog.exec()
    # Not left behind as a hidden child of the window each time the dialog is opened.
    dialog.dispose()
    return dialog.result_info
