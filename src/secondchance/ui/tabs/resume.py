"""Resume tab (steps 7 and 8): resume versions, portfolio, and "how I've grown" letters."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from secondchance.ui.context import AppContext
from secondchance.ui.tabs.base import RecordTab


class ResumeTab(RecordTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        views = [
            ("resume", "Resume versions"),
            ("portfolio", "Portfolio"),
            ("cover_letter", "Cover letters"),
        ]
        super().__init__(ctx, "resume", views, parent)
