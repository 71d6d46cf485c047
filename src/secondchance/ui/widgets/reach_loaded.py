"""A combo box whose entries are read when a person reaches for it (opens, focuses, scrolls
or types in it): a form's pick list of a target's thousands of feedback items, a list's
filter by 8 000 contacts.  Until then it holds what it shows (the choice, or "All")."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QFocusEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox

log = logging.getLogger(__name__)

Options = list[tuple[int, str]]
OptionsLoader = Callable[[], Options]


class ReachLoadedCombo(QComboBox):
    _loader: OptionsLoader | None = None  # entries still to read

    def fill(self, options: Options) -> None:
        """Put the entries read in place (a subclass knows what else the box holds)."""
        raise NotImplementedError

    def load_options(self) -> None:
        """Read the entries now if they wait."""
        loader, self._loader = self._loader, None
        if loader is None:
            return
        try:
            options = loader()
        except Exception:
            self._loader = loader  # tried again on the next reach
            raise
        self.fill(options)

    def _load_quietly(self) -> None:
        if self._loader is None:
            return
        try:
            self.load_options()
        except Exception:  # the box keeps what it holds
            log.exception("could not read the entries of %s", self.objectName())

    def showPopup(self) -> None:
        self._load_quietly()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Keys (arrows, a first letter) choose among the whole list, as they always did.
        self._load_quietly()
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._load_quietly()
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._load_quietly()
        super().wheelEvent(event)
