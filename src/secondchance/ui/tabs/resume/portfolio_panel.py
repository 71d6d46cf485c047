"""Under a portfolio item's form: which skills it proves, the feedback those skills answer,
and buttons that open its link or its file."""

from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from secondchance.core.db import StorageError
from secondchance.core.services import attachments, portfolio_proof, records
from secondchance.core.services import field_names as F
from secondchance.ui.context import AppContext

log = logging.getLogger(__name__)


class PortfolioProofPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("portfolio_proof")
        self.proves = QLabel(self)
        self.proves.setObjectName("portfolio_proves")
        self.proves.setWordWrap(True)
        self.proves.setTextFormat(Qt.TextFormat.RichText)
        self.proves.linkActivated.connect(self._open_link)
        self.open_link = QPushButton("Open link", self)
        self.open_link.setObjectName("portfolio_open_link")
        self.open_link.clicked.connect(self._open_url)
        self.open_file = QPushButton("Open file", self)
        self.open_file.setObjectName("portfolio_open_file")
        self.open_file.clicked.connect(self._open_file)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_link)
        buttons.addWidget(self.open_file)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.proves)
        layout.addLayout(buttons)
        self._values: dict[str, Any] = {}
        self.show_item(None)

    def show_item(self, row: records.RecordRow | None) -> None:
        self._values = dict(row.values) if row is not None else {}
        self.open_link.setEnabled(bool(self._values.get(F.portfolio.url)))
        self.open_file.setEnabled(bool(self._values.get(F.portfolio.file)))
        if row is None:
            self.proves.setText("")
            self.hide()
            return
        self.show()
        try:
            proof = portfolio_proof.proof_of(self.ctx.db, row.id)
        except (records.RecordNotFound, StorageError):
            self.proves.setText("")
            return
        if not proof.skills:
            self.proves.setText(
                "<b>Proves:</b> no skill yet. Link the skills this work shows (above), and it "
                "will count as proof in the coverage and answer the feedback about them."
            )
            return
        parts = [f"<b>Proves:</b> {html.escape(', '.join(proof.skills))}"]
        if proof.feedback:
            items = []
            for item in proof.feedback[:5]:
                text = item.text if len(item.text) <= 120 else item.text[:119] + "…"
                items.append(f'<li><a href="feedback:{item.id}">{html.escape(text)}</a></li>')
            parts.append("<b>Answers the feedback:</b><ul>" + "".join(items) + "</ul>")
        else:
            parts.append("No feedback names these skills.")
        self.proves.setText("<br>".join(parts))

    def _open_link(self, link: str) -> None:
        if link.startswith("feedback:"):
            self.ctx.open_record.emit("feedback", int(link.split(":", 1)[1]))

    def _open_url(self) -> None:
        url = str(self._values.get(F.portfolio.url) or "")
        if url and not QDesktopServices.openUrl(QUrl(url)):
            self.ctx.status.emit(f"Couldn't open {url}: no program for such links.")

    def _open_file(self) -> None:
        stored = self._values.get(F.portfolio.file)
        if not stored:
            return
        try:
            path = attachments.path_of(self.ctx.db, str(stored))
        except OSError as exc:
            self.ctx.status.emit(str(exc))
            return
        if not path.is_file():
            self.ctx.status.emit(
                f"“{attachments.display_name(str(stored))}” is missing from your data folder."
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
