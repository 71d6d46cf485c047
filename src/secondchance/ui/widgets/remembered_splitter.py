"""A splitter whose position is remembered across restarts (QSettings, one key each)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QSplitter, QWidget


class RememberedSplitter(QSplitter):
    def __init__(
        self,
        key: str,
        sizes: list[int],
        orientation: Qt.Orientation = Qt.Orientation.Horizontal,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(orientation, parent)
        self._key = f"layout/splitter_{key}"
        self._sizes = sizes
        self.setObjectName(f"splitter_{key}")
        self.setChildrenCollapsible(False)
        self.splitterMoved.connect(lambda _pos, _index: self.remember())

    def remember(self) -> None:
        QSettings().setValue(self._key, self.saveState())

    def restore(self) -> None:
        """Put the splitter where the person left it (call once its widgets are in)."""
        state = QSettings().value(self._key)
        if state is None or not self.restoreState(state):
            self.setSizes(self._sizes)
