"""The "which parent" choice above a list of a parent's records (a contact's interactions,
a question's practice sessions), with "All …" first.

Its parents are read when the person reaches for it (``ReachLoadedCombo``): the list shows
all parents' records at first, and reading (and adding) 8 000 contacts to show
"All contacts" took a tenth of a second each time the list was opened.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from secondchance.ui.widgets.reach_loaded import Options, OptionsLoader, ReachLoadedCombo


class ParentFilter(ReachLoadedCombo):
    def __init__(self, kind_name: str, all_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"parent_filter_{kind_name}")
        self.setMinimumContentsLength(16)
        self.all_label = all_label
        self.last_index = 0  # to go back to when the switch is refused

    def set_options(self, options: Options) -> None:
        """Refill, keeping the chosen parent when it is still there (else "All")."""
        self._loader = None
        self.fill(options)

    def set_options_later(
        self, loader: OptionsLoader, offered: Callable[[int], str | None]
    ) -> None:
        """Offer what ``loader`` reads once the person reaches for the box; until then it
        holds "All" and the chosen parent, if ``offered`` still names it (else "All")."""
        chosen = self.parent_id()
        title = offered(chosen) if chosen is not None else None
        self.set_options([] if chosen is None or title is None else [(chosen, title)])
        self._loader = loader

    def fill(self, options: Options) -> None:
        chosen = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.all_label, None)
        for record_id, label in options:
            self.addItem(label, record_id)
        self.setCurrentIndex(max(self.findData(chosen), 0))
        self.last_index = self.currentIndex()
        self.blockSignals(False)

    def parent_id(self) -> int | None:
        data = self.currentData()
        return int(data) if data is not None else None

    def has_parents(self) -> bool:
        self._load_quietly()
        return self.count() > 1

    def show_all(self) -> None:
        self.setCurrentIndex(0)
        self.last_index = 0
