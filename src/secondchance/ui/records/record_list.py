"""The list side of a record view: the sortable table, the "nothing matches" line, and the
columns laid out for the list's width (``AdaptiveColumns``): the kind's key column always
in view, compact dates and statuses, and the rest shown as room allows, as the person
arranged them last time."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from secondchance.core.dates import medium_date
from secondchance.core.services.fields import FieldType, display_value
from secondchance.core.services.kinds import RecordKind
from secondchance.ui.records.table_model import RecordTableModel
from secondchance.ui.widgets.adaptive_columns import PADDING, AdaptiveColumns, Column
from secondchance.ui.widgets.elide_delegate import ElidingDelegate
from secondchance.ui.widgets.list_table import list_table

SAMPLE_ROWS = 200  # rows measured for a text column's comfortable width
# A computed column's text is worked out row by row (a contact's "keep in touch" from its
# conversations: 14 of a 10k workspace's 54 ms to open Contacts for 200 rows); its words come
# in a handful of forms ("Overdue by 8 days", "No conversation logged yet"), which the first
# rows show as well as 200 would.
COMPUTED_SAMPLE_ROWS = 40
TEXT_WIDTH = (90, 180)  # a non-key text column's width, at least and at most (it elides)
MEASURED_CHARS = 100  # characters of a text measured: more are wider than TEXT_WIDTH's top
# The widest date of the year in the one date style, whatever the region's order.
WIDE_DATE = dt.date(2026, 12, 28)


class RecordList(QWidget):
    delete_pressed = Signal()

    def __init__(self, kind: RecordKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._columns_sized = False
        self.model = RecordTableModel(kind, self)

        self.table = list_table(f"table_{kind.name}", self.model, self)
        self.table.setItemDelegate(ElidingDelegate(self.table))
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._content_widths: dict[int, int] = {}
        self.columns = AdaptiveColumns(
            self.table,
            [Column(c.name, c.label, c.role, c.priority) for c in kind.column_specs],
            kind.name,
            self.natural_width,
            long_key=self._key_is_long(),
        )
        self.columns.restore()
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_pressed)

        self.no_match = QLabel(self)
        self.no_match.setObjectName(f"no_match_{kind.name}")
        self.no_match.setWordWrap(True)
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.hide()

        self.list_layout = QVBoxLayout(self)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.addWidget(self.table)
        self.list_layout.addWidget(self.no_match)

    # --- column widths ------------------------------------------------------------------

    def _key_is_long(self) -> bool:
        key = next(c.name for c in self.kind.column_specs if c.role == "key")
        return self.kind.field(key).type is FieldType.MULTILINE

    def natural_width(self, column: int) -> int:
        """A comfortable width for ``column``: its header, and what its values need."""
        spec = self.kind.field(self.kind.columns[column])
        metrics = self.table.fontMetrics()
        bold = QFontMetrics(self.table.horizontalHeader().font())
        header = bold.horizontalAdvance(spec.label) + PADDING + 14  # room for the sort arrow
        if spec.type is FieldType.DATE:
            values = metrics.horizontalAdvance(medium_date(WIDE_DATE))
        elif spec.type is FieldType.ENUM and spec.enum is not None:
            values = max(metrics.horizontalAdvance(display_value(spec, m)) for m in spec.enum)
        elif spec.type is FieldType.BOOL:
            values = metrics.horizontalAdvance("Yes")
        elif spec.type is FieldType.RATING:
            values = metrics.horizontalAdvance(display_value(spec, int(spec.maximum or 5)))
        else:
            values = self._content_widths.get(column, 0)
            if spec.type not in (FieldType.INTEGER, FieldType.NUMBER):
                values = max(TEXT_WIDTH[0], min(values, TEXT_WIDTH[1]))
        return max(header, values + PADDING)

    def _measured(self, column: int) -> bool:
        """Whether ``column``'s width comes from its values (``natural_width``'s last case):
        dates, choices, yes/no and ratings have a width known without reading a row."""
        spec = self.kind.field(self.kind.columns[column])
        fixed = spec.type in (FieldType.DATE, FieldType.BOOL, FieldType.RATING) or (
            spec.type is FieldType.ENUM and spec.enum is not None
        )
        return not fixed

    def _measure_contents(self) -> None:
        # Straight from the rows, one field each (asking the model cell by cell went through
        # Qt and made every field's text of every sampled row).
        metrics = self.table.fontMetrics()
        rows = [self.model.row_at(i) for i in range(min(self.model.rowCount(), SAMPLE_ROWS))]
        for column, name in enumerate(self.kind.columns):
            if not self._measured(column):
                continue
            field_type = self.kind.field(name).type
            capped = field_type not in (FieldType.INTEGER, FieldType.NUMBER)
            sample = rows[:COMPUTED_SAMPLE_ROWS] if field_type is FieldType.COMPUTED else rows
            widest = 0
            for row in sample:
                text = row.display_text(name) if row is not None else ""
                if text:
                    # A text column is never wider than TEXT_WIDTH's top; past MEASURED_CHARS
                    # characters any text is wider than that, so the rest needn't be measured.
                    if capped:
                        text = text[:MEASURED_CHARS]
                    widest = max(widest, metrics.horizontalAdvance(text))
            self._content_widths[column] = widest

    def size_columns_once(self) -> None:
        """Measure the columns' contents once there are rows, then fit them to the width."""
        if self._columns_sized:
            return
        self._columns_sized = True
        self._measure_contents()
        self.columns.fit()

    # --- empty and no-match states ------------------------------------------------------

    def explain_empty(self, search: str) -> None:
        """Say why no row shows when the list holds some: the search, or a filter."""
        shown, total = self.model.rowCount(), self.model.total_count
        plural = self.kind.plural.lower()
        if total and not shown and search:
            self.no_match.setText(f"No {plural} match “{search}”. Clear the search to see all.")
            self.no_match.show()
        elif total and not shown:
            self.no_match.setText(f"No {plural} pass the filter. Turn it off to see all {total}.")
            self.no_match.show()
        else:
            self.no_match.hide()
