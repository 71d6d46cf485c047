"""The detail side of a record view: the record's title over its generated form, with room
below for a tab's own panel (a chart of the selected record)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from secondchance.core.db import Database
from secondchance.core.services import attachments
from secondchance.core.services.kinds import RecordKind
from secondchance.ui.records.form import RecordForm


class RecordDetail(QScrollArea):
    def __init__(self, kind: RecordKind, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = RecordForm(
            kind,
            attachments=(
                lambda source: attachments.store_file(db, source),
                lambda stored: attachments.path_of(db, stored),
            ),
            parent=self,
        )
        self.title = QLabel(self)
        self.title.setObjectName(f"form_title_{kind.name}")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        page = QWidget(self)
        self._layout = QVBoxLayout(page)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.form)
        self.setWidgetResizable(True)
        self.setWidget(page)

    def add_panel(self, widget: QWidget) -> None:
        """A tab's own panel under the form."""
        self._layout.addWidget(widget)
