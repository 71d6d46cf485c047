"""What a kind's write hooks see: one record being created or changed, inside the unit of
work that writes it.  Hooks hold a kind's own rules (a skill's level history, a sent resume
kept as sent) so the generic record service has no kind-specific branches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Write:
    session: Session
    record: Any  # the ORM row; in ``before_write`` of a create it is not in the database yet
    created: bool
    before: Mapping[str, Any]  # the record's editable values before ({} for a create)
    values: Mapping[str, Any]  # all its editable values after the write, cleaned
    changed: Mapping[str, Any]  # what this write changes (everything, for a create)
    target_id: int | None
    today: dt.date

    def changes(self, name: str) -> bool:
        return name in self.changed


# Runs before the row is written; may raise ValidationError, or return values it sets too
# (e.g. the completion date when an activity is marked done).
BeforeWrite = Callable[[Write], Mapping[str, Any] | None]
AfterWrite = Callable[[Write], None]
# Read-only values derived from a loaded row (its ``relations`` are loaded).
Computed = Callable[[Any], Mapping[str, Any]]
# Runs after a record of the kind is deleted, or put back by a restore (an undo), with the
# record's row as stored (column name → value): keeps derived records in step, as
# ``after_write`` does for a create or an edit (a question's practice schedule).
AfterRemoveOrRestore = Callable[[Session, Mapping[str, Any], dt.date], None]
