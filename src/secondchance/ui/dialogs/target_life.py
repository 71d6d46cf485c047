"""The target's whole life, at the foot of the target dialog: which attempt this is, archive
or bring it back, and start the next attempt from it (asked first, undone in one step)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from secondchance.core.dates import short_date
from secondchance.core.services import attempts, records
from secondchance.ui.context import AppContext
from secondchance.ui.plain import paragraphs


class TargetLife(QGroupBox):
    archive_toggled = Signal(object)  # the new archived_on: a date, or None to bring back
    next_attempt = Signal()

    def __init__(
        self, ctx: AppContext, record: records.RecordRow, parent: QWidget | None = None
    ) -> None:
        super().__init__("This application's life", parent)
        self.setObjectName("target_life")
        self.ctx = ctx
        self.info = attempts.summary(ctx.db, record.id)
        info = self.info
        self.state = QLabel(self)
        self.state.setObjectName("target_life_state")
        self.state.setWordWrap(True)
        words = [f"Attempt {info.attempt}"]
        if info.previous_id is not None:
            words.append("started from the attempt before it")
        if info.kept:
            words.append("kept as it was, for comparison")
        if info.archived_on is not None:
            words.append(f"archived on {short_date(info.archived_on)}")
        self.state.setText(" · ".join(words) + ".")

        self.archive = QPushButton("Bring back" if info.archived else "Archive", self)
        self.archive.setObjectName("target_archive")
        self.archive.setToolTip(
            "Show it in the target selector again"
            if info.archived
            else "Hide it from the target selector; it stays in All targets and in exports"
        )
        self.archive.clicked.connect(self._toggle)
        self.start = QPushButton(f"Start attempt {info.attempt + 1}…", self)
        self.start.setObjectName("start_next_attempt")
        self.start.setEnabled(not info.kept)
        self.start.setToolTip(
            "A newer attempt already started from this one"
            if info.kept
            else "A new target for the same role that carries your skills, questions and "
            "contacts; this one is archived and kept as it was"
        )
        self.start.clicked.connect(self._confirm_start)
        line = QHBoxLayout(self)
        line.addWidget(self.state, 1)
        line.addWidget(self.archive)
        line.addWidget(self.start)

    def _toggle(self) -> None:
        self.archive_toggled.emit(None if self.info.archived else dt.date.today())

    def _confirm_start(self) -> None:
        carried = attempts.carried(self.ctx.db, self.info.id)
        nxt = self.info.attempt + 1
        answer = QMessageBox.question(
            self,
            f"Start attempt {nxt}?",
            paragraphs(
                f"Start attempt {nxt} for {self.info.title.split(' (attempt')[0]}?",
                f"It carries your {carried.skills} skills (at today's levels), "
                f"{carried.questions} interview questions with your answers, and "
                f"{carried.contacts} contacts. Feedback, plans and resumes stay with this "
                "attempt.",
                "This attempt is archived and kept as it was, so you can compare the two. "
                "Edit → Undo takes it all back.",
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.next_attempt.emit()
