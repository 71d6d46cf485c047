"""Undo steps over the record service's unit of work.

Every change to records, one field or twenty records, is one ``apply_changes`` call and
one ``ChangesCommand`` on the undo stack: its undo applies the inverse the service returned,
its redo applies the inverse of that.  The first ``redo()`` that QUndoStack.push makes is a
no-op, because the change has already been made (an autosave, a delete confirmed).

Undo and redo then select what they bring back (the record the change was about), on its
tab, so what is on screen is what changed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from secondchance.core.db import StorageError
from secondchance.core.services import records
from secondchance.core.services.changes import Applied, Change, Create, Delete, Restore, Update
from secondchance.core.services.fields import first_message
from secondchance.core.services.kinds import kind as kind_of
from secondchance.ui.context import AppContext

log = logging.getLogger(__name__)

# What a change can raise that a person can cause or fix: bad values, a record gone
# meanwhile, a restore whose parent is gone, a busy or full disk.
CHANGE_ERRORS: tuple[type[Exception], ...] = (ValueError, LookupError, StorageError)


def describe(changes: Sequence[Change], applied: Applied) -> str:
    """The undo stack's label for ``changes`` when the caller has none of its own."""
    if len(changes) != 1:
        labels = sorted({kind_of(c.kind).label for c in changes})
        return f"Change {len(changes)} records ({', '.join(labels)})"
    change = changes[0]
    label = kind_of(change.kind).label
    if isinstance(change, Create | Restore):
        return f"Add {label}"
    if isinstance(change, Update):
        return f"Edit {label}"
    undo = applied.inverse[0] if applied.inverse else None
    title = f" “{undo.snapshot.title}”" if isinstance(undo, Restore) else ""
    return f"Delete {label}{title}"


def subject(changes: Sequence[Change], applied: Applied) -> tuple[str, int] | None:
    """The record a change is about (the first one it names): (kind, id)."""
    first = changes[0] if changes else None
    if isinstance(first, Create):
        row = applied.rows[0] if applied.rows else None
        return (first.kind, row.id) if row is not None else None
    if isinstance(first, Update | Delete):
        return first.kind, first.id
    if isinstance(first, Restore):
        return first.kind, first.snapshot.record_id
    return None


class ChangesCommand(QUndoCommand):
    def __init__(
        self,
        ctx: AppContext,
        applied: Applied,
        text: str,
        about: tuple[str, int] | None = None,
    ) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.about = about
        self._undo: tuple[Change, ...] = applied.inverse
        self._redo: tuple[Change, ...] = ()
        self._first = True
        # How to speak of it: by what undoes it when it is one record's change.
        self._single = applied.inverse[0] if len(applied.inverse) == 1 else None

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        applied = self._apply(self._redo, *self._redo_words())
        if applied is not None:
            self._undo = applied.inverse

    def undo(self) -> None:
        applied = self._apply(self._undo, *self._undo_words())
        if applied is not None:
            self._redo = applied.inverse

    # (what failed, what to say when it worked)
    def _undo_words(self) -> tuple[str, str]:
        undo = self._single
        if isinstance(undo, Delete):
            return "undo adding it", "Undone"
        if isinstance(undo, Update):
            return "undo the edit", "Edit undone"
        if isinstance(undo, Restore):
            return "bring it back", f"Brought back “{undo.snapshot.title}”"
        return f"undo “{self.text()}”", f"Undone: {self.text()}"

    def _redo_words(self) -> tuple[str, str]:
        undo = self._single
        if isinstance(undo, Delete):
            return "restore it", "Restored"
        if isinstance(undo, Update):
            return "redo the edit", "Edit redone"
        if isinstance(undo, Restore):
            return "delete it again", "Deleted"
        return f"redo “{self.text()}”", f"Redone: {self.text()}"

    def _apply(self, changes: tuple[Change, ...], action: str, done: str) -> Applied | None:
        try:
            applied = records.apply_changes(self.ctx.db, changes)
        except CHANGE_ERRORS as exc:
            # The records changed under us (e.g. their target was deleted meanwhile).
            log.warning("could not %s: %s", action, exc)
            self.setObsolete(True)
            self.ctx.notify("*", f"Couldn't {action}: {first_message(exc)}")
            return None
        self.ctx.notify_kinds(applied.kinds, done)
        self._show(applied)
        return applied

    def _show(self, applied: Applied) -> None:
        """Select the record this step brought back or changed (not one it removed)."""
        if self.about is None:
            return
        kind, record_id = self.about
        if any(r is not None and r.kind == kind and r.id == record_id for r in applied.rows):
            self.ctx.open_record.emit(kind, record_id)


def commit(
    ctx: AppContext,
    changes: Sequence[Change],
    message: str = "Saved ✓",
    text: str = "",
    *,
    reveal: bool = True,
) -> Applied:
    """Apply ``changes`` as one unit of work and one undo step, and tell the window.

    ``reveal=False`` for a change made from a page that lists many kinds (the Due view):
    its undo brings the item back there instead of opening the record's own list.
    Raises what ``apply_changes`` raises (see ``CHANGE_ERRORS``); nothing is written then.
    """
    applied = records.apply_changes(ctx.db, changes)
    record(ctx, changes, applied, text, reveal=reveal)
    ctx.notify_kinds(applied.kinds, message)
    return applied


def record(
    ctx: AppContext,
    changes: Sequence[Change],
    applied: Applied,
    text: str = "",
    *,
    reveal: bool = True,
) -> None:
    """Put an already applied change on the undo stack (nothing if it changed nothing)."""
    if applied.changed:
        about = subject(changes, applied) if reveal else None
        ctx.undo_stack.push(ChangesCommand(ctx, applied, text or describe(changes, applied), about))
