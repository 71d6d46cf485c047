"""Reading records of any kind as plain ``RecordRow`` values.

A list is one Core select into plain tuples, plus one select per reference or link field
for the titles it shows; no ORM object is made per row.  A ``RecordRow`` keeps its tuple
and works out its values, display texts, title and search text the first time each is
asked for (a list of 100 000 rows shows thirty of them), and its sort keys straight from
the tuple.  Nothing returned can trigger a lazy load later, and the UI never sees a session.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from itertools import starmap
from operator import attrgetter, itemgetter
from typing import Any

from sqlalchemy import Select, inspect, select
from sqlalchemy.orm import Session, selectinload

from secondchance.core import models as m
from secondchance.core.collation import text_sort_key
from secondchance.core.dates import medium_date
from secondchance.core.db import Database
from secondchance.core.services.fields import FieldType
from secondchance.core.services.id_lists import ids_in
from secondchance.core.services.kinds import KINDS, RecordKind, kind
from secondchance.core.services.row_shape import (
    MISSING,
    Column,
    Convert,
    Links,
    RowShape,
    SortKey,
    Titles,
    identity,
    make_column,
    processor_of,
)

_SEARCH = attrgetter("_search")  # a row's search text, if worked out yet
_RAW = attrgetter("_raw")


class RecordNotFound(LookupError):
    def __init__(self, kind_: RecordKind, record_id: int) -> None:
        super().__init__(f"That {kind_.label} no longer exists (it may have been deleted).")


_SCALAR_SKIP = (FieldType.LINKS, FieldType.COMPUTED)
# Ids beyond which records named by a list are found by a subquery, not a list of ids.
IN_LIST_MAX = 500


class RecordRow:
    """One record as plain values: ``values`` (stored values, link ids sorted, computed
    values), ``display`` (what a list shows per field), ``title`` and ``search_text``."""

    __slots__ = ("_display", "_raw", "_search", "_shape", "_title", "_values", "id", "kind")

    def __init__(self, kind_name: str, record_id: int, raw: Sequence[Any], shape: RowShape):
        self.kind = kind_name
        self.id = record_id
        self._raw = raw
        self._shape = shape
        self._values: dict[str, Any] | None = None
        self._display: dict[str, str] | None = None
        self._title: str | None = None
        self._search: str | None = None

    # --- what a row holds -----------------------------------------------------------

    @property
    def values(self) -> dict[str, Any]:
        if self._values is None:
            shape, raw = self._shape, self._raw
            values = {name: c.convert(raw[c.position]) for name, c in shape.columns.items()}
            for name, links in shape.links.items():
                values[name] = links.ids(self.id)
            values.update(shape.computed_of(self.id, values, raw))
            self._values = values
        return self._values

    def value(self, name: str) -> Any:
        """One value, without working out the others (a filter over every row asks this)."""
        if self._values is None:
            column = self._shape.columns.get(name)
            if column is not None:
                return column.convert(self._raw[column.position])
        return self.values.get(name)

    @property
    def display(self) -> dict[str, str]:
        if self._display is None:
            raw, record_id = self._raw, self.id
            self._display = {
                name: shown(raw, record_id) if shown is not None else self._display_of(name)
                for name, shown in self._shape.displayers().items()
            }
        return self._display

    def display_text(self, name: str) -> str:
        """One field as a list shows it, without working out the others."""
        if self._display is not None:
            return self._display.get(name, "")
        return self._display_of(name)

    def _display_of(self, name: str) -> str:
        shown = self._shape.displayers().get(name)
        if shown is not None:
            return shown(self._raw, self.id)
        value = self.values.get(name, "")
        return medium_date(value) if isinstance(value, dt.date) else str(value)

    def named_title(self, name: str, record_id: int) -> str | None:
        """The title of a record that field ``name`` names (a reference or a link), as read
        with this row; None if the read did not see it."""
        titles = self._shape.ref_titles.get(name) or self._shape.link_titles.get(name) or {}
        return titles.get(record_id)

    @property
    def title(self) -> str:
        if self._title is None:
            self._title = self._shape.kind.title(self.values)
        return self._title

    @property
    def search_text(self) -> str:
        """Every field as shown, and multi-line texts in full, case-folded."""
        if self._search is None:
            parts = list(self.display.values()) if self._display is not None else None
            if parts is None:
                raw, record_id = self._raw, self.id
                parts = [
                    shown(raw, record_id) if shown is not None else self._display_of(name)
                    for name, shown in self._shape.displayers().items()
                ]
            parts += self._shape.search_extras(self._raw)
            self._search = "\n".join(parts).casefold()
        return self._search

    def sort_key(self, name: str) -> SortKey:
        """Where this row goes when its list is sorted by ``name`` (empty values last)."""
        column = self._shape.columns.get(name)
        if column is not None and column.spec.type is not FieldType.REFERENCE:
            return column.sort(self._raw[column.position])
        display = self._display_of(name)
        if column is not None or name in self._shape.links:
            # Ids mean nothing to a person: references and links sort by the names shown.
            return (0, text_sort_key(display)) if display else MISSING
        value = self.values.get(name)
        if value is None or value == "" or value == []:
            return MISSING
        return (0, text_sort_key(display))

    @staticmethod
    def sort_keys(rows: Sequence[RecordRow], name: str) -> list[SortKey]:
        """``sort_key(name)`` of each row; rows of one read share how a column sorts, which
        is asked once for them all rather than once a row (a list of 100 000 rows)."""
        if not rows:
            return []
        shape = rows[0]._shape
        column = shape.columns.get(name)
        if column is None or column.spec.type is FieldType.REFERENCE:
            return [row.sort_key(name) for row in rows]
        position, sort = column.position, column.sort
        return [
            sort(row._raw[position]) if row._shape is shape else row.sort_key(name) for row in rows
        ]

    @staticmethod
    def search_texts(rows: Sequence[RecordRow]) -> list[str]:
        """``search_text`` of each row: those worked out already (a large list's warm-up
        does it) are read straight off the rows, the rest worked out now."""
        texts: list[str | None] = list(map(_SEARCH, rows))
        if None not in texts:
            return texts  # type: ignore[return-value]  # no None among them
        return [
            row.search_text if text is None else text for row, text in zip(rows, texts, strict=True)
        ]

    @staticmethod
    def values_of(rows: Sequence[RecordRow], name: str) -> list[Any]:
        """``value(name)`` of each row of one kind (a list's); a stored value is converted
        once per distinct raw value (100 000 feedback items share three statuses) rather
        than once a row.

        Every read lays a kind's columns out alike and converts them with the same
        processor (``_columns``), so a row read on its own since (a saved one, with a shape
        of its own) is read from the same place: touching each row once more to compare
        shapes cost as much as reading the values.
        """
        if not rows:
            return []
        shape = rows[0]._shape
        column = shape.columns.get(name)
        if column is None or rows[-1]._shape.kind is not shape.kind:
            return [row.value(name) for row in rows]
        convert = column.convert
        raws = list(map(itemgetter(column.position), map(_RAW, rows)))
        converted = {raw: convert(raw) for raw in set(raws)}
        return list(map(converted.__getitem__, raws))

    # --- comparing --------------------------------------------------------------------

    def _key(self) -> tuple[Any, ...]:
        return (self.kind, self.id, self.values, self.display, self.title, self.search_text)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecordRow):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # rows hold mutable values

    def __repr__(self) -> str:
        return f"RecordRow({self.kind!r}, {self.id}, {self.title!r})"


# --- reading --------------------------------------------------------------------------


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


def plain_rows(session: Session, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    """The statement's rows as the driver returns them: no conversion, no row objects.

    The statement runs on the session's own connection, inside its transaction, through
    SQLAlchemy's cache of compiled statements (a list read runs half a dozen, every save
    two lists' worth); the rows are then read straight off the driver's cursor.
    """
    result = session.connection().execute(stmt)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def _columns(
    session: Session, k: RecordKind, only: Sequence[str] = ()
) -> tuple[list[Any], dict[str, Column]]:
    """The id and the stored fields of kind ``k`` (``only`` these, if given) to select, and
    where each lands in a row."""
    table = k.model.__table__
    dialect = session.get_bind().dialect
    selected = [table.c.id]
    columns: dict[str, Column] = {}
    for spec in k.fields:
        if spec.type in _SCALAR_SKIP or (only and spec.name not in only):
            continue
        column = table.c[spec.name]
        columns[spec.name] = make_column(spec, len(selected), processor_of(column, dialect))
        selected.append(column)
    return selected, columns


def _extras(session: Session, k: RecordKind, selected: list[Any]) -> dict[str, tuple[int, Convert]]:
    """The table's other columns, for a kind whose ``computed`` hook may read them."""
    if k.computed is None:
        return {}
    table = k.model.__table__
    dialect = session.get_bind().dialect
    named = {spec.name for spec in k.fields} | {"id"}
    extras: dict[str, tuple[int, Convert]] = {}
    for column in table.columns:
        if column.name not in named:
            convert = processor_of(column, dialect) or identity
            extras[column.name] = (len(selected), convert)
            selected.append(column)
    return extras


def _titles(session: Session, kind_name: str, ids: Select[Any] | Iterable[int]) -> Titles:
    """Titles of the records of ``kind_name`` whose ids ``ids`` gives (a subquery or a list),
    read from the fields a title is made of."""
    ref = kind(kind_name)
    selected, columns = _columns(session, ref, ref.title_fields)
    pk = ref.model.__table__.c.id
    where = (
        pk.in_(ids) if isinstance(ids, Select) else ids_in(pk, {i for i in ids if i is not None})
    )
    named = list(columns.items())

    def title(raw: Sequence[Any]) -> str:
        return ref.title({name: c.convert(raw[c.position]) for name, c in named})

    return Titles(
        {raw[0]: raw for raw in plain_rows(session, select(*selected).where(where))}, title
    )


def _relationship(k: RecordKind, name: str) -> Any:
    return inspect(k.model).relationships[name]


Scope = Callable[[Select[Any]], Select[Any]]


def _ids_scope(k: RecordKind, ids: Sequence[int]) -> Scope:
    column = k.model.__table__.c.id
    return lambda stmt: stmt.where(ids_in(column, ids))


def _list_scope(k: RecordKind, target_id: int | None, parent_id: int | None) -> Scope:
    return lambda stmt: scoped(k, stmt, target_id, parent_id)


def _read(session: Session, k: RecordKind, scope: Scope) -> list[RecordRow]:
    """The rows of kind ``k`` that ``scope`` narrows a select of its table to, by id."""
    table = k.model.__table__
    selected, columns = _columns(session, k)
    shape = RowShape(k, columns, extras=_extras(session, k, selected))
    raws = plain_rows(session, scope(select(*selected)).order_by(table.c.id))
    for spec in k.fields:
        if spec.type is FieldType.REFERENCE and spec.ref_kind:
            # The records named, from the rows just read (a subquery read the kind's table
            # again: 100 000 feedback items scanned once for their rounds, once for contacts).
            named_ids = set(map(itemgetter(columns[spec.name].position), raws))
            named_ids.discard(None)
            named: Select[Any] | Iterable[int] = named_ids
            if len(named_ids) > IN_LIST_MAX:
                column = table.c[spec.name]
                named = scope(select(column).where(column.is_not(None))).distinct()
            shape.ref_titles[spec.name] = _titles(session, spec.ref_kind, named)
        elif spec.type is FieldType.LINKS and spec.ref_kind:
            shape.links[spec.name] = _read_links(session, k, spec.name, scope)
            linked = shape.links[spec.name].linked_ids()
            shape.link_titles[spec.name] = _titles(session, spec.ref_kind, linked)
    for name in k.relations:
        relation = _relationship(k, name)
        related = relation.mapper.local_table
        ((_mine, theirs),) = relation.local_remote_pairs
        order = [*relation.order_by, related.c.id] if relation.order_by else [related.c.id]
        owners = scope(select(table.c.id))
        # Not the time stamps, which no hook reads: converting them was a third of a list of
        # 8 000 contacts with 22 000 conversations.
        related_columns = m.unstamped(related)
        stmt = select(*related_columns).where(theirs.in_(owners)).order_by(*order)
        shape.relations[name] = _grouped(session, related_columns, stmt, theirs.name)
    return [RecordRow(k.name, raw[0], raw, shape) for raw in raws]


def _grouped(
    session: Session, columns: Sequence[Any], stmt: Select[Any], owner: str
) -> dict[int, list[Any]]:
    """The related rows ``stmt`` reads, by owner: named tuples whose fields are converted
    as the ORM would convert them (a hook reads ``row.date``, ``row.kind``).  SQLAlchemy's
    own row objects took a quarter longer: 1 400 conversations 8.8 → 7.0 ms, 14 000
    105 → 82 ms (the least of 40 runs, alternating)."""
    dialect = session.get_bind().dialect
    raws = plain_rows(session, stmt)
    if not raws:
        return {}
    # Column by column: a conversion maps one column, the rows are zipped back.
    values: list[Sequence[Any]] = list(zip(*raws, strict=True))
    for i, column in enumerate(columns):
        convert = processor_of(column, dialect)
        if convert is not None:
            values[i] = list(map(convert, values[i]))
    names = tuple(c.name for c in columns)
    grouped: dict[int, list[Any]] = defaultdict(list)
    for owner_id, row in zip(
        values[names.index(owner)],
        starmap(_row_type(names), zip(*values, strict=True)),
        strict=True,
    ):
        grouped[owner_id].append(row)
    return dict(grouped)


@cache
def _row_type(names: tuple[str, ...]) -> Any:
    return namedtuple("Related", names)


def _read_links(session: Session, k: RecordKind, name: str, scope: Scope) -> Links:
    table = k.model.__table__
    relation = _relationship(k, name)
    ((_mine, owner_column),) = relation.synchronize_pairs
    ((linked_pk, linked_column),) = relation.secondary_synchronize_pairs
    # In any order: Links sorts them (SQLite sorting 150 000 pairs first took as long).
    stmt = select(owner_column, linked_column).join(table, table.c.id == owner_column)
    pairs = plain_rows(session, scope(stmt))
    # Shown in the relationship's own order (skills by name), as the ORM loaded them: the
    # rank of each linked record, from one small read of the linked table.
    linked_ids = sorted({linked for _owner, linked in pairs})
    in_use: Any = ids_in(linked_pk, linked_ids)
    if len(linked_ids) > IN_LIST_MAX:
        in_use = linked_pk.in_(
            scope(select(linked_column).join(table, table.c.id == owner_column)).distinct()
        )
    order = [*(relation.order_by or ()), linked_pk]
    ranked = plain_rows(session, select(linked_pk).where(in_use).order_by(*order))
    return Links(pairs, {row[0]: i for i, row in enumerate(ranked)})


def prepare_statements(db: Database) -> None:
    """Build and compile each kind's list statements once, reading nothing.

    SQLAlchemy sets up a table's columns and compiler state the first time a statement
    touches it (tens of milliseconds a kind); the window asks for this off the GUI thread
    once it is ready, so the first opening of each list doesn't pay it.
    """
    dialect = db.engine.dialect
    for k in list(KINDS.values()):
        table = k.model.__table__
        columns = [table.c.id] + [table.c[f.name] for f in k.fields if f.type not in _SCALAR_SKIP]
        stmt = select(*columns)
        if k.scope == "target":
            stmt = stmt.where(table.c.target_id == 0)
        stmt.order_by(table.c.id).compile(dialect=dialect, compile_kwargs={"literal_binds": True})


def get_obj(session: Session, k: RecordKind, record_id: int) -> Any:
    """The model object itself, for the unit of work that changes it."""
    names = [f.name for f in k.link_fields] + list(k.relations)
    options = [selectinload(getattr(k.model, name)) for name in names]
    obj = session.get(k.model, record_id, options=options, populate_existing=True)
    if obj is None:
        raise RecordNotFound(k, record_id)
    return obj


def scalar_values(k: RecordKind, obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in k.fields if f.type not in _SCALAR_SKIP}


def to_rows(session: Session, k: RecordKind, objs: Sequence[Any]) -> list[RecordRow]:
    """The rows of these model objects as stored (pending changes are flushed first)."""
    session.flush()
    ids = [int(obj.id) for obj in objs]
    found = {row.id: row for row in _read(session, k, _ids_scope(k, ids))}
    return [found[i] for i in ids]


def get_row(session: Session, k: RecordKind, record_id: int) -> RecordRow:
    session.flush()
    rows = _read(session, k, _ids_scope(k, [record_id]))
    if not rows:
        raise RecordNotFound(k, record_id)
    return rows[0]


def list_records(
    db: Database, kind_name: str, target_id: int | None = None, parent_id: int | None = None
) -> list[RecordRow]:
    k = kind(kind_name)
    scoped(k, select(k.model.__table__.c.id), target_id, parent_id)  # refuses a missing target
    with db.transaction() as session:
        return _read(session, k, _list_scope(k, target_id, parent_id))


def get_record(db: Database, kind_name: str, record_id: int) -> RecordRow:
    k = kind(kind_name)
    with db.transaction() as session:
        return get_row(session, k, record_id)


def title_of(db: Database, kind_name: str, record_id: int) -> str | None:
    """One record's title (None if it no longer exists), without reading its links."""
    with db.transaction() as session:
        return _titles(session, kind_name, [record_id]).get(record_id)


def _offered(k: RecordKind, target_id: int | None) -> Select[Any]:
    """The ids of the records a pick list of kind ``k`` offers."""
    return scoped(k, select(k.model.__table__.c.id), target_id if k.scope != "root" else None, None)


def choices(db: Database, kind_name: str, target_id: int | None = None) -> list[tuple[int, str]]:
    """(id, title) pairs for pick lists, sorted by title."""
    k = kind(kind_name)
    with db.transaction() as session:
        titles = _titles(session, kind_name, _offered(k, target_id))
    return sorted(titles.items(), key=lambda p: text_sort_key(p[1]))


def choice_title(
    db: Database, kind_name: str, record_id: int, target_id: int | None = None
) -> str | None:
    """The title ``choices`` gives the record, or None if it does not offer it (deleted, or
    another target's)."""
    k = kind(kind_name)
    one = _offered(k, target_id).where(k.model.__table__.c.id == record_id)
    with db.transaction() as session:
        return _titles(session, kind_name, one).get(record_id)
