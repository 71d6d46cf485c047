"""Add from bank…: pick questions from the curated bank into this target, by group and with
search.  Nothing is added silently: the person ticks each one, and the button says how many.
A bank file that fails to load is named with its line, and the dialog says so."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services import question_bank
from secondchance.core.services.question_bank import BankError, BankQuestion
from secondchance.core.services.questions import same_words
from secondchance.core.text import fold
from secondchance.ui.tabs.interview_prep.pieces import muted
from secondchance.ui.widgets.headed_table_model import HeadedTableModel
from secondchance.ui.widgets.list_table import list_table

_Index = QModelIndex | QPersistentModelIndex
ALL_GROUPS = "All groups"


class BankModel(HeadedTableModel):
    """The bank's questions, filtered by group and words; the ticked ones remembered."""

    headers = ("Question", "What they're really asking", "Group")

    def __init__(self, bank: list[BankQuestion], have: set[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.bank = bank
        self.have = have
        self.ticked: set[int] = set()  # positions in the bank
        self._search = [fold(f"{q.question} {q.hint} {q.group}") for q in bank]
        self.shown: list[int] = list(range(len(bank)))

    def shown_rows(self) -> list[int]:
        return self.shown

    def already(self, position: int) -> bool:
        return same_words(self.bank[position].question) in self.have

    def set_filter(self, group: str | None, words: str) -> None:
        needles = fold(words).split()
        self.beginResetModel()
        self.shown = [
            i
            for i, q in enumerate(self.bank)
            if (group is None or q.group == group) and all(n in self._search[i] for n in needles)
        ]
        self.endResetModel()

    def picked(self) -> list[BankQuestion]:
        return [self.bank[i] for i in sorted(self.ticked)]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        position = self.shown[index.row()]
        if self.already(position):
            return Qt.ItemFlag.ItemIsSelectable  # shown, greyed: it is in the target already
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.shown):
            return None
        position = self.shown[index.row()]
        q = self.bank[position]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0 and self.already(position):
                return f"{q.question} (already added)"
            return (q.question, q.hint, q.group)[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            if self.already(position):
                return Qt.CheckState.Checked
            ticked = position in self.ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column():
            return False
        position = self.shown[index.row()]
        if self.already(position):
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.ticked.add(position)
        else:
            self.ticked.discard(position)
        self.dataChanged.emit(index, index)
        return True

    def toggle(self, row: int) -> None:
        if 0 <= row < len(self.shown):
            index = self.index(row, 0)
            checked = self.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            new = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
            self.setData(index, new.value, Qt.ItemDataRole.CheckStateRole)


class BankDialog(QDialog):
    def __init__(
        self, have: set[str], parent: QWidget | None = None, bank_path: Any = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bank_dialog")
        self.setWindowTitle("Add questions from the bank")
        self.error = ""
        try:
            bank = question_bank.load(bank_path)
        except BankError as exc:
            bank, self.error = [], str(exc)
        self.model = BankModel(bank, have, self)

        intro = QLabel(
            "Tick the questions you want to prepare. Each comes with a hint of what the "
            "interviewer is really asking; you write the answer in your own words.",
            self,
        )
        intro.setWordWrap(True)
        self.group = QComboBox(self)
        self.group.setObjectName("bank_group")
        self.group.addItem(ALL_GROUPS, None)
        for name in question_bank.groups(bank):
            self.group.addItem(name, name)
        self.group.currentIndexChanged.connect(lambda _i: self._filter())
        self.search = QLineEdit(self)
        self.search.setObjectName("bank_search")
        self.search.setPlaceholderText("Search the bank…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._filter())
        filters = QHBoxLayout()
        filters.addWidget(self.group)
        filters.addWidget(self.search, 1)

        self.table = list_table("bank_table", self.model, self)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # Wrapped questions and hints get the height they need (the bank is small).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Space ticks (the delegate's own key); a double-click too.  Enter is left to the
        # dialog, so it never ticks and adds in one press.
        self.table.doubleClicked.connect(lambda index: self.model.toggle(index.row()))
        self.model.dataChanged.connect(lambda *_a: self._count())

        self.message = muted(QLabel(self))
        self.message.setObjectName("bank_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        if self.error:
            self.message.setEnabled(True)
            self.message.setText(
                f"The question bank could not be loaded: {self.error} You can still add "
                "questions of your own with New."
            )

        self.buttons = QDialogButtonBox(self)
        self.add: QPushButton = self.buttons.addButton(
            "Add", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.add.setObjectName("bank_add")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(900, 560)
        self._count()
        self.search.setFocus()

    def _filter(self) -> None:
        self.model.set_filter(self.group.currentData(), self.search.text())
        self._count()

    def _count(self) -> None:
        picked = len(self.model.ticked)
        self.add.setEnabled(picked > 0)
        self.add.setText(f"Add {picked} question{'s' if picked != 1 else ''}" if picked else "Add")
        if self.error:
            return
        shown = len(self.model.shown)
        if not shown:
            self.message.setText("No question in the bank matches. Try other words.")
        else:
            self.message.setText(
                f"{shown} shown · {picked} ticked · Space or a double-click ticks a question"
            )

    def picked(self) -> list[BankQuestion]:
        return self.model.picked()
