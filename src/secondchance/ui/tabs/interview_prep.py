"""Interview Prep tab (steps 9 and 10): practised answers and a confidence journal."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from secondchance.ui.context import AppContext
from secondchance.ui.tabs.base import RecordTab


class InterviewPrepTab(RecordTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        views = [
            ("question", "Questions"),
            ("practice", "Practice"),
            ("journal", "Journal"),
        ]
        super().__init__(ctx, "interview_prep", views, parent)
