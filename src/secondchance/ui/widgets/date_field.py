"""A date that may be empty: type it (YYYY-MM-DD) or pick it from a calendar.

QDateEdit can't be blank, and many dates here are rightly unknown ("not sent yet"), so
this is a line edit with a calendar pop-up beside it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class DateField(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText("YYYY-MM-DD")
        self.line.setClearButtonEnabled(True)
        self.line.setMaximumWidth(160)
        self.button = QToolButton(self)
        from secondchance.ui import icons

        self.button.setIcon(icons.icon("calendar"))
        self.button.setToolTip("Pick a date from the calendar")
        self.button.setAccessibleName("Pick a date")
        self.today_button = QToolButton(self)
        self.today_button.setText("Today")
        self.today_button.setToolTip("Set to today's date")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        layout.addWidget(self.today_button)
        layout.addStretch(1)
        self.line.textEdited.connect(lambda _t: self.edited.emit())
        self.button.clicked.connect(self._pop_calendar)
        self.today_button.clicked.connect(self._set_today)
        self._popup: QWidget | None = None
        self.setFocusProxy(self.line)

    def text(self) -> str:
        return self.line.text()

    def value(self) -> str | None:
        # The raw text goes to the service, which says what's wrong with an impossible date.
        text = self.line.text().strip()
        return text or None

    def set_value(self, value: dt.date | None) -> None:
        self.line.setText(value.isoformat() if value else "")

    def _set_today(self) -> None:
        self.line.setText(dt.date.today().isoformat())
        self.edited.emit()

    def _pop_calendar(self) -> None:
        popup = QWidget(self, Qt.WindowType.Popup)
        popup.setObjectName("date_popup")
        calendar = QCalendarWidget(popup)
        calendar.setGridVisible(True)
        try:
            current = dt.date.fromisoformat(self.line.text().strip())
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        except ValueError:
            pass
        layout = QVBoxLayout(popup)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(calendar)

        def chosen(day: QDate) -> None:
            self.line.setText(day.toString(Qt.DateFormat.ISODate))
            popup.close()
            self.edited.emit()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        popup.show()
        calendar.setFocus()
        self._popup = popup
