"""A splitter whose position is remembered across restarts (QSettings), separately for each
orientation: a list beside its form and a list above it want different sizes."""

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
        stacked_sizes: list[int] | None = None,
    ) -> None:
        super().__init__(orientation, parent)
        self._base = f"layout/splitter_{key}"
        self._sizes = {
            Qt.Orientation.Horizontal: sizes,
            Qt.Orientation.Vertical: stacked_sizes or sizes,
        }
        self.setObjectName(f"splitter_{key}")
        self.setChildrenCollapsible(False)
        self.splitterMoved.connect(lambda _pos, _index: self.remember())

    def _key(self, orientation: Qt.Orientation | None = None) -> str:
        # The side-by-side key is the one earlier versions wrote.
        vertical = (orientation or self.orientation()) == Qt.Orientation.Vertical
        return f"{self._base}_above" if vertical else self._base

    def remember(self) -> None:
        QSettings().setValue(self._key(), self.saveState())

    def restore(self) -> None:
        """Put the splitter where the person left it (call once its widgets are in)."""
        state = QSettings().value(self._key())
        # restoreState also restores the orientation it was saved with: keep ours.
        orientation = self.orientation()
        if state is None or not self.restoreState(state) or self.orientation() != orientation:
            self.setOrientation(orientation)
            self.setSizes(self._sizes[orientation])

    def set_orientation(self, orientation: Qt.Orientation) -> None:
        """Turn the splitter, at the sizes last used in that orientation."""
        if orientation == self.orientation():
            return
        self.setOrientation(orientation)
        self.restore()
