"""What is due across every target — overdue, today, this week — each with one click that
settles it (done, logged, practised, applied again) and a snooze.

The items and their actions are core's (``services/due.py``); each click is one unit of work
and one undo step.  Double-click (or Enter) opens the record the item is about.

The page is built in the window's first look, before SQLAlchemy and the services are
imported: it shows the items read then, and imports what changes them on the first click.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.dates import medium_date, short_date
from secondchance.core.errors import StorageError
from secondchance.core.services.due_items import Action, Bucket, DueItem, summarise
from secondchance.ui.context import AppContext
from secondchance.ui.tabs.agenda import reminders
from secondchance.ui.tabs.agenda.rows_model import CELL_TEXT, PAYLOAD_ROLE, Row, RowsModel
from secondchance.ui.widgets.empty_state import EmptyState
from secondchance.ui.widgets.list_table import set_up_list_table
from secondchance.ui.widgets.muted_label import MutedLabel

if TYPE_CHECKING:
    from secondchance.core.services.changes import Change

log = logging.getLogger(__name__)

HEADERS = ("When", "What", "Details", "Target", "")
SNOOZES = ((1, "Tomorrow"), (3, "In 3 days"), (7, "In a week"), (14, "In 2 weeks"))
_BUCKET_ORDER = {Bucket.overdue: 0, Bucket.today: 1, Bucket.week: 2}


class _Day(NamedTuple):
    """What every item due on one day shows alike."""

    when: str
    date: str
    order: tuple[int, int]
    tone: str | None
    keys: tuple[Any, ...]  # of an item with a target
    keys_no_target: tuple[Any, ...]


# Buttons made per turn of the event loop for the rows just outside the view.
MARGIN_ROWS_A_TURN = 8
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def when_text(item: DueItem, today: dt.date) -> str:
    """Words, not only colour: "Overdue · 12 days", "Today", "Thu 14 Mar"."""
    days = (item.due - today).days
    if days < 0:
        return f"Overdue · {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Today"
    if days == 1:
        return "Tomorrow"
    return f"{_WEEKDAYS[item.due.weekday()]} {short_date(item.due).rsplit(' ', 1)[0]}"


class _Table(QTableView):
    open_current = Signal()
    # The rows in view change with the viewport's size, which is set after the page's own
    # resize (buttons placed then were placed for the old size: the first row only).
    viewport_resized = Signal()

    def viewportEvent(self, event: QEvent) -> bool:
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize:
            self.viewport_resized.emit()
        return handled

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_current.emit()
            return
        super().keyPressEvent(event)


class DuePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("due_page")
        self._stale = True
        self.today: Callable[[], dt.date] = dt.date.today  # tests fix the day here
        self.items: list[DueItem] = []

        self.summary = QLabel(self)
        self.summary.setObjectName("due_summary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary.setFont(font)
        self.search = QLineEdit(self)
        self.search.setObjectName("search_due")
        self.search.setPlaceholderText("Search what's due…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.setMinimumWidth(240)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.search)

        self.model = RowsModel(HEADERS, self)
        self.table = _Table(self)  # the look of every list, and Enter opens
        self._setup_table()
        hint = MutedLabel(
            self,
            text="Double-click a line to open it. Every button is one step that Ctrl+Z undoes.",
        )
        self.open_first = QCheckBox("Open here on days something is due", self)
        self.open_first.setObjectName("due_open_first")
        self.open_first.setChecked(reminders.open_first_enabled())
        self.open_first.toggled.connect(reminders.set_open_first)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.open_first)

        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(top)
        page_layout.addWidget(self.table, 1)
        page_layout.addLayout(bottom)
        self.empty = EmptyState(
            "Nothing is due this week. Follow-ups, people to keep in touch with, questions "
            "to practise, plan items and the day you may reapply show up here when they come "
            "due — across all your targets.",
            "Log a conversation in Network",
            self,
        )
        self.empty.setObjectName("empty_due")
        self.empty.activated.connect(lambda: self.ctx.open_view.emit("contact"))
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.stack)
        ctx.changed.connect(self._something_changed)

    def _setup_table(self) -> None:
        table = set_up_list_table(self.table, "table_due", self.model, "what is due")
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # As wide as a row's buttons (measured once): fitting it to its contents asked every
        # row of a long list for its size.
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Fixed)
        table.doubleClicked.connect(self._open)
        self.table.open_current.connect(lambda: self._open(self.table.currentIndex()))
        self.model.layoutChanged.connect(self._place_buttons)
        self._row_height: int | None = None
        self._margin: list[int] = []  # rows near the view still waiting for their buttons
        self._margin_timer = QTimer(self)
        self._margin_timer.setSingleShot(True)
        self._margin_timer.setInterval(0)
        self._margin_timer.timeout.connect(self._place_margin)
        self.table.verticalScrollBar().valueChanged.connect(lambda _v: self._place_visible())
        self.table.viewport_resized.connect(self._place_visible)
        self.ctx.data_attached.connect(self._place_visible)
        self.model.modelReset.connect(self._place_buttons)

    # --- loading ----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.open_first.setChecked(reminders.open_first_enabled())
        if self._stale:
            self.reload()

    def _something_changed(self, _kind: str) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._stale = False
        today = self.today()
        try:
            read = self.ctx.due_read(today)
            if read is None:
                from secondchance.core.services import due

                read = due.due_items(self.ctx.db, today)
            self.items = read
        except StorageError:
            log.exception("could not list what is due")
            self.ctx.status.emit("Couldn't read what is due; see the log file.")
            return
        days: dict[dt.date, _Day] = {}
        rows = [self._row(item, today, days) for item in self.items]
        self.model.set_rows(rows)
        summary = summarise(self.items, today)
        parts = [
            f"{summary.overdue} overdue" if summary.overdue else "",
            f"{summary.today} due today" if summary.today else "",
            f"{summary.week} later this week" if summary.week else "",
        ]
        self.summary.setText(" · ".join(p for p in parts if p) or "Nothing due")
        self.stack.setCurrentIndex(1 if self.items else 0)
        if self.items:
            header = self.table.horizontalHeader()
            for column, width in ((0, 130), (2, 220), (3, 190)):
                if header.sectionSize(column) < width:
                    self.table.setColumnWidth(column, width)

    def _row(self, item: DueItem, today: dt.date, days: dict[dt.date, _Day] | None = None) -> Row:
        """``days``: what each due day shows, worked out once per day (a week of 12 000 items
        falls on a handful of days; each date's text asks for the date order)."""
        day = days.get(item.due) if days is not None else None
        if day is None:
            bucket = item.bucket(today)
            order = (_BUCKET_ORDER[bucket], item.due.toordinal())
            day = _Day(
                when_text(item, today),
                medium_date(item.due),
                order,
                "warning" if bucket is Bucket.overdue else None,
                (order, CELL_TEXT, CELL_TEXT, CELL_TEXT, None),
                (order, CELL_TEXT, CELL_TEXT, None, None),  # "—" sorts last
            )
            if days is not None:
                days[item.due] = day
        return Row(
            cells=(day.when, item.title, item.detail, item.target or "—", ""),
            keys=day.keys if item.target else day.keys_no_target,
            payload=item,
            tone=day.tone,
            tips=(day.date, item.title, item.detail, item.target),
        )

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)

    # --- one click each ----------------------------------------------------------------

    def _place_buttons(self) -> None:
        """Rows are as tall as their buttons; the buttons are made for the rows in view (and
        a screenful either side) as they come into view: a week of 1 000 items made 1 000
        button boxes and froze the window for a second and a half."""
        if self._row_height is None and self.model.rowCount():
            row = self.model.row_at(0)
            if row is not None:
                sample = self._actions(row.payload)
                hint = sample.sizeHint()
                self._row_height = max(hint.height(), self.fontMetrics().height() + 8)
                self.table.verticalHeader().setDefaultSectionSize(self._row_height)
                # Wide enough for the longest action's button, whichever rows come.
                primary = sample.findChild(QPushButton, "due_settle")
                assert primary is not None
                widest = max(primary.fontMetrics().horizontalAdvance(a.label) for a in Action)
                extra = max(widest - primary.fontMetrics().horizontalAdvance(primary.text()), 0)
                self.table.setColumnWidth(4, hint.width() + extra + 6)
                sample.hide()  # not drawn over the header until it is deleted
                sample.deleteLater()
        self._place_visible()

    def _place_visible(self) -> None:
        """Buttons for the rows in view now; a screenful either side follows, a few rows a
        turn (each box costs a few milliseconds to make and lay out: forty of them at once
        froze the window's first showing for a tenth of a second)."""
        count = self.model.rowCount()
        if not count:
            return
        viewport = self.table.viewport().height()
        if viewport <= 0:
            return  # not laid out yet: its first real size places them
        first = max(self.table.rowAt(0), 0)
        last = self.table.rowAt(viewport - 1)
        last = count - 1 if last < 0 else last
        self._place(range(first, min(last + 1, count)))
        margin = max(last - first, 20)
        self._margin = [
            p
            for p in (
                *range(last + 1, last + margin + 1),
                *range(first - 1, first - margin - 1, -1),
            )
            if 0 <= p < count
        ]
        # Not while the window shows its first look: made beside the worker opening the
        # data, a few boxes a turn froze the window for a quarter second (Python's lock).
        if self._margin and self.ctx.attached:
            self._margin_timer.start()

    def _place_margin(self) -> None:
        batch, self._margin = self._margin[:MARGIN_ROWS_A_TURN], self._margin[MARGIN_ROWS_A_TURN:]
        self._place(batch)
        if self._margin:
            self._margin_timer.start()

    def _place(self, positions: Iterable[int]) -> None:
        count = self.model.rowCount()
        for position in positions:
            if position >= count:
                continue
            index = self.model.index(position, 4)
            if self.table.indexWidget(index) is not None:
                continue
            row = self.model.row_at(position)
            if row is not None:
                self.table.setIndexWidget(index, self._actions(row.payload))

    def _actions(self, item: DueItem) -> QWidget:
        box = QWidget(self.table)
        box.setObjectName(f"due_actions_{item.key}")
        line = QHBoxLayout(box)
        line.setContentsMargins(2, 1, 2, 1)
        line.setSpacing(4)
        primary = QPushButton(item.action.label, box)
        primary.setObjectName("due_settle")
        primary.setToolTip(self._settle_tip(item))
        primary.clicked.connect(lambda _c=False, i=item: self.settle(i))
        line.addWidget(primary)
        more = QToolButton(box)
        more.setObjectName("due_more")
        more.setText("Snooze" if item.snoozable else "More")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(more)
        if item.snoozable:
            for days, label in SNOOZES:
                action = menu.addAction(f"Remind me {label.lower()}")
                action.setObjectName(f"snooze_{days}")
                action.triggered.connect(lambda _c=False, i=item, d=days: self.snooze(i, d))
            menu.addSeparator()
        if item.contact_id is not None:
            log_action = menu.addAction("Log with details…")
            log_action.triggered.connect(lambda _c=False, i=item: self._log_details(i))
        menu.addAction("Open").triggered.connect(lambda _c=False, i=item: self.open_item(i))
        more.setMenu(menu)
        # Room for the text and the menu arrow, which Fusion otherwise draws over the text.
        more.setMinimumWidth(more.sizeHint().width() + 14)
        line.addWidget(more)
        return box

    @staticmethod
    def _settle_tip(item: DueItem) -> str:
        return {
            Action.done: "Mark it done",
            Action.logged: "Log that you got in touch today (add details from “Snooze ▾”)",
            Action.practised: "Log that you practised it today",
            Action.applied: "Record that you applied again today",
        }[item.action]

    def settle(self, item: DueItem) -> None:
        from secondchance.core.services import due

        self._commit(due.settle(item, self.today()), item, f"{item.action.label}: {item.title}")

    def snooze(self, item: DueItem, days: int) -> None:
        from secondchance.core.services import due

        try:
            changes = due.snooze(item, days, self.today())
        except ValueError as exc:
            self.ctx.status.emit(str(exc))
            return
        until = short_date(self.today() + dt.timedelta(days=days))
        self._commit(changes, item, f"Snoozed until {until}: {item.title}")

    def _commit(self, changes: list[Change], item: DueItem, words: str) -> None:
        from secondchance.core.services.fields import first_message
        from secondchance.ui.records.commands import CHANGE_ERRORS, commit

        try:
            # Undo brings the item back here, in the Due view, rather than opening its list.
            commit(self.ctx, changes, f"{words} — Ctrl+Z undoes it", words, reveal=False)
        except CHANGE_ERRORS as exc:
            self.ctx.status.emit(f"Not changed: {first_message(exc)}")
            self.reload()

    def _log_details(self, item: DueItem) -> None:
        from secondchance.ui.tabs.network.quick_log import QuickLogDialog

        assert item.contact_id is not None
        name = item.title.removeprefix("Follow up with ").removeprefix("Get in touch with ")
        QuickLogDialog(self.ctx, item.contact_id, name, self).exec()

    def _open(self, index: QModelIndex) -> None:
        item = index.data(PAYLOAD_ROLE) if index.isValid() else None
        if isinstance(item, DueItem):
            self.open_item(item)

    def open_item(self, item: DueItem) -> None:
        if item.kind == "target":
            self.ctx.choose_target.emit(item.record_id)  # shown on the Overview
            return
        if item.source == "contact" or item.source == "event":
            assert item.contact_id is not None
            self.ctx.open_record.emit("contact", item.contact_id)
            return
        self.ctx.open_record.emit(item.kind, item.record_id)
