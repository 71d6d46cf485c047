"""Step 1: draft a short, courteous request for feedback, send it from the person's own
mail app (or copy it), and record the day it went out."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
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

from secondchance.core.collation import text_sort_key
from secondchance.core.dates import medium_date
from secondchance.core.db import StorageError
from secondchance.core.services import feedback_request as fr
from secondchance.core.services import field_names as F
from secondchance.core.services import records
from secondchance.core.services.changes import Update
from secondchance.core.services.fields import ValidationError, first_message
from secondchance.ui.context import AppContext
from secondchance.ui.records.commands import CHANGE_ERRORS, commit
from secondchance.ui.widgets.date_field import DateField
from secondchance.ui.widgets.muted_label import MutedLabel

log = logging.getLogger(__name__)

# People the request usually goes to, offered first.
_LIKELY = ("recruiter", "hiring_manager", "interviewer")


class FeedbackRequestDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.target_id is not None
        self.ctx = ctx
        self.target_id = ctx.target_id
        self.setObjectName("feedback_request_dialog")
        self.setWindowTitle("Draft a feedback request")
        self._generated: fr.DraftMessage | None = None

        intro = QLabel(
            "A short, specific request gets answers more often than a long one. Pick who it "
            "goes to and a tone, change anything you like, then send it from your own e-mail.",
            self,
        )
        intro.setWordWrap(True)

        self.recipient = QComboBox(self)
        self.recipient.setObjectName("request_recipient")
        self._emails: dict[int, str | None] = {}
        self.recipient.addItem("(no one chosen — “Hello,”)", None)
        for row in self._contacts():
            label = row.values[F.contact.name]
            relation = row.display.get(F.contact.relationship)
            if relation:
                label += f" — {relation}"
            self.recipient.addItem(label, row.id)
            self._emails[row.id] = row.values[F.contact.email]
        if self.recipient.count() > 1:
            self.recipient.setCurrentIndex(1)

        self.round = QComboBox(self)
        self.round.setObjectName("request_round")
        self.round.addItem("(latest round)", None)
        for record_id, label in records.choices(ctx.db, "round", self.target_id):
            self.round.addItem(label, record_id)

        self.tones = QButtonGroup(self)
        tone_row = QHBoxLayout()
        for index, tone in enumerate(fr.Tone):
            button = QRadioButton(tone.value, self)
            button.setObjectName(f"tone_{tone.name}")
            self.tones.addButton(button, index)
            tone_row.addWidget(button)
            if index == 0:
                button.setChecked(True)
        tone_row.addStretch(1)

        self.subject = QLineEdit(self)
        self.subject.setObjectName("request_subject")
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("request_body")
        self.body.setMinimumHeight(220)

        form = QFormLayout()
        form.addRow("To", self.recipient)
        form.addRow("About", self.round)
        form.addRow("Tone", tone_row)
        form.addRow("Subject", self.subject)
        form.addRow("Message", self.body)
        # Without the person's name the message ends "Best wishes," and nothing: say where
        # the name comes from, one click away.
        self.signature_note = MutedLabel(
            self, text="It ends without your name: add it once in Preferences and it signs itself."
        )
        self.signature_note.setObjectName("request_signature_note")
        self.preferences_button = QPushButton("Preferences…", self)
        self.preferences_button.setObjectName("request_preferences")
        self.preferences_button.clicked.connect(self.open_preferences)
        signature = QHBoxLayout()
        signature.addWidget(self.signature_note, 1)
        signature.addWidget(self.preferences_button)
        self.signature_row = QWidget(self)
        self.signature_row.setLayout(signature)
        signature.setContentsMargins(0, 0, 0, 0)
        form.addRow("", self.signature_row)

        self.copy_button = QPushButton("Copy message", self)
        self.copy_button.setObjectName("request_copy")
        self.copy_button.clicked.connect(self.copy)
        self.mail_button = QPushButton("Open in my e-mail app", self)
        self.mail_button.setObjectName("request_mail")
        self.mail_button.clicked.connect(self.open_mail)
        actions = QHBoxLayout()
        actions.addWidget(self.copy_button)
        actions.addWidget(self.mail_button)
        actions.addStretch(1)

        self.sent_on = DateField(self)
        self.sent_on.setObjectName("request_sent_on")
        self.record_button = QPushButton("Record as sent", self)
        self.record_button.setObjectName("request_record")
        self.record_button.clicked.connect(self.record_sent)
        self.sent_state = QLabel(self)
        self.sent_state.setObjectName("request_sent_state")
        self.sent_state.setWordWrap(True)
        sent_row = QHBoxLayout()
        sent_row.addWidget(QLabel("Sent on", self))
        sent_row.addWidget(self.sent_on)
        sent_row.addWidget(self.record_button)
        sent_row.addStretch(1)

        self.feedback = QLabel(self)
        self.feedback.setObjectName("request_message")
        self.feedback.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addLayout(sent_row)
        layout.addWidget(self.sent_state)
        layout.addWidget(self.feedback)
        layout.addWidget(buttons)
        self.resize(620, 640)

        self.recipient.currentIndexChanged.connect(lambda _i: self.regenerate())
        self.round.currentIndexChanged.connect(lambda _i: self.regenerate())
        self.tones.idClicked.connect(lambda _i: self.regenerate())
        self._show_sent_state()
        self.sent_on.set_value(dt.date.today())
        self.regenerate()

    def _contacts(self) -> list[records.RecordRow]:
        rows = records.list_records(self.ctx.db, "contact", None)

        def rank(row: records.RecordRow) -> tuple[int, int, tuple[str, str]]:
            linked = self.target_id in (row.values[F.contact.targets] or [])
            relation = getattr(row.values[F.contact.relationship], "name", "")
            return (not linked, relation not in _LIKELY, text_sort_key(row.values[F.contact.name]))

        return sorted(rows, key=rank)

    def tone(self) -> fr.Tone:
        return list(fr.Tone)[max(self.tones.checkedId(), 0)]

    def regenerate(self) -> None:
        try:
            context = fr.context_for_target(
                self.ctx.db,
                self.target_id,
                round_id=self.round.currentData(),
                contact_id=self.recipient.currentData(),
            )
        except (StorageError, records.RecordNotFound) as exc:
            self.feedback.setText(f"Couldn't read this target's details: {exc}")
            return
        draft = fr.compose(context, self.tone())
        self._generated = draft
        self.signature_row.setVisible(not (context.sender_name or "").strip())
        self.subject.setText(draft.subject)
        self.body.setPlainText(draft.body)

    def open_preferences(self) -> None:
        from secondchance.ui.dialogs.preferences_dialog import PreferencesDialog

        if PreferencesDialog(self.ctx, self).exec():
            self.regenerate()

    def message(self) -> fr.DraftMessage:
        return fr.DraftMessage(self.tone(), self.subject.text(), self.body.toPlainText())

    def copy(self) -> None:
        text = f"Subject: {self.subject.text()}\n\n{self.body.toPlainText()}"
        QGuiApplication.clipboard().setText(text)
        self.feedback.setText("Copied. Paste it into your e-mail or messaging app.")

    def open_mail(self) -> None:
        contact = self.recipient.currentData()
        address = self._emails.get(contact) if contact is not None else None
        try:
            url = fr.mailto_url(address, self.message())
        except ValueError as exc:
            # The contact's address passed the looser check of the contact form.
            self.feedback.setText(f"{exc} Fix it on the Network tab, or copy the message.")
            return
        # The mail app is the person's own: nothing is sent by Second Chance itself.
        if not QDesktopServices.openUrl(QUrl(url)):
            self.feedback.setText(
                "No e-mail app answered on this computer. Use “Copy message” and paste it "
                "into your e-mail instead."
            )
            return
        note = "" if address else " Add the recipient's address there."
        self.feedback.setText(
            "Your e-mail app should now show the message, ready to check and send." + note
        )

    def _target_values(self) -> dict[str, Any]:
        return records.get_record(self.ctx.db, "target", self.target_id).values

    def _show_sent_state(self) -> None:
        sent = self._target_values().get(F.target.feedback_requested_on)
        self.sent_state.setText(
            f"You recorded asking for feedback on {medium_date(sent)}."
            if sent
            else "Not recorded as sent yet."
        )

    def record_sent(self) -> None:
        text = self.sent_on.value()
        if not text:
            self.feedback.setText("Type the day you sent it (or click Today) first.")
            return
        try:
            commit(
                self.ctx,
                [Update("target", self.target_id, {F.target.feedback_requested_on: text})],
                "Recorded the feedback request — Ctrl+Z takes it back",
                "Record the feedback request",
            )
        except ValidationError as exc:
            self.feedback.setText(first_message(exc))
            return
        except CHANGE_ERRORS as exc:
            log.exception("could not record the feedback request")
            self.feedback.setText(f"Not recorded: {first_message(exc)}")
            return
        self._show_sent_state()
        self.feedback.setText("Recorded. The Overview shows it under step 1.")
