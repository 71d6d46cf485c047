"""File → Write the brief…: "Since we last spoke", a one-page letter for the recruiter or
hiring manager — drafted from the shareable data, edited here, then copied, sent from the
person's own mail app, or saved as a PDF or as plain text.

The packet dialog opens it too, to edit the brief that is the shareable packet's first page.

The draft reads every record of the target (~0.3 s at 10k records, ~3 s at 100k): it is
drafted off the GUI thread (``DraftingDialog``), so the dialog opens at once, says it is
drafting, and the actions that would use the text wait for it unless the person writes their
own. A draft never replaces text the person typed; "Write it again from my data" does.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.packet import (
    PAPER_LABELS,
    PAPERS,
    TONE_LABELS,
    TONES,
    PacketError,
    Paper,
    Tone,
    build_brief,
    draft_brief,
)
from secondchance.core.services import feedback_request as fr
from secondchance.ui.context import AppContext
from secondchance.ui.dialogs.drafting import DraftingDialog, DraftState, draft_failed_message
from secondchance.ui.dialogs.packet_dialog import default_folder, default_paper
from secondchance.ui.plain import paragraphs
from secondchance.ui.worker import run_with_progress

if TYPE_CHECKING:
    from secondchance.core.packet.brief import BriefText

log = logging.getLogger(__name__)

LAST_FOLDER_KEY = "packet/last_folder"

DRAFTING = "Drafting the brief from your records…"
DRAFTING_BODY = "Drafting the brief from your records… You can also start writing your own."
OWN_BRIEF = "Write your brief here."
WAIT_FOR_DRAFT = "Ready once the brief is drafted (or once you write your own)."
WRITE_FIRST = "Write the brief first: the box is empty."
KEPT = " Your own text is kept; “Write it again from my data” replaces it with this draft."


def brief_failed_message(exc: BaseException) -> str:
    return draft_failed_message(exc, "The brief", "write the brief yourself")


class BriefDialog(DraftingDialog):
    def __init__(
        self,
        ctx: AppContext,
        target_id: int,
        company: str,
        parent: QWidget | None = None,
        text: str | None = None,
        tone: Tone = "warm",
        for_packet: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.target_id = target_id
        self.company = company
        self.for_packet = for_packet
        self.setObjectName("brief_dialog")
        self.setWindowTitle("Since we last spoke")

        intro = QLabel(
            "A one-page letter for the recruiter or hiring manager: what they said, what you "
            "did about it, and the proof. It is written only from what the shareable packet "
            "may show. Change anything you like; the PDF prints exactly this text.",
            self,
        )
        intro.setWordWrap(True)

        self.tones = QButtonGroup(self)
        tone_row = QHBoxLayout()
        for index, key in enumerate(TONES):
            button = QRadioButton(TONE_LABELS[key], self)
            button.setObjectName(f"brief_tone_{key}")
            self.tones.addButton(button, index)
            tone_row.addWidget(button)
            button.setChecked(key == tone)
        tone_row.addStretch(1)

        self.paper = QComboBox(self)
        self.paper.setObjectName("brief_paper")
        for paper in PAPERS:
            self.paper.addItem(PAPER_LABELS[paper], paper)
        self.paper.setCurrentIndex(PAPERS.index(default_paper()))

        self.subject = QLineEdit(self)
        self.subject.setObjectName("brief_subject")
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("brief_body")
        self.body.setAccessibleName("The brief")
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(260)
        # "Drafting…" while the draft is on its way; what went wrong if it failed.
        self.draft_state = DraftState(self)
        self.draft_state.setObjectName("brief_draft_state")

        self.status = QLabel(self)
        self.status.setObjectName("brief_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        form = QFormLayout()
        form.addRow("Tone", tone_row)
        form.addRow("Paper", self.paper)
        form.addRow("Subject", self.subject)

        again = QPushButton("Write it again from my data", self)
        again.setObjectName("brief_regenerate")
        again.clicked.connect(self.regenerate)
        actions = QHBoxLayout()
        actions.addWidget(again)
        actions.addStretch(1)
        buttons = QDialogButtonBox(self)
        # What would send, save or use the text: waits while an untouched box is drafted.
        self.text_actions: list[QPushButton] = []
        if for_packet:
            use = buttons.addButton("Use this text", QDialogButtonBox.ButtonRole.AcceptRole)
            use.setObjectName("brief_use")
            use.setDefault(True)
            self.text_actions.append(use)
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            buttons.accepted.connect(self.use)
            buttons.rejected.connect(self.reject)
        else:
            for label, name, slot in (
                ("Copy", "brief_copy", self.copy),
                ("Open in e-mail", "brief_mail", self.open_mail),
                ("Save as text…", "brief_save_text", lambda: self.save(".txt")),
            ):
                action = QPushButton(label, self)
                action.setObjectName(name)
                action.clicked.connect(slot)
                actions.addWidget(action)
                self.text_actions.append(action)
            save_pdf = buttons.addButton("Save as PDF…", QDialogButtonBox.ButtonRole.ActionRole)
            save_pdf.setObjectName("brief_save_pdf")
            save_pdf.clicked.connect(lambda: self.save(".pdf"))
            self.text_actions.append(save_pdf)
            buttons.addButton(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.draft_state)
        layout.addWidget(self.body, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        # The newest draft, for the tone and paper chosen now (None: none yet, or it failed).
        self.draft: BriefText | None = None
        # The text a draft may replace when it arrives: what the dialog last put in the box
        # (or what was there when the person asked for it again); None: the person's own
        # text came with the dialog.
        self._replaceable: str | None = None if text is not None else ""
        self._replaceable_subject = ""
        if text is not None:
            self.body.setPlainText(text)
        self.body.textChanged.connect(self._update_actions)
        self.tones.idClicked.connect(lambda _i: self._redraft())
        self.paper.currentIndexChanged.connect(lambda _i: self._redraft())
        self._redraft()
        self.resize(720, 640)

    # --- state ----------------------------------------------------------------------------

    def tone(self) -> Tone:
        return TONES[max(self.tones.checkedId(), 0)]

    def chosen_paper(self) -> Paper:
        paper: Paper = self.paper.currentData()
        return paper

    def text(self) -> str:
        return self.body.toPlainText()

    def _redraft(self) -> None:
        """Draft the brief in the chosen tone for the chosen paper, off the GUI thread."""
        db, target_id, tone, paper = self.ctx.db, self.target_id, self.tone(), self.chosen_paper()
        draft = draft_brief  # looked up now: the worker never reads this module's names
        self.start_draft((tone, paper), lambda: draft(db, target_id, tone, paper))
        self.draft_state.drafting(DRAFTING)
        self.body.setPlaceholderText(DRAFTING_BODY)
        self.status.clear()  # the last draft's note, or an action's, no longer applies
        self._update_actions()

    def draft_arrived(self, draft: BriefText) -> None:
        self.draft = draft
        self.draft_state.hide()
        self.body.setPlaceholderText(OWN_BRIEF)
        if self.subject.text() == self._replaceable_subject:
            self.subject.setText(draft.subject)
            self._replaceable_subject = draft.subject
        # Typed over (or typed while drafting, or brought from the packet): it stays.
        kept = self.body.toPlainText() != self._replaceable
        if not kept:
            self._place(draft)
        self.status.setText(_note(draft) + (KEPT if kept else ""))
        self._update_actions()

    def draft_failed(self, exc: BaseException) -> None:
        log.warning("the brief could not be drafted (%s)", type(exc).__name__)
        self.draft = None
        if self.body.toPlainText() == self._replaceable:
            # An earlier tone's draft must not go out as this one's.
            self._place(None)
        self.body.setPlaceholderText(OWN_BRIEF)
        self.draft_state.failed(brief_failed_message(exc))
        self._update_actions()

    def _place(self, draft: BriefText | None) -> None:
        body = draft.body if draft is not None else ""
        self._replaceable = body
        self.body.setPlainText(body)

    def regenerate(self) -> None:
        """“Write it again from my data”: the draft replaces what is in the box now."""
        self._replaceable = self.body.toPlainText()
        self._replaceable_subject = self.subject.text()
        if self.drafting():
            self._update_actions()  # the box's text is now the draft's to replace
            return
        if self.draft is None:
            self._redraft()  # the last one failed: try again
            return
        self.subject.setText(self.draft.subject)
        self._replaceable_subject = self.draft.subject
        self._place(self.draft)
        self.status.setText(_note(self.draft))

    def waiting(self) -> bool:
        """The box holds no text of the person's while its draft is still being made."""
        return self.drafting() and self.body.toPlainText() == self._replaceable

    def _update_actions(self) -> None:
        waiting = self.waiting()
        empty = not self.body.toPlainText().strip()
        tip = WAIT_FOR_DRAFT if waiting else WRITE_FIRST if empty else ""
        for action in self.text_actions:
            action.setEnabled(not waiting and not empty)
            action.setToolTip(tip)

    def _ready(self) -> bool:
        return not self.waiting() and bool(self.body.toPlainText().strip())

    # --- actions --------------------------------------------------------------------------

    def use(self) -> None:
        if self._ready():  # Enter, too, waits for the draft
            self.accept()

    def copy(self) -> None:
        if not self._ready():
            return
        QGuiApplication.clipboard().setText(self.text())
        self.status.setText("Copied. Paste it into your e-mail or messaging app.")

    def open_mail(self) -> None:
        if not self._ready():
            return
        message = fr.DraftMessage(fr.Tone.warm, self.subject.text(), self.text())
        url = fr.mailto_url(None, message)
        # The mail app is the person's own: nothing is sent by Second Chance itself.
        if not QDesktopServices.openUrl(QUrl(url)):
            self.status.setText(
                "No e-mail app answered on this computer. Use “Copy” and paste the brief "
                "into your e-mail instead."
            )
            return
        self.status.setText(
            "Your e-mail app should now show the brief. Add the recipient's address there."
        )

    def save(self, suffix: str) -> None:
        if not self._ready():
            return
        kind = "PDF (*.pdf)" if suffix == ".pdf" else "Plain text (*.txt)"
        name = f"Since we last spoke – {_safe(self.company)}{suffix}"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the brief as", str(default_folder() / name), kind
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        db, target_id, tone, paper, text = (
            self.ctx.db,
            self.target_id,
            self.tone(),
            self.chosen_paper(),
            self.text(),
        )
        try:
            result = run_with_progress(
                self,
                "Saving the brief…",
                lambda: build_brief(db, target_id, path, tone, paper, text),
            )
        except PacketError as exc:
            self.status.setText(f"The brief was not saved. {exc}")
            return
        except (LookupError, OSError) as exc:
            self.status.setText(f"The brief could not be saved: {exc}")
            return
        QSettings().setValue(LAST_FOLDER_KEY, str(result.path.parent))
        self.status.setText(f"Saved as {result.path}.")


def _note(draft: BriefText) -> str:
    if draft.points == 0:
        return (
            "Nothing finished or under way is linked to your feedback yet, so the brief "
            "has no points. Link evidence on the Feedback tab first."
        )
    note = f"{_points(draft.points)} fit on one page."
    if draft.left_out:
        note += f" {_points(draft.left_out, 'more')} left out, the least important first."
    return note


def _points(count: int, more: str = "") -> str:
    words = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")
    number = words[count] if count < len(words) else str(count)
    noun = "point" if count == 1 else "points"
    verb = "was" if count == 1 and more else ("were" if more else "")
    return " ".join(x for x in (number, more, noun, verb) if x)


def _safe(text: str) -> str:
    cleaned = "".join(" " if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in text)
    return " ".join(cleaned.split())[:80] or "Brief"


def write_brief(ctx: AppContext, parent: QWidget) -> None:
    """Open the brief for the current target (or explain why there is none)."""
    from secondchance.core.services import field_names as F
    from secondchance.core.services import records

    if ctx.target_id is None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(
            parent,
            "No target yet",
            paragraphs("Create a target first; the brief is written for one application."),
        )
        return
    try:
        row = records.get_record(ctx.db, "target", ctx.target_id)
    except (LookupError, OSError) as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, "Brief not written", paragraphs(str(exc)))
        return
    dialog = BriefDialog(ctx, row.id, str(row.values[F.target.company] or ""), parent)
    dialog.exec()
    # Not left behind as a hidden child of the window each time the dialog is opened.
    dialog.dispose()
