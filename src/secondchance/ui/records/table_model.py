"""The one table model behind every record list.

Sorting and the search filter happen here, in Python lists, not in a
QSortFilterProxyModel: a proxy calling back into a Python ``data()`` for every
comparison takes tens of seconds on 100k rows, while sorting a list of keys takes
milliseconds.  The view's header still drives sorting (``sort()`` is Qt's own hook).

What makes it fast on large lists: each column's sort keys are worked out once per load
(``RecordRow.sort_key``, straight from the stored values) and so is each sorted order, so
a second click on a header only reverses; a search narrows the rows the previous
keystroke left when the new words only add to the old ones; the search texts and sort
keys of a large list are worked out off the GUI thread after it loads (``_Warmer``); a
filter or a sort moves rows with ``layoutChanged`` (the selection follows its row), never a
reset; and a saved row is found by id, not by a scan.
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
import time
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from itertools import compress, count, islice, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication

from secondchance.core.services import records
from secondchance.core.services.fields import FieldSpec, FieldType
from secondchance.core.services.kinds import RecordKind
from secondchance.core.services.records import RecordRow
from secondchance.core.services.row_shape import SortKey
from secondchance.ui import gui_gc, roles
from secondchance.ui.widgets.tones import tone_colour

if TYPE_CHECKING:
    from secondchance.core.db import Database

log = logging.getLogger(__name__)

ROW_ID_ROLE = roles.USER + 1
# The roles a record list answers (``RecordTableModel.data``); any other is None.
_ANSWERED = frozenset(
    (roles.DISPLAY, roles.TOOLTIP, roles.FOREGROUND, roles.FONT, roles.ALIGNMENT, ROW_ID_ROLE)
)
_NUMBER_ALIGNMENT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_NUMBERS = (FieldType.RATING, FieldType.INTEGER, FieldType.NUMBER)
# Fields a tab's filter tests (a status, a theme, a yes/no): few values, stored in the row.
_CHOICES = (FieldType.ENUM, FieldType.BOOL)
_ID = operator.attrgetter("id")
_SEARCH_TEXT = operator.attrgetter("search_text")  # a row's, worked out if not yet

_Index = QModelIndex | QPersistentModelIndex


def header_tip(spec: FieldSpec) -> str | None:
    """A column's meaning: its scale ("1 Nice to have · 2 Important · 3 Essential") or help."""
    if spec.scale:
        low = int(spec.minimum or 0)
        steps = " · ".join(f"{low + i} {label}" for i, label in enumerate(spec.scale))
        return f"{spec.label}: {steps}"
    return spec.help or None


# Lists longer than this have their search texts and sort keys worked out off the GUI
# thread after loading.  Shorter ones take under ~40 ms where they are, on the first search
# or sort; warming them cost more than that: the warm-up shares Python's lock with the GUI
# thread, which was still laying out and painting the list it had just loaded.
WARM_ROWS = 5000
WARM_BATCH = 1000  # rows worked out between two pauses
WARM_PAUSE_S = 0.002

# Lookups of a row's position by scanning the ids shown, before a map of them is made.
SCANS_BEFORE_MAP = 16


def index_of(rows: list[RecordRow], row: RecordRow) -> int:
    """Where ``row`` itself is in ``rows`` (-1: not there), by identity, in C.

    Not ``rows.index(row)``: that compares each row before it by value, and
    ``RecordRow.__eq__`` works out every field of both (1 s for a row 100 000 rows down).
    """
    return next(compress(count(), map(operator.is_, rows, repeat(row))), -1)


Order = tuple[list[RecordRow], list[RecordRow]]  # rows with a value (ascending), empty ones


class _Warmed(QObject):
    # Load generation, field name, the rows in that column's order.
    column = Signal(int, str, object)
    # Load generation, the order's version, the search texts of the rows in that order.
    texts = Signal(int, int, object)
    # Load generation, the order's version, field name, its values in that order.
    values = Signal(int, int, str, object)
    done = Signal(int)  # load generation


class _Warmer(QRunnable):
    """Works out every row's search text and each column's sorted order (from the rows'
    sort keys, let go once it is made), off the GUI thread (a header click on 100 000 rows
    then only turns the order round).

    Rows are plain Python values; a text worked out here or on the GUI thread is the same,
    so whichever comes first serves (the GUI thread never waits for this).
    """

    def __init__(
        self,
        generation: int,
        rows: list[RecordRow],
        names: list[str],
        by_id: bool,
        shown: tuple[int, list[RecordRow]],
        choices: Sequence[str],
    ) -> None:
        super().__init__()
        self.generation = generation
        self.rows = rows
        self.names = names
        self.by_id = by_id
        # The list's order when the warm-up began (its version, its rows): a first keystroke
        # scans their search texts in that order, a tab's filter their choices' values.
        self.shown = shown
        self.choices = list(choices)  # fields whose values a tab's filter may test
        self.signals = _Warmed()

    def run(self) -> None:
        try:
            # Search texts first (typing a search is the likelier first act on a long list),
            # worked out (each cached on its row) and listed in the list's order, as a first
            # keystroke scans them (collecting them then took 34 ms of it at 99 600 rows: the
            # rows lie scattered in memory), then each column's sort keys; a pause after each
            # batch hands Python's lock back to the GUI thread, which otherwise waits its turn
            # for every event while this runs.
            version, shown = self.shown
            texts: list[str] = []
            for start in range(0, len(shown), WARM_BATCH):
                texts.extend(map(_SEARCH_TEXT, shown[start : start + WARM_BATCH]))
                time.sleep(WARM_PAUSE_S)
            self.signals.texts.emit(self.generation, version, texts)
            # The values a tab's filter tests ("only unaddressed": each row's status), in
            # the list's order: reading one field of 99 600 rows took 67-89 ms of a click.
            for name in self.choices:
                values: list[Any] = []
                for start in range(0, len(shown), WARM_BATCH):
                    values.extend(RecordRow.values_of(shown[start : start + WARM_BATCH], name))
                    time.sleep(WARM_PAUSE_S)
                self.signals.values.emit(self.generation, version, name, values)
            for name in self.names:
                found: list[SortKey] = []
                for start in range(0, len(self.rows), WARM_BATCH):
                    found.extend(RecordRow.sort_keys(self.rows[start : start + WARM_BATCH], name))
                    time.sleep(WARM_PAUSE_S)
                # One sort holds Python's lock throughout (40 ms for 100 000 texts).
                order = sorted_rows(self.rows, found, self.by_id)
                self.signals.column.emit(self.generation, name, order)
                time.sleep(WARM_PAUSE_S)
        except Exception:  # a warm-up is only a head start; the GUI thread does it anyway
            log.debug("warm-up stopped", exc_info=True)
        finally:
            self.signals.done.emit(self.generation)


def _by_key(items: list[int], values: list[Any]) -> list[int]:
    """``items`` sorted by their ``values`` (stable).

    A text's key is (accents ignored, exact) and the first part nearly always decides:
    sorting by it alone lets Python compare plain strings (a third of the time it takes
    to compare tuples of them, on 100 000 texts); runs that tie on it are then put in
    order by the whole key, unless no two keys share a first part and differ after it.
    The checks run in C: a Python look at each key cost as much as the sort.
    """
    positions = range(len(items))
    first: list[Any] | None = None
    if values and set(map(type, values)) == {tuple}:
        try:
            first = list(map(itemgetter(0), values))
        except IndexError:  # an empty key
            first = None
    if first is None:
        return list(map(items.__getitem__, sorted(positions, key=values.__getitem__)))
    order = sorted(positions, key=first.__getitem__)
    firsts = len(set(first))
    if firsts < len(first) and _more_than(firsts, values):
        start = 0
        while start < len(order):
            end = start + 1
            head = first[order[start]]
            while end < len(order) and first[order[end]] == head:
                end += 1
            if end - start > 1:
                order[start:end] = sorted(order[start:end], key=values.__getitem__)
            start = end
    return list(map(items.__getitem__, order))


def _more_than(count: int, values: list[Any]) -> bool:
    """More distinct values than ``count`` (unhashable ones: assume so)."""
    try:
        return len(set(values)) > count
    except TypeError:
        return True


def in_id_order(rows: Sequence[RecordRow]) -> bool:
    ids = [row.id for row in rows]
    return all(map(operator.lt, ids, islice(ids, 1, None)))


def sorted_rows(base: list[RecordRow], keys: list[SortKey], by_id: bool) -> Order:
    """``base`` sorted by ``keys`` (one per row): rows with a value by (key, id), then the
    empty ones by id.  ``by_id``: ``base`` is in id order already.  Plain Python, so a list
    read off the GUI thread is sorted there too (``RecordView``'s long lists)."""
    # A key is (0, value), or (1, "") when empty; split, looked up and gathered in C.
    missing = list(map(itemgetter(0), keys))
    present = list(compress(range(len(keys)), map(operator.not_, missing)))
    empty = list(compress(range(len(keys)), missing))
    if not by_id:
        present.sort(key=lambda i: base[i].id)
        empty.sort(key=lambda i: base[i].id)
    # By key, then id: the sort is stable and the rows are in id order already.
    present = _by_key(present, list(map(itemgetter(1), map(keys.__getitem__, present))))
    return list(map(base.__getitem__, present)), list(map(base.__getitem__, empty))


# A column's name and the rows in its order, worked out before the rows were handed in.
Sorted = tuple[str, Order]


# Every row of a list, with the order of the column it is sorted by (if any).
WholeList = tuple[list[RecordRow], Sorted | None]


def read_sorted(
    db: Database, kind_name: str, target_id: int | None, parent_id: int | None, name: str | None
) -> WholeList:
    """Read a whole list and sort it by field ``name``, for ``set_rows``.  Runs in a
    worker thread: no Qt here."""
    rows = records.list_records(db, kind_name, target_id, parent_id)
    if name is None:
        return rows, None
    keys = RecordRow.sort_keys(rows, name)
    return rows, (name, sorted_rows(rows, keys, in_id_order(rows)))


class ColumnFilter:
    """A tab's row filter on stored values (``keep(value of names[0], …)``), which a list
    asks of all its rows at once: each field's values are converted once per distinct
    value, and no row's values are built (``RecordRow.values_of``)."""

    def __init__(self, names: Sequence[str], keep: Callable[..., bool]) -> None:
        self.names = tuple(names)
        self.keep = keep

    def __call__(self, row: RecordRow) -> bool:
        return self.keep(*(row.value(name) for name in self.names))

    def mask(
        self, rows: Sequence[RecordRow], known: Mapping[str, list[Any]] | None = None
    ) -> list[bool]:
        """Whether it keeps each row; ``known``: fields' values of ``rows``, in their order,
        read already."""
        known = known or {}
        columns = [
            known[name] if name in known else RecordRow.values_of(rows, name) for name in self.names
        ]
        return list(map(self.keep, *columns))


class RecordTableModel(QAbstractTableModel):
    def __init__(self, kind: RecordKind, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._specs = [kind.field(name) for name in kind.columns]
        self._all: list[RecordRow] = []  # every row, in the current sort order
        self._visible: list[RecordRow] = []  # the rows shown, in that order
        self._filter = ""
        self._predicate: Callable[[RecordRow], bool] | None = None
        self._sort_column, self._sort_order = self._default_sort()
        self._generation = 0  # of the rows loaded (a warm-up for older rows is dropped)
        self._base: list[RecordRow] = []  # every row, in the order loaded
        self._base_at: dict[int, int] | None = None  # record id → position in _base
        self._base_by_id = True  # _base is in the order of the ids (as lists are read)
        self._orders: dict[str, Order] = {}  # per field, the sorted rows
        # Record id → position shown; made after SCANS_BEFORE_MAP lookups since the last
        # change (a few, the selection kept through a sort, scan the rows shown instead).
        self._visible_at: dict[int, int] | None = None
        # Search texts of every row (in _all's order) and of the rows shown, once a search
        # has asked for them (None: not yet, or the rows moved since).
        self._all_texts: list[str] | None = None
        self._visible_texts: list[str] | None = None
        self._all_version = 0  # moves on each time _all's order or rows change
        # Choice fields' values of every row, in _all's order (a large list's warm-up lists
        # them): what a tab's filter tests.  Emptied when the order changes.
        self._all_values: dict[str, list[Any]] = {}
        self._scans = 0
        self._warmers: list[_Warmer] = []
        self._loading = False  # see begin_loading
        self._replaced: dict[int, RecordRow] = {}  # record id → row saved while loading
        # A large list's warm-up starts once the loop has run what was posted (the list's
        # first paint among it): beside that paint it shared Python's lock and 8 000 contacts
        # took 0.43-0.52 s to show instead of 0.28 s.
        self._warm_soon = QTimer(self)
        self._warm_soon.setSingleShot(True)
        self._warm_soon.setInterval(0)
        self._warm_soon.timeout.connect(self._warm)
        # Tones of the rows painted, by record id: (the row they are of, its tone), for the
        # day they were worked out; the colours for the palette they were chosen for.
        self._tones: dict[int, tuple[RecordRow, str | None]] = {}
        self._tones_day: dt.date | None = None
        self._tone_colours: dict[str, QColor] = {}
        self._tone_palette: int | None = None

    def _default_sort(self) -> tuple[int, Qt.SortOrder]:
        name, descending = self.kind.sort
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        if name in self.kind.columns:
            return self.kind.columns.index(name), order
        return -1, order

    # --- Qt model interface ---------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._specs)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Each paint asks every cell shown for eight roles (Qt's delegate, through
        # multiData); a list answers five: the others go back before anything is looked up.
        if role not in _ANSWERED or not index.isValid() or index.row() >= len(self._visible):
            return None
        row = self._visible[index.row()]
        spec = self._specs[index.column()]
        if role == roles.DISPLAY:
            return row.display.get(spec.name, "")
        if role == roles.TOOLTIP:
            # Text cut to fit its column shows whole in a tooltip (the view's delegate does
            # that for one-line text); long text and a rating's meaning are given here.
            value = row.values.get(spec.name)
            if spec.type is FieldType.MULTILINE and isinstance(value, str):
                return value[:1000]
            meaning = spec.meaning(value)
            if meaning:
                return f"{spec.label}: {value} — {meaning}"
            return None
        if role == ROW_ID_ROLE:
            return row.id
        if role == roles.FOREGROUND or role == roles.FONT:
            return self._tone_data(row, role)
        if role == roles.ALIGNMENT and spec.type in _NUMBERS:
            return _NUMBER_ALIGNMENT
        return None

    def _tone_data(self, row: RecordRow, role: int) -> Any:
        if self.kind.row_tone is None:
            return None
        tone = self._tone_of(row)
        if tone is None:
            return None
        if role == roles.FOREGROUND:
            palette = QGuiApplication.palette()
            if self._tone_palette != palette.cacheKey():
                self._tone_palette = palette.cacheKey()
                self._tone_colours.clear()
            colour = self._tone_colours.get(tone)
            if colour is None:
                colour = self._tone_colours[tone] = tone_colour(tone, palette)
            return colour
        font = QFont()
        font.setBold(tone == "warning")
        font.setItalic(tone == "muted")
        return font

    def _tone_of(self, row: RecordRow) -> str | None:
        """The row's tone today, worked out once per row shown (a paint asks each of its
        cells twice: colour and font)."""
        assert self.kind.row_tone is not None
        today = dt.date.today()
        if today != self._tones_day:
            self._tones_day = today
            self._tones.clear()
        kept = self._tones.get(row.id)
        if kept is not None and kept[0] is row:
            return kept[1]
        tone = self.kind.row_tone(row.values, today)
        self._tones[row.id] = (row, tone)
        return tone

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._specs):
            return None
        spec = self._specs[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return header_tip(spec)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self._relayout(self._apply_sort)

    # --- data in --------------------------------------------------------------------

    def set_rows(self, rows: Sequence[RecordRow], sorted_by: Sorted | None = None) -> None:
        """Show ``rows`` (in id order, as lists are read); ``sorted_by``: one column's
        order, worked out with them (dropped if a row was saved while they were read)."""
        if self._replaced:
            # Saved while the rows were being read: the saved version is the newer.
            rows = [self._replaced.get(row.id, row) for row in rows]
            sorted_by = None
        self._loading = False
        self._replaced = {}
        self.beginResetModel()
        self._generation += 1
        self._tones.clear()
        self._base = list(rows)
        self._base_by_id = in_id_order(self._base)
        self._base_at = None
        self._all = list(self._base)
        self._orders.clear()
        if sorted_by is not None:
            name, order = sorted_by
            if len(order[0]) + len(order[1]) == len(self._base):
                self._orders[name] = order
        self._apply_sort()
        self.endResetModel()
        if len(self._all) > WARM_ROWS:
            self._warm_soon.start()
        else:
            self._warm_soon.stop()

    def begin_loading(self) -> None:
        """The rows are being read again elsewhere: a row saved from now on replaces the
        one read with them, when they are handed to ``set_rows``."""
        self._loading = True
        self._replaced = {}

    def set_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._filter:
            return
        before = self._filter.split()
        self._filter = needle
        words = needle.split()
        # Each old word inside a new one: the new matches are among the rows shown now.
        narrower = all(any(old in new for new in words) for old in before)
        self._relayout(lambda: self._apply_filter(self._visible if narrower else None))

    def replace_row(self, row: RecordRow) -> None:
        """Update one record in place (after an autosave) without resetting the view.

        The row keeps its place until the next reload, so it doesn't jump while typed in.
        """
        if self._loading:
            self._replaced[row.id] = row
        loaded = self._base_position(row.id)
        if loaded is None:
            return
        position = self.position_of(row.id)  # found by the row it replaces
        old = self._base[loaded]
        # The row object itself, found by identity in C (a map of every id, made on the
        # first save, froze the window 0.13 s at 100 000 rows); with nothing hidden it is at
        # the place shown (a second scan was 5-10 ms of an autosave at 100 000 rows).
        shown_there = 0 <= position < len(self._all) and self._all[position] is old
        where = position if shown_there else index_of(self._all, old)
        self._all[where] = row
        self._all_version += 1
        self._generation += 1  # a warm-up still running saw the old row: its orders are dropped
        self._base[loaded] = row
        if self._all_texts is not None:
            self._all_texts[where] = row.search_text
        for name, values in self._all_values.items():
            values[where] = row.value(name)
        # Each sorted order keeps its rows: the old row taken out where its key put it, the
        # new one put where its key goes (sorting 100 000 rows again on the next header click
        # after an edit took 0.14-0.22 s).
        for name in list(self._orders):
            if not self._move(self._orders[name], name, old, row):
                del self._orders[name]  # made again when next asked
        if position >= 0:
            self._visible[position] = row
            if self._visible_texts is not None:
                self._visible_texts[position] = row.search_text
            self.dataChanged.emit(
                self.index(position, 0), self.index(position, len(self._specs) - 1)
            )

    @staticmethod
    def _move(order: Order, name: str, old: RecordRow, new: RecordRow) -> bool:
        """Take ``old`` out of ``order`` (sorted by field ``name``) and put ``new`` in, each
        found by halving; False if ``old`` is not where its key says.

        The rows' keys are worked out for the few rows the halving looks at (a list's keys
        are not kept: at 100 000 rows, those of a text column were 37 MB).
        """

        def place(row: RecordRow) -> tuple[Any, int]:
            return row.sort_key(name)[1], row.id  # as sorted_rows orders the rows with a value

        present, empty = order
        old_key, new_key = old.sort_key(name), new.sort_key(name)
        rows = empty if old_key[0] else present  # (1, ...): empty, as sorted_rows tells them
        at = (
            bisect_left(empty, old.id, key=_ID)
            if old_key[0]
            else bisect_left(present, (old_key[1], old.id), key=place)
        )
        if at >= len(rows) or rows[at] is not old:
            return False
        del rows[at]
        if new_key[0]:
            empty.insert(bisect_left(empty, new.id, key=_ID), new)
        else:
            present.insert(bisect_left(present, (new_key[1], new.id), key=place), new)
        return True

    def _base_position(self, record_id: int) -> int | None:
        """Where the record is in ``_base``: by halving when it is in id order (as lists are
        read), else from a map of the ids made once."""
        base = self._base
        if self._base_by_id:
            i = bisect_left(base, record_id, key=_ID)
            return i if i < len(base) and base[i].id == record_id else None
        if self._base_at is None:
            self._base_at = {r.id: i for i, r in enumerate(base)}
        return self._base_at.get(record_id)

    def loaded_row(self, record_id: int) -> RecordRow | None:
        """The record's row if it is loaded, whatever the search or filter hides."""
        position = self._base_position(record_id)
        return None if position is None else self._base[position]

    def all_rows(self) -> list[RecordRow]:
        """Every loaded row, whatever the search or filter hides."""
        return list(self._all)

    def set_predicate(self, predicate: Callable[[RecordRow], bool] | None) -> None:
        """A tab's own filter (e.g. "only unaddressed"), applied with the search words."""
        self._predicate = predicate
        self._relayout(lambda: self._apply_filter(None))

    # --- the work -------------------------------------------------------------------

    def _relayout(self, change: Callable[[], None]) -> None:
        """Reorder or refilter the rows shown; selected rows keep their selection."""
        self.layoutAboutToBeChanged.emit()
        old = self._visible
        persistent = self.persistentIndexList()
        kept = [
            (index, old[index.row()].id if 0 <= index.row() < len(old) else None)
            for index in persistent
        ]
        change()
        found: dict[int, int] = {}  # the cells of one selected row ask for it once
        for index, record_id in kept:
            if record_id is None:
                position = -1
            elif record_id in found:
                position = found[record_id]
            else:
                position = found[record_id] = self.position_of(record_id)
            self.changePersistentIndex(
                index, self.index(position, index.column()) if position >= 0 else QModelIndex()
            )
        self.layoutChanged.emit()

    def _apply_filter(self, among: list[RecordRow] | None = None) -> None:
        """Keep the rows the search words and the predicate accept, in the current order;
        ``among``: only those rows can match (the search only got narrower)."""
        words = self._filter.split()
        predicate = self._predicate
        rows = self._all if among is None else among
        texts: list[str] | None = None
        if words:
            # Each word narrows the rows the last one kept, tested in C (a Python test of
            # each row took most of a keystroke on 100 000 rows).
            texts = self._texts_of(among)
            for word in words:
                keep = list(map(operator.contains, texts, repeat(word)))
                rows, texts = list(compress(rows, keep)), list(compress(texts, keep))
        if predicate is not None:
            keep = (
                predicate.mask(rows, self._all_values if rows is self._all else None)
                if isinstance(predicate, ColumnFilter)
                else list(map(predicate, rows))
            )
            rows = list(compress(rows, keep))
            texts = None if texts is None else list(compress(texts, keep))
        self._visible = list(rows) if rows is self._all or rows is among else rows
        self._visible_texts = texts
        self._visible_at = None
        self._scans = 0

    def _texts_of(self, among: list[RecordRow] | None) -> list[str]:
        """The search texts of ``among`` (None: every row), in its order; those of every
        row and of the rows shown are kept for the next keystroke."""
        if among is None:
            if self._all_texts is None:
                self._all_texts = RecordRow.search_texts(self._all)
            return self._all_texts
        if among is self._visible and self._visible_texts is not None:
            return self._visible_texts
        if len(among) == len(self._all):
            # Every row (those shown keep _all's order): the first word typed in a list.
            return self._texts_of(None)
        return RecordRow.search_texts(among)

    def _apply_sort(self) -> None:
        """Sort every row (the filter then keeps this order)."""
        self._all_version += 1
        column = self._sort_column
        if not 0 <= column < len(self._specs):
            self._all.sort(key=lambda r: r.id)
        else:
            present, empty = self._sorted(self._specs[column].name)
            if self._sort_order == Qt.SortOrder.DescendingOrder:
                present = present[::-1]
            # Empty values stay at the bottom whichever way the column is sorted.
            self._all = present + empty
        self._all_texts = None
        self._all_values = {}
        self._apply_filter(None)

    def _sorted(self, name: str) -> Order:
        """Rows with a value by (key, id), then empty ones by id; worked out once a load."""
        order = self._orders.get(name)
        if order is None:
            keys = RecordRow.sort_keys(self._base, name)
            order = self._orders[name] = sorted_rows(self._base, keys, self._base_by_id)
        return order

    def warming(self) -> bool:
        """Search texts and sort keys are still being worked out off the GUI thread."""
        return self._warm_soon.isActive() or bool(self._warmers)

    def _warm(self) -> None:
        # Not the column the list was just sorted by: its keys are in already.
        names = [s.name for s in self._specs if s.name not in self._orders]
        warmer = _Warmer(
            self._generation,
            list(self._base),
            names,
            self._base_by_id,
            (self._all_version, list(self._all)),
            [f.name for f in self.kind.fields if f.type in _CHOICES],
        )
        warmer.setAutoDelete(False)
        queued = Qt.ConnectionType.QueuedConnection
        warmer.signals.column.connect(self._warmed_column, queued)
        warmer.signals.texts.connect(self._warmed_texts, queued)
        warmer.signals.values.connect(self._warmed_values, queued)
        warmer.signals.done.connect(self._warmed, queued)
        self._warmers.append(warmer)
        gui_gc.hold(warmer)
        QThreadPool.globalInstance().start(warmer)

    def _warmed_column(self, generation: int, name: str, order: Order) -> None:
        if generation == self._generation:
            self._orders.setdefault(name, order)

    def _warmed_texts(self, generation: int, version: int, texts: list[str]) -> None:
        """The search texts of every row, listed off the GUI thread: kept if the list has
        kept the rows and order the warm-up saw (else a first keystroke lists them)."""
        if (
            generation == self._generation
            and version == self._all_version
            and self._all_texts is None
            and len(texts) == len(self._all)
        ):
            self._all_texts = texts

    def _warmed_values(self, generation: int, version: int, name: str, values: list[Any]) -> None:
        """One choice field's values of every row, read off the GUI thread: kept on the
        terms of ``_warmed_texts``."""
        if (
            generation == self._generation
            and version == self._all_version
            and len(values) == len(self._all)
        ):
            self._all_values.setdefault(name, values)

    def _warmed(self, generation: int) -> None:
        for warmer in self._warmers:
            if warmer.generation == generation:
                gui_gc.release(warmer)
        self._warmers = [w for w in self._warmers if w.generation != generation]
        gui_gc.freeze_in_place()  # the keys and orders live as long as the rows

    # --- lookups --------------------------------------------------------------------

    @property
    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    @property
    def sort_field(self) -> tuple[str | None, bool]:
        """The field the rows are sorted by (None: by id) and whether descending."""
        column, order = self._sort_column, self._sort_order
        if not 0 <= column < len(self._specs):
            return None, False  # by id, ascending whichever way (_apply_sort)
        return self._specs[column].name, order == Qt.SortOrder.DescendingOrder

    @property
    def total_count(self) -> int:
        return len(self._all)

    def row_at(self, position: int) -> RecordRow | None:
        return self._visible[position] if 0 <= position < len(self._visible) else None

    def position_of(self, record_id: int) -> int:
        if self._visible_at is None:
            if self._scans < SCANS_BEFORE_MAP:
                self._scans += 1
                # The row itself, found among those shown: a list of the ids shown (what
                # this scanned before) took 20 ms to make at 100 000 rows, on every sort and
                # keystroke.
                row = self.loaded_row(record_id)
                return -1 if row is None else index_of(self._visible, row)
            ids = map(_ID, self._visible)
            self._visible_at = dict(zip(ids, range(len(self._visible)), strict=True))
        return self._visible_at.get(record_id, -1)
