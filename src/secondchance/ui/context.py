"""What every part of the window shares: the open database, the current target, the undo
stack and the one app-wide "something changed" signal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from secondchance.ui.first_look import is_pending

if TYPE_CHECKING:
    from secondchance.core.db import Database


class AppContext(QObject):
    # Emitted after every committed change, with the kind of record that changed
    # ("target", "feedback", …, or "*" for everything, e.g. after an import).
    changed = Signal(str)
    target_changed = Signal(object)  # int | None
    status = Signal(str)
    # Any part of the window asks to show one record (kind name, id); the window switches
    # to its tab and selects it.
    open_record = Signal(str, int)
    # Show a list or page without choosing a record: a kind name, or a tab's own page
    # ("gaps", "ledger"); the window finds its tab in the registry.
    open_view = Signal(str)
    # Show one target on the Overview (from the "All targets" tab), archived ones too.
    choose_target = Signal(int)
    # The data is attached after the window's first look (``ui/first_look.py``): work a
    # view put off until then can start.
    data_attached = Signal()

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.target_id: int | None = None
        # The current target is an earlier attempt kept as it was: its records are read-only.
        self.target_kept = False
        self.undo_stack = QUndoStack(self)
        # What is due, read off the GUI thread while the window opened (day, items): the
        # reminder and the Due page use it instead of reading again, until anything changes.
        self.due_preloaded: tuple[dt.date, list[Any]] | None = None
        self.changed.connect(self._forget_due)

    @property
    def attached(self) -> bool:
        """The data is open (not yet, while the window shows its first look)."""
        return not is_pending(self.db)

    def due_read(self, today: dt.date) -> list[Any] | None:
        """The due items read at start for ``today``, if nothing has changed since."""
        if self.due_preloaded is not None and self.due_preloaded[0] == today:
            return self.due_preloaded[1]
        return None

    def _forget_due(self, _kind: str) -> None:
        self.due_preloaded = None

    def set_target(self, target_id: int | None) -> None:
        if target_id != self.target_id:
            self.target_id = target_id
            self.target_changed.emit(target_id)

    def notify(self, kind: str, message: str = "Saved ✓") -> None:
        self.changed.emit(kind)
        if message:
            self.status.emit(message)

    def notify_kinds(self, kinds: Iterable[str], message: str = "Saved ✓") -> None:
        """After a unit of work that changed several kinds: one signal per kind, one message."""
        for kind in sorted(kinds):
            self.changed.emit(kind)
        if message:
            self.status.emit(message)
