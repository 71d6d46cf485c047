"""Skills tab (steps 3 and 4): the gaps the role asks to close, and the plan to close them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from secondchance.ui.context import AppContext
from secondchance.ui.tabs.base import RecordTab


class SkillsTab(RecordTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        views = [
            ("skill", "Skills"),
            ("activity", "Development plan"),
        ]
        super().__init__(ctx, "skills", views, parent)
