"""The shared master-list + detail-form component every tab is built from.

A search box and a sortable list on the left, the generated form on the right.  Edits
save themselves after a short pause (and at once when the selection moves, the tab
changes or the window closes); a value the service refuses is shown next to its field
and kept on screen until it is fixed, never silently dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.db import StorageError
from secondchance.core.services import attachments, records
from secondchance.core.services.changes import Change, Create, Delete, Restore, Update
from secondchance.core.services.fields import FieldType, ValidationError, first_message
from secondchance.core.services.kinds import RecordKind, kind
from secondchance.ui.context import AppContext
from secondchance.ui.records.commands import record as record_undo
from secondchance.ui.records.form import RecordForm
from secondchance.ui.records.table_model import RecordTableModel
from secondchance.ui.widgets.empty_state import EmptyState

log = logging.getLogger(__name__)

AUTOSAVE_MS = 600


@dataclass
class PendingSave:
    """What a save is about to write: the record's values (as stored: enum members, dates)
    and other records to change in the same unit of work and undo step."""

    values: dict[str, Any]
    also: list[Change] = field(default_factory=list)


# Called with (values before, the pending save; before is {} for a new record); returns the
# save to make.  A tab can ask a question (what was done, when marking feedback addressed),
# fill in or take back a field, and change other records with it.  The form then shows what
# was saved.
BeforeSave = Callable[[dict[str, Any], PendingSave], PendingSave]


class RecordView(QWidget):
    """Edits the records of one kind (within the current target, where that applies)."""

    saved = Signal(object)  # RecordRow
    # After any save by this view: (RecordRow, values before; {} for a new record).
    committed = Signal(object, object)
    reloaded = Signal()  # the list was fetched again

    def __init__(self, ctx: AppContext, kind_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind: RecordKind = kind(kind_name)
        self.setObjectName(f"records_{self.kind.name}")
        self._current_id: int | None = None
        self._draft = False
        self._dirty = False
        self._stale = True
        self._loaded: dict[str, Any] = {}
        self._handling_selection = False
        self._columns_sized = False
        self._own_update = False
        self._last_parent_index = 0
        self._before_save: list[BeforeSave] = []
        self._in_hook = False

        self.model = RecordTableModel(self.kind, self)
        self.search = QLineEdit(self)
        self.search.setObjectName(f"search_{self.kind.name}")
        self.search.setPlaceholderText(f"Search {self.kind.plural.lower()}…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter_changed)

        self.parent_filter: QComboBox | None = None
        if self.kind.scope == "parent":
            self.parent_filter = QComboBox(self)
            self.parent_filter.setObjectName(f"parent_filter_{self.kind.name}")
            self.parent_filter.setMinimumContentsLength(16)
            self.parent_filter.activated.connect(lambda _i: self._parent_filter_changed())

        self.count_label = QLabel(self)
        self.count_label.setEnabled(False)
        self.new_button = QPushButton(f"New {self.kind.label}", self)
        self.new_button.setObjectName(f"new_{self.kind.name}")
        self.new_button.setToolTip(f"Add a {self.kind.label} (Ctrl+N)")
        self.new_button.clicked.connect(self.new_record)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setObjectName(f"delete_{self.kind.name}")
        self.delete_button.setToolTip("Delete the selected record (Del); Ctrl+Z brings it back")
        self.delete_button.clicked.connect(self.delete_current)

        toolbar = QHBoxLayout()
        self.toolbar = toolbar
        toolbar.addWidget(self.search, 2)
        if self.parent_filter is not None:
            toolbar.addWidget(self.parent_filter, 1)
        toolbar.addWidget(self.count_label)
        toolbar.addStretch(1)
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.delete_button)

        self.table = QTableView(self)
        self.table.setObjectName(f"table_{self.kind.name}")
        self.table.setModel(self.model)
        # Indicator first: enabling sorting re-sorts by whatever the header shows.
        column, order = self.model.sort_state
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(130)
        header.sectionResized.connect(lambda *_a: self._save_columns())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_current)

        self.no_match = QLabel(self)
        self.no_match.setObjectName(f"no_match_{self.kind.name}")
        self.no_match.setWordWrap(True)
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.hide()

        list_side = QWidget(self)
        list_layout = QVBoxLayout(list_side)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table)
        list_layout.addWidget(self.no_match)
        self.list_layout = list_layout

        self.form = RecordForm(
            self.kind,
            attachments=(
                lambda source: attachments.store_file(self.ctx.db, source),
                lambda stored: attachments.path_of(self.ctx.db, stored),
            ),
            parent=self,
        )
        self.form.edited.connect(self._edited)
        self.form.message.connect(self._attachment_failed)
        self.form_title = QLabel(self)
        self.form_title.setObjectName(f"form_title_{self.kind.name}")
        self.form_title.setWordWrap(True)
        self.form_title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.form_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.form_title.setFont(font)
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.form_title)
        detail_layout.addWidget(self.form)
        self.detail_scroll = QScrollArea(self)
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setWidget(detail)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName(f"splitter_{self.kind.name}")
        self.splitter.addWidget(list_side)
        self.splitter.addWidget(self.detail_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(lambda _p, _i: self._save_splitter())

        self.empty = EmptyState(self.kind.empty_text, self.kind.empty_action, self)
        self.empty.setObjectName(f"empty_{self.kind.name}")
        self.empty.activated.connect(self.new_record)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)

        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.flush)

        ctx.changed.connect(self._something_changed)
        ctx.target_changed.connect(self._target_changed)
        self._restore_splitter()

    # --- loading --------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _something_changed(self, _kind: str) -> None:
        if self._own_update:
            return  # this view already shows what it just saved (see flush)
        self._stale = True
        if self.isVisible():
            self.reload()

    def _target_changed(self, _target_id: object) -> None:
        # Contacts and events are everyone's: the selected one stays selected.
        if self.kind.scope != "shared":
            self._current_id = None
            self._draft = False
            self._dirty = False
        self._something_changed("*")

    def _scope_available(self) -> bool:
        return self.kind.scope != "target" or self.ctx.target_id is not None

    def reload(self) -> None:
        """Fetch the list again, keeping the selection and any unsaved typing."""
        self._stale = False
        if not self._scope_available():
            self.model.set_rows([])
            self._update_page()
            return
        try:
            # Choices first: a parent that vanished (deleted, other target) falls back to "All".
            self._refresh_choices()
            parent_id = self._parent_id()
            rows = records.list_records(self.ctx.db, self.kind.name, self.ctx.target_id, parent_id)
        except Exception:
            log.exception("could not list %s", self.kind.name)
            self.ctx.status.emit(f"Couldn't load {self.kind.plural.lower()}; see the log file.")
            return
        self.model.set_rows(rows)
        if rows and not self._columns_sized:
            self._size_columns()
        current = next((r for r in rows if r.id == self._current_id), None)
        if self._current_id is not None and current is None:
            self._current_id = None
            self._dirty = False
        if current is not None:
            self._select(current.id)
            if not self._dirty and self._editable_values(current.values) != self._loaded:
                self._show_record(current)
        elif not self._draft:
            first = self.model.row_at(0)
            if first is not None:
                self._select(first.id)
            else:
                self._show_nothing()
        self._update_page()
        self.reloaded.emit()

    def _size_columns(self) -> None:
        """Fit columns to their contents once, within limits, unless the person resized."""
        self._columns_sized = True
        header = self.table.horizontalHeader()
        saved = QSettings().value(f"layout/columns_{self.kind.name}")
        if saved is not None and header.restoreState(saved):
            return
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            width = self.table.columnWidth(column)
            self.table.setColumnWidth(column, max(70, min(width + 12, 240)))

    def _refresh_choices(self) -> None:
        for spec in self.kind.fields:
            if spec.type in (FieldType.REFERENCE, FieldType.LINKS) and spec.ref_kind:
                ref = kind(spec.ref_kind)
                target = self.ctx.target_id if ref.scope in ("target", "parent") else None
                if ref.scope == "target" and target is None:
                    options: list[tuple[int, str]] = []
                else:
                    options = records.choices(self.ctx.db, spec.ref_kind, target)
                self.form.set_options(spec.name, options)
        if self.parent_filter is not None and self.kind.parent_kind:
            ref = kind(self.kind.parent_kind)
            target = self.ctx.target_id if ref.scope == "target" else None
            options = (
                records.choices(self.ctx.db, self.kind.parent_kind, target)
                if self._scope_available()
                else []
            )
            chosen = self.parent_filter.currentData()
            self.parent_filter.blockSignals(True)
            self.parent_filter.clear()
            self.parent_filter.addItem(f"All {ref.plural.lower()}", None)
            for record_id, label in options:
                self.parent_filter.addItem(label, record_id)
            index = self.parent_filter.findData(chosen)
            self.parent_filter.setCurrentIndex(max(index, 0))
            self._last_parent_index = self.parent_filter.currentIndex()
            self.parent_filter.blockSignals(False)

    def _parent_id(self) -> int | None:
        if self.parent_filter is None:
            return None
        data = self.parent_filter.currentData()
        return int(data) if data is not None else None

    def _update_page(self) -> None:
        has_rows = self.model.total_count > 0
        self.stack.setCurrentIndex(1 if (has_rows or self._draft) else 0)
        shown, total = self.model.rowCount(), self.model.total_count
        if total and shown != total:
            self.count_label.setText(f"{shown} of {total}")
        else:
            self.count_label.setText(f"{total}" if total else "")
        needle = self.search.text().strip()
        if total and not shown and needle:
            self.no_match.setText(
                f"No {self.kind.plural.lower()} match “{needle}”. Clear the search to see all."
            )
            self.no_match.show()
        elif total and not shown:
            self.no_match.setText(
                f"No {self.kind.plural.lower()} pass the filter. Turn it off to see all {total}."
            )
            self.no_match.show()
        else:
            self.no_match.hide()
        self.delete_button.setEnabled(self._current_id is not None or self._draft)
        self.new_button.setEnabled(self._scope_available())
        self.search.setEnabled(has_rows)

    # --- selection and form -----------------------------------------------------------

    def _select(self, record_id: int) -> None:
        position = self.model.position_of(record_id)
        if position < 0:
            return
        self._handling_selection = True
        try:
            index = self.model.index(position, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        finally:
            self._handling_selection = False
        if record_id != self._current_id:
            row = self.model.row_at(position)
            if row is not None:
                self._show_record(row)

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._handling_selection:
            return
        row = self.model.row_at(current.row()) if current.isValid() else None
        if row is not None and row.id == self._current_id and not self._draft:
            return
        if not self.flush():
            # Unsaveable typing stays on screen with its message: go back to it.
            if self._current_id is not None:
                self._select(self._current_id)
            else:
                self._handling_selection = True
                self.table.clearSelection()
                self._handling_selection = False
            return
        self._draft = False
        if row is not None:
            # The save may have reloaded the list and re-selected the old row: follow the click.
            self._select(row.id)
            if self._current_id != row.id:
                self._show_record(row)
        else:
            self._show_nothing()
        self._update_page()

    def _editable_values(self, values: dict[str, Any]) -> dict[str, Any]:
        return {s.name: values.get(s.name) for s in self.kind.editable_fields}

    def _show_record(self, row: records.RecordRow) -> None:
        self._current_id = row.id
        self._draft = False
        self._dirty = False
        self._loaded = self._editable_values(row.values)
        self.form.load(row.values)
        self.form.setEnabled(True)
        self.form_title.setText(row.title)

    def _show_nothing(self) -> None:
        self._current_id = None
        self._dirty = False
        self._loaded = {}
        self.form.load({})
        self.form.setEnabled(False)
        self.form_title.setText(f"Select a {self.kind.label} on the left, or add a new one.")

    # --- editing --------------------------------------------------------------------

    def new_record(self) -> None:
        if not self._scope_available() or not self.flush():
            return
        if self.parent_filter is not None and self.parent_filter.count() <= 1:
            parent = kind(self.kind.parent_kind or "")
            self.ctx.status.emit(
                f"Add a {parent.label} first: each {self.kind.label} belongs to one."
            )
            return
        # A new record must not be hidden by an old search.
        self.search.clear()
        defaults: dict[str, Any] = {
            s.name: ([] if s.type is FieldType.LINKS else s.default) for s in self.kind.fields
        }
        if self.kind.parent_field:
            defaults[self.kind.parent_field] = self._parent_id()
        self._current_id = None
        self._draft = True
        self._dirty = False
        self._loaded = {}
        self._handling_selection = True
        self.table.clearSelection()
        self.table.selectionModel().clearCurrentIndex()
        self._handling_selection = False
        self.form.load(defaults)
        self.form.setEnabled(True)
        self.form_title.setText(
            f"New {self.kind.label} — it is saved as soon as the required fields (*) are filled"
        )
        self._update_page()
        self.form.focus_first()

    def _edited(self) -> None:
        self._dirty = True
        self.timer.start()

    def flush(self) -> bool:
        """Save pending typing now. False if it can't be saved (the form says why)."""
        self.timer.stop()
        if not self._dirty or self._in_hook:
            # A hook's question is on screen; the save it belongs to finishes after it.
            return True
        try:
            # Hooks see values as they are stored (enum members, dates), like ``before``.
            cleaned = records.clean(self.kind.name, self.form.values())
        except ValidationError as exc:
            return self._refused(exc)
        pending = self._run_hooks(cleaned)
        if pending is None:
            return True  # the record vanished or the view moved on while the question was open
        if self._draft:
            first: Change = Create(self.kind.name, pending.values, self.ctx.target_id)
        elif self._current_id is not None:
            first = Update(self.kind.name, self._current_id, pending.values)
        else:
            return True
        changes = [first, *pending.also]
        try:
            applied = records.apply_changes(self.ctx.db, changes)
        except ValidationError as exc:
            return self._refused(exc)
        except records.RecordNotFound as exc:
            self.form.show_errors({"": str(exc)})
            self._dirty = False
            self._stale = True
            return False
        except (StorageError, ValueError) as exc:
            log.exception("could not save %s", self.kind.name)
            self.form.show_errors({"": f"{first_message(exc)} Your typing is kept on screen."})
            self.ctx.status.emit(f"Not saved: {first_message(exc)}")
            return False
        row = applied.rows[0]
        assert row is not None
        self.form.clear_errors()
        was_draft = self._draft
        before = self._loaded
        self._draft = False
        self._dirty = False
        self._current_id = row.id
        self._loaded = self._editable_values(row.values)
        self.form_title.setText(row.title)
        record_undo(self.ctx, changes, applied)
        self._refresh_computed(row)
        if self._loaded != pending.values or pending.values != cleaned:
            # A rule filled in or took back a value: show what was saved.
            self.form.load(row.values)
        self.saved.emit(row)
        self.committed.emit(row, {} if was_draft else before)
        if was_draft:
            self.ctx.notify_kinds(applied.kinds or {self.kind.name})
            return True
        # An edit changes one row: update it in place instead of reloading the list.
        self.model.replace_row(row)
        if applied.changed:
            self._own_update = True
            try:
                self.ctx.notify_kinds(applied.kinds)
            finally:
                self._own_update = False
        return True

    def _refused(self, exc: ValidationError) -> bool:
        self.form.show_errors(exc.errors)
        self.ctx.status.emit(f"Not saved yet: {first_message(exc)}")
        return False

    @property
    def current_id(self) -> int | None:
        """The selected record's id (None for nothing or an unsaved new record)."""
        return self._current_id

    def add_before_save(self, hook: BeforeSave) -> None:
        self._before_save.append(hook)

    def _run_hooks(self, values: dict[str, Any]) -> PendingSave | None:
        pending = PendingSave(dict(values))
        if not self._before_save:
            return pending
        record_id, draft = self._current_id, self._draft
        before = {} if draft else dict(self._loaded)
        self._in_hook = True
        try:
            for hook in self._before_save:
                pending = hook(before, pending)
        finally:
            self._in_hook = False
        if (record_id, draft) != (self._current_id, self._draft):
            return None
        return pending

    def _refresh_computed(self, row: records.RecordRow) -> None:
        for spec in self.kind.fields:
            if spec.type is FieldType.COMPUTED:
                self.form.editors[spec.name].set_value(row.values.get(spec.name))  # type: ignore[attr-defined]

    def delete_current(self) -> None:
        if self._draft:
            self._draft = False
            self._dirty = False
            self.timer.stop()
            self.reload()
            self.ctx.status.emit("Discarded the unsaved new record")
            return
        if self._current_id is None:
            return
        # Save the last typing first, so an undo brings back what was on screen; if it
        # can't be saved, the last saved version is what is deleted (and comes back).
        self.flush()
        self.timer.stop()
        self._dirty = False
        if self._current_id is None:
            return
        position = self.model.position_of(self._current_id)
        changes = [Delete(self.kind.name, self._current_id)]
        try:
            applied = records.apply_changes(self.ctx.db, changes)
        except records.RecordNotFound:
            self.reload()
            return
        except StorageError as exc:
            self.ctx.status.emit(f"Not deleted: {exc}")
            return
        # Focus leaves the form so that Ctrl+Z reaches Undo, not a text field's own undo.
        self.table.setFocus()
        self._current_id = None
        record_undo(self.ctx, changes, applied)
        # Select the neighbour so Del can be pressed again, as in any list.
        neighbour = self.model.row_at(position + 1) or self.model.row_at(position - 1)
        if neighbour is not None:
            self._current_id = neighbour.id
        undo = applied.inverse[0]
        title = undo.snapshot.title if isinstance(undo, Restore) else self.kind.label
        self.ctx.notify_kinds(applied.kinds, f"Deleted “{title}” — Ctrl+Z brings it back")

    def add_toolbar_widget(self, widget: QWidget) -> None:
        """A tab's own control (a filter, an action) in the toolbar, before New/Delete."""
        self.toolbar.insertWidget(self.toolbar.indexOf(self.new_button), widget)

    def add_list_footer(self, widget: QWidget) -> None:
        """A tab's own summary (counts, a chart) under the list."""
        self.list_layout.addWidget(widget)

    def set_row_filter(self, predicate: Callable[[records.RecordRow], bool] | None) -> None:
        """Show only rows the predicate accepts (together with the search words)."""
        if not self.flush():
            return
        self.model.set_predicate(predicate)
        if self._current_id is not None and self.model.position_of(self._current_id) >= 0:
            self._select(self._current_id)
        self._update_page()

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        if self._current_id is not None and self.model.position_of(self._current_id) >= 0:
            self._select(self._current_id)
        self._update_page()

    def _parent_filter_changed(self) -> None:
        assert self.parent_filter is not None
        if not self.flush():
            self.parent_filter.setCurrentIndex(self._last_parent_index)
            return
        self._last_parent_index = self.parent_filter.currentIndex()
        self._current_id = None
        self.reload()

    def _attachment_failed(self, message: str) -> None:
        self.form.show_errors({"file" if "file" in self.form.editors else "": message})
        self.ctx.status.emit(message)

    # --- focus helpers used by the window's shortcuts -----------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def select_record(self, record_id: int) -> None:
        if self.flush():
            self.search.clear()
            self.reload()
            filtered = self.parent_filter is not None and self.parent_filter.currentIndex() > 0
            if filtered and self.model.position_of(record_id) < 0:
                # It belongs to another parent than the one shown: show them all to reach it.
                assert self.parent_filter is not None
                self.parent_filter.setCurrentIndex(0)
                self._last_parent_index = 0
                self.reload()
            self._select(record_id)

    # --- remembered layout ----------------------------------------------------------

    def _settings_key(self) -> str:
        return f"layout/splitter_{self.kind.name}"

    def _save_splitter(self) -> None:
        QSettings().setValue(self._settings_key(), self.splitter.saveState())

    def _save_columns(self) -> None:
        if self._columns_sized:
            header = self.table.horizontalHeader()
            QSettings().setValue(f"layout/columns_{self.kind.name}", header.saveState())

    def _restore_splitter(self) -> None:
        state = QSettings().value(self._settings_key())
        if state is not None:
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([420, 560])

    def add_detail_panel(self, widget: QWidget) -> None:
        """Show a tab's own panel (e.g. a chart of the selected record) under the form."""
        detail = self.detail_scroll.widget()
        layout = detail.layout() if detail is not None else None
        assert layout is not None
        layout.addWidget(widget)

    def attach_file(self, field_name: str, source: Path) -> bool:
        """Attach ``source`` to the current record's file field (used by drag and tests)."""
        editor = self.form.editors[field_name]
        return bool(editor.attach(source))  # type: ignore[attr-defined]
