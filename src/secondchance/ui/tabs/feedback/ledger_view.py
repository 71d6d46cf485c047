"""The growth ledger as a tree: feedback → what I did → skills → activities and experiences.

Read-only: every line names a record, and double-clicking (or Enter) opens it where it is
edited, so the chain can be followed to the course and the project that prove it.  Lines
are made when their parent opens (``LedgerModel``); a large ledger is read off the GUI
thread while the last one stays on screen: first its first screenful (``build_ledger_head``,
30 ms at 100 000 items), shown at once, then the whole (0.3–0.7 s), which replaces it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services.ledger import (
    HEAD,
    Ledger,
    build_ledger,
    build_ledger_head,
    feedback_count,
)
from secondchance.ui import theme
from secondchance.ui.context import AppContext
from secondchance.ui.tabs.feedback.ledger_model import (
    COLUMNS,
    RECORD_ROLE,
    LedgerModel,
    good_colour,
)
from secondchance.ui.widgets.empty_state import EmptyState
from secondchance.ui.widgets.muted_label import MutedLabel
from secondchance.ui.worker import Background

log = logging.getLogger(__name__)

__all__ = ["COLUMNS", "RECORD_ROLE", "LedgerView", "good_colour"]

# Feedback items beyond which the ledger is read off the GUI thread (~60 ms at 2 500), and
# beyond which its first screenful of FIRST_SCREENFUL items is read and shown before the
# whole (0.3–0.7 s at 25 000–99 600; at 2 500 the whole came ~60 ms later for it).
SMALL_LEDGER = 1000
FIRST_SCREENFUL_FROM = 5000
FIRST_SCREENFUL = HEAD
# What the ledger shows comes from these kinds only.
_SHOWN_KINDS = frozenset({"feedback", "skill", "activity", "experience", "round", "target", "*"})
# At first look the feedback and its skills are open, for this many feedback items (more
# would make every line of a long ledger at once); the rest open on a click.
OPEN_AT_FIRST = 20


class _Tree(QTreeView):
    painted = Signal()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class LedgerView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("ledger_view")
        self._stale = True
        self._first_load = True
        self.ledger: Ledger | None = None

        self.summary = QLabel(self)
        self.summary.setObjectName("ledger_summary")
        self.summary.setWordWrap(True)
        self.only_open = QCheckBox("Only what's still open", self)
        self.only_open.setObjectName("ledger_only_open")
        self.only_open.toggled.connect(lambda _on: self._refilter())
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.only_open)

        self.model = LedgerModel(self)
        self.tree = _Tree(self)
        self.tree.setObjectName("ledger_tree")
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        # One line a scroll step (Qt's default for a tree, pinned: show_more_at_the_end
        # reads the end of the list from the bar).
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 170)
        header.resizeSection(2, 200)
        # What is open, kept as the person opens and closes lines (asking the tree line by
        # line would make every line of a long ledger).
        self._open_keys: set[tuple[object, ...]] = set()
        self.tree.expanded.connect(lambda index: self._opened(index, True))
        self.tree.collapsed.connect(lambda index: self._opened(index, False))
        self.tree.activated.connect(self._open)
        self.tree.doubleClicked.connect(self._open)
        # A long ledger's next top lines come once the last ones are in view (queued: the
        # range changes while the tree lays itself out, which must end before rows come).
        bar = self.tree.verticalScrollBar()
        queued = Qt.ConnectionType.QueuedConnection
        bar.valueChanged.connect(self._scrolled, queued)
        bar.rangeChanged.connect(self._range_changed, queued)
        # Lines that all fit leave the bar as it was (no signal): a painted view checks too.
        self.tree.painted.connect(self.show_more_at_the_end, queued)
        hint = MutedLabel(self, text="Double-click a line (or press Enter) to open that record.")

        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(top)
        page_layout.addWidget(self.tree, 1)
        page_layout.addWidget(hint)

        self.empty = EmptyState(
            "The ledger follows each piece of feedback to what you did about it and the "
            "evidence that shows it. Add the feedback you received first.",
            "Add feedback",
            self,
        )
        self.empty.setObjectName("empty_ledger")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.stack)

        # Each read is numbered: a result of a read since superseded is dropped.
        self._reads = 0
        self._background = Background(0, self, holds_collection=True)
        self._background.finished.connect(self._whole_read)
        self._background.failed.connect(self._failed)
        # A large ledger's first screenful, read before the whole (see the module docstring).
        self._head = Background(0, self, holds_collection=True)
        self._head.finished.connect(self._show_head)
        self._head.failed.connect(self._head_failed)
        self._items = 0  # feedback items of the ledger being read
        self.partial = False  # only the first screenful is shown; the whole is being read
        ctx.changed.connect(self._something_changed)
        # Its colours come from the palette as lines are drawn: a new theme only repaints.
        theme.NOTIFIER.changed.connect(self._repaint)
        ctx.target_changed.connect(lambda _t: self._something_changed("*"))

    def _repaint(self, _theme: str) -> None:
        self.tree.viewport().update()

    # --- loading --------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _something_changed(self, kind_name: str) -> None:
        if kind_name not in _SHOWN_KINDS:
            return
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._stale = False
        target_id = self.ctx.target_id
        if target_id is None:
            self.ledger = None
            self.model.set_entries([])
            self.stack.setCurrentIndex(0)
            return
        db = self.ctx.db
        self._reads += 1
        read = self._reads
        try:
            items = feedback_count(db, target_id)
        except Exception:
            log.exception("could not count the feedback; reading the ledger here")
            items = 0
        self._items = items
        if items <= SMALL_LEDGER:
            self._background.run_now(lambda: (read, build_ledger(db, target_id)))
            return
        self.summary.setText("Reading the ledger…")
        # There is feedback: the page says it is being read, not the empty state's
        # "add the feedback you received first".
        self.stack.setCurrentIndex(1)
        if items <= FIRST_SCREENFUL_FROM:
            self._read_whole(read, target_id)
            return
        first = FIRST_SCREENFUL
        self._head.request(
            lambda: (read, build_ledger_head(db, target_id, first=first)), delay=False
        )

    def _show_head(self, result: tuple[int, Ledger]) -> None:
        read, head = result
        if read != self._reads:
            return  # a reload since asked again
        shown = self.ledger
        if shown is None or shown.target_id != head.target_id or self.partial:
            # Nothing of this target's on screen yet. After an edit the whole ledger read
            # before stays until the new one is in (a head would drop where the person is).
            self._show_ledger(head, of=self._items)
        self._read_whole(read, head.target_id)

    def _head_failed(self, _error: object) -> None:
        target_id = self.ctx.target_id
        if target_id is not None:
            self._read_whole(self._reads, target_id)

    def _read_whole(self, read: int, target_id: int) -> None:
        db = self.ctx.db
        self._background.request(lambda: (read, build_ledger(db, target_id)), delay=False)

    def _whole_read(self, result: tuple[int, Ledger]) -> None:
        read, ledger = result
        if read == self._reads:
            self._show_ledger(ledger)

    def pending(self) -> bool:
        return self._head.pending() or self._background.pending()

    def _refilter(self) -> None:
        if self.ledger is None:
            self.reload()
        else:
            self._show_ledger(self.ledger, of=self._items if self.partial else None)

    def _failed(self, _error: object) -> None:
        if self.partial and self.ledger is not None:
            self.summary.setText(
                f"The first {len(self.ledger.entries)} of {self._items} feedback items only: "
                "the rest couldn't be read (see the log file)."
            )
        self.ctx.status.emit("Couldn't build the ledger; see the log file.")

    def _show_ledger(self, ledger: Ledger, of: int | None = None) -> None:
        """Show ``ledger``; ``of``: it is the first screenful of a ledger of that many items,
        whose whole is being read."""
        if ledger.target_id != self.ctx.target_id:
            return
        expanded = self._expanded_keys()
        self.ledger = ledger
        self.partial = of is not None
        entries = ledger.entries
        self.stack.setCurrentIndex(1 if entries or of else 0)
        if of is not None:
            self.summary.setText(
                f"The first {len(entries)} of {of} feedback items; reading the rest…"
            )
        else:
            complete = sum(entries.complete)
            self.summary.setText(
                f"{len(entries)} feedback items: {complete} addressed with evidence, "
                f"{len(entries) - complete} with something still open."
            )
        if self.only_open.isChecked():
            entries = entries.where(lambda is_complete: not is_complete)
        self.model.set_entries(entries)
        self._restore_expansion(expanded)
        self._size_status_column()

    def _size_status_column(self, sample: int = 40) -> None:
        """The status column as wide as the statuses of the first lines on show (fitting it
        to every line would make every line; closed ones are left unmade)."""
        metrics = self.tree.fontMetrics()
        texts = [COLUMNS[1]]

        def add(parent: QModelIndex) -> None:
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                texts.append(str(index.siblingAtColumn(1).data() or ""))
                if self.tree.isExpanded(index):
                    add(index)

        for row in range(min(self.model.rowCount(), sample)):
            top = self.model.index(row, 0)
            texts.append(str(top.siblingAtColumn(1).data() or ""))
            if self.tree.isExpanded(top):
                add(top)
        width = max(metrics.horizontalAdvance(text) for text in texts) + 24
        self.tree.header().resizeSection(1, min(max(width, 120), 320))

    # --- a long ledger, a batch at a time ----------------------------------------------

    def _scrolled(self, _value: int) -> None:
        self.show_more_at_the_end()

    def _range_changed(self, _low: int, _high: int) -> None:
        self.show_more_at_the_end()

    def show_more_at_the_end(self) -> None:
        """The next batch of top lines, when the list is scrolled to its end (or they all
        fit): with one line a scroll step, the end is where the bar is at its maximum."""
        bar = self.tree.verticalScrollBar()
        if self.model.more_to_show() and bar.value() >= bar.maximum():
            self.model.show_more()

    # --- expansion survives a reload --------------------------------------------------

    def _opened(self, index: QModelIndex | QPersistentModelIndex, is_open: bool) -> None:
        line = self.model.line(index)
        if line is not None:
            (self._open_keys.add if is_open else self._open_keys.discard)(line.key())

    def _expanded_keys(self) -> set[tuple[object, ...]]:
        return set() if self._first_load else set(self._open_keys)

    def _restore_expansion(self, keys: set[tuple[object, ...]]) -> None:
        self._open_keys = set()
        if self._first_load or not keys:
            # First look: feedback and skills open, so the chain reads without clicking.
            self._first_load = False
            for row in range(min(self.model.rowCount(), OPEN_AT_FIRST)):
                entry = self.model.index(row, 0)
                self.tree.expand(entry)
                for child in range(self.model.rowCount(entry)):
                    self.tree.expand(self.model.index(child, 0, entry))
            return
        # Shallow keys first: a line opens under its open parent.
        for key in sorted(keys, key=len):
            record = key[0] if key else None  # a feedback item's line is named by its record
            if not isinstance(record, tuple) or record[0] != "feedback":
                continue
            row = self.model.row_of(int(record[1]))
            if row < 0:
                continue
            index = self.model.index(row, 0)
            for part in key[1:]:
                index = self._child_named(index, part)
                if not index.isValid():
                    break
            if index.isValid():
                self.tree.setExpanded(index, True)

    def _child_named(self, parent: QModelIndex, part: object) -> QModelIndex:
        for position in range(self.model.rowCount(parent)):
            child = self.model.index(position, 0, parent)
            line = self.model.line(child)
            if line is not None and (line.record, line.text) == part:
                return child
        return QModelIndex()

    # --- following the chain ----------------------------------------------------------

    def _open(self, index: QModelIndex | QPersistentModelIndex) -> None:
        record = index.data(RECORD_ROLE)
        if record:
            kind_name, record_id = record
            self.ctx.open_record.emit(str(kind_name), int(record_id))

    def find_row(self, text: str) -> QModelIndex:
        """The first line whose text contains ``text`` (tests and screenshots use it)."""
        matches = self.model.match(
            self.model.index(0, 0),
            Qt.ItemDataRole.DisplayRole,
            text,
            1,
            Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive,
        )
        return matches[0] if matches else QModelIndex()
