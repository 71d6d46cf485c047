"""Experience tab (step 5): what the person has done since, that proves the growth."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from secondchance.ui.context import AppContext
from secondchance.ui.tabs.base import RecordTab


class ExperienceTab(RecordTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        views = [
            ("experience", "Experience"),
        ]
        super().__init__(ctx, "experience", views, parent)
