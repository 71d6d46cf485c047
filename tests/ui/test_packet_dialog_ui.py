"""The export dialog: presets and sections, the editable summary, writing, errors, menu;
the preview drafted off the GUI thread (shown at once, stale drafts dropped, failures said,
closing while it drafts)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QThreadPool
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.packet import SECTION_KEYS, Preset
from secondchance.core.packet.api import Preview
from secondchance.core.packet.api import preview as real_preview
from secondchance.ui.dialogs import packet_dialog
from secondchance.ui.dialogs.packet_dialog import LAST_FOLDER_KEY, PacketDialog
from secondchance.ui.main_window import MainWindow
from tests.ui.held_draft import FAILED_DRAFTS, HOLD_S, HeldDraft, Holder, wait_for_draft


def make_dialog(window: MainWindow) -> PacketDialog:
    assert window.ctx is not None and window.ctx.target_id is not None
    return PacketDialog(
        window.ctx,
        window.ctx.target_id,
        "Northwind Health — Data Analyst",
        "Northwind Health",
        window,
    )


def open_dialog(window: MainWindow, qtbot: QtBot, drafted: bool = True) -> PacketDialog:
    dialog = make_dialog(window)
    qtbot.addWidget(dialog)
    if drafted:
        wait_for_draft(dialog, qtbot)
    return dialog


def choose_preset(dialog: PacketDialog, qtbot: QtBot, name: str) -> None:
    dialog.preset.setCurrentIndex(dialog.preset.findData(name))
    wait_for_draft(dialog, qtbot)


def state_label(dialog: PacketDialog) -> QLabel:
    label = dialog.findChild(QLabel, "packet_preview_state")
    assert label is not None, "the dialog has no line saying how the preview is going"
    return label


@pytest.fixture
def hold(monkeypatch: pytest.MonkeyPatch) -> Iterator[Holder]:
    holder = Holder(monkeypatch, packet_dialog, "preview", real_preview)
    yield holder
    holder.release_all()


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
    choose_preset(dialog, qtbot, "shareable")
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
    choose_preset(dialog, qtbot, "personal")
    assert box.isEnabled() and box.isChecked()
    assert "The shareable packet leaves out" not in dialog.left_out.text()


def test_export_writes_the_chosen_packet_and_remembers_the_folder(
    sample_window: MainWindow, qtbot: QtBot, tmp_path: Path, done_boxes: list[str]
) -> None:
    dialog = open_dialog(sample_window, qtbot)
    choose_preset(dialog, qtbot, "shareable")
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


# --- the preview, drafted off the GUI thread --------------------------------------------


def test_the_dialog_opens_before_the_preview_is_drafted(
    sample_window: MainWindow, qtbot: QtBot, hold: Callable[..., HeldDraft]
) -> None:
    draft = hold(Preset.personal)
    dialog = open_dialog(sample_window, qtbot, drafted=False)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not draft.done.is_set(), "the dialog waited for its preview before it opened"
    state = state_label(dialog)
    assert state.isVisible() and state.text().startswith("Drafting the preview")
    assert dialog.summary.toPlainText() == ""
    assert "Drafting" in dialog.summary.placeholderText()
    assert not dialog.left_out.isVisible()
    # The packet would write the summary box: not before there is something in it.
    assert not dialog.export_button.isEnabled()
    assert "drafted" in dialog.export_button.toolTip()
    dialog.summary.setPlainText("My own words.")  # ... unless the person writes their own
    assert dialog.export_button.isEnabled()
    dialog.summary.setPlainText("")
    assert not dialog.export_button.isEnabled()

    draft.release.set()
    wait_for_draft(dialog, qtbot)
    assert dialog.summary.toPlainText().startswith("Since my interview at Northwind Health")
    assert not state.isVisible()
    assert dialog.export_button.isEnabled() and dialog.regenerate.isEnabled()


def test_a_summary_typed_while_drafting_is_kept(
    sample_window: MainWindow, qtbot: QtBot, hold: Callable[..., HeldDraft]
) -> None:
    draft = hold(Preset.personal)
    dialog = open_dialog(sample_window, qtbot, drafted=False)
    assert not draft.done.is_set()
    dialog.summary.setPlainText("Typed before the draft came.")
    draft.release.set()
    wait_for_draft(dialog, qtbot)
    assert dialog.summary.toPlainText() == "Typed before the draft came."
    dialog.regenerate.click()  # the draft is there to go back to
    assert dialog.summary.toPlainText().startswith("Since my interview at Northwind Health")


def test_a_stale_draft_never_shows(
    sample_window: MainWindow, qtbot: QtBot, hold: Callable[..., HeldDraft]
) -> None:
    def stale_personal(db: Database, target_id: int, preset: Preset) -> Preview:
        if preset is Preset.personal:
            return Preview("STALE summary", (), ("STALE left out.",))
        return real_preview(db, target_id, preset)

    draft = hold(Preset.personal, answer=stale_personal)
    dialog = open_dialog(sample_window, qtbot, drafted=False)
    summaries = [dialog.summary.toPlainText()]
    dialog.summary.textChanged.connect(lambda: summaries.append(dialog.summary.toPlainText()))
    shown: list[str] = [dialog.left_out.text()]
    set_text = dialog.left_out.setText

    def record(text: str) -> None:
        shown.append(text)
        set_text(text)

    dialog.left_out.setText = record  # type: ignore[method-assign]
    assert draft.started.wait(HOLD_S) and not draft.done.is_set()
    # The person picks another preset while the first draft is still being worked out.
    dialog.preset.setCurrentIndex(dialog.preset.findData("shareable"))
    assert dialog.drafting()
    draft.run_out()
    wait_for_draft(dialog, qtbot)
    assert not any("STALE" in text for text in summaries + shown), (summaries, shown)
    assert "The shareable packet leaves out" in dialog.left_out.text()
    assert dialog.summary.toPlainText() == dialog.draft != ""
    assert not state_label(dialog).isVisible()


@FAILED_DRAFTS
def test_a_failed_draft_says_what_happened(
    sample_window: MainWindow,
    qtbot: QtBot,
    hold: Callable[..., HeldDraft],
    caplog: pytest.LogCaptureFixture,
    error: Exception,
    expected: str,
) -> None:
    def fail(db: Database, target_id: int, preset: Preset) -> Preview:
        raise error

    hold(answer=fail)
    with caplog.at_level(logging.WARNING):
        dialog = open_dialog(sample_window, qtbot, drafted=False)
        state = state_label(dialog)
        qtbot.waitUntil(lambda: "Drafting" not in state.text(), timeout=20_000)
    assert not state.isHidden()
    assert expected in state.text()
    assert state.text() != "Error" and "Drafting" not in state.text()
    assert any(
        r.name == packet_dialog.__name__ and "could not be drafted" in r.getMessage()
        for r in caplog.records
    )
    # Nothing half-drafted stays behind, and the person can still write and export.
    assert dialog.summary.toPlainText() == "" and dialog.left_out.isHidden()
    assert dialog.export_button.isEnabled()


def test_a_failed_draft_after_another_preset_clears_the_old_summary(
    sample_window: MainWindow, qtbot: QtBot, hold: Callable[..., HeldDraft]
) -> None:
    def personal_only(db: Database, target_id: int, preset: Preset) -> Preview:
        if preset is Preset.shareable:
            raise OSError(28, "No space left on device")
        return real_preview(db, target_id, preset)

    hold(answer=personal_only)
    dialog = open_dialog(sample_window, qtbot, drafted=False)
    qtbot.waitUntil(lambda: dialog.summary.toPlainText().startswith("Since my interview"))
    dialog.preset.setCurrentIndex(dialog.preset.findData("shareable"))
    # Waits for the failure (the personal draft stays in the box until then, or for good).
    qtbot.waitUntil(lambda: dialog.summary.toPlainText() == "", timeout=5_000)
    # The personal packet's summary must not go out in the shareable one unseen.
    assert "No space left on device" in state_label(dialog).text()


def test_closing_while_drafting_drops_the_draft(
    sample_window: MainWindow, qtbot: QtBot, hold: Callable[..., HeldDraft]
) -> None:
    draft = hold(Preset.personal)
    dialog = open_dialog(sample_window, qtbot, drafted=False)
    dialog.show()
    assert draft.started.wait(HOLD_S)
    dialog.reject()
    assert not draft.done.is_set(), "the draft was over before the dialog could be closed"
    draft.run_out()
    assert dialog.summary.toPlainText() == "" and not dialog.left_out.isVisible()
    qtbot.waitUntil(lambda: not sample_window.work_pending())


def test_deleting_the_dialog_while_drafting_is_safe(
    sample_window: MainWindow, qtbot: QtBot, hold: Callable[..., HeldDraft]
) -> None:
    draft = hold(Preset.personal)
    dialog = make_dialog(sample_window)  # not given to qtbot: it is deleted here
    dialog.show()
    assert draft.started.wait(HOLD_S)
    dialog.reject()
    dialog.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not sample_window.findChildren(PacketDialog)
    assert not draft.done.is_set(), "the draft was over before the dialog could be deleted"
    draft.run_out()  # the result arrives for a dialog that is gone
    qtbot.waitUntil(lambda: not sample_window.work_pending())
    assert sample_window.isVisible()


def test_the_menu_dialog_is_not_left_behind(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch, hold: Callable[..., HeldDraft]
) -> None:
    action = sample_window.findChild(QAction, "action_export_packet")
    assert action is not None
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    action.trigger()  # closed at once, its draft done soon after
    QThreadPool.globalInstance().waitForDone()
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not sample_window.findChildren(PacketDialog)

    draft = hold(Preset.personal)
    action.trigger()  # closed while its draft is still being worked out
    assert draft.started.wait(HOLD_S) and not draft.done.is_set()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(sample_window.findChildren(PacketDialog)) == 1  # kept until its job ends
    draft.release.set()
    QThreadPool.globalInstance().waitForDone()
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not sample_window.findChildren(PacketDialog)
