"""The import's quick paths store exactly what the general path stores.

The quick paths (core/interop/workspace/bulk.py, merge.TableState): bind processors made
once and quicker than SQLAlchemy's, defaults made per column, uuids made in one batch, and
no lookups in tables that are empty.  The general path: SQLAlchemy's own ``insert()`` for
every row, and every lookup made.  Both import the same documents into empty workspaces;
the databases must dump the same, line for line.
"""

from __future__ import annotations

import datetime as dt
import gc
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Table, create_engine, insert

from secondchance.core import models
from secondchance.core.db import Database, open_database
from secondchance.core.interop.workspace import (
    WorkspaceImportError,
    bulk,
    export_workspace,
    import_workspace,
)
from secondchance.core.interop.workspace import importer as workspace_importer
from secondchance.core.interop.workspace import merge as workspace_merge
from secondchance.core.interop.workspace import validate as workspace_validate
from secondchance.core.interop.workspace.format import ColumnKind, column_kind
from secondchance.core.interop.workspace.validate import surely_clean
from secondchance.core.services.fields import FieldSpec, FieldType, clean_value
from secondchance.core.services.kinds import KINDS
from tests.unit.conftest import open_copy
from tests.unit.test_workspace_json import populate

DIALECT = create_engine("sqlite://").dialect


@pytest.fixture
def source(template_dir: Path, tmp_path: Path) -> Iterator[Database]:
    database = open_copy(template_dir, tmp_path / "source")
    yield database
    database.close()


def _general_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Import as before the quick paths: ``insert()`` per row, every lookup made."""

    def insert_rows(
        connection: Connection, table: Table, rows: list[dict[str, Any]], now: dt.datetime
    ) -> None:
        connection.execute(insert(table), rows)

    class NothingEmpty(workspace_merge.TableState):
        def __init__(self, session: Any) -> None:
            super().__init__(session)
            self.empty = frozenset()

    monkeypatch.setattr(workspace_importer, "insert_many", insert_rows)
    monkeypatch.setattr(workspace_merge, "TableState", NothingEmpty)


def _dump(db: Database) -> list[str]:
    # Without the change mark: a random token, new with every row written.
    with sqlite3.connect(db.path) as connection:
        return [line for line in connection.iterdump() if "change_mark" not in line]


def _both_ways(
    template_dir: Path, folder: Path, document: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> tuple[list[str], list[str]]:
    quick = open_copy(template_dir, folder / "quick")
    general = open_copy(template_dir, folder / "general")
    try:
        import_workspace(quick, document)
        with monkeypatch.context() as patch:
            _general_path(patch)
            import_workspace(general, document)
        return _dump(quick), _dump(general)
    finally:
        quick.close()
        general.close()


def test_a_whole_workspace_imports_the_same_both_ways(
    source: Database, template_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(source)
    document = export_workspace(source)
    quick, general = _both_ways(template_dir, tmp_path, document, monkeypatch)
    assert quick == general
    assert any('INSERT INTO "feedback"' in line for line in quick)


_STAMPS = ("uuid", "created_at", "updated_at")


def test_a_file_without_uuids_or_stamps_gets_them_as_insert_would(
    source: Database, template_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(source)
    document = export_workspace(source)
    for rows in document["tables"].values():
        for row in rows:
            for name in _STAMPS:
                row.pop(name, None)
    started = dt.datetime.now(UTC)
    quick, general = _both_ways(template_dir, tmp_path, document, monkeypatch)
    assert len(quick) == len(general)
    db = open_database(tmp_path / "quick")
    try:
        with sqlite3.connect(db.path) as connection:
            for table in models.Base.metadata.sorted_tables:
                if "uuid" not in table.c:
                    continue
                uuids = [r[0] for r in connection.execute(f'SELECT uuid FROM "{table.name}"')]
                assert all(str(uuid.UUID(u)) == u and uuid.UUID(u).version == 4 for u in uuids)
                assert len(set(uuids)) == len(uuids)
                for created, updated in connection.execute(
                    f'SELECT created_at, updated_at FROM "{table.name}"'
                ):
                    moment = dt.datetime.fromisoformat(created).replace(tzinfo=UTC)
                    assert created == updated
                    assert started <= moment <= dt.datetime.now(UTC)
                    assert len(created) == len("2026-01-01 09:30:15.000000")
    finally:
        db.close()


def test_importing_into_a_workspace_that_has_records_still_matches(
    source: Database, template_dir: Path, tmp_path: Path
) -> None:
    # Tables that are not empty are looked up (here: everything is "already here").
    populate(source)
    document = export_workspace(source)
    target = open_copy(template_dir, tmp_path / "target")
    try:
        first = import_workspace(target, document)
        again = import_workspace(target, document)
    finally:
        target.close()
    assert first.new > 0 and again.new == 0 and again.already == first.new


_WORDS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(
    lambda s: s.strip() and "\x00" not in s
)
_MOMENTS = st.datetimes(
    min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(UTC)
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "text": _WORDS,
                "received_on": st.dates() | st.none(),
                "theme": st.sampled_from([t.name for t in models.FeedbackTheme]),
                "created_at": _MOMENTS,
                "updated_at": _MOMENTS,
                "uuid": st.uuids(version=4),
            }
        ),
        min_size=1,
        max_size=12,
        unique_by=lambda row: row["uuid"],
    )
)
def test_generated_records_import_the_same_both_ways(
    rows: list[dict[str, Any]],
    template_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feedback = []
    for index, row in enumerate(rows, start=1):
        values: dict[str, Any] = {"id": index, "target_id": 1, "text": row["text"]}
        values["uuid"] = str(row["uuid"])
        values["theme"] = row["theme"]
        values["received_on"] = row["received_on"] and row["received_on"].isoformat()
        values["created_at"] = row["created_at"].isoformat()
        values["updated_at"] = row["updated_at"].isoformat().replace("+00:00", "Z")
        feedback.append(values)
    document = {
        "format": "secondchance-workspace",
        "version": 3,
        "tables": {
            "target": [
                {
                    "id": 1,
                    "company": "Acme",
                    "role": "Analyst",
                    "uuid": "0b6e3f4c-8e0a-4d5f-9a1e-2c3b4d5e6f70",
                    "created_at": "2026-03-12T09:30:00Z",
                    "updated_at": "2026-03-12T09:30:00Z",
                }
            ],
            "feedback": feedback,
        },
    }
    quick, general = _both_ways(
        template_dir, tmp_path_factory.mktemp("generated"), document, monkeypatch
    )
    assert quick == general


# --- each piece -------------------------------------------------------------------------


def _samples(kind: ColumnKind, column: Any) -> list[Any]:
    if kind is ColumnKind.DATE:
        return [dt.date(1, 1, 1), dt.date(999, 3, 4), dt.date(2026, 12, 31), dt.date(9999, 1, 1)]
    if kind is ColumnKind.DATETIME:
        return [
            dt.datetime(2026, 3, 12, 9, 30, tzinfo=UTC),
            dt.datetime(2026, 3, 12, 9, 30, 0, 1, tzinfo=UTC),
            dt.datetime(999, 1, 1, 0, 0, 0, 999999, tzinfo=UTC),
            dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=5))),
            dt.datetime(2026, 3, 12, 9, 30),
        ]
    if kind is ColumnKind.ENUM:
        return [*column.type.enum_class, *column.type.enums]
    if kind is ColumnKind.FLOAT:
        return [0.0, -1.5, 1e300, 3, 2.5]
    if kind is ColumnKind.BOOL:
        return [True, False]
    if kind is ColumnKind.INT:
        return [0, -(2**63), 2**63 - 1]
    return ["", "text ✓ שלום 📊"]


@pytest.mark.parametrize(
    "column",
    [c for t in models.Base.metadata.sorted_tables for c in t.columns],
    ids=lambda c: f"{c.table.name}.{c.name}",
)
def test_each_quick_processor_gives_what_sqlalchemy_gives(column: Any) -> None:
    slow = column.type.dialect_impl(DIALECT).bind_processor(DIALECT)
    quick = bulk.bind_processor(column, DIALECT)
    assert (quick is None) == (slow is None)
    if slow is None or quick is None:
        return
    for value in _samples(column_kind(column), column):
        assert quick(value) == slow(value), value


@given(st.dates())
def test_quick_date_text_for_any_date(value: dt.date) -> None:
    column = models.Base.metadata.tables["feedback"].c.received_on
    slow = column.type.dialect_impl(DIALECT).bind_processor(DIALECT)
    quick = bulk.bind_processor(column, DIALECT)
    assert quick is not None and slow is not None
    assert quick(value) == slow(value)


@given(st.datetimes(timezones=st.just(UTC)) | st.datetimes(timezones=st.timezones()))
def test_quick_datetime_text_for_any_moment(value: dt.datetime) -> None:
    column = models.Base.metadata.tables["feedback"].c.updated_at
    slow = column.type.dialect_impl(DIALECT).bind_processor(DIALECT)
    quick = bulk.bind_processor(column, DIALECT)
    assert quick is not None and slow is not None
    assert quick(value) == slow(value)


def test_new_uuids_are_canonical_random_and_distinct() -> None:
    made = bulk.new_uuids(5000)
    assert len(set(made)) == 5000
    for text in made:
        value = uuid.UUID(text)
        assert str(value) == text
        assert value.version == 4 and value.variant == uuid.RFC_4122
    assert bulk.new_uuids(0) == []


# --- the quick check of the forms' rules --------------------------------------------------

_RULE_FIELDS = [
    spec
    for record_kind in KINDS.values()
    for spec in record_kind.fields
    if surely_clean(spec) is not workspace_validate._never
]
_ANY_VALUE = (
    st.text(st.characters(codec="utf-8"), max_size=30)
    | st.sampled_from(["", " ", "\t\n", "a\x00b", "x" * 5000, " padded "])
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates()
    | st.datetimes()
    | st.booleans()
)


@settings(max_examples=300)
@given(spec=st.sampled_from(_RULE_FIELDS), value=_ANY_VALUE)
def test_a_value_the_quick_check_vouches_for_is_one_clean_value_accepts(
    spec: FieldSpec, value: Any
) -> None:
    if surely_clean(spec)(value):
        clean_value(spec, value)  # must not raise


def test_the_quick_check_vouches_for_ordinary_values() -> None:
    # Else it saves nothing: the ordinary values of a file must pass without clean_value.
    by_type = {spec.type: spec for spec in _RULE_FIELDS if not spec.required}
    assert surely_clean(by_type[FieldType.TEXT])("Ada")
    assert surely_clean(by_type[FieldType.MULTILINE])("Line one\nline two")
    assert surely_clean(by_type[FieldType.DATE])(dt.date(2026, 3, 12))
    rating = next(s for s in _RULE_FIELDS if s.type is FieldType.RATING)
    assert surely_clean(rating)(int(rating.minimum or 0))
    assert not surely_clean(rating)(True)


def test_the_cycle_collector_is_back_as_it_was_after_an_import(
    source: Database, template_dir: Path, tmp_path: Path
) -> None:
    populate(source)
    document = export_workspace(source)
    target = open_copy(template_dir, tmp_path / "target")
    try:
        assert gc.isenabled()
        import_workspace(target, document)
        assert gc.isenabled()
        with pytest.raises(WorkspaceImportError):
            import_workspace(target, {"format": "something else"})
        assert gc.isenabled()
        gc.disable()
        try:
            import_workspace(target, document)
            assert not gc.isenabled()  # a caller's own choice stays
        finally:
            gc.enable()
    finally:
        target.close()


def _triggers(db: Database) -> list[tuple[str, str]]:
    with sqlite3.connect(db.path) as connection:
        found = sorted(
            connection.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'")
        )
    connection.close()
    return found


def _token(db: Database) -> int | None:
    from secondchance.core.change_mark import read_token

    with sqlite3.connect(db.path) as connection:
        token = read_token(connection)
    connection.close()
    return token


@pytest.fixture
def document(source: Database) -> dict[str, Any]:
    populate(source)
    return export_workspace(source)


@pytest.fixture
def into(template_dir: Path, tmp_path: Path) -> Iterator[Database]:
    """An empty workspace to import into."""
    database = open_copy(template_dir, tmp_path / "into")
    yield database
    database.close()


@pytest.mark.parametrize("suspend_from", [1, 10**9])
def test_an_import_changes_the_mark_once_and_keeps_its_triggers(
    document: dict[str, Any], into: Database, monkeypatch: pytest.MonkeyPatch, suspend_from: int
) -> None:
    triggers, token = _triggers(into), _token(into)
    assert len(triggers) >= 75 and token is not None
    monkeypatch.setattr(workspace_importer, "SUSPEND_MARK_FROM", suspend_from)
    import_workspace(into, document)
    assert _triggers(into) == triggers  # suspended or not, all there as before
    assert _token(into) not in (None, token)
    # And they work: the next change changes the token again.
    after = _token(into)
    with sqlite3.connect(into.path) as connection:
        connection.execute("UPDATE feedback SET text = text || '!'")
    connection.close()
    assert _token(into) != after


def test_an_import_that_fails_while_the_mark_is_suspended_keeps_triggers_and_token(
    document: dict[str, Any], into: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    real = bulk.insert_many

    def fails_later(*args: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        real(*args)

    triggers, token = _triggers(into), _token(into)
    monkeypatch.setattr(workspace_importer, "SUSPEND_MARK_FROM", 1)
    monkeypatch.setattr(workspace_importer, "insert_many", fails_later)
    with pytest.raises(WorkspaceImportError):
        import_workspace(into, document)
    assert _triggers(into) == triggers and _token(into) == token
    with sqlite3.connect(into.path) as connection:
        assert connection.execute("SELECT count(*) FROM target").fetchone() == (0,)
    connection.close()
