"""Salvage: read what SQLite can still read from a damaged data file into a new one.

The route is the ``sqlite3`` module's, row by row (not the ``sqlite3`` command line's
``.recover``: it is not installed on Windows or macOS by default, and Debian's build lacks
the ``sqlite_dbpage`` table it needs).  For each table of the current schema, rows are read
from the damaged copy in rowid order; where SQLite stops at a damaged page, reading starts
again past it (skipping ahead in growing steps), so one bad page costs the rows on that
page, not the rest of the table.  A table SQLite can't read at all is left empty.

The rows go into a brand-new database made by the migrations (so it is at the current
schema), with foreign keys off while copying; afterwards rows that point at records that
were lost are removed (they could not be shown or edited), the file must pass
``integrity_check``, and only then does it take the data file's place.  The damaged file
itself is only read, through a copy.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from secondchance.core import change_mark
from secondchance.core.backup import SIDE_FILES, BackupError, integrity_check

_MAX_SKIPS = 100_000


@dataclass
class SalvageResult:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    # Rows dropped afterwards because what they pointed at was lost, per table.
    orphans: dict[str, int] = field(default_factory=dict)

    @property
    def records(self) -> int:
        return sum(self.counts.values())


def salvage(damaged: Path, db_path: Path, work_dir: Path) -> SalvageResult:
    """Build a new data file at ``db_path`` (which must not exist) from ``damaged``."""
    from secondchance.core.migrate import prepare_database

    db_path = Path(db_path)
    if db_path.exists() and db_path.stat().st_size > 0:
        raise BackupError(
            f"There already is a data file at {db_path}; salvage only fills an empty place."
        )
    work_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    source = work_dir / "damaged-copy.sqlite3"
    fresh = work_dir / "salvaged.sqlite3"
    for path in (source, fresh):
        for suffix in ("", *SIDE_FILES):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    try:
        _copy_files(Path(damaged), source)
        prepare_database(fresh, work_dir / "unused-backups")
        result = SalvageResult(db_path)
        _fill(source, fresh, result)
        problems = integrity_check(fresh)
        if problems:
            raise BackupError(f"The salvaged data did not pass its check ({problems[0]}).")
        db_path.unlink(missing_ok=True)
        for suffix in SIDE_FILES:
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        fresh.replace(db_path)
        return result
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def _copy_files(damaged: Path, copy: Path) -> None:
    # The -wal (if any) goes along: it may hold readable pages the main file lacks.
    for suffix in ("", "-wal"):
        source = Path(f"{damaged}{suffix}")
        if source.is_file():
            shutil.copyfile(source, Path(f"{copy}{suffix}"))


def _fill(source: Path, fresh: Path, result: SalvageResult) -> None:
    with contextlib.closing(sqlite3.connect(fresh, isolation_level=None)) as out:
        out.execute("PRAGMA foreign_keys=OFF")
        out.execute("PRAGMA temp_store=MEMORY")  # statement journals (see core/db.py)
        out.execute("BEGIN")
        tables = [
            str(r[0])
            for r in out.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite\\_%'"
                " ESCAPE '\\' AND name NOT IN ('alembic_version', ?) ORDER BY name",
                (change_mark.TABLE,),  # the new file has its own mark
            )
        ]
        with contextlib.closing(_open_damaged(source)) as damaged:
            for table in tables:
                columns = [str(r[1]) for r in out.execute(f'PRAGMA table_info("{table}")')]
                result.counts[table] = _copy_table(damaged, out, table, columns)
        result.orphans = _drop_orphans(out)
        for table, dropped in result.orphans.items():
            result.counts[table] = result.counts.get(table, 0) - dropped
        out.execute("COMMIT")


def _open_damaged(source: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(source)
    # A damaged file may hold text that isn't valid UTF-8; keep what can be kept.
    connection.text_factory = lambda raw: raw.decode("utf-8", "replace")
    return connection


def _copy_table(
    damaged: sqlite3.Connection, out: sqlite3.Connection, table: str, columns: list[str]
) -> int:
    try:
        present = [str(r[1]) for r in damaged.execute(f'PRAGMA table_info("{table}")')]
    except sqlite3.DatabaseError:
        return 0
    shared = [c for c in columns if c in present]
    if not shared:
        return 0
    fill_uuid = "uuid" in columns
    names = shared + (["uuid"] if fill_uuid and "uuid" not in shared else [])
    placeholders = ", ".join("?" for _ in names)
    quoted = ", ".join(f'"{c}"' for c in names)
    insert = f'INSERT OR IGNORE INTO "{table}" ({quoted}) VALUES ({placeholders})'
    copied = 0
    uuid_at = names.index("uuid") if fill_uuid else -1
    batch: list[list[object]] = []
    for row in _readable_rows(damaged, table, shared):
        values = list(row)
        if fill_uuid:
            if uuid_at >= len(values):
                values.append(None)
            if not isinstance(values[uuid_at], str) or not values[uuid_at]:
                values[uuid_at] = str(uuid.uuid4())
        batch.append(values)
        if len(batch) >= 500:
            copied += _insert(out, insert, batch)
            batch = []
    copied += _insert(out, insert, batch)
    return copied


def _insert(out: sqlite3.Connection, statement: str, batch: list[list[object]]) -> int:
    if not batch:
        return 0
    # The cursor's count: the connection's total counts the change mark's triggers too.
    return out.executemany(statement, batch).rowcount


def _readable_rows(
    damaged: sqlite3.Connection, table: str, columns: list[str]
) -> Iterator[tuple[object, ...]]:
    """Rows in rowid order, stepping over the parts SQLite reports as damaged."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    query = f'SELECT rowid, {quoted} FROM "{table}" WHERE rowid > ? ORDER BY rowid'
    try:
        top = damaged.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0]
    except sqlite3.DatabaseError:
        top = None
    last = -(2**63)
    skips = 0
    while skips < _MAX_SKIPS:
        try:
            for row in damaged.execute(query, (last,)):
                last = int(row[0])
                yield tuple(row[1:])
            return
        except sqlite3.DatabaseError:
            skips += 1
            resumed = _resume_after(damaged, table, last, top)
            if resumed is None:
                return
            last = resumed


def _resume_after(
    damaged: sqlite3.Connection, table: str, last: int, top: int | None
) -> int | None:
    """A rowid past the damage from which reading works again (the one before it)."""
    start = max(last, 0)
    step = 1
    while step < 2**40:
        probe = start + step
        if top is not None and probe > top:
            return None
        try:
            found = damaged.execute(
                f'SELECT rowid FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT 1', (probe,)
            ).fetchone()
        except sqlite3.DatabaseError:
            step *= 2
            continue
        if found is None:
            return None
        return int(found[0]) - 1
    return None


def _drop_orphans(out: sqlite3.Connection) -> dict[str, int]:
    """Links to lost records: an optional one is emptied, a required one drops its row."""
    dropped: dict[str, int] = {}
    for _ in range(50):  # removing a row can orphan its children: repeat until none
        violations = out.execute("PRAGMA foreign_key_check").fetchall()
        if not violations:
            break
        for table, rowid, _parent, fk_id in violations:
            if rowid is None:
                continue
            column = _fk_column(out, str(table), int(fk_id))
            if column is not None:
                out.execute(f'UPDATE "{table}" SET "{column}" = NULL WHERE rowid = ?', (rowid,))
                continue
            out.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
            dropped[str(table)] = dropped.get(str(table), 0) + 1
    return dropped


def _fk_column(out: sqlite3.Connection, table: str, fk_id: int) -> str | None:
    """The column of foreign key ``fk_id`` if it may be empty, else None."""
    for row in out.execute(f'PRAGMA foreign_key_list("{table}")'):
        if int(row[0]) == fk_id:
            column = str(row[3])
            for info in out.execute(f'PRAGMA table_info("{table}")'):
                if str(info[1]) == column and not info[3] and not info[5]:
                    return column
            return None
    return None
