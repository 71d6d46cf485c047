"""Rows read with Core selects into plain tuples read, show, sort and search exactly as the
model objects did: the fast paths (display and sort keys from raw column values, the ASCII
collation key) are held to the slow, obviously right forms on generated data."""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, delete, select
from sqlalchemy.orm import Session, selectinload

from secondchance.core import models as m
from secondchance.core.collation import _full_key, text_sort_key
from secondchance.core.dates import medium_date
from secondchance.core.db import Database
from secondchance.core.interop.sample import add_sample_target
from secondchance.core.services import records
from secondchance.core.services.fields import FieldSpec, FieldType, display_value
from secondchance.core.services.kinds import KINDS, RecordKind, kind
from secondchance.core.services.record_rows import scalar_values
from secondchance.core.services.row_shape import (
    Titles,
    make_column,
    processor_of,
    value_sort_key,
)

DIALECT = create_engine("sqlite://").dialect
NO_NUL = st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"])
TEXT = st.text(alphabet=NO_NUL, max_size=200)
# ASCII and near-ASCII text: the collation's fast paths, and their edges.
ASCIIISH = st.text(alphabet=st.sampled_from("aZ09 ~\x01…éÉ\u0301ßİ"), max_size=20)


# --- the collation's fast paths ----------------------------------------------------------


@settings(max_examples=500)
@given(st.one_of(ASCIIISH, TEXT, ASCIIISH.map(lambda t: t + "…")))
def test_text_sort_key_fast_paths_equal_the_full_key(text: str) -> None:
    assert text_sort_key(text) == _full_key(text)


# --- display and sort keys from raw values ---------------------------------------------------


def _values_for(spec: FieldSpec) -> st.SearchStrategy[Any]:
    t = spec.type
    if t is FieldType.DATE:
        return st.dates(min_value=dt.date(1, 1, 1))
    if t is FieldType.ENUM:
        assert spec.enum is not None
        return st.sampled_from(list(spec.enum))
    if t in (FieldType.RATING, FieldType.INTEGER):
        return st.integers(-(10**9), 10**9)
    if t is FieldType.NUMBER:
        return st.one_of(
            st.floats(allow_nan=False, allow_infinity=False), st.integers(-(10**6), 10**6)
        )
    if t is FieldType.BOOL:
        return st.booleans()
    return st.one_of(TEXT, st.just(""), st.just("  \n second line"))


SCALARS = [
    (k, spec)
    for k in KINDS.values()
    for spec in k.fields
    if spec.type not in (FieldType.LINKS, FieldType.COMPUTED, FieldType.REFERENCE)
]


def _raw(column: Any, value: Any) -> Any:
    """What SQLite hands back for ``value`` stored by SQLAlchemy in ``column``."""
    bind = column.type.dialect_impl(DIALECT).bind_processor(DIALECT)
    raw = bind(value) if bind is not None and value is not None else value
    if isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, enum.Enum):
        return raw.name
    return raw


@pytest.mark.parametrize(("kind_", "spec"), SCALARS, ids=[f"{k.name}.{s.name}" for k, s in SCALARS])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_display_and_sort_key_from_raw_equal_the_converted_forms(
    kind_: RecordKind, spec: FieldSpec, data: st.DataObject
) -> None:
    table_column = kind_.model.__table__.c[spec.name]
    column = make_column(spec, 0, processor_of(table_column, DIALECT))
    value = data.draw(st.one_of(st.none(), _values_for(spec)))
    raw = _raw(table_column, value)
    converted = column.convert(raw)
    if isinstance(value, float) and not math.isfinite(value):
        return
    expected_display = display_value(spec, converted)
    assert column.display(raw) == expected_display
    expected = value_sort_key(converted, expected_display)
    if spec.type is FieldType.DATE and converted is not None:
        # ISO text instead of the day number: the same order (see the test below).
        assert column.sort(raw) == (0, converted.isoformat())
    else:
        assert column.sort(raw) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.dates()), min_size=2, max_size=30))
def test_iso_dates_sort_in_the_order_of_their_days(days: list[dt.date | None]) -> None:
    spec = kind("feedback").field("received_on")
    table_column = m.Feedback.__table__.c.received_on
    column = make_column(spec, 0, processor_of(table_column, DIALECT))
    by_raw = sorted(days, key=lambda d: column.sort(_raw(table_column, d)))
    by_value = sorted(days, key=lambda d: value_sort_key(d, display_value(spec, d)))
    assert by_raw == by_value


@pytest.mark.parametrize("name", ["received_on", "status", "theme", "source"])
def test_rows_of_one_day_or_choice_share_one_sort_key(name: str) -> None:
    """A list of 100 000 rows holds a few hundred days and a handful of choices: a key per
    row was 5 MB a column."""
    spec = kind("feedback").field(name)
    table_column = m.Feedback.__table__.c[name]
    column = make_column(spec, 0, processor_of(table_column, DIALECT))
    value = dt.date(2026, 3, 1) if name == "received_on" else next(iter(spec.enum or ()))
    first, second = (column.sort(_raw(table_column, value)) for _ in range(2))
    assert first == second and first is second
    assert column.sort(None) == column.sort(_raw(table_column, None))


# --- whole rows: Core reading against the model objects -------------------------------------


def orm_rows(session: Session, k: RecordKind, target_id: int | None) -> list[dict[str, Any]]:
    """Values, display, title and search text as the ORM-based reader made them."""
    names = [f.name for f in k.link_fields] + list(k.relations)
    stmt = select(k.model).options(*(selectinload(getattr(k.model, n)) for n in names))
    table = k.model.__table__
    if k.scope == "target":
        stmt = stmt.where(table.c.target_id == target_id)
    elif k.scope == "parent" and k.parent_target_column and target_id is not None:
        parent = kind(k.parent_kind or "").model.__table__
        stmt = stmt.join(parent, table.c[k.parent_field or ""] == parent.c.id).where(
            parent.c[k.parent_target_column] == target_id
        )
    rows = []
    for obj in session.scalars(stmt.order_by(table.c.id)).all():
        values = scalar_values(k, obj)
        if k.computed is not None:
            values.update(k.computed(obj))
        display: dict[str, str] = {}
        for spec in k.fields:
            if spec.type is FieldType.LINKS:
                ref = kind(spec.ref_kind or "")
                linked = getattr(obj, spec.name)
                values[spec.name] = sorted(o.id for o in linked)
                display[spec.name] = ", ".join(ref.title(scalar_values(ref, o)) for o in linked)
            elif spec.type is FieldType.REFERENCE:
                ref_id = values.get(spec.name)
                ref = kind(spec.ref_kind or "")
                found = session.get(ref.model, ref_id) if ref_id else None
                display[spec.name] = ref.title(scalar_values(ref, found)) if found else ""
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
            {
                "id": obj.id,  # type: ignore[attr-defined]
                "values": values,
                "display": display,
                "title": k.title(values),
                "search_text": "\n".join(searchable).casefold(),
            }
        )
    return rows


def core_rows(rows: Sequence[records.RecordRow]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "values": r.values,
            "display": r.display,
            "title": r.title,
            "search_text": r.search_text,
        }
        for r in rows
    ]


@pytest.mark.parametrize("kind_name", [k for k in KINDS if k != "target"])
def test_every_kind_reads_as_the_model_objects_did(db: Database, kind_name: str) -> None:
    target = add_sample_target(db)
    k = kind(kind_name)
    listed = records.list_records(db, kind_name, target if k.scope != "shared" else None)
    assert listed, "the sample should hold every kind"
    with db.transaction() as session:
        expected = orm_rows(session, k, target)
    assert core_rows(listed) == expected
    # One row read on its own (after a save) reads the same as in the list.
    assert records.get_record(db, kind_name, listed[0].id) == listed[0]
    for row in listed:
        assert row.value(k.fields[0].name) == row.values[k.fields[0].name]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    skills=st.lists(TEXT.filter(lambda t: t.strip()), min_size=1, max_size=5, unique=True),
    items=st.lists(
        st.tuples(
            TEXT.filter(lambda t: t.strip()),
            st.one_of(st.none(), TEXT),
            st.one_of(st.none(), st.dates()),
            st.sampled_from(list(m.FeedbackStatus)),
            st.lists(st.integers(0, 4), max_size=4, unique=True),
        ),
        max_size=12,
    ),
)
def test_generated_feedback_reads_as_the_model_objects_did(
    db: Database,
    skills: list[str],
    items: list[tuple[str, str | None, dt.date | None, m.FeedbackStatus, list[int]]],
) -> None:
    with db.transaction() as session:
        session.execute(m.feedback_skill.delete())
        for model in (m.Feedback, m.Skill, m.Target):
            session.execute(delete(model))
        target = m.Target(company="Acme", role="Analyst")
        session.add(target)
        session.flush()
        made = [m.Skill(target_id=target.id, name=name) for name in skills]
        session.add_all(made)
        session.flush()
        for text, response, day, status, linked in items:
            feedback = m.Feedback(
                target_id=target.id, text=text, response=response, received_on=day, status=status
            )
            feedback.skills = [made[i] for i in linked if i < len(made)]
            session.add(feedback)
        target_id = target.id
    listed = records.list_records(db, "feedback", target_id)
    with db.transaction() as session:
        assert core_rows(listed) == orm_rows(session, kind("feedback"), target_id)


@pytest.mark.parametrize("kind_name", [k for k in KINDS if k != "target"])
def test_one_field_and_the_search_text_read_as_the_whole_row_does(
    db: Database, kind_name: str
) -> None:
    """``display_text`` (one field, as a list measures it) and ``search_text`` read the same
    whether or not the row's display texts were made first."""
    target = add_sample_target(db)
    k = kind(kind_name)
    scope = target if k.scope != "shared" else None
    fresh = records.list_records(db, kind_name, scope)
    shown = records.list_records(db, kind_name, scope)
    for first, second in zip(fresh, shown, strict=True):
        one_by_one = {spec.name: first.display_text(spec.name) for spec in k.fields}
        assert one_by_one == second.display  # second: every field at once
        assert first.search_text == second.search_text  # first: before its display dict
        assert first.display_text("no such field") == ""


def test_named_records_read_by_id_list_or_subquery_alike(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The titles a list shows for its references and links come from a list of the ids
    its rows name (one JSON parameter, or a plain IN list where SQLite has no JSON), or
    (many ids) a subquery: all read the same rows."""
    from secondchance.core.services import id_lists, record_rows

    target = add_sample_target(db)
    for name, k in KINDS.items():
        if not any(f.type in (FieldType.REFERENCE, FieldType.LINKS) for f in k.fields):
            continue
        scope_target = target if k.scope != "root" else None
        by_list = records.list_records(db, name, scope_target)
        monkeypatch.setattr(id_lists, "has_json_each", lambda: False)
        by_plain_list = records.list_records(db, name, scope_target)
        monkeypatch.undo()
        monkeypatch.setattr(record_rows, "IN_LIST_MAX", 0)
        by_subquery = records.list_records(db, name, scope_target)
        monkeypatch.undo()
        assert by_list == by_subquery == by_plain_list, name
        displays = [[r.display for r in rows] for rows in (by_list, by_plain_list, by_subquery)]
        assert displays[0] == displays[1] == displays[2], name


def test_titles_are_worked_out_once_and_only_when_asked() -> None:
    worked: list[int] = []

    def title(raw: Sequence[Any]) -> str:
        worked.append(raw[0])
        return f"{raw[1]} ({raw[0]})"

    titles = Titles({1: (1, "SQL"), 2: (2, "Python"), 3: (3, "Storytelling")}, title)
    assert worked == []  # nothing until a title is asked for
    assert titles.get(2) == "Python (2)" and titles[2] == "Python (2)"
    assert worked == [2]
    assert titles.get(9) is None and titles.get(9, "") == ""
    assert 1 in titles and 9 not in titles
    assert worked == [2]  # asking whether one is there works nothing out
    with pytest.raises(KeyError):
        titles[9]
    assert len(titles) == 3 and sorted(titles) == [1, 2, 3]
    assert dict(titles) == {1: "SQL (1)", 2: "Python (2)", 3: "Storytelling (3)"}
    assert sorted(worked) == [1, 2, 3]  # each once
