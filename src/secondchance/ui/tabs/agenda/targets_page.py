"""Every target, archived ones too: where each application stands, the reapplication's
outcome, and the attempts that followed one another.  Archive, bring back, open."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.dates import short_date
from secondchance.core.db import StorageError
from secondchance.core.services import attempts
from secondchance.core.services.attempts import TargetSummary
from secondchance.core.services.fields import first_message
from secondchance.ui.context import AppContext
from secondchance.ui.records.commands import CHANGE_ERRORS, commit
from secondchance.ui.tabs.agenda.rows_model import PAYLOAD_ROLE, Row, RowsModel
from secondchance.ui.widgets.list_table import list_table

log = logging.getLogger(__name__)

HEADERS = ("Target", "Status", "Rejected", "Applied again", "Outcome", "Archived")


def _day(value: object) -> tuple[str, object]:
    if isinstance(value, dt.date):
        return short_date(value), value.toordinal()
    return "", None


class TargetsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("targets_page")
        self._stale = True
        self.summaries: list[TargetSummary] = []

        intro = QLabel(
            "Every application, the archived ones too. An earlier attempt that a newer one "
            "started from is kept as it was, so you can compare the two.",
            self,
        )
        intro.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("search_targets")
        self.search.setPlaceholderText("Search targets…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.show_archived = QCheckBox("Show archived", self)
        self.show_archived.setObjectName("show_archived")
        self.show_archived.setChecked(True)
        self.show_archived.toggled.connect(lambda _on: self.reload())
        self.open_button = QPushButton("Open", self)
        self.open_button.setObjectName("open_target")
        self.open_button.setToolTip("Show this target on the Overview")
        self.open_button.clicked.connect(self._open_current)
        self.archive_button = QPushButton("Archive", self)
        self.archive_button.setObjectName("archive_target")
        self.archive_button.clicked.connect(self._toggle_archive)
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.show_archived)
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(self.archive_button)

        self.model = RowsModel(HEADERS, self)
        self.model.sort_state = (0, self.model.sort_state[1])
        self.table = list_table("table_targets", self.model, self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self._open_current())
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        ctx.changed.connect(self._something_changed)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _something_changed(self, kind: str) -> None:
        if kind in ("*", "target"):
            self._stale = True
            if self.isVisible():
                self.reload()

    def reload(self) -> None:
        self._stale = False
        try:
            self.summaries = attempts.all_targets(self.ctx.db)
        except StorageError:
            log.exception("could not list the targets")
            return
        shown = [s for s in self.summaries if self.show_archived.isChecked() or not s.archived]
        rows = []
        for s in shown:
            rejected, rejected_key = _day(s.rejection_date)
            again, again_key = _day(s.reapplied_on)
            archived, archived_key = _day(s.archived_on)
            outcome = (
                "" if s.reapplied_on is None and s.outcome.name == "pending" else (s.outcome.label)
            )
            if s.reapplied_on is not None and s.reapply_stage.name != "not_yet":
                again = f"{again} · {s.reapply_stage.label}"
            title = s.title + (" — kept for comparison" if s.kept else "")
            rows.append(
                Row(
                    cells=(title, s.status.label, rejected, again, outcome, archived),
                    keys=(
                        title.casefold(),
                        s.status.label,
                        rejected_key,
                        again_key,
                        outcome or None,
                        archived_key,
                    ),
                    payload=s,
                )
            )
        self.model.set_rows(rows)
        if rows:
            self.table.resizeColumnsToContents()
            self.table.setColumnWidth(0, min(max(self.table.columnWidth(0), 240), 420))
        self._update_buttons()

    def _current(self) -> TargetSummary | None:
        index: QModelIndex = self.table.currentIndex()
        value = index.data(PAYLOAD_ROLE) if index.isValid() else None
        return value if isinstance(value, TargetSummary) else None

    def _update_buttons(self) -> None:
        current = self._current()
        self.open_button.setEnabled(current is not None)
        self.archive_button.setEnabled(current is not None)
        self.archive_button.setText("Bring back" if current and current.archived else "Archive")
        self.archive_button.setToolTip(
            "Show it in the target selector again"
            if current and current.archived
            else "Hide it from the target selector; it stays here and in exports"
        )

    def _open_current(self) -> None:
        current = self._current()
        if current is not None:
            self.ctx.choose_target.emit(current.id)

    def _toggle_archive(self) -> None:
        current = self._current()
        if current is None:
            return
        if current.archived:
            change, words = attempts.unarchive(current.id), f"Brought back “{current.title}”"
        else:
            change = attempts.archive(current.id, dt.date.today())
            words = f"Archived “{current.title}” (View → Show archived targets)"
        try:
            commit(self.ctx, [change], words, words)
        except CHANGE_ERRORS as exc:
            self.ctx.status.emit(f"Not changed: {first_message(exc)}")
