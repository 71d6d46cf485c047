"""``ids_in``: the same rows as a plain ``IN`` list, with one parameter whatever the count."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import (
    Column,
    ColumnElement,
    Integer,
    MetaData,
    Table,
    create_engine,
    insert,
    select,
)

from secondchance.core.services import id_lists
from secondchance.core.services.id_lists import ids_in

META = MetaData()
THINGS = Table("things", META, Column("id", Integer, primary_key=True))
ENGINE = create_engine("sqlite://")
META.create_all(ENGINE)
with ENGINE.begin() as connection:
    connection.execute(insert(THINGS), [{"id": i} for i in range(1, 3001)])

IDS = st.lists(st.integers(-5, 3100), max_size=1500)


def _found(where: ColumnElement[bool]) -> list[int]:
    with ENGINE.connect() as connection:
        return list(connection.scalars(select(THINGS.c.id).where(where).order_by(THINGS.c.id)))


@given(IDS)
def test_the_rows_found_are_those_of_a_plain_in_list(ids: list[int]) -> None:
    assert _found(ids_in(THINGS.c.id, ids)) == _found(THINGS.c.id.in_(ids))


def test_a_thousand_ids_are_one_parameter() -> None:
    compiled = select(THINGS.c.id).where(ids_in(THINGS.c.id, range(1000))).compile(ENGINE)
    assert "json_each" in str(compiled)
    assert len(compiled.params) == 1


def test_without_json_in_sqlite_it_is_a_plain_in_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(id_lists, "has_json_each", lambda: False)
    where = ids_in(THINGS.c.id, [3, 1, 2])
    assert "json_each" not in str(select(THINGS.c.id).where(where).compile(ENGINE))
    assert _found(where) == [1, 2, 3]
