"""Overview: the countdown, readiness, the next best actions, the ten steps, key dates and
what's recorded.  Everything here is derived, so it refreshes after any change.

On a wide window the page is two columns — where you stand (countdown, readiness, key
dates) beside what to do (actions, the ten steps) — so all of it is in view at 1280×800;
on a narrow one they stack and scroll.  Everything that opens something looks like a link.
The window's ``FiguresFeed`` works the figures out once per change (for this tab and the
header); the tab shows what it hands over.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services import readiness
from secondchance.core.services.target_overview import KindCount
from secondchance.ui.context import AppContext
from secondchance.ui.tabs.overview.clickable_row import LinkButton, MutedLabel
from secondchance.ui.tabs.overview.countdown import countdown_text, short_countdown
from secondchance.ui.tabs.overview.figures import ACTIONS_SHOWN, Figures, figures_of
from secondchance.ui.tabs.overview.lists import ActionList, StepList
from secondchance.ui.tabs.overview.readiness_panel import ReadinessPanel
from secondchance.ui.tabs.registry import TabSpec, place_of

__all__ = ["OverviewTab", "countdown_text", "short_countdown"]

log = logging.getLogger(__name__)

TWO_COLUMNS_FROM = 1100  # px of page width


class OverviewTab(QWidget):
    edit_target = Signal()

    def __init__(self, ctx: AppContext, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"tab_{spec.name}")
        self.feed = figures_of(ctx)
        self._unshown: readiness.Summary | None = None  # arrived while the tab was hidden
        # Filled as it is built, before it is shown: rows shown in a hidden page cost a flag,
        # in a shown one each is polished and laid out on its own (25 rows: 12 ms).
        self._building = True
        page = QWidget(self)
        page.setObjectName("overview_page")

        self.heading = QLabel(page)
        self.heading.setObjectName("overview_heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)

        self.countdown = QLabel(page)
        self.countdown.setObjectName("overview_countdown")
        self.countdown.setWordWrap(True)
        font = self.countdown.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.countdown.setFont(font)

        self.working = MutedLabel(page)
        self.working.setObjectName("overview_working")
        self.working.setText("Working out your readiness…")
        self.working.hide()
        self.readiness = ReadinessPanel(page)
        self.action_list = ActionList(ACTIONS_SHOWN, page)
        self.action_list.open_record.connect(self.open_record)
        self.step_list = StepList(page)
        self.step_list.open_record.connect(self.open_record)
        intro = MutedLabel(self.step_list)
        intro.setObjectName("overview_steps_intro")
        intro.setText("Work through them in order; click one to go where it happens.")
        steps_layout = self.step_list.layout()
        assert isinstance(steps_layout, QVBoxLayout)
        steps_layout.insertWidget(0, intro)

        dates_box = QGroupBox("Key dates", page)
        self.dates = QFormLayout(dates_box)
        self.dates.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.date_labels: dict[str, QLabel] = {}
        for key, label in (
            ("first_interview_date", "First interview"),
            ("rejection_date", "Rejection"),
            ("feedback_requested_on", "Feedback requested"),
            ("eligible_date", "Eligible to reapply"),
            ("status", "Status"),
        ):
            value = QLabel(page)
            value.setObjectName(f"overview_{key}")
            value.setTextFormat(Qt.TextFormat.PlainText)
            self.date_labels[key] = value
            self.dates.addRow(label, value)
        edit = LinkButton(dates_box)
        edit.setText("Edit target…")
        edit.setObjectName("overview_edit_target")
        edit.setToolTip("Change the company, role, dates and status")
        edit.clicked.connect(self.edit_target)
        self.dates.addRow("", edit)

        self.counts_box = QGroupBox("What you have recorded", page)
        self.counts_grid = QGridLayout(self.counts_box)
        self.count_buttons: dict[str, QPushButton] = {}

        # Where you stand | what to do; stacked when the window is narrow.
        stand = QWidget(page)
        stand.setObjectName("overview_where_you_stand")
        stand_layout = QVBoxLayout(stand)
        stand_layout.setContentsMargins(0, 0, 0, 0)
        stand_layout.addWidget(self.heading)
        stand_layout.addWidget(self.countdown)
        line = QFrame(page)
        line.setFrameShape(QFrame.Shape.HLine)
        stand_layout.addWidget(line)
        stand_layout.addWidget(self.working)
        stand_layout.addWidget(self.readiness)
        stand_layout.addWidget(dates_box)
        stand_layout.addStretch(1)
        self.dates_box, self.stand_layout = dates_box, stand_layout
        todo = QWidget(page)
        todo.setObjectName("overview_what_to_do")
        todo_layout = QVBoxLayout(todo)
        todo_layout.setContentsMargins(0, 0, 0, 0)
        todo_layout.addWidget(self.action_list)
        todo_layout.addWidget(self.step_list)
        todo_layout.addStretch(1)
        self.todo_layout = todo_layout
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.addWidget(stand, 11)
        self.columns.addWidget(todo, 9)

        layout = QVBoxLayout(page)
        layout.addLayout(self.columns)
        layout.addWidget(self.counts_box)
        layout.addStretch(1)

        # Everything scrolls together when the window is small; text wraps to its width.
        scroll = QScrollArea(self)
        scroll.setObjectName("overview_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.feed.updated.connect(self._show)
        if self.feed.current is not None or ctx.target_id is None:
            self._show(self.feed.current)
        else:
            self.feed.refresh()
        self._building = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._unshown is not None:
            self._fill(self._unshown)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = self.width() >= TWO_COLUMNS_FROM
        self.columns.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        # Stacked, what to do comes before the key dates (which are also in Edit target…).
        home = self.stand_layout if wide else self.todo_layout
        if self.dates_box.parentWidget() is not home.parentWidget() or (
            home.indexOf(self.dates_box) < 0
        ):
            home.insertWidget(home.count() - 1, self.dates_box)

    def reload(self, today: dt.date | None = None) -> None:
        """Work the figures out again (``today`` for tests: the dates they count from)."""
        self.feed.refresh(today=today)

    def _show(self, figures: Figures | None) -> None:
        if figures is None:
            self.heading.setText("No target chosen")
            return
        info = figures.overview
        self.heading.setText(info.target.title)
        self.countdown.setText(countdown_text(info.days_to_eligible))
        for key, label in self.date_labels.items():
            label.setText(info.target.display.get(key) or "—")
        self._fill_counts(info.counts)
        found = figures.summary
        # Figures of a large workspace arrive a moment later; until then the last ones stay.
        self.working.setVisible(found is None and self.feed.pending())
        if found is None:
            return
        if not self.isVisible() and not self._building:
            # Rebuilding the lists is the costly part: done when the tab is next shown, not
            # on every autosave elsewhere in the window.
            self._unshown = found
            return
        self._fill(found)

    def _fill(self, found: readiness.Summary) -> None:
        self._unshown = None
        self.readiness.set_readiness(found.readiness)
        self.action_list.set_actions(found.actions)
        self.step_list.set_steps(found.steps)

    def open_record(self, kind: str, record_id: int | None) -> None:
        """Go to the record when the item names one, otherwise to its tab and list."""
        if record_id is None:
            self.ctx.open_view.emit(kind)
        else:
            self.ctx.open_record.emit(kind, record_id)

    def _fill_counts(self, counts: list[KindCount]) -> None:
        # Buttons are made once and only relabelled, so keyboard focus survives a refresh.
        columns = 4
        for i, count in enumerate(counts):
            button = self.count_buttons.get(count.kind)
            if button is None:
                button = LinkButton(self.counts_box)
                button.setObjectName(f"overview_count_{count.kind}")
                button.setToolTip(f"Open {place_of(count.kind)}")
                button.clicked.connect(
                    lambda _c=False, kind=count.kind: self.ctx.open_view.emit(kind)
                )
                self.count_buttons[count.kind] = button
                self.counts_grid.addWidget(button, i // columns, i % columns)
            button.setText(f"{count.label}: {count.count}")
