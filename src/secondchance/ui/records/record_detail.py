"""The detail side of a record view: the record's title over its generated form, with room
below for a tab's own panel (a chart of the selected record) — or, when no record is
selected (or the search hides it), a line saying what to do instead of a stale form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from secondchance.core.db import Database
from secondchance.core.services import attachments
from secondchance.core.services.kinds import RecordKind
from secondchance.ui.records.form import RecordForm
from secondchance.ui.widgets.muted_label import MutedLabel


class RecordDetail(QScrollArea):
    def __init__(self, kind: RecordKind, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"detail_{kind.name}")
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
        self.empty = MutedLabel(self)
        self.empty.setObjectName(f"detail_empty_{kind.name}")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        page = QWidget(self)
        self._layout = QVBoxLayout(page)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.form)
        self._layout.addWidget(self.empty, 1)
        self.setWidgetResizable(True)
        self.setWidget(page)

    def add_panel(self, widget: QWidget) -> None:
        """A tab's own panel under the form."""
        self._layout.insertWidget(self._layout.indexOf(self.empty), widget)

    def show_form(self) -> None:
        self.empty.hide()
        self.title.show()
        self.form.show()

    def show_empty(self, text: str) -> None:
        """No record to edit: say what to do instead of showing a form."""
        self.empty.setText(text)
        self.title.hide()
        self.form.hide()
        self.empty.show()

    @property
    def showing_form(self) -> bool:
        return not self.form.isHidden()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.form.set_room(self.viewport().height())
