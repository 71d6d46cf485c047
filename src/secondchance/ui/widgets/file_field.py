"""An attached file: copied into the data folder, opened with the system's viewer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from secondchance.core.services.attachments import display_name


class FileField(QWidget):
    edited = Signal()
    failed = Signal(str)

    def __init__(
        self,
        store: Callable[[Path], str],
        locate: Callable[[str], Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store, self._locate = store, locate
        self._value: str | None = None
        self.label = QLabel("No file attached", self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # file names may contain "<"
        self.attach_button = QPushButton("Attach…", self)
        self.open_button = QPushButton("Open", self)
        self.remove_button = QPushButton("Remove", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        for button in (self.attach_button, self.open_button, self.remove_button):
            layout.addWidget(button)
        self.attach_button.clicked.connect(self._choose)
        self.open_button.clicked.connect(self._open)
        self.remove_button.clicked.connect(self._remove)
        self._render()

    def value(self) -> str | None:
        return self._value

    def set_value(self, value: str | None) -> None:
        self._value = value
        self._render()

    def attach(self, source: Path) -> bool:
        try:
            stored = self._store(source)
        except OSError as exc:
            self.failed.emit(str(exc))
            return False
        self._value = stored
        self._render()
        self.edited.emit()
        return True

    def _render(self) -> None:
        if self._value:
            self.label.setText(f"{display_name(self._value)} (a copy kept with your data)")
        else:
            self.label.setText("No file attached")
        self.open_button.setEnabled(bool(self._value))
        self.remove_button.setEnabled(bool(self._value))

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Attach a file")
        if path:
            self.attach(Path(path))

    def _open(self) -> None:
        if self._value:
            try:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._locate(self._value))))
            except OSError as exc:
                self.failed.emit(str(exc))

    def _remove(self) -> None:
        self._value = None
        self._render()
        self.edited.emit()
