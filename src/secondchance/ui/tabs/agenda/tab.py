"""All targets: what is due across every target, every target (archived ones too), and the
patterns across rejections — the one tab that is not about the target chosen above.

It comes right after the Overview, and is what the window opens on when something is due
(``reminders.py``; the person can turn that off): the Overview answers "how is this
application going?", this tab "what do I do today?", whichever target it belongs to.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from secondchance.ui.tabs.agenda.due_page import DuePage
from secondchance.ui.tabs.agenda.patterns_page import PatternsPage
from secondchance.ui.tabs.agenda.targets_page import TargetsPage
from secondchance.ui.tabs.base import RecordTab


class AgendaTab(RecordTab):
    due_page: DuePage
    targets_page: TargetsPage
    patterns_page: PatternsPage

    def build_page(self, key: str, parent: QWidget) -> QWidget:
        if key == "due":
            self.due_page = DuePage(self.ctx, parent)
            return self.due_page
        if key == "targets":
            self.targets_page = TargetsPage(self.ctx, parent)
            return self.targets_page
        if key == "patterns":
            self.patterns_page = PatternsPage(self.ctx, parent)
            return self.patterns_page
        return super().build_page(key, parent)
