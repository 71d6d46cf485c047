"""The export dialog: presets and sections, the editable summary, writing, errors, menu."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.packet import SECTION_KEYS
from secondchance.ui.dialogs.packet_dialog import LAST_FOLDER_KEY, PacketDialog
from secondchance.ui.main_window import MainWindow


def open_dialog(window: MainWindow, qtbot: QtBot) -> PacketDialog:
    assert window.ctx is not None and window.ctx.target_id is not None
    dialog = PacketDialog(
        window.ctx,
        window.ctx.target_id,
        "Northwind Health — Data Analyst",
        "Northwind Health",
        window,
    )
    qtbot.addWidget(dialog)
    return dialog


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


@pytest.fixture
def done_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The "Packet saved" box is answered with Close (its texts are recorded)."""
    seen: list[str] = []

    def answer(box: QMessageBox) -> int:
        seen.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return seen


def test_defaults_suggested_name_and_summary(sample_window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_dialog(sample_window, qtbot)
    name = Path(dialog.file_edit.text()).name
    assert name.startswith("Second Chance – Northwind Health – ") and name.endswith(".pdf")
    assert dialog.summary.toPlainText().startswith("Since my interview at Northwind Health")
    checked = {key for key, box in dialog.section_boxes.items() if box.isChecked()}
    assert checked == set(SECTION_KEYS) - {"brief", "appendix"}
    assert not dialog.brief_row.isEnabled()  # the brief is the shareable packet's page


def test_shareable_preset_disables_the_private_section(
    sample_window: MainWindow, qtbot: QtBot
) -> None:
    dialog = open_dialog(sample_window, qtbot)
    dialog.preset.setCurrentIndex(dialog.preset.findData("shareable"))
    box = dialog.section_boxes["self_assessment"]
    assert not box.isEnabled() and not box.isChecked()
    assert "self_assessment" not in dialog.chosen_sections()
    assert "leaves out" in dialog.preset_note.text()
    # The preview lists what will be left out, from the declarations in kinds.py.
    preview = dialog.left_out.text()
    assert "The shareable packet leaves out your readiness score" in preview
    for expected in ("readiness", "feedback: my plan / what i did", "what changed", "journal"):
        assert expected in preview.lower(), expected
    assert dialog.section_boxes["brief"].isChecked() and dialog.brief_row.isEnabled()
    dialog.preset.setCurrentIndex(dialog.preset.findData("personal"))
    assert box.isEnabled() and box.isChecked()
    assert "The shareable packet leaves out" not in dialog.left_out.text()


def test_export_writes_the_chosen_packet_and_remembers_the_folder(
    sample_window: MainWindow, qtbot: QtBot, tmp_path: Path, done_boxes: list[str]
) -> None:
    dialog = open_dialog(sample_window, qtbot)
    dialog.preset.setCurrentIndex(dialog.preset.findData("shareable"))
    dialog.section_boxes["interview"].setChecked(False)
    dialog.summary.setPlainText("Edited by me: <b>six</b> months & counting.")
    out = tmp_path / "out" / "packet"
    out.parent.mkdir()
    dialog.file_edit.setText(str(out))
    dialog.export()
    written = out.with_name("packet.pdf")
    assert dialog.result_info is not None and dialog.result_info.path == written
    text = pdf_text(written)
    assert "Edited by me: <b>six</b> months & counting." in text
    assert "Interview preparation" not in text
    assert "marisol.ortega-diaz@example.com" not in text
    assert "Shareable version" in text
    assert QSettings().value(LAST_FOLDER_KEY) == str(out.parent)
    assert done_boxes and "packet.pdf" in done_boxes[0]
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_missing_folder_is_explained_in_the_dialog(
    sample_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_dialog(sample_window, qtbot)
    dialog.file_edit.setText(str(tmp_path / "<b>no such</b> folder" / "p.pdf"))
    dialog.export()
    assert not dialog.error.isHidden()
    assert "doesn't exist" in dialog.error.text()
    assert "<b>no such</b> folder" in dialog.error.text()
    assert dialog.error.textFormat() == Qt.TextFormat.PlainText
    assert dialog.result_info is None


def test_no_section_ticked_is_refused(
    sample_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_dialog(sample_window, qtbot)
    for box in dialog.section_boxes.values():
        box.setChecked(False)
    dialog.file_edit.setText(str(tmp_path / "p.pdf"))
    dialog.export()
    assert "at least one section" in dialog.error.text()
    assert not (tmp_path / "p.pdf").exists()


def test_file_menu_action_opens_the_dialog(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = sample_window.findChild(QAction, "action_export_packet")
    assert action is not None
    assert action.shortcut() == QKeySequence("Ctrl+Shift+E")
    opened: list[QDialog] = []
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(self) or 0)
    action.trigger()
    assert opened and isinstance(opened[0], PacketDialog)


def test_cancel_stops_the_packet_and_leaves_no_file(
    sample_window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Pressed:
        """Cancel already pressed: the packet's first step report stops it."""

        def set(self) -> None:
            pass

        def is_set(self) -> bool:
            return True

    monkeypatch.setattr(threading, "Event", Pressed)
    dialog = open_dialog(sample_window, qtbot)
    folder = tmp_path / "out"
    folder.mkdir()
    dialog.file_edit.setText(str(folder / "cancelled.pdf"))
    dialog.export()
    assert dialog.error.text() == "Cancelled. No file was written."
    assert list(folder.iterdir()) == []
    assert dialog.result_info is None


def test_the_done_message_says_what_was_left_out(
    sample_window: MainWindow,
    db: Database,
    qtbot: QtBot,
    tmp_path: Path,
    done_boxes: list[str],
) -> None:
    with db.transaction() as session:
        session.add_all(m.Event(name=f"Meetup {n}") for n in range(20))
    dialog = open_dialog(sample_window, qtbot)
    assert "14 more events" in dialog.left_out.text()  # 23 events, 10 shown: said before
    dialog.file_edit.setText(str(tmp_path / "p.pdf"))
    dialog.export()
    assert dialog.result_info is not None
    assert dialog.result_info.left_out
    assert "To stay short, the packet leaves out" in done_boxes[0]
