"""A rating picked with buttons (1–5, 0–5, 1–3), never typed as a free number, with what the
chosen number means written beside it ("2 · Important") when the field has a scale."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from secondchance.ui.widgets.muted_label import MutedLabel


class RatingControl(QWidget):
    edited = Signal()

    def __init__(
        self,
        minimum: int,
        maximum: int,
        optional: bool,
        parent: QWidget | None = None,
        scale: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.minimum, self.maximum, self.optional = minimum, maximum, optional
        self.scale = scale
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so a second click on the chosen value can clear it
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.buttons: dict[int, QToolButton] = {}
        for number in range(minimum, maximum + 1):
            button = QToolButton(self)
            button.setText(str(number))
            button.setCheckable(True)
            button.setMinimumWidth(30)
            # Palette roles, so the chosen level reads in light and dark themes alike.
            button.setStyleSheet(
                "QToolButton:checked { background: palette(highlight);"
                " color: palette(highlighted-text); border: 1px solid palette(highlight);"
                " border-radius: 3px; }"
            )
            meaning = self.meaning(number)
            button.setAccessibleName(
                f"Rating {number} of {maximum}" + (f": {meaning}" if meaning else "")
            )
            button.setToolTip(f"{number} — {meaning}" if meaning else f"{number} of {maximum}")
            self.group.addButton(button, number)
            self.buttons[number] = button
            layout.addWidget(button)
        self.meaning_label = MutedLabel(self, wrap=False)
        self.meaning_label.setObjectName("rating_meaning")
        self.meaning_label.setVisible(bool(scale))
        layout.addSpacing(6)
        layout.addWidget(self.meaning_label)
        layout.addStretch(1)
        self._value: int | None = None
        self.group.idClicked.connect(self._clicked)

    def _clicked(self, number: int) -> None:
        if self._value == number and self.optional:
            self.set_value(None)
        else:
            self.set_value(number)
        self.edited.emit()

    def value(self) -> int | None:
        return self._value

    def meaning(self, number: int | None) -> str:
        if number is None or not self.scale:
            return ""
        index = number - self.minimum
        return self.scale[index] if 0 <= index < len(self.scale) else ""

    def set_value(self, value: int | None) -> None:
        self._value = value
        for number, button in self.buttons.items():
            button.setChecked(value is not None and number <= value and number > 0)
            if value == 0 and number == 0:
                button.setChecked(True)
        if self.scale:
            self.meaning_label.setText(self.meaning(value) if value is not None else "Not rated")
