"""The generic record service: list, read, create, update, delete and undelete any kind.

Each public function is one unit of work.  Results are plain ``RecordRow`` values (ids,
field values, display strings): nothing returned can trigger a lazy load later, and the UI
never sees a session.  Deletion returns a ``Snapshot`` of every row the database will
remove or unlink, so that an undo can put back exactly what was there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from secondchance.core import models as m
from secondchance.core.collation import text_sort_key
from secondchance.core.db import Database
from secondchance.core.services.fields import (
    FieldType,
    ValidationError,
    clean_value,
    display_value,
)
from secondchance.core.services.kinds import RecordKind, kind


class RecordNotFound(LookupError):
    def __init__(self, kind_: RecordKind, record_id: int) -> None:
        super().__init__(f"That {kind_.label} no longer exists (it may have been deleted).")


@dataclass(frozen=True)
class RecordRow:
    kind: str
    id: int
    values: dict[str, Any]
    display: dict[str, str]
    title: str
    search_text: str


@dataclass
class Snapshot:
    """Rows removed by a delete (parents first) and references it set to NULL."""

    kind: str
    record_id: int
    title: str
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    nulled: list[tuple[str, dict[str, Any], str, Any]] = field(default_factory=list)


# --- reading ----------------------------------------------------------------------------


def _load_options(k: RecordKind) -> list[Any]:
    options: list[Any] = [selectinload(getattr(k.model, f.name)) for f in k.link_fields]
    if k.name == "skill":
        options.append(selectinload(m.Skill.level_changes))
    return options


def _scalar_values(k: RecordKind, obj: Any) -> dict[str, Any]:
    return {
        f.name: getattr(obj, f.name)
        for f in k.fields
        if f.type not in (FieldType.LINKS, FieldType.COMPUTED)
    }


def _computed(k: RecordKind, obj: Any) -> dict[str, Any]:
    if k.name == "skill":
        changes = obj.level_changes
        history = " → ".join(f"{c.date.isoformat()}: {c.level}" for c in changes)
        return {"level_history": history or "No changes recorded yet"}
    return {}


def _titles(session: Session, kind_name: str, ids: Iterable[int]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    ref = kind(kind_name)
    pk = ref.model.__table__.c.id
    objs: Sequence[Any] = session.scalars(select(ref.model).where(pk.in_(wanted))).all()
    return {obj.id: ref.title(_scalar_values(ref, obj)) for obj in objs}


def _rows(session: Session, k: RecordKind, objs: Sequence[Any]) -> list[RecordRow]:
    ref_titles: dict[str, dict[int, str]] = {}
    # A few skills are linked from thousands of feedback items: title each one once.
    link_titles: dict[tuple[str, int], str] = {}

    def link_title(ref: RecordKind, linked: Any) -> str:
        key = (ref.name, linked.id)
        title = link_titles.get(key)
        if title is None:
            title = link_titles[key] = ref.title(_scalar_values(ref, linked))
        return title

    for spec in k.fields:
        if spec.type is FieldType.REFERENCE and spec.ref_kind:
            ids = [getattr(obj, spec.name) for obj in objs]
            ref_titles[spec.name] = _titles(session, spec.ref_kind, ids)
    rows = []
    for obj in objs:
        values = _scalar_values(k, obj)
        display: dict[str, str] = {}
        for spec in k.fields:
            if spec.type is FieldType.LINKS:
                linked = getattr(obj, spec.name)
                ref = kind(spec.ref_kind or "")
                values[spec.name] = sorted(o.id for o in linked)
                display[spec.name] = ", ".join(link_title(ref, o) for o in linked)
            elif spec.type is FieldType.REFERENCE:
                ref_id = values.get(spec.name)
                display[spec.name] = ref_titles[spec.name].get(ref_id, "") if ref_id else ""
            elif spec.type is FieldType.COMPUTED:
                values.update(_computed(k, obj))
                display[spec.name] = str(values.get(spec.name, ""))
            else:
                display[spec.name] = display_value(spec, values.get(spec.name))
        searchable = [display.get(s.name, "") for s in k.fields]
        searchable += [
            str(values[s.name])
            for s in k.fields
            if s.type is FieldType.MULTILINE and values.get(s.name)
        ]
        rows.append(
            RecordRow(
                kind=k.name,
                id=obj.id,
                values=values,
                display=display,
                title=k.title(values),
                search_text="\n".join(searchable).casefold(),
            )
        )
    return rows


def _scoped(
    k: RecordKind, stmt: Select[Any], target_id: int | None, parent_id: int | None
) -> Select[Any]:
    table = k.model.__table__
    if k.scope == "target":
        if target_id is None:
            raise ValueError(f"{k.plural} belong to a target; choose one first")
        return stmt.where(table.c.target_id == target_id)
    if k.scope == "parent":
        assert k.parent_field and k.parent_kind
        if parent_id is not None:
            stmt = stmt.where(table.c[k.parent_field] == parent_id)
        if k.parent_target_column and target_id is not None:
            parent_table = kind(k.parent_kind).model.__table__
            return stmt.join(parent_table, table.c[k.parent_field] == parent_table.c.id).where(
                parent_table.c[k.parent_target_column] == target_id
            )
    return stmt


def list_records(
    db: Database, kind_name: str, target_id: int | None = None, parent_id: int | None = None
) -> list[RecordRow]:
    k = kind(kind_name)
    stmt = _scoped(k, select(k.model).options(*_load_options(k)), target_id, parent_id)
    with db.transaction() as session:
        objs = session.scalars(stmt.order_by(k.model.__table__.c.id)).all()
        return _rows(session, k, objs)


def get_record(db: Database, kind_name: str, record_id: int) -> RecordRow:
    k = kind(kind_name)
    with db.transaction() as session:
        return _get_row(session, k, record_id)


def _get_obj(session: Session, k: RecordKind, record_id: int) -> Any:
    obj = session.get(k.model, record_id, options=_load_options(k), populate_existing=True)
    if obj is None:
        raise RecordNotFound(k, record_id)
    return obj


def _get_row(session: Session, k: RecordKind, record_id: int) -> RecordRow:
    return _rows(session, k, [_get_obj(session, k, record_id)])[0]


def choices(db: Database, kind_name: str, target_id: int | None = None) -> list[tuple[int, str]]:
    """(id, title) pairs for pick lists, sorted by title."""
    k = kind(kind_name)
    stmt = _scoped(k, select(k.model), target_id if k.scope != "root" else None, None)
    with db.transaction() as session:
        objs = session.scalars(stmt).all()
        pairs = [(obj.id, k.title(_scalar_values(k, obj))) for obj in objs]
    return sorted(pairs, key=lambda p: text_sort_key(p[1]))


# --- writing ----------------------------------------------------------------------------


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


def _defaults(k: RecordKind) -> dict[str, Any]:
    return {s.name: ([] if s.type is FieldType.LINKS else s.default) for s in k.editable_fields}


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


def _record_level(session: Session, skill: m.Skill, today: dt.date) -> None:
    last = session.scalars(
        select(m.SkillLevelChange)
        .where(m.SkillLevelChange.skill_id == skill.id)
        .order_by(m.SkillLevelChange.date.desc(), m.SkillLevelChange.id.desc())
        .limit(1)
    ).first()
    if last is not None and last.level == skill.current_level:
        return
    # Clicking through levels in one day keeps one entry for that day, not a trail of clicks;
    # going back to where the day started leaves no entry at all.
    if last is not None and last.date == today:
        before = session.scalars(
            select(m.SkillLevelChange)
            .where(m.SkillLevelChange.skill_id == skill.id, m.SkillLevelChange.id != last.id)
            .order_by(m.SkillLevelChange.date.desc(), m.SkillLevelChange.id.desc())
            .limit(1)
        ).first()
        if before is not None and before.level == skill.current_level:
            session.delete(last)
        else:
            last.level = skill.current_level
    else:
        session.add(m.SkillLevelChange(skill_id=skill.id, date=today, level=skill.current_level))


def _check_frozen_resume(obj: m.ResumeVersion, changes: Mapping[str, Any]) -> None:
    # Frozen means sent before this change and still sent after it: clearing "Sent on" in
    # the same save (or undoing the save that set it) is allowed.
    if obj.sent_on is None or ("sent_on" in changes and changes["sent_on"] is None):
        return
    altered = [
        name for name, value in changes.items() if name != "sent_on" and getattr(obj, name) != value
    ]
    if altered:
        raise ValidationError(
            {
                altered[0]: f"This version was sent on {obj.sent_on.isoformat()}, so it is kept "
                "as sent. Add a new version to make changes (or clear “Sent on” first)."
            }
        )


def create_record(
    db: Database,
    kind_name: str,
    values: Mapping[str, Any],
    target_id: int | None = None,
    today: dt.date | None = None,
) -> RecordRow:
    k = kind(kind_name)
    merged = _defaults(k)
    merged.update(values)
    cleaned = _clean(k, merged)
    with db.transaction() as session:
        _check_references(session, k, cleaned, target_id if k.scope == "target" else None)
        obj: Any = k.model()
        if k.scope == "target":
            if target_id is None or session.get(m.Target, target_id) is None:
                raise ValidationError({"": "Choose or create a target first"})
            obj.target_id = target_id
        if k.name == "skill":
            _unique_skill_name(session, target_id, cleaned["name"], None)
        _assign(session, k, obj, cleaned)
        session.add(obj)
        session.flush()
        if isinstance(obj, m.Skill):
            _record_level(session, obj, today or dt.date.today())
            session.flush()
        return _get_row(session, k, obj.id)


def _unique_skill_name(
    session: Session, target_id: int | None, name: str, own_id: int | None
) -> None:
    existing = session.scalars(
        select(m.Skill).where(m.Skill.target_id == target_id, m.Skill.name == name)
    ).first()
    if existing is not None and existing.id != own_id:
        raise ValidationError({"name": f"There is already a skill called “{name}”"})


def update_record(
    db: Database,
    kind_name: str,
    record_id: int,
    changes: Mapping[str, Any],
    today: dt.date | None = None,
) -> RecordRow:
    """Apply ``changes`` (any subset of fields); the whole record is re-validated."""
    k = kind(kind_name)
    with db.transaction() as session:
        obj = _get_obj(session, k, record_id)
        current = _rows(session, k, [obj])[0].values
        merged = {s.name: current.get(s.name) for s in k.editable_fields}
        merged.update({key: value for key, value in changes.items() if key in merged})
        cleaned = _clean(k, merged)
        _check_references(session, k, cleaned, getattr(obj, "target_id", None))
        changed = {
            s.name: cleaned[s.name]
            for s in k.editable_fields
            if cleaned[s.name] != current.get(s.name)
        }
        if isinstance(obj, m.ResumeVersion):
            _check_frozen_resume(obj, changed)
        if isinstance(obj, m.Skill) and "name" in changed:
            _unique_skill_name(session, obj.target_id, changed["name"], obj.id)
        if not changed:
            return _rows(session, k, [obj])[0]
        _assign(session, k, obj, changed)
        session.flush()
        if isinstance(obj, m.Skill) and "current_level" in changed:
            _record_level(session, obj, today or dt.date.today())
            session.flush()
            session.expire(obj, ["level_changes"])
        return _get_row(session, k, record_id)


# --- deleting and undeleting ------------------------------------------------------------


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


def delete_record(db: Database, kind_name: str, record_id: int) -> Snapshot:
    """Delete a record (the database removes what belongs to it, unlinks the rest)."""
    k = kind(kind_name)
    table = cast(Table, k.model.__table__)
    with db.transaction() as session:
        obj = _get_obj(session, k, record_id)
        snapshot = Snapshot(kind=k.name, record_id=record_id, title=k.title(_scalar_values(k, obj)))
        session.expunge(obj)
        _collect(session, table, table.c.id == record_id, snapshot, set())
        session.execute(delete(table).where(table.c.id == record_id))
    order = {t.name: i for i, t in enumerate(m.Base.metadata.sorted_tables)}
    snapshot.rows.sort(key=lambda item: order[item[0]])
    return snapshot


def restore_snapshot(db: Database, snapshot: Snapshot) -> RecordRow:
    """Undo a delete: put every removed row back and re-link what was unlinked."""
    tables = m.Base.metadata.tables
    try:
        with db.transaction() as session:
            for table_name, row in snapshot.rows:
                session.execute(insert(tables[table_name]).values(**row))
            for table_name, pk, column, value in snapshot.nulled:
                table = tables[table_name]
                values: dict[str, Any] = {column: value}
                if "updated_at" in table.c:
                    # Re-linking is not an edit: keep the row's own last-changed time.
                    values["updated_at"] = table.c.updated_at
                session.execute(update(table).where(_pk_filter(table, pk)).values(values))
            return _get_row(session, kind(snapshot.kind), snapshot.record_id)
    except IntegrityError as exc:
        raise ValueError(
            f"“{snapshot.title}” can't be brought back: what it belonged to has changed since."
        ) from exc
