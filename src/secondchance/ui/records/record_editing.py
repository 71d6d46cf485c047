"""Editing in a record view: a new record, the save of pending typing (with the tab's
before-save hooks, as one unit of work and one undo step), Esc, and delete.

A mixin of ``RecordView`` (``record_view.py`` holds the loading, the selection and the
layout); kept apart for its size.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from secondchance.core.db import StorageError
from secondchance.core.services import records
from secondchance.core.services.changes import Change, Create, Delete, Restore, Update
from secondchance.core.services.fields import FieldType, ValidationError, first_message
from secondchance.core.services.kinds import kind
from secondchance.ui.records.commands import record as record_undo
from secondchance.ui.records.pending_save import BeforeSave, PendingSave

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer, SignalInstance
    from PySide6.QtWidgets import QLineEdit, QTableView

    from secondchance.core.services.kinds import RecordKind
    from secondchance.ui.context import AppContext
    from secondchance.ui.records.form import RecordForm
    from secondchance.ui.records.parent_filter import ParentFilter
    from secondchance.ui.records.record_detail import RecordDetail
    from secondchance.ui.records.table_model import RecordTableModel

log = logging.getLogger(__name__)

# A plain mixin at run time (the view's one Qt base is QWidget, given by RecordView).
_Base = QWidget if TYPE_CHECKING else object


class RecordEditing(_Base):  # type: ignore[misc,valid-type]
    if TYPE_CHECKING:
        ctx: AppContext
        kind: RecordKind
        form: RecordForm
        form_title: Any
        detail: RecordDetail
        table: QTableView
        model: RecordTableModel
        search: QLineEdit
        parent_filter: ParentFilter | None
        timer: QTimer
        saved: SignalInstance
        committed: SignalInstance
        _current_id: int | None
        _draft: bool
        _dirty: bool
        _stale: bool
        _loaded: dict[str, Any]
        _shown_row: records.RecordRow | None
        _handling_selection: bool
        _own_update: bool
        _in_hook: bool
        _before_save: list[BeforeSave]

        def _scope_available(self) -> bool: ...
        def _read_only(self) -> bool: ...
        def _parent_id(self) -> int | None: ...
        def _update_page(self) -> None: ...
        def _editable_values(self, values: dict[str, Any]) -> dict[str, Any]: ...
        def reload(self) -> None: ...

    def new_record(self) -> None:
        if not self._scope_available() or self._read_only() or not self.flush():
            return
        if self.parent_filter is not None and not self.parent_filter.has_parents():
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
        today = dt.date.today()
        defaults.update({s.name: today for s in self.kind.fields if s.starts_today})
        if self.kind.parent_field:
            defaults[self.kind.parent_field] = self._parent_id()
        self._current_id = None
        self._draft = True
        self._dirty = False
        self._loaded = {}
        self._shown_row = None
        self._handling_selection = True
        self.table.clearSelection()
        self.table.selectionModel().clearCurrentIndex()
        self._handling_selection = False
        self.form.load(defaults)
        self.form.setEnabled(True)
        self.form_title.setText(
            f"New {self.kind.label} — it is saved as soon as the required fields (*) are filled"
            " (Esc throws it away)"
        )
        self.detail.show_form()
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
        self._shown_row = row
        self.form_title.setText(row.title)
        record_undo(self.ctx, changes, applied)
        self._refresh_computed(row)
        if self._loaded != pending.values or pending.values != cleaned:
            # A rule filled in or took back a value: show what was saved.
            self.form.load(row.values)
        self.saved.emit(row)
        self.committed.emit(row, {} if was_draft else before)
        saved_message = pending.message or "Saved ✓"
        if was_draft:
            self.ctx.notify_kinds(applied.kinds or {self.kind.name}, saved_message)
            return True
        # An edit changes one row: update it in place instead of reloading the list.
        self.model.replace_row(row)
        if applied.changed:
            self._own_update = True
            try:
                self.ctx.notify_kinds(applied.kinds, saved_message)
            finally:
                self._own_update = False
        return True

    def _refused(self, exc: ValidationError) -> bool:
        self.form.show_errors(exc.errors)
        self.ctx.status.emit(f"Not saved yet: {first_message(exc)}")
        return False

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
            if spec.type is FieldType.COMPUTED and spec.name in self.form.editors:
                self.form.editors[spec.name].set_value(row.values.get(spec.name))  # type: ignore[attr-defined]

    def escape(self) -> None:
        """Esc: a new record that was never saved is thrown away; nothing else happens."""
        if self._draft:
            self.discard_draft()

    def discard_draft(self) -> None:
        self._draft = False
        self._dirty = False
        self.timer.stop()
        self.form.clear_errors()
        self.table.setFocus()
        self.reload()
        self.ctx.status.emit(f"Threw away the new {self.kind.label} (it was never saved)")

    def delete_current(self) -> None:
        if self._draft:
            self.discard_draft()
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
