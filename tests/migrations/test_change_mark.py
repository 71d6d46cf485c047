"""The change mark (revision 0007): a token SQLite itself changes whenever a record does."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from secondchance.core.change_mark import EVENTS, NOT_MARKED, read_token, trigger_name
from secondchance.core.migrate import prepare_database

RELEASED_DIR = Path(__file__).resolve().parent / "released"


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [
        str(name)
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
    ]


def _triggers(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    return {
        (str(table), str(name))
        for name, table in conn.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"
        )
    }


def _check_marked(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        tables = [t for t in _tables(conn) if t not in NOT_MARKED]
        assert len(tables) >= 25  # every table of records, links included
        expected = {(t, trigger_name(t, event)) for t in tables for event in EVENTS}
        assert _triggers(conn) == expected
        assert conn.execute("SELECT count(*) FROM change_mark").fetchone() == (1,)
        assert read_token(conn) is not None


def test_a_new_database_marks_every_table_of_records(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    prepare_database(path, tmp_path / "backups")
    _check_marked(path)


@pytest.mark.parametrize("name", ["0001_initial", "0006_network_timing"])
def test_an_upgraded_database_marks_every_table_of_records(tmp_path: Path, name: str) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(RELEASED_DIR / f"{name}.sqlite3", path)
    prepare_database(path, tmp_path / "backups")
    _check_marked(path)


def test_any_change_to_a_record_changes_the_token_and_a_setting_does_not(
    tmp_path: Path,
) -> None:
    path = tmp_path / "released.sqlite3"
    shutil.copyfile(RELEASED_DIR / "0007_change_mark.sqlite3", path)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        seen = {read_token(conn)}

        def changed(statement: str, *args: object) -> bool:
            before = read_token(conn)
            conn.execute(statement, args)
            after = read_token(conn)
            seen.add(after)
            return after != before

        assert changed("UPDATE feedback SET text = text || '!' WHERE id = 1")
        assert changed(
            "DELETE FROM feedback_skill WHERE rowid = (SELECT min(rowid) FROM feedback_skill)"
        )
        assert changed(
            "INSERT INTO journal_entry (uuid, target_id, date, kind, text, created_at, updated_at)"
            " SELECT 'u-new', target_id, date, kind, 'new', created_at, updated_at"
            " FROM journal_entry LIMIT 1"
        )
        assert changed("UPDATE contact SET name = name WHERE id = 1")  # even a same value
        assert not changed("UPDATE app_setting SET value = 'x'")
        assert not changed(
            "INSERT INTO app_setting (key, value, created_at, updated_at)"
            " VALUES ('ui.last_target', '2', '2026-01-01', '2026-01-01')"
        )
        assert not changed("UPDATE feedback SET text = 'none' WHERE id = -1")  # no row
        # A change that is rolled back leaves the token it found.
        before = read_token(conn)
        conn.execute("BEGIN")
        conn.execute("DELETE FROM skill")
        assert read_token(conn) != before
        conn.execute("ROLLBACK")
        assert read_token(conn) == before
        assert None not in seen and len(seen) == 5


def test_a_file_without_the_mark_has_no_token(tmp_path: Path) -> None:
    with contextlib.closing(sqlite3.connect(tmp_path / "plain.sqlite3")) as conn:
        assert read_token(conn) is None
        conn.execute("CREATE TABLE change_mark (id INTEGER PRIMARY KEY, token INTEGER)")
        assert read_token(conn) is None  # made from the models alone: no row


def _trigger_count(conn: sqlite3.Connection) -> int:
    return int(
        conn.execute("SELECT count(*) FROM sqlite_master WHERE type='trigger'").fetchone()[0]
    )


def test_suspended_triggers_come_back_as_they_were_and_the_token_changes_once(
    tmp_path: Path,
) -> None:
    from secondchance.core.change_mark import suspended

    path = tmp_path / "released.sqlite3"
    shutil.copyfile(RELEASED_DIR / "0007_change_mark.sqlite3", path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        schema = sorted(conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'"))
        before = read_token(conn)
        with suspended(conn):
            assert _trigger_count(conn) == 0
            inside = read_token(conn)
            conn.execute("UPDATE feedback SET text = text || '!'")
            assert read_token(conn) == inside  # no trigger ran
        conn.commit()
        assert (
            sorted(conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'"))
            == schema
        )
        assert read_token(conn) not in (before, inside)
        _check_marked(path)


def test_a_write_that_fails_while_suspended_rolls_the_triggers_back_too(tmp_path: Path) -> None:
    from secondchance.core.change_mark import suspended

    path = tmp_path / "released.sqlite3"
    shutil.copyfile(RELEASED_DIR / "0007_change_mark.sqlite3", path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        before, count = read_token(conn), _trigger_count(conn)
        with pytest.raises(RuntimeError), suspended(conn):
            conn.execute("DELETE FROM feedback")
            raise RuntimeError("the import failed half way")
        conn.rollback()
        assert _trigger_count(conn) == count and read_token(conn) == before
        assert conn.execute("SELECT count(*) FROM feedback").fetchone()[0] > 0


def test_nothing_is_suspended_outside_a_transaction_or_without_a_mark(tmp_path: Path) -> None:
    from secondchance.core.change_mark import suspended

    path = tmp_path / "released.sqlite3"
    shutil.copyfile(RELEASED_DIR / "0007_change_mark.sqlite3", path)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:  # autocommit
        count = _trigger_count(conn)
        with suspended(conn):
            assert _trigger_count(conn) == count
    with contextlib.closing(sqlite3.connect(tmp_path / "plain.sqlite3")) as conn:
        with suspended(conn):
            conn.execute("CREATE TABLE t (x)")
        assert _trigger_count(conn) == 0
