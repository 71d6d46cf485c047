"""All targets: what is due across every target, every target (archived ones too), and the
patterns across rejections — the one tab that is not about the target chosen above.

It comes right after the Overview, and is what the window opens on when something is due
(``reminders.py``; the person can turn that off): the Overview answers "how is this
application going?", this tab "what do I do today?", whichever target it belongs to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from secondchance.ui.tabs.agenda.due_page import DuePage
from secondchance.ui.tabs.base import RecordTab

if TYPE_CHECKING:
    from secondchance.ui.tabs.agenda.patterns_page import PatternsPage
    from secondchance.ui.tabs.agenda.targets_page import TargetsPage


class AgendaTab(RecordTab):
    due_page: DuePage
    targets_page: TargetsPage
    patterns_page: PatternsPage

    def build_page(self, key: str, parent: QWidget) -> QWidget:
        if key == "due":
            self.due_page = DuePage(self.ctx, parent)
            return self.due_page
        # Imported when first shown: the Due view is built in the window's first look,
        # before the services these two read through are imported.
        if key == "targets":
            from secondchance.ui.tabs.agenda.targets_page import TargetsPage

            self.targets_page = TargetsPage(self.ctx, parent)
            return self.targets_page
        if key == "patterns":
            from secondchance.ui.tabs.agenda.patterns_page import PatternsPage

            self.patterns_page = PatternsPage(self.ctx, parent)
            return self.patterns_page
        return super().build_page(key, parent)
