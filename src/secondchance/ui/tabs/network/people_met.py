"""Under an event's form: who the person met there, and a prompt to follow up with each one
once the event is over (until a conversation with them is logged)."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from secondchance.core.dates import short_date
from secondchance.core.services.due import MetPerson
from secondchance.ui.widgets.muted_label import MutedLabel


class PeopleMetPanel(QGroupBox):
    log_requested = Signal(int, str)  # contact id, name
    open_contact = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("People you met there", parent)
        self.setObjectName("people_met")
        self._layout = QVBoxLayout(self)
        self._rows: list[QWidget] = []
        self.hint = MutedLabel(self)
        self._layout.addWidget(self.hint)

    def show_people(self, people: list[MetPerson], day: dt.date | None, today: dt.date) -> None:
        for row in self._rows:
            # Out of the layout at once (deleteLater alone would leave it on screen a while).
            row.hide()
            self._layout.removeWidget(row)
            row.deleteLater()
        self._rows = []
        if not people:
            self.hint.setText(
                "Link the people you met (“People met there” above) to be reminded to follow "
                "up with each of them after the event."
            )
            return
        upcoming = day is None or day >= today
        self.hint.setText(
            "After the event, follow up with each person while the conversation is fresh."
            if upcoming
            else "A short message within a few days keeps the door open."
        )
        for person in people:
            row = QWidget(self)
            row.setObjectName(f"met_{person.contact_id}")
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            name = QLabel(f'<a href="open">{html.escape(person.name)}</a>', row)
            name.setTextFormat(Qt.TextFormat.RichText)
            name.setToolTip("Open this contact")
            name.linkActivated.connect(
                lambda _l, cid=person.contact_id: self.open_contact.emit(cid)
            )
            line.addWidget(name, 1)
            if person.followed_up_on is not None:
                done = QLabel(f"✓ followed up {short_date(person.followed_up_on)}", row)
                done.setObjectName("met_done")
                line.addWidget(done)
            elif person.prompt:
                todo = QLabel("Not followed up yet", row)
                todo.setObjectName("met_todo")
                font = todo.font()
                font.setBold(True)
                todo.setFont(font)
                line.addWidget(todo)
                button = QPushButton("Log follow-up…", row)
                button.setObjectName("met_log")
                button.clicked.connect(
                    lambda _c=False, p=person: self.log_requested.emit(p.contact_id, p.name)
                )
                line.addWidget(button)
            self._layout.addWidget(row)
            row.show()
            self._rows.append(row)
