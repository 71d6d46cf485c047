"""The brief dialog: drafted from the data, edited, copied, sent from the person's own
mail app, saved as PDF or text; and the packet dialog's "Edit the brief…". The draft is made
off the GUI thread: shown at once, stale drafts dropped, the person's text kept, failures
said, closing while it drafts."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QPushButton, QRadioButton
from pytestqt.qtbot import QtBot

from secondchance.core.db import Database
from secondchance.core.packet.api import draft_brief as real_draft_brief
from secondchance.core.packet.brief import BriefText
from secondchance.ui.dialogs import brief_dialog
from secondchance.ui.dialogs.brief_dialog import BriefDialog, write_brief
from secondchance.ui.main_window import MainWindow
from tests.ui.held_draft import FAILED_DRAFTS, HOLD_S, Holder, wait_for_draft

SUBJECT = "Since we last spoke: Data Analyst at Northwind Health"


def make_brief(window: MainWindow, **kw: Any) -> BriefDialog:
    assert window.ctx is not None and window.ctx.target_id is not None
    return BriefDialog(window.ctx, window.ctx.target_id, "Northwind Health", window, **kw)


def open_brief(window: MainWindow, qtbot: QtBot, drafted: bool = True, **kw: Any) -> BriefDialog:
    dialog = make_brief(window, **kw)
    qtbot.addWidget(dialog)
    if drafted:
        wait_for_draft(dialog, qtbot)
    return dialog


def choose_tone(dialog: BriefDialog, name: str) -> None:
    button = dialog.findChild(QRadioButton, f"brief_tone_{name}")
    assert button is not None
    button.click()


def state_label(dialog: BriefDialog) -> QLabel:
    label = dialog.findChild(QLabel, "brief_draft_state")
    assert label is not None, "the dialog has no line saying how the draft is going"
    return label


def action(dialog: BriefDialog, name: str) -> QPushButton:
    found = dialog.findChild(QPushButton, name)
    assert found is not None, name
    return found


@pytest.fixture
def hold(monkeypatch: pytest.MonkeyPatch) -> Iterator[Holder]:
    holder = Holder(monkeypatch, brief_dialog, "draft_brief", real_draft_brief)
    yield holder
    holder.release_all()


def test_drafted_from_the_data_in_the_chosen_tone(sample_window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_brief(sample_window, qtbot)
    body = dialog.body.toPlainText()
    assert body.startswith("Dear Marisol,") and "Kind regards," in body
    assert "point" in dialog.status.text() and "fit on one page" in dialog.status.text()
    assert dialog.subject.text() == SUBJECT
    choose_tone(dialog, "formal")
    wait_for_draft(dialog, qtbot)
    assert "Yours sincerely," in dialog.body.toPlainText()
    assert "fit on one page" in dialog.status.text()


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
    # The brief dialog is not left behind in the packet dialog (once its draft ended).
    QThreadPool.globalInstance().waitForDone()
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not dialog.findChildren(BriefDialog)


def test_file_menu_opens_the_brief(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = sample_window.findChild(QAction, "action_write_brief")
    assert action is not None
    opened: list[QDialog] = []
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(self) or 0)
    action.trigger()
    assert opened and isinstance(opened[0], BriefDialog)


# --- the draft, made off the GUI thread ---------------------------------------------------


def test_the_dialog_opens_before_the_brief_is_drafted(
    sample_window: MainWindow, qtbot: QtBot, hold: Holder
) -> None:
    draft = hold("warm")
    dialog = open_brief(sample_window, qtbot, drafted=False)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not draft.done.is_set(), "the dialog waited for its draft before it opened"
    state = state_label(dialog)
    assert state.isVisible() and state.text().startswith("Drafting the brief")
    assert dialog.body.toPlainText() == "" and "Drafting" in dialog.body.placeholderText()
    # Nothing to copy, send or save yet ...
    for name in ("brief_copy", "brief_mail", "brief_save_text", "brief_save_pdf"):
        assert not action(dialog, name).isEnabled(), name
        assert "drafted" in action(dialog, name).toolTip()
    dialog.copy()  # called anyway (a shortcut): nothing happens
    assert dialog.status.text() == ""
    # ... unless the person writes their own.
    dialog.body.setPlainText("My own words.")
    assert action(dialog, "brief_save_pdf").isEnabled()
    dialog.body.setPlainText("")
    assert not action(dialog, "brief_save_pdf").isEnabled()

    draft.release.set()
    wait_for_draft(dialog, qtbot)
    assert dialog.body.toPlainText().startswith("Dear Marisol,")
    assert dialog.subject.text() == SUBJECT
    assert not state.isVisible()
    assert all(action(dialog, n).isEnabled() for n in ("brief_copy", "brief_save_pdf"))


def test_use_this_text_waits_for_the_draft(
    sample_window: MainWindow, qtbot: QtBot, hold: Holder
) -> None:
    draft = hold("warm")
    dialog = open_brief(sample_window, qtbot, drafted=False, for_packet=True)
    use = action(dialog, "brief_use")
    assert not use.isEnabled()
    dialog.use()  # Enter, or a click that got through: an empty brief is not used
    assert dialog.result() != QDialog.DialogCode.Accepted and not dialog._closed
    draft.release.set()
    wait_for_draft(dialog, qtbot)
    assert use.isEnabled()
    dialog.use()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.text().startswith("Dear Marisol,")


def test_text_typed_while_drafting_is_kept(
    sample_window: MainWindow, qtbot: QtBot, hold: Holder
) -> None:
    draft = hold("warm")
    dialog = open_brief(sample_window, qtbot, drafted=False)
    assert draft.started.wait(HOLD_S) and not draft.done.is_set()
    dialog.subject.setText("My subject")
    dialog.body.setPlainText("Typed before the draft came.")
    draft.release.set()
    wait_for_draft(dialog, qtbot)
    assert dialog.body.toPlainText() == "Typed before the draft came."
    assert dialog.subject.text() == "My subject"
    assert "Your own text is kept" in dialog.status.text()
    action(dialog, "brief_regenerate").click()  # the draft is there to go back to
    assert dialog.body.toPlainText().startswith("Dear Marisol,")
    assert dialog.subject.text() == SUBJECT


def test_edited_text_survives_a_change_of_tone(sample_window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_brief(sample_window, qtbot)
    edited = dialog.body.toPlainText().replace("Dear Marisol,", "Hello Marisol,")
    dialog.body.setPlainText(edited)
    choose_tone(dialog, "formal")
    wait_for_draft(dialog, qtbot)
    assert dialog.body.toPlainText() == edited
    assert "Your own text is kept" in dialog.status.text()
    action(dialog, "brief_regenerate").click()
    assert "Yours sincerely," in dialog.body.toPlainText()


def test_the_packets_edited_brief_is_kept(
    sample_window: MainWindow, qtbot: QtBot, hold: Holder
) -> None:
    draft = hold("warm")
    dialog = open_brief(
        sample_window, qtbot, drafted=False, text="Dear team,\n\nMine.", for_packet=True
    )
    assert action(dialog, "brief_use").isEnabled()  # the person's text needs no draft
    draft.release.set()
    wait_for_draft(dialog, qtbot)
    assert dialog.text() == "Dear team,\n\nMine."
    assert dialog.subject.text() == SUBJECT


def test_a_stale_draft_never_shows(sample_window: MainWindow, qtbot: QtBot, hold: Holder) -> None:
    def stale_warm(db: Database, target_id: int, tone: str, paper: str) -> BriefText:
        if tone == "warm":
            return BriefText("STALE subject", "STALE brief", 1, 0)
        return real_draft_brief(db, target_id, tone, paper)  # type: ignore[arg-type]

    draft = hold("warm", answer=stale_warm)
    dialog = open_brief(sample_window, qtbot, drafted=False)
    bodies = [dialog.body.toPlainText()]
    dialog.body.textChanged.connect(lambda: bodies.append(dialog.body.toPlainText()))
    assert draft.started.wait(HOLD_S) and not draft.done.is_set()
    # The person picks another tone while the first draft is still being worked out.
    choose_tone(dialog, "formal")
    assert dialog.drafting()
    draft.run_out()
    wait_for_draft(dialog, qtbot)
    assert not any("STALE" in text for text in bodies), bodies
    assert "STALE" not in dialog.subject.text()
    assert "Yours sincerely," in dialog.body.toPlainText()
    assert not state_label(dialog).isVisible()


@FAILED_DRAFTS
def test_a_failed_draft_says_what_happened(
    sample_window: MainWindow,
    qtbot: QtBot,
    hold: Holder,
    caplog: pytest.LogCaptureFixture,
    error: Exception,
    expected: str,
) -> None:
    def fail(*args: Any) -> BriefText:
        raise error

    hold(answer=fail)
    with caplog.at_level(logging.WARNING):
        dialog = open_brief(sample_window, qtbot, drafted=False)
        state = state_label(dialog)
        qtbot.waitUntil(lambda: "Drafting" not in state.text(), timeout=20_000)
    assert not state.isHidden()
    assert state.text().startswith("The brief couldn't be drafted")
    assert expected in state.text() and "Drafting" not in state.text()
    assert any(
        r.name == brief_dialog.__name__ and "could not be drafted" in r.getMessage()
        for r in caplog.records
    )
    # Nothing to send yet; the person can still write the brief and save it.
    assert dialog.body.toPlainText() == ""
    assert not action(dialog, "brief_save_text").isEnabled()
    assert "Write the brief first" in action(dialog, "brief_save_text").toolTip()
    dialog.body.setPlainText("Dear Sam, my own brief.")
    assert action(dialog, "brief_save_text").isEnabled()


def test_a_failed_draft_after_another_tone_clears_the_old_draft(
    sample_window: MainWindow, qtbot: QtBot, hold: Holder
) -> None:
    def warm_only(db: Database, target_id: int, tone: str, paper: str) -> BriefText:
        if tone == "formal":
            raise OSError(28, "No space left on device")
        return real_draft_brief(db, target_id, tone, paper)  # type: ignore[arg-type]

    hold(answer=warm_only)
    dialog = open_brief(sample_window, qtbot)
    assert dialog.body.toPlainText().startswith("Dear Marisol,")
    choose_tone(dialog, "formal")
    qtbot.waitUntil(lambda: dialog.body.toPlainText() == "", timeout=5_000)
    assert "No space left on device" in state_label(dialog).text()
    choose_tone(dialog, "warm")  # trying again works
    wait_for_draft(dialog, qtbot)
    assert dialog.body.toPlainText().startswith("Dear Marisol,")
    assert not state_label(dialog).isVisible()


def test_closing_while_drafting_drops_the_draft(
    sample_window: MainWindow, qtbot: QtBot, hold: Holder
) -> None:
    draft = hold("warm")
    dialog = open_brief(sample_window, qtbot, drafted=False)
    dialog.show()
    assert draft.started.wait(HOLD_S)
    dialog.reject()
    assert not draft.done.is_set(), "the draft was over before the dialog could be closed"
    draft.run_out()
    assert dialog.body.toPlainText() == "" and dialog.subject.text() == ""
    qtbot.waitUntil(lambda: not sample_window.work_pending())


def test_the_menu_dialog_is_not_left_behind(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch, hold: Holder
) -> None:
    assert sample_window.ctx is not None
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    write_brief(sample_window.ctx, sample_window)  # closed at once, its draft done soon after
    QThreadPool.globalInstance().waitForDone()
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not sample_window.findChildren(BriefDialog)

    draft = hold("warm")
    write_brief(sample_window.ctx, sample_window)  # closed while its draft is being made
    assert draft.started.wait(HOLD_S) and not draft.done.is_set()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(sample_window.findChildren(BriefDialog)) == 1  # kept until its job ends
    draft.release.set()
    QThreadPool.globalInstance().waitForDone()
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not sample_window.findChildren(BriefDialog)
    assert not sample_window.work_pending()


def test_the_packet_dialog_waits_for_its_brief_dialogs_draft(
    sample_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, hold: Holder
) -> None:
    from secondchance.ui.dialogs.packet_dialog import PacketDialog

    assert sample_window.ctx is not None and sample_window.ctx.target_id is not None
    packet = PacketDialog(
        sample_window.ctx,
        sample_window.ctx.target_id,
        "Northwind",
        "Northwind Health",
        sample_window,
    )
    qtbot.waitUntil(lambda: not packet.drafting(), timeout=20_000)
    draft = hold("warm")
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    packet.edit_brief()  # the brief dialog closed while it drafts
    assert draft.started.wait(HOLD_S) and not draft.done.is_set()
    packet.reject()
    packet.dispose()  # then the packet dialog, its parent
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(sample_window.findChildren(PacketDialog)) == 1  # kept until that job ends
    draft.release.set()
    QThreadPool.globalInstance().waitForDone()
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not sample_window.findChildren(PacketDialog)
    assert not sample_window.findChildren(BriefDialog)


def test_write_it_again_while_drafting_takes_the_coming_draft(
    sample_window: MainWindow, qtbot: QtBot, hold: Holder
) -> None:
    draft = hold("warm")
    dialog = open_brief(sample_window, qtbot, drafted=False)
    dialog.body.setPlainText("Typed, then changed my mind.")
    assert action(dialog, "brief_copy").isEnabled()
    action(dialog, "brief_regenerate").click()
    assert not action(dialog, "brief_copy").isEnabled()  # that text is about to go
    draft.release.set()
    wait_for_draft(dialog, qtbot)
    assert dialog.body.toPlainText().startswith("Dear Marisol,")
    assert "Your own text is kept" not in dialog.status.text()
