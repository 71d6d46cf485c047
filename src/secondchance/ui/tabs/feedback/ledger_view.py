"""The growth ledger as a tree: feedback → what I did → skills → activities and experiences.

Read-only: every line names a record, and double-clicking (or Enter) opens it where it is
edited, so the chain can be followed to the course and the project that prove it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QPalette,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
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

from secondchance.core.dates import medium_date
from secondchance.core.services.ledger import (
    Evidence,
    Ledger,
    LedgerEntry,
    LedgerSkill,
    build_ledger,
)
from secondchance.ui import theme
from secondchance.ui.context import AppContext
from secondchance.ui.records.table_model import tone_colour
from secondchance.ui.widgets.empty_state import EmptyState
from secondchance.ui.widgets.muted_label import MutedLabel

log = logging.getLogger(__name__)

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # (kind name, id) of the record a line names
COLUMNS = ("Feedback → what I did → evidence", "Status", "Proof")


def good_colour(palette: QPalette) -> QColor:
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#81c784" if dark else "#1b5e20")


def _shorten(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Tree(QTreeView):
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
        self.only_open.toggled.connect(lambda _on: self.reload())
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.only_open)

        self.model = QStandardItemModel(self)
        self.tree = _Tree(self)
        self.tree.setObjectName("ledger_tree")
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.activated.connect(self._open)
        self.tree.doubleClicked.connect(self._open)
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

        ctx.changed.connect(self._something_changed)
        # Its colours are set per line when it is filled: fill it again for a new theme.
        theme.NOTIFIER.changed.connect(self._something_changed)
        ctx.target_changed.connect(lambda _t: self._something_changed("*"))

    # --- loading --------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _something_changed(self, _kind: str) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._stale = False
        expanded = self._expanded_keys()
        self.model.clear()
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        if self.ctx.target_id is None:
            self.ledger = None
            self.stack.setCurrentIndex(0)
            return
        try:
            self.ledger = build_ledger(self.ctx.db, self.ctx.target_id)
        except Exception:
            log.exception("could not build the ledger")
            self.ctx.status.emit("Couldn't build the ledger; see the log file.")
            return
        entries = self.ledger.entries
        self.stack.setCurrentIndex(1 if entries else 0)
        complete = sum(1 for e in entries if e.complete)
        self.summary.setText(
            f"{len(entries)} feedback items: {complete} addressed with evidence, "
            f"{len(entries) - complete} with something still open."
        )
        for entry in entries:
            if self.only_open.isChecked() and entry.complete:
                continue
            self.model.appendRow(self._entry_row(entry))
        self._restore_expansion(expanded)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 200)

    # --- building rows --------------------------------------------------------------

    def _row(
        self,
        text: str,
        status: str = "",
        proof: str = "",
        record: tuple[str, int] | None = None,
        tone: str | None = None,
        tooltip: str = "",
    ) -> list[QStandardItem]:
        palette = QGuiApplication.palette()
        items = [QStandardItem(text), QStandardItem(status), QStandardItem(proof)]
        for item in items:
            item.setEditable(False)
            if record is not None:
                item.setData(record, RECORD_ROLE)
            if tooltip:
                item.setToolTip(tooltip)
        if tone == "good":
            items[1].setForeground(good_colour(palette))
        elif tone in ("warning", "muted"):
            for item in items if tone == "muted" else items[:2]:
                item.setForeground(tone_colour(tone, palette))
        if proof:
            items[2].setToolTip(proof)
        return items

    def _entry_row(self, entry: LedgerEntry) -> list[QStandardItem]:
        when = f"{medium_date(entry.received_on)} · " if entry.received_on else ""
        head = f"{entry.theme}: “{_shorten(entry.text)}”"
        status = "Addressed ✓" if entry.complete else entry.status
        row = self._row(
            head,
            status,
            "",
            ("feedback", entry.feedback_id),
            "good" if entry.complete else None,
            tooltip=f"{when}{entry.source}"
            + (f", {entry.round}" if entry.round else "")
            + f"\n\n{entry.text}",
        )
        font = QFont(row[0].font())
        font.setBold(True)
        row[0].setFont(font)
        parent = row[0]
        if entry.response:
            parent.appendRow(
                self._row(
                    f"What I did: {_shorten(entry.response, 220)}",
                    record=("feedback", entry.feedback_id),
                    tooltip=entry.response,
                )
            )
        for skill in entry.skills:
            parent.appendRow(self._skill_row(skill))
        for note in entry.still_open:
            parent.appendRow(
                self._row(
                    f"Still open: {note}", record=("feedback", entry.feedback_id), tone="warning"
                )
            )
        return row

    def _skill_row(self, skill: LedgerSkill) -> list[QStandardItem]:
        level = f"level {skill.current_level} of {skill.required_level}"
        status = "Gap closed" if skill.gap == 0 else f"{skill.gap} to go"
        row = self._row(
            f"Skill: {skill.name} ({level})",
            status,
            record=("skill", skill.id),
            tone="good" if skill.gap == 0 else None,
        )
        if not skill.evidence:
            row[0].appendRow(
                self._row(
                    "No activity or experience for this skill yet",
                    tone="muted",
                    record=("skill", skill.id),
                )
            )
        for evidence in skill.evidence:
            row[0].appendRow(self._evidence_row(evidence))
        return row

    def _evidence_row(self, evidence: Evidence) -> list[QStandardItem]:
        noun = "Activity" if evidence.kind == "activity" else "Experience"
        status = evidence.status
        if evidence.date is not None and (evidence.done or evidence.kind == "activity"):
            status += (
                f", {medium_date(evidence.date)}"
                if evidence.done
                else f", due {medium_date(evidence.date)}"
            )
        tone = "good" if evidence.done else ("muted" if evidence.dropped else None)
        return self._row(
            f"{noun}: {evidence.title}",
            status,
            evidence.proof or "",
            (evidence.kind, evidence.id),
            tone,
        )

    # --- expansion survives a reload --------------------------------------------------

    def _expanded_keys(self) -> set[tuple[object, ...]]:
        keys: set[tuple[object, ...]] = set()

        def walk(parent: QModelIndex, path: tuple[object, ...]) -> None:
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                key = (*path, index.data(RECORD_ROLE), index.data())
                if self.tree.isExpanded(index):
                    keys.add(key)
                walk(index, key)

        if self.model.rowCount() and not self._first_load:
            walk(QModelIndex(), ())
        return keys

    def _restore_expansion(self, keys: set[tuple[object, ...]]) -> None:
        if self._first_load or not keys:
            # First look: feedback and skills open, so the chain reads without clicking.
            self._first_load = False
            self.tree.expandToDepth(1)
            return

        def walk(parent: QModelIndex, path: tuple[object, ...]) -> None:
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                key = (*path, index.data(RECORD_ROLE), index.data())
                if key in keys:
                    self.tree.setExpanded(index, True)
                walk(index, key)

        walk(QModelIndex(), ())

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
