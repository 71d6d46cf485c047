"""A form's choice: an enum's members, or a reference to another record whose list may be
read only when the person opens, scrolls or focuses it (a target's thousands of feedback
items are not read, nor added, to show the one chosen)."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from secondchance.core.services.fields import FieldSpec, FieldType
from secondchance.ui.widgets.link_picker import OptionsLoader, TitleOf
from secondchance.ui.widgets.reach_loaded import ReachLoadedCombo


class ChoiceEditor(ReachLoadedCombo):
    """An enum choice, or a reference to another record (with "none" when optional)."""

    edited = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow)
        self.setMinimumContentsLength(18)
        if spec.type is FieldType.ENUM and spec.enum is not None:
            for member in spec.enum:
                self.addItem(str(member.value), member.name)
        self.activated.connect(lambda _i: self.edited.emit())
        self._loader: OptionsLoader | None = None
        self._title_of: TitleOf | None = None

    def set_options(self, options: list[tuple[int, str]]) -> None:
        self._loader = self._title_of = None
        self.fill(options)

    def set_options_later(self, loader: OptionsLoader, title_of: TitleOf) -> None:
        """Offer the list ``loader`` reads once the person opens, scrolls or focuses the box:
        a target's thousands of feedback items are not read (nor added) to show one title."""
        current = self.value()
        self._loader, self._title_of = loader, title_of
        self.blockSignals(True)
        self.clear()
        if not self.spec.required:
            self.addItem("— none —", None)
        self.blockSignals(False)
        # A choice that is no longer on offer (deleted, another target's) is not kept.
        title = title_of(current) if current is not None else None
        if title is not None:
            self.addItem(title, current)
        self._select(current, placeholder=False)

    def fill(self, options: list[tuple[int, str]]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if not self.spec.required:
            self.addItem("— none —", None)
        for record_id, label in options:
            self.addItem(label, record_id)
        self.blockSignals(False)
        # A choice that is no longer on offer (deleted, another target's) is not kept.
        self._select(current, placeholder=False)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        if value is None and self.spec.required:
            self._load_quietly()  # a new record starts on the first choice, as it always did
        if self._loader is not None and self._title_of is not None:
            # Until the list is read it holds "none" and this record's choice, nothing stale.
            self.blockSignals(True)
            self.clear()
            if not self.spec.required:
                self.addItem("— none —", None)
            if value is not None:
                title = self._title_of(value)
                self.addItem(title if title is not None else f"#{value}", value)
            self.blockSignals(False)
        self._select(value, placeholder=True)

    def _select(self, value: Any, placeholder: bool) -> None:
        if isinstance(value, enum.Enum):
            value = value.name
        index = self.findData(value)
        if (
            index < 0
            and placeholder
            and value is not None
            and self.spec.type is FieldType.REFERENCE
        ):
            # Show what the record holds even if the list hasn't caught up yet.
            self.addItem(f"#{value}", value)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0) if self.count() else -1)
