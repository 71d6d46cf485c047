"""The row above a record view: search, the parent choice (for a parent's records), the
count, and New / Delete — with room for a tab's own controls before New."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QToolButton, QWidget

from secondchance.core.services.kinds import RecordKind, kind
from secondchance.ui import icons
from secondchance.ui.records.parent_filter import ParentFilter
from secondchance.ui.widgets.muted_label import MutedLabel


class RecordToolbar(QHBoxLayout):
    def __init__(self, k: RecordKind, owner: QWidget) -> None:
        super().__init__()
        self.search = QLineEdit(owner)
        self.search.setObjectName(f"search_{k.name}")
        self.search.setPlaceholderText(f"Search {k.plural.lower()}…")
        self.search.setClearButtonEnabled(True)

        self.parent_filter: ParentFilter | None = None
        if k.scope == "parent" and k.parent_kind:
            all_parents = f"All {kind(k.parent_kind).plural.lower()}"
            self.parent_filter = ParentFilter(k.name, all_parents, owner)

        self.count_label = MutedLabel(owner, wrap=False)
        self.count_label.setObjectName(f"count_{k.name}")
        self.count_label.setToolTip(f"{k.plural} shown (of all)")
        self.new_button = QPushButton(f"New {k.label}", owner)
        self.new_button.setObjectName(f"new_{k.name}")
        self.new_button.setToolTip(f"Add a {k.label} (Ctrl+N)")
        self.delete_button = QPushButton("Delete", owner)
        self.delete_button.setObjectName(f"delete_{k.name}")
        self.delete_button.setToolTip("Delete the selected record (Del); Ctrl+Z brings it back")

        self.addWidget(self.search, 2)
        if self.parent_filter is not None:
            self.addWidget(self.parent_filter, 1)
        # Export to CSV… (the rows and columns shown, in this order); RecordView connects it.
        self.csv_button = QToolButton(owner)
        self.csv_button.setObjectName(f"csv_{k.name}")
        self.csv_button.setIcon(icons.icon("export"))
        self.csv_button.setText("CSV…")
        self.csv_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.csv_button.setToolTip(
            f"Export to CSV… — the {k.plural.lower()} shown, with the columns in this order"
        )
        self.csv_button.setAccessibleName("Export to CSV")

        self.addWidget(self.count_label)
        self.addWidget(self.csv_button)
        self.addStretch(1)
        self.addWidget(self.new_button)
        self.addWidget(self.delete_button)

    def add_before_new(self, widget: QWidget) -> None:
        self.insertWidget(self.indexOf(self.new_button), widget)
