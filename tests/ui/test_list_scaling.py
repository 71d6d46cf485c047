"""The record list's fast paths give what the plain ones gave: cached sort keys sort in the
collation's order, a search that narrows the previous result matches the same rows as a
scan of every row, filters move rows without a reset, a saved row is found by id, and a
large list's keys worked out off the GUI thread are the ones the GUI thread would make."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt
from sqlalchemy import delete, select

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import records
from secondchance.core.services.fields import FieldType
from secondchance.core.services.kinds import KINDS
from secondchance.core.services.record_rows import RecordRow
from secondchance.core.services.row_shape import MISSING, value_sort_key
from secondchance.ui.main_window import MainWindow
from secondchance.ui.records import table_model
from secondchance.ui.records.record_view import RecordView
from secondchance.ui.records.table_model import ColumnFilter, RecordTableModel

FEEDBACK = KINDS["feedback"]
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
WORDS = ["sql", "SQL", "Łukasz", "zoë", "Zoe", "ß", "ss", "data", "a", "é", "  ", "…"]
TEXTS = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEEDBACK_ITEMS = st.lists(
    st.tuples(
        TEXTS,
        st.one_of(st.none(), TEXTS),
        st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
        st.sampled_from(list(m.FeedbackStatus)),
        st.sampled_from(list(m.FeedbackTheme)),
        st.lists(st.integers(0, 3), max_size=3, unique=True),
        st.booleans(),
    ),
    min_size=1,
    max_size=25,
)


def fill(db: Database, items: list[Any]) -> list[records.RecordRow]:
    with db.transaction() as session:
        session.execute(m.feedback_skill.delete())
        for model in (m.Feedback, m.Skill, m.Contact, m.Target):
            session.execute(delete(model))
        target = m.Target(company="Acme", role="Analyst")
        contact = m.Contact(name="Łukasz Ørsted")
        session.add_all([target, contact])
        session.flush()
        skills = [m.Skill(target_id=target.id, name=n) for n in ("SQL", "zoë", "Data", "éclair")]
        session.add_all(skills)
        session.flush()
        for text, response, day, status, theme, linked, named in items:
            item = m.Feedback(
                target_id=target.id,
                text=text,
                response=response,
                received_on=day,
                status=status,
                theme=theme,
                contact_id=contact.id if named else None,
            )
            item.skills = [skills[i] for i in linked]
            session.add(item)
        target_id = target.id
    return records.list_records(db, "feedback", target_id)


def fill_plain(db: Database, text: str, count: int) -> list[records.RecordRow]:
    """``count`` open feedback items, ``text`` with its ``{}`` numbered, nothing linked."""
    return fill(
        db,
        [
            (text.format(i), None, None, m.FeedbackStatus.open, m.FeedbackTheme.other, [], False)
            for i in range(count)
        ],
    )


def expected_order(rows: list[records.RecordRow], name: str, order: Qt.SortOrder) -> list[int]:
    """The list's order as written before keys were cached: from values and what is shown."""
    spec = FEEDBACK.field(name)

    def key(row: records.RecordRow) -> tuple[int, Any]:
        display = row.display.get(name, "")
        if spec.type in (FieldType.REFERENCE, FieldType.LINKS):
            return value_sort_key(display or None, display)
        return value_sort_key(row.values.get(name), display)

    present = [r for r in rows if key(r) != MISSING]
    empty = [r for r in rows if key(r) == MISSING]
    present.sort(key=lambda r: (key(r)[1], r.id), reverse=order == DESC)
    return [r.id for r in present] + sorted(r.id for r in empty)


def shown_ids(model: RecordTableModel) -> list[int]:
    return [model.row_at(i).id for i in range(model.rowCount())]


@SETTINGS
@given(items=FEEDBACK_ITEMS)
def test_sorting_on_cached_keys_follows_the_collation(qapp: Any, db: Database, items: Any) -> None:
    rows = fill(db, items)
    model = RecordTableModel(FEEDBACK)
    model.set_rows(rows)
    # Rows handed over in another order than their ids' (the model can't lean on it).
    shuffled = RecordTableModel(FEEDBACK)
    shuffled.set_rows(rows[1::2][::-1] + rows[::2])
    for column, name in enumerate(FEEDBACK.columns):
        for order in (ASC, DESC, ASC):  # the second ascending sort reuses the cached order
            model.sort(column, order)
            shuffled.sort(column, order)
            assert shown_ids(model) == expected_order(rows, name, order), (name, order)
            assert shown_ids(shuffled) == shown_ids(model), (name, order)


@SETTINGS
@given(items=FEEDBACK_ITEMS, alone=st.booleans())
def test_keys_values_and_texts_of_many_rows_are_each_rows_own(
    qapp: Any, db: Database, items: Any, alone: bool
) -> None:
    rows = fill(db, items)
    if alone:
        # A row read on its own (as an autosave's) has a shape of its own among the others.
        rows[0] = records.get_record(db, "feedback", rows[0].id)
    for spec in FEEDBACK.fields:
        expected = [row.sort_key(spec.name) for row in rows]
        assert records.RecordRow.sort_keys(rows, spec.name) == expected, spec.name
        values = records.RecordRow.values_of(rows, spec.name)
        assert values == [row.value(spec.name) for row in rows], spec.name
    with db.transaction() as session:
        target_id = session.scalar(select(m.Target.id))
    fresh = records.list_records(db, "feedback", target_id)
    fresh[0].search_text  # noqa: B018 - one worked out already, the others not yet
    assert records.RecordRow.search_texts(fresh) == [row.search_text for row in rows]


@SETTINGS
@given(
    items=FEEDBACK_ITEMS,
    typing=st.lists(
        st.one_of(st.sampled_from(["s", "q", "l", " ", "ł", "ß", "a", "é", "…"]), st.just("⌫")),
        max_size=12,
    ),
    only_open=st.booleans(),
    by_column=st.booleans(),
)
def test_narrowing_search_matches_what_a_full_scan_matches(
    qapp: Any, db: Database, items: Any, typing: list[str], only_open: bool, by_column: bool
) -> None:
    rows = fill(db, items)
    model = RecordTableModel(FEEDBACK)
    model.set_rows(rows)
    model.sort(FEEDBACK.columns.index("text"), ASC)
    order = shown_ids(model)
    by_id = {r.id: r for r in rows}

    def keep(row: records.RecordRow) -> bool:
        return row.value("status") is not m.FeedbackStatus.addressed

    if only_open:
        model.set_predicate(
            ColumnFilter(("status",), lambda status: status is not m.FeedbackStatus.addressed)
            if by_column
            else keep
        )
    text = ""
    for key in typing:
        text = text[:-1] if key == "⌫" else text + key
        model.set_filter(text)
        words = text.strip().casefold().split()
        expected = [
            i
            for i in order
            if all(w in by_id[i].search_text for w in words) and (not only_open or keep(by_id[i]))
        ]
        assert shown_ids(model) == expected, repr(text)


def test_filters_and_sorts_move_rows_without_a_reset(qapp: Any, db: Database) -> None:
    rows = fill_plain(db, "item {} sql", 8)
    model = RecordTableModel(FEEDBACK)
    model.set_rows(rows)
    resets: list[int] = []
    layouts: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.layoutChanged.connect(lambda: layouts.append(1))
    kept = QPersistentModelIndex(model.index(3, 0))
    kept_id = model.row_at(3).id
    model.sort(FEEDBACK.columns.index("text"), DESC)
    model.set_filter("item")
    model.set_predicate(lambda row: row.id != rows[0].id)
    model.set_filter("")
    assert not resets and len(layouts) == 4
    assert kept.isValid() and model.row_at(kept.row()).id == kept_id
    model.set_filter(f"item {kept_id - rows[0].id}x")  # no row matches: the index is gone
    assert not kept.isValid()


def test_replace_row_updates_in_place_by_id(qapp: Any, db: Database) -> None:
    rows = fill_plain(db, "item {}", 6)
    model = RecordTableModel(FEEDBACK)
    model.set_rows(rows)
    model.set_filter("item")
    target = model.row_at(4)
    assert target is not None
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _r=None: changed.append((a.row(), b.row())))
    updated = records.update_record(db, "feedback", target.id, {"text": "item renamed"})
    model.replace_row(updated)
    assert model.row_at(4) is updated  # kept its place while typed in
    assert changed == [(4, 4)]
    assert model.position_of(updated.id) == 4
    assert updated in model.all_rows()
    model.sort(FEEDBACK.columns.index("text"), ASC)  # the new text sorts where it now belongs
    assert shown_ids(model) == expected_order(model.all_rows(), "text", ASC)


def test_a_large_list_warms_its_keys_off_the_gui_thread(
    qapp: Any, qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_model, "WARM_ROWS", 0)
    rows = fill(
        db,
        [
            (
                f"row {i} {w}",
                None,
                dt.date(2024, 1, 1 + i % 28),
                m.FeedbackStatus.open,
                m.FeedbackTheme.other,
                [i % 4],
                i % 2 == 0,
            )
            for i, w in enumerate(WORDS * 3)
        ],
    )
    model = RecordTableModel(FEEDBACK)
    model.set_rows(rows)
    assert model.warming() and not model._warmers  # once the loop has run what was posted
    qtbot.waitUntil(lambda: not model.warming(), timeout=10_000)
    # Each column's order (its keys let go once it is made): a header click only turns it
    # round.
    assert set(model._orders) == set(FEEDBACK.columns)
    for name in FEEDBACK.columns:
        present, empty = model._orders[name]
        assert [r.id for r in present + empty] == expected_order(rows, name, ASC)
    for column, name in enumerate(FEEDBACK.columns):
        model.sort(column, DESC)
        assert shown_ids(model) == expected_order(rows, name, DESC)


def test_columns_are_measured_from_the_rows_as_the_cells_show_them(
    sample_window: MainWindow,
) -> None:
    """The list measures a column's values straight from its rows; the widths are those
    of the cells' texts (asked through the model, as the view shows them)."""
    from secondchance.ui.records import record_list

    view = sample_window.open_view("feedback")
    assert isinstance(view, RecordView)
    listing, model = view.list, view.model
    metrics = listing.table.fontMetrics()
    rows = min(model.rowCount(), record_list.SAMPLE_ROWS)
    assert rows > 0
    measured = {i for i in range(model.columnCount()) if listing._measured(i)}
    assert measured == {view.kind.columns.index("text")}  # dates and choices need no rows
    for column in measured:
        texts = [model.index(r, column).data(Qt.ItemDataRole.DisplayRole) for r in range(rows)]
        cut = [str(t)[: record_list.MEASURED_CHARS] for t in texts if t]
        assert listing._content_widths[column] == max(metrics.horizontalAdvance(t) for t in cut)


def test_a_computed_column_is_measured_on_its_first_rows_only(
    sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A contact's "keep in touch" is worked out from its conversations row by row: the
    column's width comes from the first COMPUTED_SAMPLE_ROWS rows, and the rows past them
    are not worked out for it (a text column still measures its SAMPLE_ROWS)."""
    from secondchance.ui.records import record_list

    monkeypatch.setattr(record_list, "COMPUTED_SAMPLE_ROWS", 2)
    view = sample_window.open_view("contact")
    assert isinstance(view, RecordView)
    listing, model = view.list, view.model
    assert model.rowCount() > 3
    column = view.kind.columns.index("keep_in_touch")
    assert view.kind.field("keep_in_touch").type is FieldType.COMPUTED
    texts = [model.row_at(r).display_text("keep_in_touch") for r in range(2)]
    metrics = listing.table.fontMetrics()
    assert listing._content_widths[column] == max(metrics.horizontalAdvance(t) for t in texts)
    later = [model.row_at(r) for r in range(2, model.rowCount())]
    widest_later = max(
        metrics.horizontalAdvance(r.display_text("keep_in_touch")) for r in later if r
    )
    assert widest_later > listing._content_widths[column]  # the sample left a wider one out
    name = view.kind.columns.index("name")
    every = [model.row_at(r).display_text("name") for r in range(model.rowCount())]
    assert listing._content_widths[name] == max(metrics.horizontalAdvance(t) for t in every)


@SETTINGS
@given(
    values=st.lists(
        st.one_of(
            st.tuples(st.sampled_from(["a", "b", "ab"]), st.sampled_from(["x", "y", "X"])),
        ),
        max_size=30,
    )
)
def test_keys_sorted_by_their_first_part_then_the_whole_keep_a_full_sort(values: Any) -> None:
    """Ties on a text's first key part (accents ignored) are put in order by the whole key,
    and equal keys keep their order (rows come in id order)."""
    items = list(range(100, 100 + len(values)))
    expected = [items[k] for k in sorted(range(len(values)), key=values.__getitem__)]
    assert table_model._by_key(items, values) == expected


def test_keys_that_are_not_text_sort_plainly() -> None:
    assert table_model._by_key([1, 2, 3, 4], ["2026-02-01", "2025-01-01", "2026-02-01", "a"]) == [
        2,
        1,
        3,
        4,
    ]
    assert table_model._by_key([7, 8], [(0,), ()]) == [8, 7]


def test_positions_are_found_by_scan_and_then_by_map(qapp: Any, db: Database) -> None:
    rows = fill_plain(db, "item {}", 40)
    model = RecordTableModel(FEEDBACK)
    model.set_rows(rows)
    shown = shown_ids(model)
    for _round in range(2):  # the first lookups scan, the later ones use the map
        assert [model.position_of(i) for i in shown] == list(range(len(shown)))
        assert model.position_of(-5) == -1
    model.set_filter("item 3")  # a new filter: positions of the rows now shown
    assert [model.position_of(i) for i in shown_ids(model)] == list(range(model.rowCount()))
    assert model.position_of(shown[0]) in (-1, *range(model.rowCount()))
    assert model.position_of(rows[4].id) == -1


def test_rows_are_found_by_identity_never_compared_by_value(
    qapp: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row's place (kept through a sort, a search; after a save) is found without
    ``RecordRow.__eq__``, which works out every field of both rows: list.index called it
    for each row before the one sought (1 s for a row 100 000 rows down)."""
    rows = fill_plain(db, "item {}", 30)
    model = RecordTableModel(FEEDBACK)
    model.set_rows(rows)
    model.sort(FEEDBACK.columns.index("text"), DESC)
    last = model.row_at(model.rowCount() - 1)
    assert last is not None
    selected = QPersistentModelIndex(model.index(model.rowCount() - 1, 0))

    def refuse(self: records.RecordRow, other: object) -> bool:
        raise AssertionError("rows compared by value")

    monkeypatch.setattr(records.RecordRow, "__eq__", refuse)
    assert model.position_of(last.id) == model.rowCount() - 1
    model.sort(FEEDBACK.columns.index("text"), ASC)  # the selection follows its row
    assert selected.row() == 0 and model.row_at(0) is last
    model.set_filter("item")
    assert model.row_at(selected.row()) is last
    model.sort(FEEDBACK.columns.index("text"), DESC)  # the last row again
    assert selected.row() == model.rowCount() - 1
    monkeypatch.undo()
    saved = records.update_record(db, "feedback", last.id, {"text": "item saved"})
    monkeypatch.setattr(records.RecordRow, "__eq__", refuse)
    model.replace_row(saved)
    assert model.position_of(saved.id) == selected.row() and model.row_at(selected.row()) is saved
    assert model.position_of(-1) == -1


def test_a_saved_row_is_searched_by_its_new_text(qapp: Any, db: Database) -> None:
    """The search texts kept between keystrokes follow a row saved in the meantime."""
    rows = fill_plain(db, "item {}", 6)
    model = RecordTableModel(FEEDBACK)
    model.set_rows(rows)
    model.set_filter("item")  # texts of every row and of those shown are kept now
    saved = records.update_record(db, "feedback", rows[2].id, {"text": "item zebra"})
    model.replace_row(saved)
    model.set_filter("item zeb")  # narrows the rows shown, by their kept texts
    assert shown_ids(model) == [saved.id]
    model.set_filter("zebra")  # not narrower ("item" is gone): from every row's kept text
    assert shown_ids(model) == [saved.id]
    gone = records.update_record(db, "feedback", saved.id, {"text": "item 2"})
    model.replace_row(gone)
    model.set_filter("zebra z")
    assert shown_ids(model) == []


@pytest.mark.parametrize("in_id_order", [True, False])
def test_replace_row_finds_the_row_whatever_the_order(
    qapp: Any, db: Database, in_id_order: bool
) -> None:
    rows = fill_plain(db, "item {}", 7)
    loaded = rows if in_id_order else [rows[i] for i in (3, 0, 6, 1, 5, 2, 4)]
    model = RecordTableModel(FEEDBACK)
    model.set_rows(loaded)
    model.sort(FEEDBACK.columns.index("text"), Qt.SortOrder.DescendingOrder)
    before = shown_ids(model)
    saved = records.update_record(db, "feedback", rows[5].id, {"text": "item 5 saved"})
    model.replace_row(saved)
    assert shown_ids(model) == before  # in place until the next sort
    assert model.row_at(before.index(saved.id)) is saved
    assert sum(r is saved for r in model.all_rows()) == 1
    assert len(model.all_rows()) == 7
    with db.transaction() as session:
        target_id = session.scalar(select(m.Target.id))
    stranger = records.create_record(db, "feedback", {"text": "item new"}, target_id)
    model.replace_row(stranger)  # not loaded: nothing changes
    assert shown_ids(model) == before


EDITS = st.lists(
    st.tuples(
        st.integers(0, 24),  # which row (modulo the rows there are)
        st.sampled_from(["text", "received_on", "status", "theme"]),
        st.one_of(TEXTS, st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
    ),
    min_size=1,
    max_size=8,
)


def _edit(name: str, value: Any, rows: int) -> Any:
    """A value for field ``name`` from a drawn one (each field takes what it can hold)."""
    if name == "text":
        return value if isinstance(value, str) and value.strip() else f"item {rows}"
    if name == "received_on":
        return value if isinstance(value, dt.date) or value is None else None
    kinds = list(m.FeedbackStatus if name == "status" else m.FeedbackTheme)
    return kinds[rows % len(kinds)]


@SETTINGS
@given(items=FEEDBACK_ITEMS, edits=EDITS, by_id=st.booleans())
def test_orders_kept_through_saves_equal_sorting_again(
    qapp: Any, db: Database, items: Any, edits: Any, by_id: bool
) -> None:
    """Saved rows are moved within each column's sorted order, not sorted again: the order
    after any saves is the one worked out from the rows as they are then."""
    rows = fill(db, items)
    model = RecordTableModel(FEEDBACK)
    model.set_rows(rows if by_id else rows[1::2][::-1] + rows[::2])
    for column in range(len(FEEDBACK.columns)):
        model.sort(column, ASC)  # every column's order worked out before the saves
    for which, name, value in edits:
        row = model.all_rows()[which % len(rows)]
        change = {name: _edit(name, value, which)}
        if not row.values["text"].strip():
            change.setdefault("text", f"item {which}")  # a blank text can't be saved
        saved = records.update_record(db, "feedback", row.id, change)
        model.replace_row(saved)
    assert set(model._orders) == set(FEEDBACK.columns)  # kept, not dropped
    for column, name in enumerate(FEEDBACK.columns):
        for order in (ASC, DESC):
            model.sort(column, order)
            assert shown_ids(model) == expected_order(model.all_rows(), name, order), name


@SETTINGS
@given(items=FEEDBACK_ITEMS)
def test_a_list_sorted_off_the_gui_thread_is_in_the_lists_own_order(
    qapp: Any, db: Database, items: Any
) -> None:
    rows = fill(db, items)
    with db.transaction() as session:
        target = session.scalars(select(m.Target.id)).one()
    for column, name in enumerate(FEEDBACK.columns):
        for order in (ASC, DESC):
            model = RecordTableModel(FEEDBACK)
            model.sort(column, order)
            read, sorted_by = table_model.read_sorted(db, "feedback", target, None, name)
            model.set_rows(read, sorted_by)
            assert shown_ids(model) == expected_order(rows, name, order), (name, order)


def warmed(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, rows: list[records.RecordRow]
) -> RecordTableModel:
    """A feedback list of ``rows`` warmed up off the GUI thread as a large list is."""
    monkeypatch.setattr(table_model, "WARM_ROWS", 0)
    model = RecordTableModel(FEEDBACK)
    model.set_rows(rows)
    qtbot.waitUntil(lambda: not model.warming(), timeout=10_000)
    return model


def test_a_large_lists_warm_up_lists_the_search_texts_in_its_order(
    qapp: Any, qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = fill_plain(db, "row {} sql", 30)
    model = warmed(qtbot, monkeypatch, rows)
    # The texts a first keystroke scans, made off the GUI thread, in the list's order.
    assert model._all_texts == [row.search_text for row in model.all_rows()]
    model.set_filter("Row 1")
    words = ["row", "1"]
    expected = [r.id for r in model.all_rows() if all(w in r.search_text for w in words)]
    assert 0 < len(expected) < 30 and shown_ids(model) == expected


def test_search_texts_listed_for_an_order_that_has_moved_on_are_dropped(
    qapp: Any, qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = fill_plain(db, "row {}", 12)
    model = warmed(qtbot, monkeypatch, rows)
    generation, version = model._generation, model._all_version
    stale = [row.search_text for row in model.all_rows()]
    model.sort(FEEDBACK.columns.index("text"), DESC)  # the rows in another order
    assert model._all_texts is None
    model._warmed_texts(generation, version, stale)
    assert model._all_texts is None  # listed for the old order: not kept
    edited = records.update_record(db, "feedback", rows[0].id, {"text": "edited sql"})
    current = [row.search_text for row in model.all_rows()]
    model._warmed_texts(model._generation, model._all_version, current)
    assert model._all_texts == current  # listed for the order the list has now: kept
    before = model._all_version
    model.replace_row(edited)
    assert model._all_version != before  # a saved row: a warm-up's texts would be stale
    model.set_filter("edited")
    assert shown_ids(model) == [rows[0].id]


def test_a_large_lists_warm_up_lists_the_values_a_filter_tests(
    qapp: Any, qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    items: list[Any] = [
        (f"row {i}", None, None, status, m.FeedbackTheme.other, [], False)
        for i, status in enumerate(list(m.FeedbackStatus) * 5)
    ]
    rows = fill(db, items)
    model = warmed(qtbot, monkeypatch, rows)
    for name in ("status", "theme"):
        assert model._all_values[name] == [r.value(name) for r in model.all_rows()]
    addressed = m.FeedbackStatus.addressed
    asked: list[int] = []
    real_values_of = RecordRow.values_of
    monkeypatch.setattr(
        RecordRow, "values_of", staticmethod(lambda r, n: asked.append(1) or real_values_of(r, n))
    )
    only_open = ColumnFilter(("status",), lambda status: status is not addressed)
    model.set_predicate(only_open)
    assert asked == []  # read from what the warm-up listed
    expected = [r.id for r in model.all_rows() if r.value("status") is not addressed]
    assert shown_ids(model) == expected
    # A saved row changes its value in place; the filter follows it.
    first_open = next(r for r in rows if r.value("status") is not addressed)
    saved = records.update_record(db, "feedback", first_open.id, {"status": addressed.name})
    model.replace_row(saved)
    assert model._all_values["status"] == [r.value("status") for r in model.all_rows()]
    model.set_predicate(None)
    model.set_predicate(only_open)
    assert first_open.id not in shown_ids(model) and asked == []
    # Another order: the listed values no longer line up, and are let go.
    model.sort(FEEDBACK.columns.index("text"), DESC)
    assert model._all_values == {}
    assert shown_ids(model) == [
        r.id for r in model.all_rows() if r.value("status") is not addressed
    ]
    assert asked  # read from the rows again
