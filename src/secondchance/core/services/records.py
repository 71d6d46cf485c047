"""The generic record service: list, read, create, update, delete and undelete any kind.

Each public function is one unit of work.  Reading lives in ``record_rows``; every write
goes through ``changes.apply_changes`` (one transaction, returning its own undo), and the
single-record calls here are that call with one change.  Results are plain ``RecordRow``
values; deletion returns a ``Snapshot`` of every row the database removed or unlinked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from secondchance.core.db import Database
from secondchance.core.services.changes import (
    Applied,
    Change,
    Create,
    Delete,
    Restore,
    Snapshot,
    Update,
    apply_changes,
    clean,
)
from secondchance.core.services.record_rows import (
    RecordNotFound,
    RecordRow,
    choice_title,
    choices,
    get_record,
    list_records,
    title_of,
)

__all__ = [
    "Applied",
    "Change",
    "Create",
    "Delete",
    "RecordNotFound",
    "RecordRow",
    "Restore",
    "Snapshot",
    "Update",
    "apply_changes",
    "choice_title",
    "choices",
    "clean",
    "create_record",
    "delete_record",
    "get_record",
    "list_records",
    "restore_snapshot",
    "title_of",
    "update_record",
]


def _row(applied: Applied) -> RecordRow:
    row = applied.rows[0]
    assert row is not None  # a create, update or restore leaves its record in place
    return row


def create_record(
    db: Database,
    kind_name: str,
    values: Mapping[str, Any],
    target_id: int | None = None,
    today: dt.date | None = None,
) -> RecordRow:
    return _row(apply_changes(db, [Create(kind_name, values, target_id)], today))


def update_record(
    db: Database,
    kind_name: str,
    record_id: int,
    changes: Mapping[str, Any],
    today: dt.date | None = None,
) -> RecordRow:
    """Apply ``changes`` (any subset of fields); the whole record is re-validated."""
    return _row(apply_changes(db, [Update(kind_name, record_id, changes)], today))


def delete_record(db: Database, kind_name: str, record_id: int) -> Snapshot:
    """Delete a record (the database removes what belongs to it, unlinks the rest)."""
    undo = apply_changes(db, [Delete(kind_name, record_id)]).inverse[0]
    assert isinstance(undo, Restore)
    return undo.snapshot


def restore_snapshot(db: Database, snapshot: Snapshot) -> RecordRow:
    """Undo a delete: put every removed row back and re-link what was unlinked."""
    return _row(apply_changes(db, [Restore(snapshot)]))
