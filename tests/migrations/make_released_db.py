"""Save a database of the current schema, with a few rows in every table.

Run once per released schema, when a release changes the models (after adding the
revision and bumping HEAD_REVISION):

    PYTHONPATH=src .venv/bin/python tests/migrations/make_released_db.py

It writes ``tests/migrations/released/<HEAD_REVISION>.sqlite3``.  Those files are history:
the migration tests upgrade every one of them to head, so never regenerate an old one
(``--force`` exists for fixing a file of a schema that has not been released yet).

The schema comes from the migrations, exactly as the app creates it; the rows are filled
generically from the models so that a table added later is never left empty.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import sqlite3
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RELEASED_DIR = HERE / "released"
ROWS_PER_TABLE = 3

if __package__ in (None, ""):
    sys.path.insert(0, str(HERE.parents[1] / "src"))

import sqlalchemy as sa  # noqa: E402

from secondchance.core import models  # noqa: E402
from secondchance.core.db import Database  # noqa: E402
from secondchance.core.migrate import HEAD_REVISION, prepare_database  # noqa: E402


def _value(table: sa.Table, column: sa.Column[Any], i: int) -> Any:
    """A deterministic, valid value for row ``i`` (0-based) of ``column``."""
    if column.foreign_keys:
        # Every parent table has ids 1..ROWS_PER_TABLE; link rows pair equal ids.
        return i + 1
    col_type = column.type
    if isinstance(col_type, sa.Enum):
        members = list(col_type.enum_class or [])
        if members and issubclass(col_type.enum_class or object, enum.Enum):
            return members[i % len(members)]
        return col_type.enums[i % len(col_type.enums)]
    if isinstance(col_type, sa.Boolean):
        return i % 2 == 0
    if isinstance(col_type, sa.Integer):
        return i + 1
    if isinstance(col_type, sa.Float):
        return 1.5 * (i + 1)
    if isinstance(col_type, sa.DateTime | models.UTCDateTime):
        return dt.datetime(2026, 1, 1 + i, 12, 30, tzinfo=dt.UTC)
    if isinstance(col_type, sa.Date):
        return dt.date(2026, 1, 1 + i)
    if isinstance(col_type, sa.String):  # includes Text
        text = f"{table.name}.{column.name} {i + 1} — é"
        return text[: col_type.length] if col_type.length else text
    raise TypeError(f"No sample value for {table.name}.{column.name} ({col_type!r})")


def fill(database: Database) -> dict[str, int]:
    """Insert ROWS_PER_TABLE rows in every table; return the row counts."""
    with database.engine.begin() as connection:
        for table in models.Base.metadata.sorted_tables:
            rows = []
            for i in range(ROWS_PER_TABLE):
                row = {}
                for column in table.columns:
                    if column.primary_key and column.autoincrement is True:
                        continue
                    if (
                        column.primary_key
                        and isinstance(column.type, sa.Integer)
                        and not column.foreign_keys
                    ):
                        continue
                    row[column.name] = _value(table, column, i)
                rows.append(row)
            connection.execute(table.insert(), rows)
    with database.engine.connect() as connection:
        return {
            table.name: int(
                connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            )
            for table in models.Base.metadata.sorted_tables
        }


def make(path: Path) -> dict[str, int]:
    prepare_database(path, path.parent / "backups-unused")
    database = Database(path)
    try:
        counts = fill(database)
    finally:
        database.close()
    # One self-contained, compact file: no -wal beside it in the repository.
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    with sqlite3.connect(path, isolation_level=None) as connection:
        connection.execute("VACUUM")
    connection.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument("--out-dir", type=Path, default=RELEASED_DIR)
    args = parser.parse_args(argv)
    out = args.out_dir / f"{HEAD_REVISION}.sqlite3"
    if out.exists() and not args.force:
        print(f"{out} already exists; released schemas are never regenerated.", file=sys.stderr)
        return 1
    args.out_dir.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    counts = make(out)
    print(f"wrote {out}: {sum(counts.values())} rows in {len(counts)} tables")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
