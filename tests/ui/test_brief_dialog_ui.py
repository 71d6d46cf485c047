"""The brief dialog: drafted from the data, edited, copied, sent from the person's own
mail app, saved as PDF or text; and the packet dialog's "Edit the brief…"."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from secondchance.ui.dialogs.brief_dialog import BriefDialog
from secondchance.ui.main_window import MainWindow


def open_brief(window: MainWindow, qtbot: QtBot, **kw: Any) -> BriefDialog:
    assert window.ctx is not None and window.ctx.target_id is not None
    dialog = BriefDialog(window.ctx, window.ctx.target_id, "Northwind Health", window, **kw)
    qtbot.addWidget(dialog)
    return dialog


def test_drafted_from_the_data_in_the_chosen_tone(sample_window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_brief(sample_window, qtbot)
    body = dialog.body.toPlainText()
    assert body.startswith("Dear Marisol,") and "Kind regards," in body
    assert "point" in dialog.status.text() and "fit on one page" in dialog.status.text()
    assert dialog.subject.text() == "Since we last spoke: Data Analyst at Northwind Health"
    dialog.findChild(type(dialog.tones.button(0)), "brief_tone_formal").click()
    assert "Yours sincerely," in dialog.body.toPlainText()


def test_copy_mail_and_save(
    sample_window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_brief(sample_window, qtbot)
    dialog.body.setPlainText("Dear Sam,\n\nMy edited brief & <b>words</b>.\n\nBest,\nA.")
    dialog.copy()
    assert QGuiApplication.clipboard().text() == dialog.body.toPlainText()
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True
    )
    dialog.open_mail()
    assert opened and opened[0].startswith("mailto:?subject=")
    assert "My edited brief" in unquote(QUrl(opened[0]).toString())
    for suffix in (".txt", ".pdf"):
        target = tmp_path / f"brief{suffix}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        dialog.save(suffix)
        assert target.exists(), dialog.status.text()
    assert (tmp_path / "brief.txt").read_text(encoding="utf-8").startswith("Dear Sam,")
    pdf = PdfReader(tmp_path / "brief.pdf")
    assert len(pdf.pages) == 1
    assert "My edited brief & <b>words</b>." in " ".join(pdf.pages[0].extract_text().split())


def test_packet_dialog_edits_the_brief(
    sample_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondchance.ui.dialogs.packet_dialog import PacketDialog

    assert sample_window.ctx is not None and sample_window.ctx.target_id is not None
    dialog = PacketDialog(
        sample_window.ctx,
        sample_window.ctx.target_id,
        "Northwind",
        "Northwind Health",
        sample_window,
    )
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex(dialog.preset.findData("shareable"))

    def accept(self: QDialog) -> int:
        assert isinstance(self, BriefDialog) and self.for_packet
        self.body.setPlainText("Dear team,\n\nShort and mine.")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QDialog, "exec", accept)
    dialog.edit_brief()
    assert dialog.options().brief_text == "Dear team,\n\nShort and mine."
    assert dialog.brief_note.text() == "Your edited text."


def test_file_menu_opens_the_brief(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = sample_window.findChild(QAction, "action_write_brief")
    assert action is not None
    opened: list[QDialog] = []
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(self) or 0)
    action.trigger()
    assert opened and isinstance(opened[0], BriefDialog)
