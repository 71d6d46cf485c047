"""Before a vCard import: what will happen to each card, shown and asked.

A card whose e-mail matches a contact merges into it (filling empty fields, adding to the
notes); a card with only the same name as one contact is a guess, so it has a box to tick
(ticked: merge; unticked: add as a new contact).  Cards that can't be read are listed by
line.  Nothing is written until "Import".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.interop import vcard_import as vi
from secondchance.ui.tabs.agenda.rows_model import Row, RowsModel
from secondchance.ui.widgets.list_table import list_table

HEADERS = ("Card", "E-mail", "What happens")
CHECK_COLUMN = 2


def describe(entry: vi.Planned) -> str:
    adds = ", ".join(entry.adds)
    if entry.action == vi.NEW:
        extra = (
            f" (with {entry.cards - 1} more card with the same e-mail)" if entry.cards > 1 else ""
        )
        return f"Add as a new contact{extra}"
    if entry.action == vi.MERGE:
        return f"Merge into “{entry.contact_name}” (same e-mail): adds {adds}"
    if entry.action == vi.SKIP:
        return f"Skip: “{entry.contact_name}” already has all of it"
    what = f": adds {adds}" if adds else " (nothing new)"
    return f"Same name as “{entry.contact_name}” — tick to merge{what}, or leave to add new"


class _Model(RowsModel):
    """The plan's rows, with a tick box on the "same name" ones."""

    def __init__(self, plan: vi.Plan, parent: QWidget | None = None) -> None:
        super().__init__(HEADERS, parent)
        self.plan = plan
        self.ticked: set[int] = {i for i, e in enumerate(plan.entries) if e.action == vi.ASK}
        self.set_rows(
            [
                Row(
                    cells=(
                        f"{e.card.name}  (line {e.card.line})",
                        e.card.emails[0] if e.card.emails else "",
                        describe(e),
                    ),
                    keys=(e.card.name.casefold(), e.card.emails[:1], e.action),
                    payload=i,
                    tone="muted" if e.action == vi.SKIP else None,
                    tips=("", ", ".join(e.card.emails), describe(e)),
                )
                for i, e in enumerate(plan.entries)
            ]
        )

    def flags(self, index):  # type: ignore[no-untyped-def]
        flags = super().flags(index)
        row = self.row_at(index.row())
        if (
            row is not None
            and index.column() == CHECK_COLUMN
            and self.plan.entries[row.payload].action == vi.ASK
        ):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        row = self.row_at(index.row()) if index.isValid() else None
        if (
            role == Qt.ItemDataRole.CheckStateRole
            and row is not None
            and index.column() == CHECK_COLUMN
            and self.plan.entries[row.payload].action == vi.ASK
        ):
            ticked = row.payload in self.ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # type: ignore[no-untyped-def]
        row = self.row_at(index.row()) if index.isValid() else None
        if role != Qt.ItemDataRole.CheckStateRole or row is None:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        (self.ticked.add if checked else self.ticked.discard)(row.payload)
        self.dataChanged.emit(index, index)
        return True


class VCardImportDialog(QDialog):
    def __init__(self, plan: vi.Plan, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setObjectName("vcard_import_dialog")
        self.setWindowTitle(f"Import contacts from {file_name}")
        new, merge = plan.count(vi.NEW), plan.count(vi.MERGE)
        ask, skip = plan.count(vi.ASK), plan.count(vi.SKIP)
        parts = [f"{new} new", f"{merge} to merge by e-mail", f"{skip} already there"]
        if ask:
            parts.append(f"{ask} with the same name as a contact — you choose")
        intro = QLabel(
            f"{len(plan.entries)} contacts in this file: {', '.join(parts)}. Merging never "
            "overwrites what you wrote: it fills empty fields and adds to the notes. A backup "
            "of your data is made first.",
            self,
        )
        intro.setWordWrap(True)
        self.model = _Model(plan, self)
        self.table = list_table("table_vcard_plan", self.model, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 240)
        self.table.setColumnWidth(1, 220)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        if plan.problems:
            note = QLabel(f"{len(plan.problems)} card(s) can't be imported; the others can:", self)
            problems = QPlainTextEdit("\n".join(str(p) for p in plan.problems), self)
            problems.setObjectName("vcard_problems")
            problems.setReadOnly(True)
            problems.setMaximumHeight(110)
            layout.addWidget(note)
            layout.addWidget(problems)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("vcard_import")
        self.import_button.setEnabled(bool(new + merge + ask))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 520)

    def merge_by_name(self) -> set[int]:
        """The "same name" entries the person ticked to merge."""
        return set(self.model.ticked)
