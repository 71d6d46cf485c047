"""Reading records of any kind as plain ``RecordRow`` values.

Nothing returned can trigger a lazy load later, and the UI never sees a session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from secondchance.core.collation import text_sort_key
from secondchance.core.dates import medium_date
from secondchance.core.db import Database
from secondchance.core.services.fields import FieldType, display_value
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


def load_options(k: RecordKind) -> list[Any]:
    names = [f.name for f in k.link_fields] + list(k.relations)
    return [selectinload(getattr(k.model, name)) for name in names]


def scalar_values(k: RecordKind, obj: Any) -> dict[str, Any]:
    return {
        f.name: getattr(obj, f.name)
        for f in k.fields
        if f.type not in (FieldType.LINKS, FieldType.COMPUTED)
    }


def _titles(session: Session, kind_name: str, ids: Iterable[int]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    ref = kind(kind_name)
    pk = ref.model.__table__.c.id
    objs: Sequence[Any] = session.scalars(select(ref.model).where(pk.in_(wanted))).all()
    return {obj.id: ref.title(scalar_values(ref, obj)) for obj in objs}


def to_rows(session: Session, k: RecordKind, objs: Sequence[Any]) -> list[RecordRow]:
    ref_titles: dict[str, dict[int, str]] = {}
    # A few skills are linked from thousands of feedback items: title each one once.
    link_titles: dict[tuple[str, int], str] = {}

    def link_title(ref: RecordKind, linked: Any) -> str:
        key = (ref.name, linked.id)
        title = link_titles.get(key)
        if title is None:
            title = link_titles[key] = ref.title(scalar_values(ref, linked))
        return title

    for spec in k.fields:
        if spec.type is FieldType.REFERENCE and spec.ref_kind:
            ids = [getattr(obj, spec.name) for obj in objs]
            ref_titles[spec.name] = _titles(session, spec.ref_kind, ids)
    rows = []
    for obj in objs:
        values = scalar_values(k, obj)
        if k.computed is not None:
            values.update(k.computed(obj))
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
                value = values.get(spec.name, "")
                shown = medium_date(value) if isinstance(value, dt.date) else str(value)
                display[spec.name] = shown
            else:
                display[spec.name] = display_value(spec, values.get(spec.name))
        searchable = [display.get(s.name, "") for s in k.fields]
        searchable += [
            str(values[s.name])
            for s in k.fields
            if s.type is FieldType.MULTILINE and values.get(s.name)
        ]
        # Dates show as "12 Mar 2026"; typing 2026-03 still finds them.
        searchable += [
            values[s.name].isoformat()
            for s in k.fields
            if s.type is FieldType.DATE and isinstance(values.get(s.name), dt.date)
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


def scoped(
    k: RecordKind, stmt: Select[Any], target_id: int | None, parent_id: int | None
) -> Select[Any]:
    """``stmt`` narrowed to the records of one target (and parent, for a parent's kinds)."""
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


def get_obj(session: Session, k: RecordKind, record_id: int) -> Any:
    obj = session.get(k.model, record_id, options=load_options(k), populate_existing=True)
    if obj is None:
        raise RecordNotFound(k, record_id)
    return obj


def get_row(session: Session, k: RecordKind, record_id: int) -> RecordRow:
    return to_rows(session, k, [get_obj(session, k, record_id)])[0]


def list_records(
    db: Database, kind_name: str, target_id: int | None = None, parent_id: int | None = None
) -> list[RecordRow]:
    k = kind(kind_name)
    stmt = scoped(k, select(k.model).options(*load_options(k)), target_id, parent_id)
    with db.transaction() as session:
        objs = session.scalars(stmt.order_by(k.model.__table__.c.id)).all()
        return to_rows(session, k, objs)


def get_record(db: Database, kind_name: str, record_id: int) -> RecordRow:
    k = kind(kind_name)
    with db.transaction() as session:
        return get_row(session, k, record_id)


def choices(db: Database, kind_name: str, target_id: int | None = None) -> list[tuple[int, str]]:
    """(id, title) pairs for pick lists, sorted by title."""
    k = kind(kind_name)
    stmt = scoped(k, select(k.model), target_id if k.scope != "root" else None, None)
    with db.transaction() as session:
        objs = session.scalars(stmt).all()
        pairs = [(obj.id, k.title(scalar_values(k, obj))) for obj in objs]
    return sorted(pairs, key=lambda p: text_sort_key(p[1]))
