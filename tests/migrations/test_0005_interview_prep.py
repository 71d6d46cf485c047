"""Migration 0003 rebuilds two tables (question, practice_session) to add a column with a
foreign key: the rebuild must keep their rows, AUTOINCREMENT and id counters, so an id is
never handed out twice (undoing a delete puts a record back under its old id)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from secondchance.core.migrate import prepare_database

RELEASED = Path(__file__).resolve().parent / "released" / "0004_record_uuids.sqlite3"


def test_rebuilt_tables_keep_rows_autoincrement_and_counters(tmp_path: Path) -> None:
    path = tmp_path / "secondchance.sqlite3"
    shutil.copy2(RELEASED, path)
    with sqlite3.connect(path) as connection:
        # A question and a session were deleted once: their ids are above the highest left.
        connection.execute("UPDATE sqlite_sequence SET seq = 9 WHERE name = 'question'")
        connection.execute("DELETE FROM practice_session WHERE id = 3")
        before = {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("question", "practice_session")
        }
    connection.close()

    prepare_database(path, tmp_path / "backups")

    with sqlite3.connect(path) as connection:
        for table, rows in before.items():
            sql = connection.execute(
                "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
            ).fetchone()[0]
            assert "AUTOINCREMENT" in sql, table
            after = connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            width = len(rows[0])
            assert [row[:width] for row in after] == rows  # new columns come last, empty
            assert all(value is None for row in after for value in row[width:])
        counters = dict(connection.execute("SELECT name, seq FROM sqlite_sequence"))
        assert counters["question"] == 9
        assert counters["practice_session"] == 3
        connection.execute(
            "INSERT INTO practice_session (question_id, rating, created_at, updated_at) "
            "VALUES (1, 'good', '2026-01-01', '2026-01-01')"
        )
        new_id = connection.execute("SELECT max(id) FROM practice_session").fetchone()[0]
        assert new_id == 4  # not 3, the deleted session's id
    connection.close()
