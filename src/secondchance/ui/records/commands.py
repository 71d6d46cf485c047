"""Undoable changes (QUndoStack commands) over the record service.

A command's first ``redo()`` is a no-op when the change has already been made (an
autosave, a delete confirmed in the view), so pushing it records history without
writing twice.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtGui import QUndoCommand

from secondchance.core.db import StorageError
from secondchance.core.services import records
from secondchance.core.services.kinds import kind as kind_of
from secondchance.ui.context import AppContext

log = logging.getLogger(__name__)


class _Command(QUndoCommand):
    def __init__(self, ctx: AppContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._first = True

    def _skip_first(self) -> bool:
        if self._first:
            self._first = False
            return True
        return False

    def _guard(self, action: str, fn: Any) -> bool:
        """Run ``fn``; on failure say so plainly and drop this step from the history."""
        try:
            fn()
        except (records.RecordNotFound, ValueError) as exc:
            # The record changed under us (e.g. its target was deleted meanwhile).
            log.warning("could not %s: %s", action, exc)
            self._failed(f"Couldn't {action}: {exc}")
            return False
        except StorageError as exc:
            log.exception("could not %s", action)
            self._failed(f"Couldn't {action}: {exc}")
            return False
        return True

    def _failed(self, message: str) -> None:
        self.setObsolete(True)
        self.ctx.notify("*", message)


class CreateCommand(_Command):
    def __init__(self, ctx: AppContext, row: records.RecordRow) -> None:
        super().__init__(ctx, f"Add {kind_of(row.kind).label}")
        self.kind, self.record_id = row.kind, row.id
        self.snapshot: records.Snapshot | None = None

    def redo(self) -> None:
        if self._skip_first():
            return
        if self.snapshot is not None:
            snap = self.snapshot
            if self._guard("restore it", lambda: records.restore_snapshot(self.ctx.db, snap)):
                self.ctx.notify(self.kind, "Restored")

    def undo(self) -> None:
        def do() -> None:
            self.snapshot = records.delete_record(self.ctx.db, self.kind, self.record_id)

        if self._guard("undo adding it", do):
            self.ctx.notify(self.kind, "Undone")


class DeleteCommand(_Command):
    def __init__(self, ctx: AppContext, snapshot: records.Snapshot) -> None:
        super().__init__(ctx, f"Delete {kind_of(snapshot.kind).label} “{snapshot.title}”")
        self.snapshot = snapshot

    def redo(self) -> None:
        if self._skip_first():
            return

        def do() -> None:
            self.snapshot = records.delete_record(
                self.ctx.db, self.snapshot.kind, self.snapshot.record_id
            )

        if self._guard("delete it again", do):
            self.ctx.notify(self.snapshot.kind, "Deleted")

    def undo(self) -> None:
        if self._guard(
            "bring it back", lambda: records.restore_snapshot(self.ctx.db, self.snapshot)
        ):
            self.ctx.notify(self.snapshot.kind, f"Brought back “{self.snapshot.title}”")


class UpdateCommand(_Command):
    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        record_id: int,
        before: dict[str, Any],
        after: dict[str, Any],
    ) -> None:
        super().__init__(ctx, f"Edit {kind_of(kind).label}")
        self.kind, self.record_id = kind, record_id
        self.before, self.after = before, after

    def redo(self) -> None:
        if self._skip_first():
            return
        if self._guard(
            "redo the edit",
            lambda: records.update_record(self.ctx.db, self.kind, self.record_id, self.after),
        ):
            self.ctx.notify(self.kind, "Edit redone")

    def undo(self) -> None:
        if self._guard(
            "undo the edit",
            lambda: records.update_record(self.ctx.db, self.kind, self.record_id, self.before),
        ):
            self.ctx.notify(self.kind, "Edit undone")
