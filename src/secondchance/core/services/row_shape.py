"""How the rows of one read are laid out, and how a raw column value becomes what is shown.

``record_rows`` reads a kind's columns with one Core select into plain tuples (what SQLite
hands back: text for dates and enum names, 0/1 for booleans).  A ``RowShape`` says where
each field sits in those tuples and holds, per field, three small functions of the raw
value: its Python value (SQLAlchemy's own result processor, so it is exactly what the ORM
gave), its display text, and its sort key.  The last two skip the conversion where the raw
form already reads or sorts the same (an ISO date, a text), which is what lets a list of
100 000 rows be searched and sorted without building 100 000 dictionaries first.

``tests/unit/test_row_shape.py`` holds the fast forms to ``fields.display_value`` and to
the sort order of converted values on generated data.
"""

from __future__ import annotations

import datetime as dt
import enum
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Dialect

from secondchance.core.collation import text_sort_key
from secondchance.core.services.fields import FieldSpec, FieldType, display_value, first_line
from secondchance.core.services.kinds import RecordKind

SortKey = tuple[int, Any]
MISSING: SortKey = (1, "")  # empty values sort last whichever way a column is sorted

Convert = Callable[[Any], Any]
# How one field of a row reads in a list, from the row's raw tuple and its id.
Displayer = Callable[[Sequence[Any], int], str]

# Fields whose value is the column's raw text, shown as it is.
_PLAIN_TEXT = frozenset({FieldType.TEXT, FieldType.URL, FieldType.EMAIL, FieldType.FILE})
_NUMBERS = frozenset({FieldType.INTEGER, FieldType.RATING, FieldType.NUMBER})


def value_sort_key(value: Any, display: str) -> SortKey:
    """The list's order for one value: empty last; numbers and dates by value; enum members
    in their declared order; anything else alphabetically by what is shown."""
    if value is None or value == "" or value == []:
        return MISSING
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, int | float):
        return (0, value)
    if isinstance(value, dt.date):
        return (0, value.toordinal())
    if isinstance(value, enum.Enum):
        members = list(type(value))
        return (0, members.index(value))
    return (0, text_sort_key(display))


def _is_iso_date(raw: Any) -> bool:
    # How SQLAlchemy stores a date in SQLite: "%04d-%02d-%02d", which is also isoformat().
    return isinstance(raw, str) and len(raw) == 10 and raw[4] == "-" and raw[7] == "-"


@dataclass(frozen=True)
class Column:
    """One scalar field of a read: where it sits and how its raw value is read."""

    spec: FieldSpec
    position: int
    convert: Convert
    display: Callable[[Any], str]
    sort: Callable[[Any], SortKey]


def identity(raw: Any) -> Any:
    """The conversion of a column read as it is."""
    return raw


def make_column(spec: FieldSpec, position: int, processor: Convert | None) -> Column:
    convert: Convert = processor if processor is not None else identity

    def slow_display(raw: Any) -> str:
        return display_value(spec, convert(raw))

    def slow_sort(raw: Any) -> SortKey:
        value = convert(raw)
        return value_sort_key(value, display_value(spec, value))

    display: Callable[[Any], str] = slow_display
    sort: Callable[[Any], SortKey] = slow_sort
    kind = spec.type
    if kind in _PLAIN_TEXT and processor is None:

        def display(raw: Any) -> str:
            return "" if raw is None else raw if isinstance(raw, str) else slow_display(raw)

        def sort(raw: Any) -> SortKey:
            if raw is None or raw == "":
                return MISSING
            return (0, text_sort_key(raw)) if isinstance(raw, str) else slow_sort(raw)

    elif kind is FieldType.MULTILINE and processor is None:

        def display(raw: Any) -> str:
            if raw is None:
                return ""
            return first_line(raw) if isinstance(raw, str) else slow_display(raw)

        def sort(raw: Any) -> SortKey:
            if raw is None or raw == "":
                return MISSING
            # As shown: the first line (what display_value makes of a text).
            shown = first_line(raw) if isinstance(raw, str) else slow_display(raw)
            return (0, text_sort_key(shown))

    elif kind is FieldType.DATE:
        # Shown as medium dates; a list holds few distinct days, so each is written once.
        shown: dict[Any, str] = {}

        def display(raw: Any) -> str:
            if raw is None:
                return ""
            text = shown.get(raw)
            if text is None:
                text = shown[raw] = slow_display(raw)
            return text

        # One key per day, shared by the rows of that day (a key each was 5 MB of a list of
        # 100 000 rows, for a few hundred days).
        keys: dict[Any, SortKey] = {}

        def day_key(raw: Any) -> SortKey:
            # _is_iso_date, written out: ISO dates sort as text in the order of their days.
            if isinstance(raw, str) and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
                return (0, raw)
            value = convert(raw)
            return MISSING if value is None else (0, value.isoformat())

        def sort(raw: Any) -> SortKey:
            if raw is None:
                return MISSING
            key = keys.get(raw)
            if key is None:
                key = keys[raw] = day_key(raw)
            return key

    elif kind is FieldType.ENUM and spec.enum is not None:
        labels = {member.name: str(member.value) for member in spec.enum}
        # One key per choice, shared by every row that made it (5 MB a column at 100 000).
        order: dict[str, SortKey] = {member.name: (0, i) for i, member in enumerate(spec.enum)}

        def display(raw: Any) -> str:
            label = labels.get(raw) if isinstance(raw, str) else None
            return label if label is not None else slow_display(raw)

        def sort(raw: Any) -> SortKey:
            found = order.get(raw) if isinstance(raw, str) else None
            return found if found is not None else slow_sort(raw)

    elif kind in _NUMBERS and processor is None:

        def display(raw: Any) -> str:
            return display_value(spec, raw)

        def sort(raw: Any) -> SortKey:
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                return (0, raw)
            return slow_sort(raw)

    return Column(spec, position, convert, display, sort)


def processor_of(column: Any, dialect: Dialect) -> Convert | None:
    """SQLAlchemy's own conversion of a raw value of ``column`` (None: used as it is)."""
    result: Convert | None = column.type.dialect_impl(dialect).result_processor(dialect, None)
    return result


class Links:
    """A link field's (owner, linked) pairs, found per owner when a row asks.

    Kept as two flat lists sorted by owner: grouping 150 000 pairs into lists up front
    cost more than reading them; a row's links are a binary search away.
    """

    def __init__(self, pairs: list[tuple[int, int]], rank: Mapping[int, int]) -> None:
        pairs.sort()
        self._owners = [owner for owner, _ in pairs]
        self._linked = [linked for _, linked in pairs]
        self._rank = rank  # position of each linked record in the order links are shown

    def ids(self, owner: int) -> list[int]:
        """The owner's linked ids, smallest first."""
        first = bisect_left(self._owners, owner)
        return self._linked[first : bisect_right(self._owners, owner, first)]

    def shown(self, owner: int) -> list[int]:
        """The owner's linked ids in the order they are shown."""
        rank = self._rank
        return sorted(self.ids(owner), key=lambda i: rank.get(i, len(rank)))

    def linked_ids(self) -> list[int]:
        return sorted(set(self._linked))


class Titles(Mapping[int, str]):
    """The titles of the records a read names, each worked out when first asked for.

    A feedback list names hundreds of contacts and skills and shows a screenful of rows:
    converting every column of every record named, to title each, was a tenth of its read.
    A title worked out on two threads at once is the same text, so either serves.
    """

    __slots__ = ("_done", "_raws", "_title")

    def __init__(
        self, raws: dict[int, Sequence[Any]], title: Callable[[Sequence[Any]], str]
    ) -> None:
        self._raws = raws
        self._title = title
        self._done: dict[int, str] = {}

    def __getitem__(self, record_id: int) -> str:
        title = self._done.get(record_id)
        if title is None:
            title = self._done[record_id] = self._title(self._raws[record_id])
        return title

    def get(self, record_id: int, default: str | None = None) -> str | None:  # type: ignore[override]
        # Called per row shown, sorted or searched: a title already worked out is one lookup,
        # and a missing one raises nothing.
        title = self._done.get(record_id)
        if title is None:
            raw = self._raws.get(record_id)
            if raw is None:
                return default
            title = self._done[record_id] = self._title(raw)
        return title

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._raws

    def __iter__(self) -> Iterator[int]:
        return iter(self._raws)

    def __len__(self) -> int:
        return len(self._raws)


@dataclass
class RowShape:
    """What the rows of one read share: their columns, and the titles of what they name."""

    kind: RecordKind
    columns: dict[str, Column]
    # Per reference field: the title of each record it names.
    ref_titles: dict[str, Mapping[int, str]] = field(default_factory=dict)
    # Per link field: each row's linked ids, and the titles of the linked records.
    links: dict[str, Links] = field(default_factory=dict)
    link_titles: dict[str, Mapping[int, str]] = field(default_factory=dict)
    # Per relationship a ``computed`` hook reads: each row's related rows.
    relations: dict[str, dict[int, list[Any]]] = field(default_factory=dict)
    # Columns that are no field but a ``computed`` hook may read (``created_at``): where
    # each sits in the tuples, and its conversion.
    extras: dict[str, tuple[int, Convert]] = field(default_factory=dict)
    _displayers: dict[str, Displayer | None] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    # Where the multi-line texts sit, and the dates with their conversion (search_extras).
    _searched: tuple[list[int], list[tuple[int, Convert]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def displayers(self) -> dict[str, Displayer | None]:
        """Per field, in the kind's order, how a row reads in a list; None for a computed
        field (its text comes from the row's values).

        Made once per read, when a row is first shown (the titles are in by then): a list
        shows, searches and measures every field of many rows, and working out for each
        cell again what kind of field it is cost more than the text itself.
        """
        if self._displayers is None:
            self._displayers = {spec.name: self._displayer(spec.name) for spec in self.kind.fields}
        return self._displayers

    def _displayer(self, name: str) -> Displayer | None:
        column = self.columns.get(name)
        if column is not None:
            position = column.position
            if column.spec.type is FieldType.REFERENCE:
                titles = self.ref_titles.get(name, {})
                return lambda raw, _id: titles.get(raw[position], "") if raw[position] else ""
            display = column.display
            return lambda raw, _id: display(raw[position])
        links = self.links.get(name)
        if links is not None:
            linked = self.link_titles[name]
            return lambda _raw, owner: ", ".join(linked.get(i, "") for i in links.shown(owner))
        return None

    def search_extras(self, raw: Sequence[Any]) -> list[str]:
        """What a search finds beyond the fields as shown: multi-line texts in full, then
        dates as ISO text (shown as "12 Mar 2026", typing 2026-03 still finds them)."""
        if self._searched is None:
            columns = self.columns.values()
            self._searched = (
                [c.position for c in columns if c.spec.type is FieldType.MULTILINE],
                [(c.position, c.convert) for c in columns if c.spec.type is FieldType.DATE],
            )
        texts, dates = self._searched
        found = [str(raw[position]) for position in texts if raw[position]]
        for position, convert in dates:
            stored = raw[position]
            if _is_iso_date(stored):
                found.append(stored)
            elif isinstance(value := convert(stored), dt.date):
                found.append(value.isoformat())
        return found

    def computed_of(
        self, record_id: int, values: Mapping[str, Any], raw: Sequence[Any] = ()
    ) -> Mapping[str, Any]:
        """The kind's computed values for one row (its ``computed`` hook sees the row's
        values, its other columns and its related rows as attributes, as it would see the
        model object)."""
        hook = self.kind.computed
        if hook is None:
            return {}
        source = _Source(dict(values))
        for name, (position, convert) in self.extras.items():
            source.__dict__[name] = convert(raw[position]) if raw else None
        for name, by_owner in self.relations.items():
            source.__dict__[name] = by_owner.get(record_id, [])
        return hook(source)


class _Source:
    """Attributes for a ``computed`` hook: the row's values and its related rows."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
