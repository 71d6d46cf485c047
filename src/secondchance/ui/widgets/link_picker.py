"""Pick many other records (skills of a feedback item, contacts met at an event)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class LinkDialog(QDialog):
    def __init__(
        self,
        title: str,
        options: list[tuple[int, str]],
        chosen: set[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("link_dialog")
        self.model = QStandardItemModel(self)
        for record_id, label in options:
            item = QStandardItem(label)
            item.setData(record_id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            checked = record_id in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.model.appendRow(item)
        # A few hundred items at most: a proxy is fine here, and it filters as you type.
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QListView(self)
        self.view.setModel(self.proxy)
        empty = QLabel("Nothing to choose from yet." if not options else "", self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        if not options:
            layout.addWidget(empty)
        layout.addWidget(buttons)
        self.resize(360, 420)

    def chosen_ids(self) -> list[int]:
        ids = []
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return sorted(ids)


class LinkPicker(QWidget):
    edited = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._ids: list[int] = []
        self._options: list[tuple[int, str]] = []
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton("Choose…", self)
        self.button.setAccessibleName(f"Choose {title.lower()}")
        self.button.clicked.connect(self.open_dialog)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self._render()

    def set_options(self, options: list[tuple[int, str]]) -> None:
        self._options = options
        self._render()

    def value(self) -> list[int]:
        return list(self._ids)

    def set_value(self, ids: list[int] | None) -> None:
        self._ids = sorted(ids or [])
        self._render()

    def _render(self) -> None:
        names = dict(self._options)
        labels = [names.get(i, f"#{i}") for i in self._ids]
        self.label.setText(", ".join(labels) if labels else "None yet")

    def open_dialog(self) -> None:
        dialog = LinkDialog(f"Choose {self.title.lower()}", self._options, set(self._ids), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            ids = dialog.chosen_ids()
            if ids != self._ids:
                self._ids = ids
                self._render()
                self.edited.emit()
