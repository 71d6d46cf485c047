"""Import, the decisions: which records of a checked document are new, already here, or
a newer edit of one here; which links and settings to add.  Reads the workspace, writes
nothing (so a dry run is the same code).  The rules are in ``importer``'s docstring.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from secondchance.core.interop.workspace.format import (
    ATTACHMENT_COLUMNS,
    LOCAL_SETTING_PREFIXES,
    UUID_COLUMN,
    SettingsPolicy,
    TableSpec,
    table_specs,
)
from secondchance.core.interop.workspace.validate import ImportPlan

# Records of a document that the workspace already holds: table name → {id in the document:
# id in the workspace}.  They are not inserted again, and references to them point at the
# rows already there.  Only a caller's own document may say so (see import_workspace).
Existing = Mapping[str, Mapping[int, int]]
_CHUNK = 500


class Merge:
    """The decisions of one import, made before anything is written."""

    def __init__(self) -> None:
        self.ids: dict[str, dict[int, int]] = {}
        # Ids handed out by this import, per table: nothing here can clash with them.
        self.new_ids: dict[str, set[int]] = {}
        self.inserts: dict[str, list[dict[str, Any]]] = {}
        self.updates: dict[str, list[dict[str, Any]]] = {}
        self.counts: dict[str, int] = {}
        self.new = self.already = self.updated = self.links = 0
        self.settings_kept: list[str] = []
        # Attachment names (as in the file) that records being written use.
        self.files_needed: set[str] = set()


def table_named(name: str) -> Table:
    from secondchance.core import models

    return models.Base.metadata.tables[name]


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _by_uuid(session: Session, spec: TableSpec, uuids: list[str]) -> dict[str, tuple[int, Any]]:
    table = spec.table
    assert spec.surrogate_key is not None
    found: dict[str, tuple[int, Any]] = {}
    for chunk in _chunks(uuids):
        query = select(table.c[spec.surrogate_key], table.c.uuid, table.c.updated_at).where(
            table.c.uuid.in_(chunk)
        )
        for record_id, key, updated_at in session.execute(query):
            found[str(key)] = (int(record_id), updated_at)
    return found


def _contacts_by_email(session: Session) -> dict[str, tuple[int, Any]]:
    table = table_named("contact")
    found: dict[str, tuple[int, Any]] = {}
    query = select(table.c.id, table.c.email, table.c.updated_at).where(table.c.email.is_not(None))
    for record_id, email, updated_at in session.execute(query.order_by(table.c.id)):
        found.setdefault(str(email).strip().casefold(), (int(record_id), updated_at))
    return found


def _by_unique_key(
    session: Session, spec: TableSpec, values: Mapping[str, Any], merge: Merge
) -> tuple[int, Any] | None:
    table = spec.table
    for columns in spec.unique_sets:
        if any(values.get(c) is None for c in columns):
            continue
        if any(
            (ref := spec.columns[c].refers_to) and values[c] in merge.new_ids.get(ref, ())
            for c in columns
        ):
            continue  # its parent is new in this import: nothing here can share the key
        assert spec.surrogate_key is not None
        query = select(table.c[spec.surrogate_key], table.c.updated_at).where(
            *(table.c[c] == values[c] for c in columns)
        )
        row = session.execute(query).first()
        if row is not None:
            return int(row[0]), row[1]
    return None


class TableState:
    """What the workspace holds before the import, read in two statements for all tables.

    ``next_id``: the first id to hand out per table with an id.  Ids are handed out here,
    so that rows can go in with executemany; AUTOINCREMENT's high-water mark
    (sqlite_sequence) counts, so no id used before is given again.  ``empty``: tables with
    no row at all, where nothing can match, so their lookups are skipped (a new workspace
    is all empty tables: the common case of a first import).
    """

    def __init__(self, session: Session) -> None:
        connection = session.connection()
        sql, names = _state_sql()
        top = dict(zip(names, connection.exec_driver_sql(sql).one(), strict=True))
        seq = {
            str(name): int(value or 0)
            for name, value in connection.exec_driver_sql("SELECT name, seq FROM sqlite_sequence")
        }
        self.empty = frozenset(name for name, value in top.items() if value is None)
        self.next_id = {
            spec.name: max(int(top[spec.name] or 0), seq.get(spec.name, 0)) + 1
            for spec in table_specs()
            if spec.surrogate_key is not None
        }


_STATE_SQL: tuple[str, list[str]] | None = None


def _state_sql() -> tuple[str, list[str]]:
    """One row: per table its largest id (tables with an id) or 1 if it has any row (others);
    NULL when the table is empty.  Plain SQL made once, so no statement is compiled per
    import (SQLAlchemy's cache belongs to an engine, and each open makes a new one)."""
    global _STATE_SQL
    if _STATE_SQL is None:
        parts, names = [], []
        for spec in table_specs():
            if spec.surrogate_key is not None:
                parts.append(f'(SELECT max("{spec.surrogate_key}") FROM "{spec.name}")')
            else:
                parts.append(f'(SELECT 1 FROM "{spec.name}" LIMIT 1)')
            names.append(spec.name)
        _STATE_SQL = "SELECT " + ", ".join(parts), names
    return _STATE_SQL


def _remap(spec: TableSpec, values: dict[str, Any], ids: Mapping[str, Mapping[int, int]]) -> None:
    for column in spec.columns.values():
        if column.refers_to and values.get(column.name) is not None:
            values[column.name] = ids[column.refers_to][values[column.name]]


def _newer(file_values: Mapping[str, Any], ours: Any) -> bool:
    theirs = file_values.get("updated_at")
    return theirs is not None and ours is not None and theirs > ours


def _plan_records(
    session: Session,
    spec: TableSpec,
    rows: list[dict[str, Any]],
    merge: Merge,
    existing: Existing,
    state: TableState,
) -> None:
    assert spec.surrogate_key is not None
    key = spec.surrogate_key
    id_map: dict[int, int] = {}
    merge.ids[spec.name] = id_map
    new_ids: set[int] = set()
    merge.new_ids[spec.name] = new_ids
    given = existing.get(spec.name, {})
    # Nothing can match in an empty table: no lookups at all.
    lookup = spec.name not in state.empty
    known: dict[str, tuple[int, Any]] = {}
    if lookup and UUID_COLUMN in spec.columns:
        uuids = [r[UUID_COLUMN] for r in rows if r.get(UUID_COLUMN) and r[key] not in given]
        known = _by_uuid(session, spec, uuids)
    emails = _contacts_by_email(session) if lookup and spec.name == "contact" else {}
    unique_sets = lookup and bool(spec.unique_sets)
    next_id = state.next_id[spec.name]
    attachment_columns = ATTACHMENT_COLUMNS.get(spec.name, ())
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for values in rows:
        # The plan's rows are this import's own: changed in place rather than copied.
        values.pop("__row__", None)
        old_id = values.pop(key)
        if old_id in given:
            id_map[old_id] = given[old_id]
            merge.already += 1
            continue
        _remap(spec, values, merge.ids)
        match = known.get(values.get(UUID_COLUMN) or "")
        if match is None and unique_sets:
            match = _by_unique_key(session, spec, values, merge)
        if match is None and emails and values.get("email"):
            match = emails.get(str(values["email"]).strip().casefold())
        if match is not None:
            id_map[old_id] = match[0]
            if _newer(values, match[1]):
                values.pop(UUID_COLUMN, None)  # ours stays: it may be matched elsewhere
                values.pop("created_at", None)
                values["_id"] = match[0]
                updates.append(values)
                merge.updated += 1
            else:
                merge.already += 1
            continue
        values[key] = next_id
        id_map[old_id] = next_id
        new_ids.add(next_id)
        next_id += 1
        inserts.append(values)
        merge.new += 1
    for values in (*inserts, *updates):
        for column in attachment_columns:
            if values.get(column):
                merge.files_needed.add(values[column])
    merge.inserts[spec.name] = inserts
    merge.updates[spec.name] = updates
    merge.counts[spec.name] = len(inserts)


def _plan_links(
    session: Session, spec: TableSpec, rows: list[dict[str, Any]], merge: Merge, empty: bool
) -> None:
    table = spec.table
    left, right = spec.primary_key
    wanted: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for row in rows:
        values = {k: v for k, v in row.items() if k != "__row__"}
        _remap(spec, values, merge.ids)
        pair = (values[left], values[right])
        if pair not in seen:
            seen.add(pair)
            wanted.append(values)
    present: set[tuple[int, int]] = set()
    lefts = sorted({p[0] for p in seen}) if not empty else []
    for chunk in _chunks(lefts):
        query = select(table.c[left], table.c[right]).where(table.c[left].in_(chunk))
        present.update((int(a), int(b)) for a, b in session.execute(query))
    added = [v for v in wanted if (v[left], v[right]) not in present]
    merge.inserts[spec.name] = added
    merge.counts[spec.name] = len(added)
    merge.links += len(added)


def _plan_settings(
    session: Session,
    spec: TableSpec,
    rows: list[dict[str, Any]],
    merge: Merge,
    policy: SettingsPolicy,
    empty: bool,
) -> None:
    table = spec.table
    ours: dict[str, Any] = {}
    if not empty and rows:
        ours = {str(k): v for k, v in session.execute(select(table.c.key, table.c.value))}
    added: list[dict[str, Any]] = []
    replaced: list[dict[str, Any]] = []
    for row in rows:
        values = {k: v for k, v in row.items() if k != "__row__"}
        name = str(values["key"])
        if name.startswith(LOCAL_SETTING_PREFIXES):
            continue
        if name not in ours:
            added.append(values)
        elif ours[name] == values.get("value"):
            continue
        elif ours[name] in (None, ""):
            replaced.append(values)
        else:
            if policy is SettingsPolicy.replace:
                replaced.append(values)
            else:
                merge.settings_kept.append(name)
    merge.inserts[spec.name] = added
    for values in replaced:
        values.pop("created_at", None)
        values["_key"] = values.pop("key")
        values.setdefault("updated_at", _now())
    merge.updates[spec.name] = replaced
    merge.counts[spec.name] = len(added) + len(replaced)


def _now() -> Any:
    from secondchance.core.models import utcnow

    return utcnow()


def decide(session: Session, plan: ImportPlan, existing: Existing, policy: SettingsPolicy) -> Merge:
    merge = Merge()
    state = TableState(session)
    for spec in table_specs():
        rows = plan.rows[spec.name]
        empty = spec.name in state.empty
        if spec.surrogate_key is not None:
            _plan_records(session, spec, rows, merge, existing, state)
        elif spec.is_keyed:
            _plan_settings(session, spec, rows, merge, policy, empty)
        else:
            _plan_links(session, spec, rows, merge, empty)
    return merge
