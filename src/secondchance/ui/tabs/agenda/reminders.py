"""Reminders when the app opens — and only then: no background process runs while it is
closed.

On a day something is overdue or due today, the window opens on the Due view (unless the
person turned that off), the status bar says what is waiting, and, if the person asked for
it (off by default) and the desktop has a system tray, one tray notification says it too.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QSystemTrayIcon

from secondchance import APP_NAME
from secondchance.core.services.due_items import DueSummary, summarise

if TYPE_CHECKING:
    from secondchance.ui.main_window import MainWindow

log = logging.getLogger(__name__)

OPEN_FIRST_KEY = "due/open_first"
TRAY_KEY = "due/tray_notice"
TRAY_SECONDS = 12


def _flag(key: str, default: bool) -> bool:
    value = QSettings().value(key, default)
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def open_first_enabled() -> bool:
    return _flag(OPEN_FIRST_KEY, True)


def set_open_first(on: bool) -> None:
    QSettings().setValue(OPEN_FIRST_KEY, bool(on))


def tray_enabled() -> bool:
    return _flag(TRAY_KEY, False)


def set_tray(on: bool) -> None:
    QSettings().setValue(TRAY_KEY, bool(on))


def message(summary: DueSummary) -> str:
    parts = []
    if summary.overdue:
        parts.append(f"{summary.overdue} overdue")
    if summary.today:
        parts.append(f"{summary.today} due today")
    return f"{' and '.join(parts)} — see All targets › Due"


def say_due(window: MainWindow, summary: DueSummary) -> str:
    """What is waiting, in the status bar (when the window opens, and once it answers)."""
    text = message(summary)
    if summary.pressing:
        window.statusBar().showMessage(text, 15000)
    return text


def remind_on_open(window: MainWindow, today: dt.date | None = None) -> DueSummary | None:
    """Called once when the window has opened its data; the summary, or None if unread."""
    assert window.ctx is not None
    try:
        day = today or dt.date.today()
        items = window.ctx.due_read(day)
        if items is None:
            from secondchance.core.services import due

            summary = due.due_summary(window.ctx.db, day)
        else:
            summary = summarise(items, day)
    except Exception:
        # A reminder is a courtesy: it must never stop the window from opening.
        log.exception("could not work out what is due")
        return None
    if not summary.pressing:
        return summary
    text = say_due(window, summary)
    if open_first_enabled() and window.tabs.isEnabled():
        window.open_view("due")
    if tray_enabled() and QSystemTrayIcon.isSystemTrayAvailable():
        tray = QSystemTrayIcon(window.windowIcon(), window)
        tray.setObjectName("due_tray")
        tray.setToolTip(APP_NAME)
        tray.show()
        tray.showMessage(
            APP_NAME, text, QSystemTrayIcon.MessageIcon.Information, TRAY_SECONDS * 1000
        )
        tray.messageClicked.connect(lambda: window.open_view("due"))
        # The icon is only the notification's carrier: it goes once the message has shown.
        QTimer.singleShot((TRAY_SECONDS + 2) * 1000, tray.deleteLater)
    return summary
