"""The Overview's two lists: next best actions and the ten steps of the method.

Rows are made once and only refilled, so keyboard focus survives a refresh.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from secondchance.core.services.readiness import Action, Step
from secondchance.ui.tabs.overview.clickable_row import ClickableRow, plain_label
from secondchance.ui.tabs.registry import place_of

STATE_MARKS = {"done": "✓", "started": "◐", "not started": "○"}


class ActionList(QGroupBox):
    open_record = Signal(str, object)  # kind, record id or None

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__("Next best actions", parent)
        self.setObjectName("overview_actions")
        self.rows: list[ClickableRow] = []
        self.shown: list[Action] = []
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        for i in range(limit):
            row = ClickableRow(self)
            row.setObjectName(f"overview_action_{i}")
            row.clicked.connect(lambda i=i: self._activated(i))
            self.rows.append(row)
            layout.addWidget(row)
        self.empty = plain_label(self)
        self.empty.setObjectName("overview_actions_empty")
        self.empty.setText("Nothing is waiting for you right now. Well done: keep the rhythm.")
        layout.addWidget(self.empty)
        layout.addStretch(1)

    def set_actions(self, actions: list[Action]) -> None:
        self.shown = actions[: len(self.rows)]
        for i, row in enumerate(self.rows):
            if i < len(self.shown):
                a = self.shown[i]
                place = place_of(a.kind)
                row.set_content(f"{i + 1}.", a.text, place, f"Open it on {place}")
                row.show()
            else:
                row.hide()
        self.empty.setVisible(not self.shown)

    def _activated(self, index: int) -> None:
        if index < len(self.shown):
            a = self.shown[index]
            self.open_record.emit(a.kind, a.record_id)


class StepList(QGroupBox):
    open_record = Signal(str, object)  # kind, None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("The ten steps", parent)
        self.setObjectName("overview_steps")
        self.rows: list[ClickableRow] = []
        self.shown_steps: list[Step] = []
        layout = QVBoxLayout(self)
        layout.setSpacing(0)
        for i in range(10):
            row = ClickableRow(self)
            row.setObjectName(f"overview_step_{i + 1}")
            row.clicked.connect(lambda i=i: self._activated(i))
            self.rows.append(row)
            layout.addWidget(row)
        layout.addStretch(1)

    def set_steps(self, steps: list[Step]) -> None:
        self.shown_steps = steps
        for i, row in enumerate(self.rows):
            if i >= len(steps):
                row.hide()
                continue
            s = steps[i]
            row.set_content(
                STATE_MARKS.get(s.state, ""),
                f"{s.number}. {s.title}",
                f"{s.state.capitalize()} · {s.detail}",
                f"Open {place_of(s.kind)}",
            )
            # Done steps stand out in the link colour, steps not started recede (in a
            # colour that still reads: never the disabled grey, they can be clicked).
            row.mark.setForegroundRole(
                QPalette.ColorRole.Link
                if s.state == "done"
                else QPalette.ColorRole.WindowText
                if s.state == "started"
                else QPalette.ColorRole.PlaceholderText
            )
            row.show()

    def _activated(self, index: int) -> None:
        if index < len(self.shown_steps):
            s = self.shown_steps[index]
            self.open_record.emit(s.kind, None)
