"""Coverage: each skill the posting asks for, in one of four states, counting your proof.

The figure weighs must-haves over nice-to-haves and is compared with the version you sent
last time ("Coverage 25% → 50%").  Selecting a skill shows where the posting asks for it,
what proves it, and for a proven skill the resume leaves out, the bullet that would show it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services import coverage as cov
from secondchance.core.services import records
from secondchance.core.services.coverage import Coverage, SkillCoverage, State
from secondchance.core.text import fold
from secondchance.ui.context import AppContext
from secondchance.ui.tabs.resume.colours import state_colours
from secondchance.ui.widgets.empty_state import EmptyState
from secondchance.ui.widgets.headed_table_model import SortedRowsModel
from secondchance.ui.widgets.list_table import list_table
from secondchance.ui.worker import Background

if TYPE_CHECKING:
    from secondchance.core.db import Database

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
# The quickest wins first: proof the resume leaves out, then claims to back up.
_STATE_RANK = {
    State.proven_missing: 0,
    State.in_resume_unproven: 1,
    State.absent: 2,
    State.in_resume_proven: 3,
}
_TO_DO = {
    State.proven_missing: "Add it",
    State.in_resume_unproven: "Back it up",
    State.absent: "A gap",
    State.in_resume_proven: "Keep it",
}
_SHORT = {
    State.in_resume_proven: "In resume · proven",
    State.proven_missing: "Proven · missing",
    State.in_resume_unproven: "In resume · unproven",
    State.absent: "Not in resume",
}
COLUMNS: list[tuple[str, Callable[[SkillCoverage], Any], str]] = [
    ("Skill", lambda s: fold(s.name), "A skill the job description asks for"),
    ("Posting", lambda s: -s.weight, "Must-have or nice-to-have, from the posting's wording"),
    ("This version", lambda s: _STATE_RANK[s.state], "Is it in the resume, and can you prove it?"),
    ("Sent version", lambda s: _STATE_RANK.get(s.before, 9) if s.before else 9, ""),
    ("To do", lambda s: _STATE_RANK[s.state], "Select a skill for the details"),
]
STATE_COLUMN, BEFORE_COLUMN = 2, 3


def _need(s: SkillCoverage) -> str:
    if not s.must_have:
        return "Nice to have"
    return "Must-have ★" if s.weight >= 3 else "Must-have"


class CoverageModel(SortedRowsModel[SkillCoverage]):
    headers = [name for name, _key, _tip in COLUMNS]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent, STATE_COLUMN, Qt.SortOrder.AscendingOrder)
        self._filter = ""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._visible):
            return None
        row, column = self._visible[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                row.name,
                _need(row),
                _SHORT[row.state],
                _SHORT[row.before] if row.before else "—",
                _TO_DO[row.state],
            ][column]
        state = row.state if column == STATE_COLUMN else row.before
        if (
            column in (STATE_COLUMN, BEFORE_COLUMN)
            and state is not None
            and role
            in (
                Qt.ItemDataRole.BackgroundRole,
                Qt.ItemDataRole.ForegroundRole,
            )
        ):
            background, text = state_colours(state, QGuiApplication.palette())
            return background if role == Qt.ItemDataRole.BackgroundRole else text
        if role == Qt.ItemDataRole.ToolTipRole and column in (STATE_COLUMN, BEFORE_COLUMN):
            return state.label if state is not None else "That version has no text to compare"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][2] or None if 0 <= section < len(COLUMNS) else None
        return super().headerData(section, orientation, role)

    def set_filter(self, text: str) -> None:
        self._filter = fold(text.strip())
        self._reapply()

    def _apply(self) -> None:
        words = self._filter.split()
        rows = [
            r
            for r in self._all
            if all(w in fold(f"{r.name} {r.state.label} {_need(r)}") for w in words)
        ]
        rows.sort(key=lambda r: (-r.weight, fold(r.name)))  # the tie-breaker
        key = COLUMNS[self._sort_column][1] if 0 <= self._sort_column < len(COLUMNS) else None
        if key is not None:
            rows.sort(key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._visible = rows


class SkillDetail(QWidget):
    """The selected skill: where the posting asks for it, its proof, the bullet to add."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coverage_detail")
        self.title = QLabel(self)
        self.title.setObjectName("coverage_detail_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.body = QLabel(self)
        self.body.setObjectName("coverage_detail_body")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bullet = QPlainTextEdit(self)
        self.bullet.setObjectName("coverage_bullet")
        self.bullet.setReadOnly(True)
        self.bullet.setMaximumHeight(90)
        self.copy_button = QPushButton("Copy this bullet", self)
        self.copy_button.setObjectName("copy_bullet")
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.bullet.toPlainText())
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addWidget(self.bullet)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.show_skill(None)

    def show_skill(self, skill: SkillCoverage | None) -> None:
        if skill is None:
            self.title.setText("Select a skill to see what backs it.")
            self.body.setText("")
            self.bullet.hide()
            self.copy_button.hide()
            return
        self.title.setText(f"{skill.name} — {skill.state.label}")
        lines = [skill.state.advice, "", f"The posting: “{skill.sentence}”"]
        if skill.proof:
            lines += ["", "What proves it:"]
            words = {"activity": "Completed", "experience": "Experience", "portfolio": "Portfolio"}
            lines += [f"• {words[p.kind]}: {p.title}" for p in skill.proof[:6]]
            if len(skill.proof) > 6:
                lines.append(f"• and {len(skill.proof) - 6} more")
        elif skill.state is State.in_resume_unproven:
            lines += [
                "",
                "Nothing you have finished shows it yet: link an experience or a "
                "completed activity to the skill, or prepare an example.",
            ]
        if skill.before is not None and skill.before is not skill.state:
            lines += ["", f"In the version you sent: {skill.before.label.lower()}."]
        self.body.setText("\n".join(lines))
        suggestion = skill.suggestion
        self.bullet.setVisible(bool(suggestion))
        self.copy_button.setVisible(bool(suggestion))
        if suggestion:
            self.bullet.setPlainText(suggestion)


# Records scanned for skills (done activities, experiences, portfolio items) beyond which
# coverage is worked out off the GUI thread.
SMALL_COVERAGE = 1500


def _coverage(db: Database, target_id: int, version_id: int | None) -> tuple[int, Coverage | str]:
    """The coverage, or what to add first.  Runs in a worker thread for a large target."""
    try:
        return target_id, cov.coverage_for(db, target_id, version_id=version_id)
    except (cov.CoverageUnavailable, records.RecordNotFound) as exc:
        return target_id, str(exc)


class CoveragePage(QWidget):
    new_version_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("coverage_page")
        self._stale = True
        self.result: Coverage | None = None

        self.version = QComboBox(self)
        self.version.setObjectName("coverage_version")
        self.version.setMinimumContentsLength(22)
        self.version.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.version.activated.connect(lambda _i: self.refresh())
        self.figure = QLabel(self)
        self.figure.setObjectName("coverage_figure")
        font = self.figure.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.figure.setFont(font)
        self.change = QLabel(self)
        self.change.setObjectName("coverage_change")
        self.change.setWordWrap(True)
        self.change.setTextFormat(Qt.TextFormat.PlainText)
        self.search = QLineEdit(self)
        self.search.setObjectName("coverage_search")
        self.search.setPlaceholderText("Search skills…")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(220)
        self.search.textChanged.connect(self._filter)
        self.counts = QLabel(self)
        self.counts.setObjectName("coverage_counts")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel("Version:", self))
        top.addWidget(self.version)
        top.addSpacing(12)
        top.addWidget(self.figure)
        top.addStretch(1)
        top.addWidget(self.search)

        self.detail = SkillDetail(self)
        self.model = CoverageModel(self)
        self.table = list_table("coverage_table", self.model, self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _p: self.detail.show_skill(self.model.row_at(current.row()))
        )
        self.no_match = QLabel("No skill matches the search.", self)
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.hide()
        table_side = QWidget(self)
        table_layout = QVBoxLayout(table_side)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table)
        table_layout.addWidget(self.no_match)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("splitter_coverage")
        self.splitter.addWidget(table_side)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([700, 380])
        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.change)
        page_layout.addWidget(self.counts)
        page_layout.addWidget(self.splitter, 1)

        self.empty = EmptyState(
            "Coverage compares a resume version with the job description and with what "
            "you can prove.",
            "Show my resume versions",
            self,
        )
        self.empty.setObjectName("empty_coverage")
        self.empty.activated.connect(lambda: self.ctx.open_view.emit("resume"))
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self._work = Background(0, self, holds_collection=True)
        self._work.finished.connect(self._show)
        self._work.failed.connect(self._failed)
        ctx.changed.connect(self._something_changed)
        ctx.target_changed.connect(lambda _t: self._something_changed("*"))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _something_changed(self, kind_name: str) -> None:
        relevant = ("resume", "target", "skill", "activity", "experience", "portfolio", "*")
        if kind_name not in relevant:
            return
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """The versions again, keeping the chosen one, then the coverage."""
        self._stale = False
        chosen = self.version.currentData()
        self.version.blockSignals(True)
        self.version.clear()
        if self.ctx.target_id is not None:
            try:
                rows = records.list_records(self.ctx.db, "resume", self.ctx.target_id)
            except Exception:
                log.exception("could not list resume versions")
                rows = []
            rows.sort(key=lambda r: (r.values.get("created_on") or dt.date.min, r.id), reverse=True)
            for row in rows:
                sent = " (sent)" if row.values.get("sent_on") else ""
                self.version.addItem(row.title + sent, row.id)
        index = self.version.findData(chosen)
        self.version.setCurrentIndex(index if index >= 0 else 0)
        self.version.blockSignals(False)
        self.refresh()

    def select_version(self, version_id: int) -> None:
        index = self.version.findData(version_id)
        if index >= 0:
            self.version.setCurrentIndex(index)
            self.refresh()

    def refresh(self) -> None:
        """Work the coverage of the chosen version out: here, or off the GUI thread when
        there is much proof to scan (at 12 000 records, 0.7 s)."""
        target_id = self.ctx.target_id
        if target_id is None:
            self._show((None, "Choose a target first."))
            return
        db, version_id = self.ctx.db, self.version.currentData()
        if self._work.run_by_size(
            lambda: _coverage(db, target_id, version_id),
            lambda: cov.proof_count(db, target_id),
            SMALL_COVERAGE,
        ):
            self.figure.setText("Working out coverage…")
            # The page, not the empty state's "show my resume versions": there are some.
            self.stack.setCurrentIndex(1)

    def pending(self) -> bool:
        return self._work.pending()

    def _failed(self, _error: object) -> None:
        self._show((None, "Coverage couldn't be worked out; see the log file."))

    def _show(self, outcome: tuple[int | None, Coverage | str]) -> None:
        target_id, found = outcome
        if target_id is not None and target_id != self.ctx.target_id:
            return  # worked out for the target shown before
        self.result = found if isinstance(found, Coverage) else None
        if self.result is None:
            self.empty.label.setText(str(found))
            self.empty.label.setMinimumHeight(self.empty.label.heightForWidth(520))
            self.stack.setCurrentIndex(0)
            self.figure.setText("")
            self.model.set_rows([])
            self.detail.show_skill(None)
            return
        result = self.result
        self.stack.setCurrentIndex(1)
        self.figure.setText(f"Coverage {result.percent}%")
        self.change.setText(
            result.change_line + "."
            if result.compared_with
            else "No earlier sent version to compare with: mark the version you sent as sent."
        )
        palette = QGuiApplication.palette()
        chips = []
        for state in State:
            background, text = state_colours(state, palette)
            chips.append(
                f'<span style="background:{background.name()}; color:{text.name()};">'
                f"&nbsp;{state.label}: {result.count(state)}&nbsp;</span>"
            )
        self.counts.setText(" &nbsp; ".join(chips))
        self.model.set_rows(list(result.skills))
        if self.model.rowCount():
            self.table.selectRow(0)
            self.detail.show_skill(self.model.row_at(0))
        self._update_no_match()

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self.detail.show_skill(self.model.row_at(0))
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_no_match()

    def _update_no_match(self) -> None:
        self.no_match.setVisible(self.model.total_count > 0 and self.model.rowCount() == 0)
