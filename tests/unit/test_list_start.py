"""A long list's first rows, picked in SQL: the rows the whole list shows at its top."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from secondchance.core import models as m
from secondchance.core.db import Database
from secondchance.core.services import records
from secondchance.core.services.list_start import list_start, sort_key_sql
from secondchance.core.services.records import Create, RecordRow, apply_changes
from secondchance.core.services.row_shape import MISSING

NAMES = [
    "Zoë Smith", "zoe adams", "Ana Åberg", "Aberg", "Łukasz Nowak", "lukasz", "Émile",
    "emile", "あかね", "かな", "がか", "محمد", "Olá 😀", "Bob", "bob", "BOB", "Ana Åberg",
    "Çelik", "celik", "Ünal", "o'brien", "O'Brien",
]  # fmt: skip


def whole_order(rows: list[RecordRow], name: str | None, descending: bool) -> list[RecordRow]:
    """The order the list shows (ui/records/table_model.sorted_rows): rows with a value by
    (key, id), reversed when descending; then the empty ones by id."""
    if name is None:
        return sorted(rows, key=lambda r: r.id)
    present = sorted(
        (r for r in rows if r.sort_key(name) != MISSING), key=lambda r: (r.sort_key(name), r.id)
    )
    empty = sorted((r for r in rows if r.sort_key(name) == MISSING), key=lambda r: r.id)
    return (present[::-1] if descending else present) + empty


def add(db: Database, kind_name: str, values: list[dict[str, Any]], target: int | None = None):
    apply_changes(db, [Create(kind_name, v, target) for v in values])


def first_keys(rows: list[RecordRow], name: str) -> list[Any]:
    """What decides the order: the first part of each row's key (accents aside)."""
    keys = [r.sort_key(name) for r in rows]
    return [
        k if k == MISSING else (k[0], k[1][0] if isinstance(k[1], tuple) else k[1]) for k in keys
    ]


@pytest.mark.parametrize("descending", [False, True])
def test_a_long_lists_first_rows_are_those_the_whole_list_shows_first_by_name(
    db: Database, descending: bool
) -> None:
    add(db, "contact", [{"name": name} for name in NAMES * 3])
    whole = whole_order(records.list_records(db, "contact"), "name", descending)

    start = list_start(db, "contact", None, None, ("name", descending), whole_up_to=10, head=20)

    assert not start.whole and start.total == len(NAMES) * 3
    shown = whole_order(start.rows, "name", descending)
    # The same records, in the same order, but where rows tie on all but accents at the
    # twentieth: SQL breaks those ties by id, the list by the accents.
    assert first_keys(shown, "name") == first_keys(whole[:20], "name")
    assert {r.id for r in shown[:17]} <= {r.id for r in whole[:20]}


@pytest.mark.parametrize("descending", [False, True])
def test_empty_dates_and_ties_come_where_the_list_puts_them(db: Database, descending: bool) -> None:
    target = records.create_record(db, "target", {"company": "N", "role": "A"}).id
    days = [dt.date(2026, 3, 1 + i % 4) for i in range(12)] + [None] * 6
    add(
        db,
        "feedback",
        [{"text": f"item {i}", "received_on": d} for i, d in enumerate(days)],
        target,
    )
    whole = whole_order(records.list_records(db, "feedback", target), "received_on", descending)

    for head in (5, 12, 15):
        start = list_start(
            db, "feedback", target, None, ("received_on", descending), whole_up_to=4, head=head
        )
        shown = whole_order(start.rows, "received_on", descending)
        assert [r.id for r in shown] == [r.id for r in whole[:head]], head


def test_a_parent_kinds_list_counts_and_starts_within_its_parent(db: Database) -> None:
    add(db, "contact", [{"name": "Ann"}, {"name": "Bo"}])
    ann, bo = (r.id for r in records.list_records(db, "contact"))
    add(
        db,
        "interaction",
        [{"contact_id": ann, "date": dt.date(2026, 1, 1 + i), "summary": f"a{i}"} for i in range(9)]
        + [
            {"contact_id": bo, "date": dt.date(2026, 2, 1 + i), "summary": f"b{i}"}
            for i in range(4)
        ],
    )
    start = list_start(db, "interaction", None, ann, ("date", True), whole_up_to=3, head=4)
    assert start.total == 9 and not start.whole
    assert [r.values["summary"] for r in whole_order(start.rows, "date", True)] == [
        "a8", "a7", "a6", "a5",
    ]  # fmt: skip
    everyone = list_start(db, "interaction", None, None, ("date", True), whole_up_to=3, head=2)
    assert everyone.total == 13
    assert [r.values["summary"] for r in whole_order(everyone.rows, "date", True)] == ["b3", "b2"]


def test_short_lists_and_orders_sql_cant_make_are_read_whole(db: Database) -> None:
    target = records.create_record(db, "target", {"company": "N", "role": "A"}).id
    add(db, "feedback", [{"text": f"item {i}"} for i in range(8)], target)
    short = list_start(db, "feedback", target, None, ("received_on", True), whole_up_to=8, head=2)
    assert short.whole and len(short.rows) == short.total == 8
    # Feedback's text is a multi-line field: sorted by its first line, which SQL can't give.
    by_text = list_start(db, "feedback", target, None, ("text", False), whole_up_to=2, head=2)
    assert by_text.whole and len(by_text.rows) == 8
    by_id = list_start(db, "feedback", target, None, (None, False), whole_up_to=2, head=3)
    assert not by_id.whole and [r.id for r in by_id.rows] == sorted(r.id for r in short.rows)[:3]


def test_a_target_is_still_required_for_a_targets_records(db: Database) -> None:
    with pytest.raises(ValueError, match="target"):
        list_start(db, "feedback", None, None, ("received_on", True), whole_up_to=1, head=1)


def test_the_sql_sort_key_is_the_first_part_of_the_lists_own() -> None:
    assert sort_key_sql("Łukasz") == "lukasz"
    assert sort_key_sql("Zoë") == "zoe"
    assert sort_key_sql("") is None and sort_key_sql(None) is None


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    names=st.lists(
        st.one_of(
            st.sampled_from(NAMES),
            st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12),
        ),
        min_size=8,
        max_size=40,
    ),
    descending=st.booleans(),
    head=st.integers(min_value=1, max_value=12),
)
def test_any_names_start_as_the_whole_list_does(
    db: Database, names: list[str], descending: bool, head: int
) -> None:
    names = [n for n in (n.strip() for n in names) if n]
    if len(names) <= 4:
        return
    with db.transaction() as session:
        session.execute(delete(m.Contact))
    add(db, "contact", [{"name": name} for name in names])
    whole = whole_order(records.list_records(db, "contact"), "name", descending)

    start = list_start(db, "contact", None, None, ("name", descending), whole_up_to=4, head=head)

    shown = whole_order(start.rows, "name", descending)
    assert first_keys(shown, "name") == first_keys(whole[:head], "name")
