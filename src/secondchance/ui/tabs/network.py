"""Network tab (step 6): the people and places of the industry the person wants to join."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from secondchance.ui.context import AppContext
from secondchance.ui.tabs.base import RecordTab


class NetworkTab(RecordTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        views = [
            ("contact", "Contacts"),
            ("interaction", "Interactions"),
            ("event", "Events"),
        ]
        super().__init__(ctx, "network", views, parent)
