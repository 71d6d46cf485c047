"""The unit of work for records: a list of creates, updates, deletes and restores applied in
one transaction, returning what undoes it.

Every change to records goes through ``apply_changes``: one record edited in a form, or
several at once (feedback marked addressed with its evidence linked, skills added from a job
description).  Either every change is written or none is; the returned ``inverse`` is itself
a list of changes that puts back exactly what was there, so an undo is one more call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services.fields import FieldType, ValidationError, clean_value
from secondchance.core.services.hooks import Write
from secondchance.core.services.kept import refuse_if_kept
from secondchance.core.services.kinds import RecordKind, kind
from secondchance.core.services.record_rows import (
    RecordNotFound,
    RecordRow,
    get_obj,
    get_row,
    scalar_values,
    to_rows,
)


@dataclass
class Snapshot:
    """Rows removed by a delete (parents first) and references it set to NULL."""

    kind: str
    record_id: int
    title: str
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    nulled: list[tuple[str, dict[str, Any], str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Create:
    kind: str
    values: Mapping[str, Any]
    target_id: int | None = None  # for a target's kinds


@dataclass(frozen=True)
class Update:
    kind: str
    id: int
    values: Mapping[str, Any]  # any subset of the fields; the whole record is re-checked


@dataclass(frozen=True)
class Delete:
    kind: str
    id: int


@dataclass(frozen=True)
class Restore:
    """Put back what a delete removed (its snapshot), with the same ids."""

    snapshot: Snapshot

    @property
    def kind(self) -> str:
        return self.snapshot.kind


Change = Create | Update | Delete | Restore


@dataclass(frozen=True)
class NewId:
    """In a change's values: the id of the record that the ``index``-th change of the same
    batch created (an imported project linked to a skill imported with it)."""

    index: int


def _resolve(value: Any, created: Mapping[int, int]) -> Any:
    if isinstance(value, NewId):
        if value.index not in created:
            raise ValueError(f"change {value.index} of this batch created no record")
        return created[value.index]
    if isinstance(value, list):
        return [_resolve(v, created) for v in value]
    return value


def _with_ids(change: Change, created: Mapping[int, int]) -> Change:
    if isinstance(change, Create | Update) and any(
        isinstance(v, NewId) or (isinstance(v, list) and any(isinstance(i, NewId) for i in v))
        for v in change.values.values()
    ):
        values = {k: _resolve(v, created) for k, v in change.values.items()}
        return dataclasses.replace(change, values=values)
    return change


@dataclass(frozen=True)
class Applied:
    # Per change, in order: the record as it stands after the whole batch (None if gone).
    rows: tuple[RecordRow | None, ...]
    # Applying these (in this order) undoes the batch.  Empty when nothing changed.
    inverse: tuple[Change, ...]
    kinds: frozenset[str]  # the kinds of record that changed, for the change signal

    @property
    def changed(self) -> bool:
        return bool(self.inverse)


# --- cleaning ---------------------------------------------------------------------------


def defaults(k: RecordKind) -> dict[str, Any]:
    return {s.name: ([] if s.type is FieldType.LINKS else s.default) for s in k.editable_fields}


def clean(kind_name: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every editable field in its stored form (enum members, dates, sorted ids), fields
    missing from ``values`` at their defaults, checked field by field and across fields;
    raises ValidationError."""
    k = kind(kind_name)
    return _clean(k, {**defaults(k), **values})


def _clean(k: RecordKind, values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in k.editable_fields:
        try:
            cleaned[spec.name] = clean_value(spec, values.get(spec.name))
        except ValueError as exc:
            errors[spec.name] = str(exc)
    for name, message in k.checks.run(cleaned).items():
        errors.setdefault(name, message)
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- one change inside the transaction --------------------------------------------------


def _check_references(
    session: Session, k: RecordKind, values: Mapping[str, Any], target_id: int | None
) -> None:
    """Every reference must exist and, for a target's records, belong to the same target."""
    errors: dict[str, str] = {}
    for spec in k.editable_fields:
        if spec.type not in (FieldType.REFERENCE, FieldType.LINKS) or not spec.ref_kind:
            continue
        ref = kind(spec.ref_kind)
        raw = values.get(spec.name)
        ids = raw if isinstance(raw, list) else ([raw] if raw is not None else [])
        for ref_id in ids:
            other = session.get(ref.model, ref_id)
            if other is None:
                errors[spec.name] = f"The chosen {ref.label} no longer exists"
            elif (
                ref.scope == "target"
                and target_id is not None
                and getattr(other, "target_id", None) != target_id
            ):
                errors[spec.name] = f"The chosen {ref.label} belongs to another target"
    if errors:
        raise ValidationError(errors)


def _assign(session: Session, k: RecordKind, obj: Any, values: Mapping[str, Any]) -> None:
    for spec in k.editable_fields:
        if spec.name not in values:
            continue
        if spec.type is FieldType.LINKS:
            ref = kind(spec.ref_kind or "")
            ids = values[spec.name]
            linked = (
                session.scalars(select(ref.model).where(ref.model.__table__.c.id.in_(ids))).all()
                if ids
                else []
            )
            setattr(obj, spec.name, list(linked))
        else:
            setattr(obj, spec.name, values[spec.name])


def _before_write(k: RecordKind, w: Write) -> Write:
    for hook in k.before_write:
        extra = hook(w)
        if extra:
            values = {**w.values, **extra}
            errors = k.checks.run(values)
            if errors:
                raise ValidationError(errors)
            w = dataclasses.replace(w, values=values, changed={**w.changed, **extra})
    return w


def _create(session: Session, change: Create, today: dt.date) -> tuple[int, Change]:
    k = kind(change.kind)
    merged = defaults(k)
    merged.update(change.values)
    cleaned = _clean(k, merged)
    target_id = change.target_id if k.scope == "target" else None
    _check_references(session, k, cleaned, target_id)
    refuse_if_kept(session, k, values=cleaned, target_id=target_id)
    obj: Any = k.model()
    if k.scope == "target":
        if target_id is None or session.get(m.Target, target_id) is None:
            raise ValidationError({"": "Choose or create a target first"})
        obj.target_id = target_id
    w = Write(session, obj, True, {}, cleaned, cleaned, target_id, today)
    w = _before_write(k, w)
    _assign(session, k, obj, w.values)
    session.add(obj)
    session.flush()
    for after in k.after_write:
        after(w)
    return obj.id, Delete(k.name, obj.id)


def _update(session: Session, change: Update, today: dt.date) -> Change | None:
    k = kind(change.kind)
    obj = get_obj(session, k, change.id)
    refuse_if_kept(session, k, record=obj)
    stored = to_rows(session, k, [obj])[0].values
    before = {s.name: stored.get(s.name) for s in k.editable_fields}
    merged = dict(before)
    merged.update({key: value for key, value in change.values.items() if key in merged})
    cleaned = _clean(k, merged)
    target_id = getattr(obj, "target_id", None)
    _check_references(session, k, cleaned, target_id)
    changed = {name: value for name, value in cleaned.items() if value != before.get(name)}
    if not changed:
        return None
    w = _before_write(k, Write(session, obj, False, before, cleaned, changed, target_id, today))
    _assign(session, k, obj, w.changed)
    session.flush()
    for after in k.after_write:
        after(w)
    return Update(k.name, change.id, {name: before[name] for name in w.changed})


def _pk_filter(table: Table, row: Mapping[str, Any]) -> Any:
    return and_(*(col == row[col.name] for col in table.primary_key.columns))


def _collect(
    session: Session,
    table: Table,
    where: Any,
    snapshot: Snapshot,
    seen: set[tuple[str, tuple[Any, ...]]],
) -> None:
    rows = [dict(r._mapping) for r in session.execute(select(table).where(where))]
    fresh = []
    for row in rows:
        key = (table.name, tuple(row[c.name] for c in table.primary_key.columns))
        if key not in seen:
            seen.add(key)
            snapshot.rows.append((table.name, row))
            fresh.append(row)
    if not fresh or "id" not in table.c:
        return
    ids = [row["id"] for row in fresh]
    for child in m.Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is not table:
                continue
            col = fk.parent
            if fk.ondelete == "CASCADE":
                _collect(session, child, col.in_(ids), snapshot, seen)
            elif fk.ondelete == "SET NULL":
                for ref_row in session.execute(select(child).where(col.in_(ids))):
                    mapping = dict(ref_row._mapping)
                    pk = {c.name: mapping[c.name] for c in child.primary_key.columns}
                    snapshot.nulled.append((child.name, pk, col.name, mapping[col.name]))


def _delete(session: Session, change: Delete, today: dt.date) -> Change:
    """The database removes what belongs to the record and unlinks the rest; the snapshot
    holds every row removed or unlinked, so a restore puts back exactly what was there."""
    k = kind(change.kind)
    table = cast(Table, k.model.__table__)
    obj = get_obj(session, k, change.id)
    refuse_if_kept(session, k, record=obj)
    snapshot = Snapshot(kind=k.name, record_id=change.id, title=k.title(scalar_values(k, obj)))
    session.expunge(obj)
    _collect(session, table, table.c.id == change.id, snapshot, set())
    session.execute(delete(table).where(table.c.id == change.id))
    order = {t.name: i for i, t in enumerate(m.Base.metadata.sorted_tables)}
    snapshot.rows.sort(key=lambda item: order[item[0]])
    # Whatever the session still holds of the removed rows is gone from the database.
    session.expire_all()
    _after_remove_or_restore(session, k, snapshot, today)
    return Restore(snapshot)


def _after_remove_or_restore(
    session: Session, k: RecordKind, snapshot: Snapshot, today: dt.date
) -> None:
    table_name = k.model.__tablename__
    for hook in k.after_remove_or_restore:
        for name, row in snapshot.rows:
            if name == table_name and row.get("id") == snapshot.record_id:
                hook(session, row, today)


def _restore(session: Session, change: Restore, today: dt.date) -> Change:
    snapshot = change.snapshot
    tables = m.Base.metadata.tables
    try:
        for table_name, row in snapshot.rows:
            session.execute(insert(tables[table_name]).values(**row))
        for table_name, pk, column, value in snapshot.nulled:
            table = tables[table_name]
            values: dict[str, Any] = {column: value}
            if "updated_at" in table.c:
                # Re-linking is not an edit: keep the row's own last-changed time.
                values["updated_at"] = table.c.updated_at
            session.execute(update(table).where(_pk_filter(table, pk)).values(values))
    except IntegrityError as exc:
        raise ValueError(
            f"“{snapshot.title}” can't be brought back: what it belonged to has changed since."
        ) from exc
    session.expire_all()
    _after_remove_or_restore(session, kind(snapshot.kind), snapshot, today)
    return Delete(snapshot.kind, snapshot.record_id)


# --- the unit of work -------------------------------------------------------------------


def apply_changes(db: Database, changes: Sequence[Change], today: dt.date | None = None) -> Applied:
    """Apply ``changes`` in order, in one transaction: all of them, or (on any error) none.

    Raises ValidationError (values a person can fix; the message names the field),
    RecordNotFound, ValueError (a restore whose parent is gone) or StorageError.
    """
    today = today or dt.date.today()
    inverse: list[Change] = []
    touched: list[tuple[str, int]] = []
    kinds: set[str] = set()
    created: dict[int, int] = {}
    with db.transaction() as session:
        for index, given in enumerate(changes):
            change = _with_ids(given, created)
            undo: Change | None
            if isinstance(change, Create):
                record_id, undo = _create(session, change, today)
                created[index] = record_id
            elif isinstance(change, Update):
                record_id, undo = change.id, _update(session, change, today)
            elif isinstance(change, Delete):
                record_id, undo = change.id, _delete(session, change, today)
            else:
                record_id, undo = change.snapshot.record_id, _restore(session, change, today)
            touched.append((change.kind, record_id))
            if undo is not None:
                inverse.insert(0, undo)
                kinds.add(change.kind)
                # The kinds its hooks keep in step changed too (a question's schedule).
                kinds.update(kind(change.kind).touches)
        rows: list[RecordRow | None] = []
        for kind_name, record_id in touched:
            try:
                rows.append(get_row(session, kind(kind_name), record_id))
            except RecordNotFound:
                rows.append(None)
    return Applied(tuple(rows), tuple(inverse), frozenset(kinds))
