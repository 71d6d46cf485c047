"""'New version from…': start from a version's text, add the experience bullets it doesn't
have yet with one click each, and save the result as a new version (never an edit of the
version it started from, which may have been sent)."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services import field_names as F
from secondchance.core.services import records, resume_bullets
from secondchance.core.services.fields import first_message
from secondchance.core.services.resume_bullets import BulletOffer
from secondchance.ui.context import AppContext
from secondchance.ui.records.commands import CHANGE_ERRORS, commit
from secondchance.ui.widgets.muted_label import MutedLabel

log = logging.getLogger(__name__)


class _OfferRow(QFrame):
    def __init__(
        self, offer: BulletOffer, add: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"offer_{offer.experience_id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.offer = offer
        title = QLabel(offer.title, self)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        bullet = QLabel(offer.bullet, self)
        bullet.setTextFormat(Qt.TextFormat.PlainText)
        bullet.setWordWrap(True)
        skills = MutedLabel(
            self,
            text="Shows: " + ", ".join(offer.skills) if offer.skills else "No skills linked yet",
        )
        self.button = QPushButton("Add", self)
        self.button.setObjectName(f"add_offer_{offer.experience_id}")
        self.button.setToolTip("Add this bullet where the cursor is in the text")
        self._add = add
        self.button.clicked.connect(self._clicked)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(bullet)
        text.addWidget(skills)
        layout = QHBoxLayout(self)
        layout.addLayout(text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def _clicked(self) -> None:
        self._add()


class NewVersionDialog(QDialog):
    def __init__(
        self, ctx: AppContext, base_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        assert ctx.target_id is not None
        self.ctx = ctx
        self.target_id = ctx.target_id
        self.setObjectName("new_version_dialog")
        self.setWindowTitle("New resume version")
        self.created_id: int | None = None
        self.added: list[int] = []
        rows = records.list_records(ctx.db, "resume", self.target_id)
        rows.sort(
            key=lambda r: (r.values.get(F.resume.created_on) or dt.date.min, r.id), reverse=True
        )
        self.versions = {r.id: r for r in rows}

        self.base = QComboBox(self)
        self.base.setObjectName("new_version_base")
        self.base.addItem("Start from scratch", None)
        for row in rows:
            sent = " (sent)" if row.values.get(F.resume.sent_on) else ""
            self.base.addItem(row.title + sent, row.id)
        start = self.base.findData(base_id) if base_id is not None else (1 if rows else 0)
        self.base.setCurrentIndex(max(start, 0))
        self.base.activated.connect(lambda _i: self._base_changed())
        self.label = QLineEdit(self)
        self.label.setObjectName("new_version_label")
        self.label.setMaxLength(200)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("new_version_text")
        self.text.setPlaceholderText("The resume's text")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.offers_holder = QWidget(self)
        self.offers_layout = QVBoxLayout(self.offers_holder)
        self.offers_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.offers_holder)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.hint)
        right_layout.addWidget(scroll, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.text)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        form = QFormLayout()
        form.addRow("Start from", self.base)
        form.addRow("New version's label", self.label)
        self.error = QLabel(self)
        self.error.setObjectName("new_version_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d64541; font-weight: 600;")
        self.error.hide()
        buttons = QDialogButtonBox(self)
        self.create_button = buttons.addButton(
            "Create the new version", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setObjectName("create_version")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(980, 620)
        self._base_changed()

    def _base_id(self) -> int | None:
        value = self.base.currentData()
        return int(value) if value is not None else None

    def _base_changed(self) -> None:
        base = self.versions.get(self._base_id() or -1)
        text = str(base.values.get(F.resume.plain_text) or "") if base else ""
        self.text.setPlainText(text)
        # The cursor waits where a new bullet goes: after the experience section.
        cursor = self.text.textCursor()
        cursor.setPosition(resume_bullets.insertion_point(text))
        self.text.setTextCursor(cursor)
        taken = [r.values.get(F.resume.label) or "" for r in self.versions.values()]
        # A sent version's label says so ("as sent…"): the new one starts from a neutral name.
        source = (
            base.title if base and not base.values.get(F.resume.sent_on) else "New version (v1)"
        )
        self.label.setText(resume_bullets.next_label(source, taken))
        self.added = []
        self._show_offers()

    def _show_offers(self) -> None:
        while self.offers_layout.count():
            item = self.offers_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        try:
            offers = resume_bullets.offers(self.ctx.db, self.target_id, self.text.toPlainText())
        except Exception:
            log.exception("could not read the experience bullets")
            offers = []
        self.offer_rows: list[_OfferRow] = []
        for offer in offers:
            row = _OfferRow(offer, functools.partial(self.add, offer), self.offers_holder)
            self.offer_rows.append(row)
            self.offers_layout.addWidget(row)
        self.offers_layout.addStretch(1)
        self.hint.setText(
            "Bullets from your experience that this text doesn't have yet. “Add” puts one "
            "where the cursor is."
            if offers
            else "Every experience bullet is already in this text (add a “Resume bullet” to an "
            "experience to see it here)."
        )

    def add(self, offer: BulletOffer) -> None:
        cursor = self.text.textCursor()
        text, end = resume_bullets.add_bullet(
            self.text.toPlainText(), offer.bullet, cursor.position()
        )
        # One edit of the text editor, so Ctrl+Z in the editor takes the bullet back out.
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor.setPosition(end)
        self.text.setTextCursor(cursor)
        self.added.append(offer.experience_id)
        for row in self.offer_rows:
            if row.offer is offer:
                row.button.setEnabled(False)
                row.button.setText("Added")

    def _create(self) -> None:
        base = self.versions.get(self._base_id() or -1)
        change = resume_bullets.new_version(
            self.target_id,
            self.label.text(),
            self.text.toPlainText(),
            base.title if base else None,
            self.added,
        )
        try:
            applied = commit(
                self.ctx,
                [change],
                f"Added the version “{self.label.text().strip()}”",
                "Add a resume version",
            )
        except CHANGE_ERRORS as exc:
            self.error.setText(f"Not created: {first_message(exc)}")
            self.error.show()
            return
        row = applied.rows[0]
        self.created_id = row.id if row is not None else None
        self.accept()
