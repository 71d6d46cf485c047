"""The "which parent" choice above a list of a parent's records (a contact's interactions,
a question's practice sessions), with "All …" first."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget


class ParentFilter(QComboBox):
    def __init__(self, kind_name: str, all_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"parent_filter_{kind_name}")
        self.setMinimumContentsLength(16)
        self.all_label = all_label
        self.last_index = 0  # to go back to when the switch is refused

    def set_options(self, options: list[tuple[int, str]]) -> None:
        """Refill, keeping the chosen parent when it is still there (else "All")."""
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
        return self.count() > 1

    def show_all(self) -> None:
        self.setCurrentIndex(0)
        self.last_index = 0
