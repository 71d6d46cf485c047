"""Pick many other records (skills of a feedback item, contacts met at an event)."""

from __future__ import annotations

import logging
from collections.abc import Callable

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

# Makes a new record from a typed name: its (id, label), or a message saying why not.
Creator = Callable[[str], tuple[int, str] | str]
# A pick list, read when it is first needed, and one record's title (None when it is not on
# offer), read for the record shown until then.
OptionsLoader = Callable[[], list[tuple[int, str]]]
TitleOf = Callable[[int], str | None]
log = logging.getLogger(__name__)


class LinkDialog(QDialog):
    def __init__(
        self,
        title: str,
        options: list[tuple[int, str]],
        chosen: set[int],
        parent: QWidget | None = None,
        creator: Creator | None = None,
        noun: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("link_dialog")
        self.creator = creator
        self.created: list[tuple[int, str]] = []
        self.model = QStandardItemModel(self)
        for record_id, label in options:
            self._add_item(record_id, label, record_id in chosen)
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
        empty = QLabel(
            (
                "Nothing to choose from yet."
                if creator is None
                else f"No {noun}s yet: add one below."
            )
            if not options
            else "",
            self,
        )
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
        self.new_name: QLineEdit | None = None
        self.create_message = QLabel(self)
        self.create_message.setWordWrap(True)
        self.create_message.hide()
        if creator is not None:
            # Feedback often names a skill nobody has written down yet: add it right here.
            self.new_name = QLineEdit(self)
            self.new_name.setObjectName("link_new_name")
            self.new_name.setPlaceholderText(f"New {noun}…")
            add = QPushButton(f"Add {noun}", self)
            add.setObjectName("link_add")
            add.clicked.connect(self._create)
            self.new_name.returnPressed.connect(self._create)
            row = QHBoxLayout()
            row.addWidget(self.new_name, 1)
            row.addWidget(add)
            layout.addLayout(row)
            layout.addWidget(self.create_message)
        layout.addWidget(buttons)
        self.resize(380, 440)

    def _add_item(self, record_id: int, label: str, checked: bool) -> None:
        item = QStandardItem(label)
        item.setData(record_id, Qt.ItemDataRole.UserRole)
        item.setCheckable(True)
        item.setEditable(False)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.model.appendRow(item)

    def _create(self) -> None:
        if self.creator is None or self.new_name is None:
            return
        name = self.new_name.text().strip()
        if not name:
            return
        outcome = self.creator(name)
        if isinstance(outcome, str):
            self.create_message.setText(outcome)
            self.create_message.show()
            return
        self.create_message.hide()
        record_id, label = outcome
        self._add_item(record_id, label, True)
        self.new_name.clear()
        self.search.clear()
        self.created.append((record_id, label))

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
        self._loader: OptionsLoader | None = None
        self._title_of: TitleOf | None = None
        self._titles: dict[int, str | None] = {}
        self._creator: Creator | None = None
        self._noun = ""
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
        self._loader = self._title_of = None
        self._options = options
        self._render()

    def set_options_later(self, loader: OptionsLoader, title_of: TitleOf) -> None:
        """Offer the list ``loader`` reads when the dialog opens; until then the label reads
        the chosen records' titles only (a target may track thousands of skills)."""
        self._loader, self._title_of = loader, title_of
        self._options = []
        self._titles = {}
        self._render()

    def _load(self) -> bool:
        loader = self._loader
        if loader is None:
            return True
        try:
            options = loader()
        except Exception:
            log.exception("could not read the choices for %s", self.title)
            return False
        self.set_options(options)
        return True

    def value(self) -> list[int]:
        return list(self._ids)

    def set_value(self, ids: list[int] | None) -> None:
        self._ids = sorted(ids or [])
        self._render()

    def _render(self) -> None:
        names = dict(self._options)
        if self._title_of is not None:
            for record_id in self._ids:
                if record_id not in self._titles:
                    self._titles[record_id] = self._title_of(record_id)
                title = self._titles[record_id]
                if title is not None:
                    names.setdefault(record_id, title)
        labels = [names.get(i, f"#{i}") for i in self._ids]
        self.label.setText(", ".join(labels) if labels else "None yet")

    def set_creator(self, creator: Creator | None, noun: str) -> None:
        """Let the dialog add a new record (e.g. a skill) by name."""
        self._creator, self._noun = creator, noun

    def open_dialog(self) -> None:
        if not self._load():
            return
        dialog = LinkDialog(
            f"Choose {self.title.lower()}",
            self._options,
            set(self._ids),
            self,
            creator=self._creator,
            noun=self._noun,
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if dialog.created:
            # Created records exist whether or not the dialog was accepted: show their names.
            self._options = [*self._options, *dialog.created]
            self._render()
        if accepted:
            ids = dialog.chosen_ids()
            if ids != self._ids:
                self._ids = ids
                self._render()
                self.edited.emit()
