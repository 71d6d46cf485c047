"""Network tab (step 6): contacts with their keep-in-touch rhythm, the conversations logged
with them, and events with the people met there.

Contacts show when you last talked and when you are next due, overdue in colour *and* in
words (the cadence is core's: ``services/cadence.py``).  "Log conversation…" (Ctrl+L) logs a
conversation in seconds.  An event lists who you met; once it is over, each person not
followed up yet gets a "Log follow-up…" button.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QPushButton, QWidget

from secondchance.core import models as m
from secondchance.core.db import StorageError
from secondchance.core.services import due, records
from secondchance.core.services import field_names as F
from secondchance.core.services.cadence import DEFAULT_DAYS
from secondchance.ui.context import AppContext
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.tabs.base import RecordTab
from secondchance.ui.tabs.network.people_met import PeopleMetPanel
from secondchance.ui.tabs.network.quick_log import QuickLogDialog
from secondchance.ui.tabs.registry import TabSpec
from secondchance.ui.widgets.muted_label import MutedLabel

log = logging.getLogger(__name__)


def _cadence_words() -> str:
    by_days: dict[int, list[str]] = {}
    for relationship, days in DEFAULT_DAYS.items():
        by_days.setdefault(days, []).append(relationship.label.lower())
    parts = [f"{' or '.join(names)} {days}" for days, names in sorted(by_days.items())]
    return (
        "Next due is counted from your last logged conversation — unless you set your own "
        f"rhythm, every {'; '.join(parts)} days."
    )


class NetworkTab(RecordTab):
    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(ctx, spec, parent)
        ctx.changed.connect(self._something_changed)

    # Controls of sub-views that are built when first shown: asking for one builds its view.

    @property
    def only_due(self) -> QCheckBox:
        return cast(QCheckBox, self.views["contact"].findChild(QCheckBox, "only_due_contacts"))

    @property
    def log_button(self) -> QPushButton:
        return cast(QPushButton, self.views["contact"].findChild(QPushButton, "log_conversation"))

    @property
    def upcoming(self) -> QCheckBox:
        return cast(QCheckBox, self.views["event"].findChild(QCheckBox, "upcoming_only"))

    @property
    def people(self) -> PeopleMetPanel:
        return cast(PeopleMetPanel, self.views["event"].findChild(PeopleMetPanel))

    def page_built(self, key: str, page: QWidget) -> None:
        if key == "contact" and isinstance(page, RecordView):
            self._dress_contacts(page)
        elif key == "event" and isinstance(page, RecordView):
            self._dress_events(page)

    def _dress_contacts(self, contacts: RecordView) -> None:
        only_due = QCheckBox("Only due this week", contacts)
        only_due.setObjectName("only_due_contacts")
        only_due.setToolTip("Show only the contacts to get in touch with in the next 7 days")
        only_due.toggled.connect(lambda _on: self._filter_contacts())
        log_button = QPushButton("Log conversation…", contacts)
        log_button.setObjectName("log_conversation")
        log_button.setToolTip(
            "Log a conversation with the selected contact: today, how, one line (Ctrl+L)"
        )
        log_button.clicked.connect(lambda: self.log_conversation())
        contacts.add_toolbar_widget(only_due)
        contacts.add_toolbar_widget(log_button)
        shortcut = QShortcut(QKeySequence("Ctrl+L"), contacts)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.log_conversation())
        note = MutedLabel(contacts, text=_cadence_words())
        note.setObjectName("cadence_note")
        contacts.add_list_footer(note)
        contacts.reloaded.connect(self._update_log_button)
        contacts.table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._update_log_button()
        )

    def _dress_events(self, events: RecordView) -> None:
        upcoming = QCheckBox("Upcoming only", events)
        upcoming.setObjectName("upcoming_only")
        upcoming.setToolTip("Hide the events that are over")
        upcoming.toggled.connect(lambda _on: self._filter_events())
        events.add_toolbar_widget(upcoming)
        people = PeopleMetPanel(events)
        events.add_detail_panel(people)
        people.log_requested.connect(self._log_after_event)
        people.open_contact.connect(lambda cid: self.ctx.open_record.emit("contact", cid))
        events.table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._update_people()
        )
        events.saved.connect(lambda _row: self._update_people())
        events.reloaded.connect(self._update_people)

    # --- contacts ---------------------------------------------------------------------

    def _filter_contacts(self) -> None:
        if not self.only_due.isChecked():
            self.views["contact"].set_row_filter(None)
            return
        horizon = dt.date.today() + dt.timedelta(days=due.WEEK_DAYS)

        def due_soon(row: records.RecordRow) -> bool:
            next_due = row.values.get(F.contact.next_due)
            return isinstance(next_due, dt.date) and next_due <= horizon

        self.views["contact"].set_row_filter(due_soon)

    def _update_log_button(self) -> None:
        self.log_button.setEnabled(self.views["contact"].current_id is not None)

    def log_conversation(self, contact_id: int | None = None) -> None:
        """The quick log for ``contact_id`` (default: the contact selected)."""
        view = self.views["contact"]
        if not view.flush():
            return
        contact_id = contact_id if contact_id is not None else view.current_id
        if contact_id is None:
            self.ctx.status.emit("Select a contact first, then log the conversation.")
            return
        try:
            contact = records.get_record(self.ctx.db, "contact", contact_id)
        except (records.RecordNotFound, StorageError) as exc:
            self.ctx.status.emit(str(exc))
            return
        QuickLogDialog(self.ctx, contact_id, contact.title, self).exec()

    # --- events -----------------------------------------------------------------------

    def _filter_events(self) -> None:
        if not self.upcoming.isChecked():
            self.views["event"].set_row_filter(None)
            return
        today = dt.date.today()

        def upcoming(row: records.RecordRow) -> bool:
            day = row.values.get(F.event.date)
            return not isinstance(day, dt.date) or day >= today

        self.views["event"].set_row_filter(upcoming)

    def _something_changed(self, kind: str) -> None:
        if (
            kind in ("*", "interaction", "contact", "event")
            and self.views.is_built("event")
            and self.people.isVisible()
        ):
            self._update_people()

    def _update_people(self) -> None:
        view = self.views["event"]
        event_id = view.current_id
        if event_id is None:
            self.people.hide()
            return
        try:
            row = records.get_record(self.ctx.db, "event", event_id)
            people = due.people_met(self.ctx.db, event_id)
        except (records.RecordNotFound, StorageError):
            log.exception("could not read who was met at the event")
            self.people.hide()
            return
        day = row.values.get(F.event.date)
        self.people.show_people(people, day if isinstance(day, dt.date) else None, dt.date.today())
        self.people.show()

    def _log_after_event(self, contact_id: int, name: str) -> None:
        view = self.views["event"]
        event_name = ""
        if view.current_id is not None:
            position = view.model.position_of(view.current_id)
            row = view.model.row_at(position)
            event_name = row.title if row is not None else ""
        summary = f"Followed up after {event_name}" if event_name else ""
        QuickLogDialog(self.ctx, contact_id, name, self, m.Channel.message, summary).exec()
        self._update_people()
