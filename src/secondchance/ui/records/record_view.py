"""The shared master-list + detail-form component every tab is built from.

A search box and a sortable list on the left, the generated form on the right.  Edits
save themselves after a short pause (and at once when the selection moves, the tab
changes or the window closes); a value the service refuses is shown next to its field
and kept on screen until it is fixed, never silently dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from secondchance.core.services import records
from secondchance.core.services.fields import FieldType
from secondchance.core.services.kinds import RecordKind, kind
from secondchance.core.services.list_start import ListStart, list_start
from secondchance.ui import gui_gc
from secondchance.ui.context import AppContext
from secondchance.ui.records import list_layout
from secondchance.ui.records.pending_save import BeforeSave
from secondchance.ui.records.record_detail import RecordDetail
from secondchance.ui.records.record_editing import RecordEditing
from secondchance.ui.records.record_list import RecordList
from secondchance.ui.records.record_toolbar import RecordToolbar
from secondchance.ui.records.table_model import Sorted, WholeList, read_sorted
from secondchance.ui.widgets.empty_state import EmptyState
from secondchance.ui.widgets.remembered_splitter import RememberedSplitter
from secondchance.ui.worker import Background

log = logging.getLogger(__name__)

AUTOSAVE_MS = 600
# A list of more records than this opens on its first HEAD_ROWS (a screenful several times
# over) while the whole of it is read off the GUI thread: reading 25 000 feedback items
# froze the window for half a second, 100 000 for most of one.
WHOLE_UP_TO = 4000
HEAD_ROWS = 200


class RecordView(RecordEditing, QWidget):
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
        self._reads = 0  # reloads so far: a whole list read off the GUI thread names its own
        self._loading_total: int | None = None  # records of a list still being read whole
        self._rows_scope: tuple[Any, ...] | None = None  # target and parent of the rows shown
        self._loaded: dict[str, Any] = {}
        self._shown_row: records.RecordRow | None = None  # the row the form was loaded from
        self._handling_selection = False
        self._own_update = False
        self._before_save: list[BeforeSave] = []
        self._in_hook = False
        # The kinds its pick lists (and parent filter) offer: loaded once, and again only
        # after a change to that kind (or to everything).
        self._choice_kinds = {
            s.ref_kind
            for s in self.kind.fields
            if s.type in (FieldType.REFERENCE, FieldType.LINKS) and s.ref_kind
        } | ({self.kind.parent_kind} if self.kind.parent_kind else set())
        self._stale_choices: set[str] = set(self._choice_kinds)
        # A change to any of these can change what the list shows (titles it names, rows a
        # delete took with it); any other kind leaves it as it is.
        self._shown_kinds = {self.kind.name, "target", "*"} | self._choice_kinds
        # Computed columns read related records (a contact's last conversation, a skill's
        # level history): for such kinds every change may matter, as before.
        self._any_change_shows = bool(self.kind.relations)

        self.list = RecordList(self.kind, self)
        self.model = self.list.model
        self.table = self.list.table
        self.no_match = self.list.no_match
        self.list_layout = self.list.list_layout
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.list.delete_pressed.connect(self.delete_current)

        self.toolbar = RecordToolbar(self.kind, self)
        self.search = self.toolbar.search
        self.parent_filter = self.toolbar.parent_filter
        self.count_label = self.toolbar.count_label
        self.new_button = self.toolbar.new_button
        self.delete_button = self.toolbar.delete_button
        self.search.textChanged.connect(self._filter_changed)
        if self.parent_filter is not None:
            self.parent_filter.activated.connect(lambda _i: self._parent_filter_changed())
        self.new_button.clicked.connect(self.new_record)
        self.delete_button.clicked.connect(self.delete_current)
        self.toolbar.csv_button.clicked.connect(self._export_csv)

        self.detail = RecordDetail(self.kind, ctx.db, self)
        self.detail_scroll = self.detail
        self.form = self.detail.form
        self.form_title = self.detail.title
        self.form.edited.connect(self._edited)
        self.form.message.connect(self._attachment_failed)

        self.splitter = RememberedSplitter(
            self.kind.name, [420, 560], parent=self, stacked_sizes=[220, 380]
        )
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)

        self.empty = EmptyState(self.kind.empty_text, self.kind.empty_action, self)
        self.empty.setObjectName(f"empty_{self.kind.name}")
        self.empty.activated.connect(self.new_record)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)

        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.stack, 1)

        self._whole = Background(0, self, holds_collection=True)
        self._whole.finished.connect(self._whole_read)
        self._whole.failed.connect(self._whole_failed)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.flush)

        ctx.changed.connect(self._something_changed)
        ctx.target_changed.connect(self._target_changed)
        self.splitter.restore()
        list_layout.NOTIFIER.changed.connect(self._layout_chosen)
        # Esc throws away a new record that was never saved (anywhere in the view).
        discard = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        discard.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        discard.activated.connect(self.escape)
        # The search box remembers the record it hid, to come back to when it clears.
        self._hidden_by_search: int | None = None
        if ctx.db.read_only:
            from secondchance.ui.read_only import freeze_view

            freeze_view(self)

    def _export_csv(self) -> None:
        from secondchance.ui.widgets.csv_action import export_table_csv

        export_table_csv(self, self.table, self.kind.plural)

    # --- loading --------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._follow_shape()
        if self._stale:
            self.reload(soon=True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._follow_shape()

    def _layout_chosen(self, _choice: str) -> None:
        self._follow_shape()

    def _follow_shape(self) -> None:
        """List beside or above the form: the person's choice, or the window's shape."""
        wanted = list_layout.orientation_for(self.kind, self.size(), list_layout.choice())
        self.splitter.set_orientation(wanted)

    def _something_changed(self, kind_name: str) -> None:
        if kind_name == "*":
            self._stale_choices |= self._choice_kinds
        elif kind_name in self._choice_kinds:
            self._stale_choices.add(kind_name)
        if self._own_update or (kind_name not in self._shown_kinds and not self._any_change_shows):
            return  # this view already shows what it just saved (see flush), or it's unrelated
        self._stale = True
        if self.isVisible():
            # Everything changed (another target, an import, an undo of many kinds): a long
            # list opens on its first rows again; a change of one kind is read here and now,
            # as the code that made it may select what it added next.
            self.reload(soon=kind_name == "*")

    def _target_changed(self, _target_id: object) -> None:
        # Contacts and events are everyone's: the selected one stays selected.
        if self.kind.scope != "shared":
            self._current_id = None
            self._draft = False
            self._dirty = False
        self._stale_choices |= self._choice_kinds
        self._something_changed("*")

    def _scope_available(self) -> bool:
        return self.kind.scope != "target" or self.ctx.target_id is not None

    @property
    def _owned_by_target(self) -> bool:
        """Its records belong to a target (directly, or through their parent)."""
        return self.kind.scope == "target" or self.kind.parent_target_column is not None

    def _read_only(self) -> bool:
        """The target is an earlier attempt kept as it was (core refuses changes too)."""
        return self._owned_by_target and self.ctx.target_kept

    def reload(self, *, soon: bool = False) -> None:
        """Fetch the list again, keeping the selection and any unsaved typing.

        ``soon`` (the list is being shown): a long list opens on its first rows at once and
        is read whole off the GUI thread (``list_start``), then put in place; otherwise the
        whole list is read here and now, as code that reloads and then selects expects.
        """
        self._stale = False
        self._reads += 1  # a whole list still being read for an older reload is dropped
        self._loading_total = None
        if not self._scope_available():
            self.model.set_rows([])
            self._rows_scope = None
            self._update_page()
            return
        try:
            if self._stale_choices:
                self._shown_row = None  # the titles it was read with may be what changed
            # Choices first: a parent that vanished (deleted, other target) falls back to "All".
            self._refresh_choices()
            parent_id = self._parent_id()
            target_id = self.ctx.target_id
            if soon:
                start = list_start(
                    self.ctx.db,
                    self.kind.name,
                    target_id,
                    parent_id,
                    self.model.sort_field,
                    whole_up_to=WHOLE_UP_TO,
                    head=HEAD_ROWS,
                )
                if not start.whole:
                    self._read_whole(start, target_id, parent_id)
                    return
                rows = start.rows
            else:
                rows = records.list_records(self.ctx.db, self.kind.name, target_id, parent_id)
        except Exception:
            log.exception("could not list %s", self.kind.name)
            self.ctx.status.emit(f"Couldn't load {self.kind.plural.lower()}; see the log file.")
            return
        self._show_rows(rows, self._scope_of(target_id, parent_id))
        if self._reads == 1:  # the view and its rows live on, as lists read off the GUI thread
            gui_gc.freeze_in_place(at_least=gui_gc.MANY_YOUNG)

    def _scope_of(self, target_id: int | None, parent_id: int | None) -> tuple[Any, ...]:
        """What decides which records the list holds."""
        return (target_id if self._owned_by_target else None, parent_id)

    def _read_whole(self, start: ListStart, target_id: int | None, parent_id: int | None) -> None:
        """Show ``start``'s first rows (unless the list shows these records already, only
        not the newest of them) and read the whole list off the GUI thread."""
        scope = self._scope_of(target_id, parent_id)
        if scope != self._rows_scope or not self.model.total_count:
            self._show_rows(start.rows, scope, whole=False)
        self._loading_total = start.total
        self.model.begin_loading()
        self._update_page()
        read = self._reads
        db, name = self.ctx.db, self.kind.name
        sort_name = self.model.sort_field[0]
        self._whole.request(
            lambda: (read, scope, read_sorted(db, name, target_id, parent_id, sort_name)),
            delay=False,
        )

    def _whole_read(self, result: tuple[int, tuple[Any, ...], WholeList]) -> None:
        read, scope, (rows, sorted_by) = result
        if read != self._reads:
            return  # a newer reload has shown the list since
        self._loading_total = None
        self._show_rows(rows, scope, sorted_by=sorted_by)

    def _whole_failed(self, _error: object) -> None:
        self._loading_total = None
        self.model.begin_loading()  # nothing will arrive: saved rows need no keeping
        self._update_page()
        self.ctx.status.emit(f"Couldn't load {self.kind.plural.lower()}; see the log file.")

    def _show_rows(
        self,
        rows: list[records.RecordRow],
        scope: tuple[Any, ...],
        *,
        whole: bool = True,
        sorted_by: Sorted | None = None,
    ) -> None:
        """Put ``rows`` in the list; ``whole``: every record of it (else its first rows,
        which leave the record being edited alone if it isn't among them)."""
        self.model.set_rows(rows, sorted_by)
        self._rows_scope = scope
        if rows:
            self.list.size_columns_once()
        # From the model: a row saved while these were read is there in its saved version.
        current = self.model.loaded_row(self._current_id) if self._current_id is not None else None
        if self._current_id is not None and current is None and whole:
            self._current_id = None
            self._dirty = False
        if current is not None:
            self._shown_row = current  # the same record, with the titles just read
            self._select(current.id)
            if not self._dirty and self._editable_values(current.values) != self._loaded:
                self._show_record(current)
        elif not self._draft and self._current_id is None:
            first = self.model.row_at(0)
            if first is not None:
                self._select(first.id)
            else:
                self._show_nothing()
        if self.model.rowCount() != self.model.total_count:
            self._keep_form_in_step()  # a search or filter may hide the record shown
        self._update_page()
        if whole:
            self.reloaded.emit()

    def _refresh_choices(self) -> None:
        stale = set(self._stale_choices)
        if not stale:
            return
        for spec in self.kind.fields:
            if spec.type in (FieldType.REFERENCE, FieldType.LINKS) and spec.ref_kind in stale:
                ref = kind(spec.ref_kind)
                target = self.ctx.target_id if ref.scope in ("target", "parent") else None
                if ref.scope == "target" and target is None:
                    self.form.set_options(spec.name, [])
                else:
                    # Read when the person opens the list: only the shown record's titles now.
                    self.form.set_options_later(
                        spec.name,
                        self._choices_of(spec.ref_kind, target),
                        self._title_of(spec.name, ref),
                    )
        parent_kind = self.kind.parent_kind
        if self.parent_filter is not None and parent_kind and parent_kind in stale:
            ref = kind(parent_kind)
            target = self.ctx.target_id if ref.scope == "target" else None
            if self._scope_available():
                db = self.ctx.db
                self.parent_filter.set_options_later(
                    self._choices_of(parent_kind, target),
                    lambda record_id: records.choice_title(db, parent_kind, record_id, target),
                )
            else:
                self.parent_filter.set_options([])
        self._stale_choices -= stale  # only once read: a failure tries again next time

    def _choices_of(
        self, kind_name: str, target: int | None
    ) -> Callable[[], list[tuple[int, str]]]:
        return lambda: records.choices(self.ctx.db, kind_name, target)

    def _title_of(self, field_name: str, ref: RecordKind) -> Callable[[int], str | None]:
        def title(record_id: int) -> str | None:
            # The list read the titles its rows name: the shown row knows its own.
            shown = self._shown_row
            known = shown.named_title(field_name, record_id) if shown is not None else None
            if known is not None:
                return known
            try:
                return records.title_of(self.ctx.db, ref.name, record_id)
            except Exception:
                log.exception("could not read %s %s", ref.name, record_id)
                return None

        return title

    def _parent_id(self) -> int | None:
        return self.parent_filter.parent_id() if self.parent_filter is not None else None

    def _update_page(self) -> None:
        has_rows = self.model.total_count > 0
        self.stack.setCurrentIndex(1 if (has_rows or self._draft) else 0)
        shown, total = self.model.rowCount(), self.model.total_count
        if self._loading_total is not None:
            # The first rows of a long list, or the list as it was: the rest is on its way.
            self.count_label.setText(f"{self._loading_total} · loading…")
        elif total and shown != total:
            self.count_label.setText(f"{shown} of {total}")
        else:
            self.count_label.setText(f"{total}" if total else "")
        self.list.explain_empty(self.search.text().strip())
        read_only = self._read_only()
        self.delete_button.setEnabled(
            (self._current_id is not None or self._draft) and not read_only
        )
        self.new_button.setEnabled(self._scope_available() and not read_only)
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
            self._hidden_by_search = None  # the person chose another record
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
        self._shown_row = row
        self.form.load(row.values)
        self.form.setEnabled(not self._read_only())
        self.form_title.setText(row.title)
        self.detail.show_form()

    def _show_nothing(self, why: str = "") -> None:
        self._current_id = None
        self._dirty = False
        self._loaded = {}
        self._shown_row = None
        self.form.load({})
        self.form.setEnabled(False)
        where = "above" if self.splitter.orientation() == Qt.Orientation.Vertical else "beside"
        text = why or f"Select a {self.kind.label} in the list {where}, or add a new one."
        self.form_title.setText(text)
        self.detail.show_empty(text)

    @property
    def current_id(self) -> int | None:
        """The selected record's id (None for nothing or an unsaved new record)."""
        return self._current_id

    def add_toolbar_widget(self, widget: QWidget) -> None:
        """A tab's own control (a filter, an action) in the toolbar, before New/Delete."""
        self.toolbar.add_before_new(widget)

    def add_list_footer(self, widget: QWidget) -> None:
        """A tab's own summary (counts, a chart) under the list."""
        self.list_layout.addWidget(widget)

    def set_row_filter(self, predicate: Callable[[records.RecordRow], bool] | None) -> None:
        """Show only rows the predicate accepts (together with the search words)."""
        if not self.flush():
            return
        self.model.set_predicate(predicate)
        self._keep_form_in_step()
        self._update_page()

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self._keep_form_in_step()
        self._update_page()

    def _keep_form_in_step(self) -> None:
        """The form shows a row the list shows, or says why it shows none — never a record
        the search or a filter hides.  The hidden one comes back when it shows again."""
        if self._draft:
            return  # a new record stays on screen: it is in no list yet
        for wanted in (self._hidden_by_search, self._current_id):
            if wanted is not None and self.model.position_of(wanted) >= 0:
                if wanted == self._hidden_by_search:
                    self._hidden_by_search = None  # back to the person's own choice
                self._select(wanted)
                return
        if self._current_id is not None:
            # Leaving it: save its typing first (a refusal keeps it on screen, with why).
            if not self.flush():
                return
            if self._hidden_by_search is None:  # the person's choice, not one made for them
                self._hidden_by_search = self._current_id
        first = self.model.row_at(0)
        if first is not None:
            self._select(first.id)
        elif self.model.total_count:
            self._handling_selection = True
            self.table.clearSelection()
            self.table.selectionModel().clearCurrentIndex()
            self._handling_selection = False
            self._show_nothing(
                f"No {self.kind.plural.lower()} match the search or filter. "
                "Clear it to see them all, or add a new one."
            )

    def _parent_filter_changed(self) -> None:
        assert self.parent_filter is not None
        if not self.flush():
            self.parent_filter.setCurrentIndex(self.parent_filter.last_index)
            return
        self.parent_filter.last_index = self.parent_filter.currentIndex()
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
            # A list that is up to date and holds the record is only scrolled to it.
            if self._stale or self.model.position_of(record_id) < 0:
                self.reload()
            filtered = self.parent_filter is not None and self.parent_filter.currentIndex() > 0
            if filtered and self.model.position_of(record_id) < 0:
                # It belongs to another parent than the one shown: show them all to reach it.
                assert self.parent_filter is not None
                self.parent_filter.show_all()
                self.reload()
            self._select(record_id)

    # --- what tabs add --------------------------------------------------------------------

    def add_detail_panel(self, widget: QWidget) -> None:
        """Show a tab's own panel (e.g. a chart of the selected record) under the form."""
        self.detail.add_panel(widget)

    def attach_file(self, field_name: str, source: Path) -> bool:
        """Attach ``source`` to the current record's file field (used by drag and tests)."""
        editor = self.form.editors[field_name]
        return bool(editor.attach(source))  # type: ignore[attr-defined]
