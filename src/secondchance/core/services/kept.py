"""An earlier attempt is kept as it was: once a later attempt starts from a target, that
target's records are read-only, so the two can be compared honestly.

``changes.apply_changes`` asks ``refuse_if_kept`` before each create, edit and delete of a
target's records; the target itself is guarded by its own rule
(``kind_rules.kept_target_is_frozen``: only archiving it stays possible) and may still be
deleted as a whole.  Undo is never
refused: a restore puts back what was there, and the undo stack unwinds in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from secondchance.core.services.fields import ValidationError
from secondchance.core.services.kind_rules import kept_message, later_attempt
from secondchance.core.services.kinds import RecordKind, kind


def _target_of(
    session: Session,
    k: RecordKind,
    record: Any,
    values: Mapping[str, Any] | None,
    target_id: int | None,
) -> int | None:
    if k.scope == "target":
        return getattr(record, "target_id", None) if record is not None else target_id
    if k.scope == "parent" and k.parent_field and k.parent_target_column and k.parent_kind:
        parent_id = (
            getattr(record, k.parent_field, None)
            if record is not None
            else (values or {}).get(k.parent_field)
        )
        if parent_id is None:
            return None
        parent = session.get(kind(k.parent_kind).model, parent_id)
        value = getattr(parent, k.parent_target_column, None) if parent is not None else None
        return int(value) if value is not None else None
    return None


def refuse_if_kept(
    session: Session,
    k: RecordKind,
    *,
    record: Any = None,
    values: Mapping[str, Any] | None = None,
    target_id: int | None = None,
) -> None:
    """Raise ValidationError when the record (or the new record's target) is an earlier
    attempt kept for comparison.  Targets themselves are left to their own rule."""
    if k.scope == "root":
        return
    owner = _target_of(session, k, record, values, target_id)
    if owner is None:
        return
    later = later_attempt(session, owner)
    if later is not None:
        raise ValidationError({"": kept_message(session, owner, later)})
