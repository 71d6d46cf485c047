"""Log a conversation in seconds: today, a channel, one line, and an optional follow-up.

Opened from a contact ("Log conversation…"), from someone met at an event, and from the
Due view.  Saving is one unit of work and one undo step: the interaction, and the contact's
open follow-ups it answers marked done.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from secondchance.core import models as m
from secondchance.core.dates import short_date
from secondchance.core.services import due
from secondchance.core.services.fields import first_message, parse_iso_date
from secondchance.ui.context import AppContext
from secondchance.ui.records.commands import CHANGE_ERRORS, commit
from secondchance.ui.records.form import ERROR_STYLE
from secondchance.ui.widgets.date_field import DateField

DEFAULT_FOLLOW_UP_DAYS = 14


class QuickLogDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        contact_id: int,
        contact_name: str,
        parent: QWidget | None = None,
        channel: m.Channel = m.Channel.message,
        summary: str = "",
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_id = contact_id
        self.contact_name = contact_name
        self.today = today or dt.date.today()
        self.setObjectName("quick_log_dialog")
        self.setWindowTitle(f"Log a conversation with {contact_name}")

        self.date = DateField(self)
        self.date.setObjectName("log_date")
        self.date.set_value(self.today)
        self.channel = QComboBox(self)
        self.channel.setObjectName("log_channel")
        for member in m.Channel:
            self.channel.addItem(member.label, member.name)
        self.channel.setCurrentIndex(self.channel.findData(channel.name))
        self.summary = QLineEdit(summary, self)
        self.summary.setObjectName("log_summary")
        self.summary.setPlaceholderText("One line: what you talked about")

        self.follow_up = QCheckBox("Follow up in", self)
        self.follow_up.setObjectName("log_follow_up")
        self.days = QSpinBox(self)
        self.days.setObjectName("log_follow_up_days")
        self.days.setRange(1, 365)
        self.days.setValue(DEFAULT_FOLLOW_UP_DAYS)
        self.days.setSuffix(" days")
        self.days.setEnabled(False)
        self.follow_up.toggled.connect(self.days.setEnabled)
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_up)
        follow_row.addWidget(self.days)
        follow_row.addStretch(1)

        self.open_follow_ups = due.open_follow_ups(ctx.db, contact_id)
        self.close_open = QCheckBox(self)
        self.close_open.setObjectName("log_close_follow_ups")
        if self.open_follow_ups:
            days = ", ".join(short_date(day) for _i, day, _s in self.open_follow_ups[:3])
            count = len(self.open_follow_ups)
            noun = "follow-up" if count == 1 else f"{count} follow-ups"
            self.close_open.setText(f"This answers the open {noun} ({days}): mark done")
            self.close_open.setChecked(True)
        else:
            self.close_open.hide()

        self.error = QLabel(self)
        self.error.setObjectName("log_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow("Date", self.date)
        form.addRow("Channel", self.channel)
        form.addRow("About", self.summary)
        form.addRow("", follow_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.close_open)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.summary.setFocus()
        self.resize(480, self.sizeHint().height())

    def save(self) -> None:
        self.error.hide()
        try:
            day = parse_iso_date(self.date.text() or self.today.isoformat())
        except ValueError as exc:
            self.error.setText(f"Date: {exc}")
            self.error.show()
            return
        channel = m.Channel[str(self.channel.currentData())]
        closing = (
            tuple(i for i, _d, _s in self.open_follow_ups) if self.close_open.isChecked() else ()
        )
        changes = due.log_conversation(
            self.contact_id,
            day,
            channel,
            self.summary.text(),
            self.days.value() if self.follow_up.isChecked() else None,
            closing,
        )
        try:
            commit(
                self.ctx,
                changes,
                f"Logged a conversation with {self.contact_name} ✓",
                f"Log a conversation with {self.contact_name}",
            )
        except CHANGE_ERRORS as exc:
            self.error.setText(f"Not saved: {first_message(exc)}")
            self.error.show()
            return
        self.accept()
