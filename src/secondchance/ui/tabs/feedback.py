"""Feedback tab (steps 1 and 2): the feedback received, and the person's own debrief."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from secondchance.ui.context import AppContext
from secondchance.ui.tabs.base import RecordTab


class FeedbackTab(RecordTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        views = [
            ("feedback", "Feedback"),
            ("round", "Rounds"),
            ("reflection", "Self-assessment"),
            ("competency", "Competencies"),
        ]
        super().__init__(ctx, "feedback", views, parent)
