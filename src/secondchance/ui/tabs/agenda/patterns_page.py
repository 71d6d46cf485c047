"""Patterns across rejections: feedback themes, and skills named in feedback, that came up
for more than one target.  What recurs is what the next interviewer will probe too."""

from __future__ import annotations

import logging

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services import patterns
from secondchance.core.services.patterns import Pattern, Patterns
from secondchance.ui.context import AppContext
from secondchance.ui.tabs.agenda.rows_model import Row, RowsModel
from secondchance.ui.widgets.empty_state import EmptyState
from secondchance.ui.widgets.list_table import list_table
from secondchance.ui.worker import Background

log = logging.getLogger(__name__)

# Feedback items (every target's) beyond which patterns are looked for off the GUI thread:
# 99 600 items took 0.2–0.3 s there (counting themes and skill names per target in SQL),
# 2 500 take 20 ms.
SMALL_PATTERNS = 20_000

HEADERS = ("", "Rejections", "Not addressed", "Where", "What was said")


def _rows(found: list[Pattern]) -> list[Row]:
    return [
        Row(
            cells=(
                p.label,
                str(p.rejections),
                f"{p.open} of {p.items}",
                "; ".join(p.targets),
                " · ".join(f"“{e}”" for e in p.examples),
            ),
            keys=(p.label.casefold(), p.rejections, p.open, "; ".join(p.targets).casefold(), None),
            payload=p,
            tips=("", "", "", "\n".join(p.targets), "\n".join(p.examples)),
        )
        for p in found
    ]


class PatternsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("patterns_page")
        self._stale = True
        self.summary = QLabel(self)
        self.summary.setObjectName("patterns_summary")
        self.summary.setWordWrap(True)
        self.themes = RowsModel(("Theme", *HEADERS[1:]), self)
        self.skills = RowsModel(("Skill", *HEADERS[1:]), self)
        self.themes.sort_state = self.skills.sort_state = (1, self.themes.sort_state[1])
        self.theme_table = self._table("table_patterns_themes", self.themes)
        self.skill_table = self._table("table_patterns_skills", self.skills)
        self.skills_heading = QLabel("<b>Skills named in feedback more than once</b>", self)

        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.summary)
        page_layout.addWidget(QLabel("<b>Themes that came up in more than one rejection</b>", page))
        page_layout.addWidget(self.theme_table, 1)
        page_layout.addWidget(self.skills_heading)
        page_layout.addWidget(self.skill_table, 1)
        self.empty = EmptyState(
            "Patterns show when the feedback of two or more rejections names the same theme "
            "or skill — what recurs is what the next interviewer will probe too. Add an "
            "earlier application as a target of its own with the feedback you got (archive "
            "it when you're done), or start a next attempt from a target.",
            "Add feedback",
            self,
        )
        self.empty.setObjectName("empty_patterns")
        self.empty.activated.connect(lambda: self.ctx.open_view.emit("feedback"))
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.stack)
        self._work = Background(0, self, holds_collection=True)
        self._work.finished.connect(self._show)
        self._work.failed.connect(self._failed)
        ctx.changed.connect(self._something_changed)

    def _table(self, name: str, model: RowsModel) -> QTableView:
        table = list_table(name, model, self)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        table.setWordWrap(True)
        return table

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _something_changed(self, kind: str) -> None:
        if kind in ("*", "feedback", "target", "skill"):
            self._stale = True
            if self.isVisible():
                self.reload()

    def reload(self) -> None:
        """Look for patterns again: here, or off the GUI thread when there is much feedback."""
        self._stale = False
        db = self.ctx.db
        if self._work.run_by_size(
            lambda: patterns.find_patterns(db),
            lambda: patterns.feedback_count(db),
            SMALL_PATTERNS,
        ):
            self.summary.setText("Looking for patterns across every target's feedback…")
            # The page (what was found before, if anything), not the empty state's advice to
            # add more feedback: there may well be patterns.
            self.stack.setCurrentIndex(1)

    def pending(self) -> bool:
        return self._work.pending()

    def _failed(self, _error: object) -> None:
        # Logged by the worker; what was shown stays, and the summary says why it is old.
        self.summary.setText("Patterns couldn't be looked for; see the log file.")
        self.stack.setCurrentIndex(1)
        self.ctx.status.emit("Couldn't look for patterns; see the log file.")

    def _show(self, found: Patterns) -> None:
        self.themes.set_rows(_rows(found.themes))
        self.skills.set_rows(_rows(found.skills))
        self.skill_table.setVisible(bool(found.skills))
        self.skills_heading.setVisible(bool(found.skills))
        recurring = len(found.themes) + len(found.skills)
        self.summary.setText(
            f"Across the feedback of {found.rejections} rejections, {recurring} thing"
            f"{'s' if recurring != 1 else ''} came up more than once — what recurs is what the "
            "next interviewer is likely to probe, so it deserves the next hour you spend."
        )
        self.stack.setCurrentIndex(1 if recurring else 0)
        for table in (self.theme_table, self.skill_table):
            table.resizeColumnsToContents()
            for column, limit in ((0, 220), (3, 320)):
                table.setColumnWidth(column, min(table.columnWidth(column) + 12, limit))
            table.resizeRowsToContents()
