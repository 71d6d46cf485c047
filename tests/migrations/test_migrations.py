"""Schema migrations: fresh and upgraded databases equal the models, and no data is lost.

``released/`` holds one saved database per released schema (made by make_released_db.py);
every one of them must upgrade to head with its rows intact.  Revisions that are not
released yet are rehearsed in a copy of the migrations folder (``rehearsal`` fixture).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

import secondchance
from secondchance.core import models
from secondchance.core.backup import list_backups, quick_check
from secondchance.core.change_mark import include_object
from secondchance.core.db import Database, open_database
from secondchance.core.migrate import (
    HEAD_REVISION,
    MIGRATIONS_DIR,
    DatabaseError,
    DatabaseTooNewError,
    MigrationFailedError,
    UnrecognisedDatabaseError,
    alembic_config,
    current_revision,
    prepare_database,
)

RELEASED_DIR = Path(__file__).resolve().parent / "released"
RELEASED = sorted(RELEASED_DIR.glob("*.sqlite3"))
SRC_DIR = Path(secondchance.__file__).resolve().parents[1]


# --- helpers --------------------------------------------------------------------------


def _url(path: Path) -> sa.engine.URL:
    return sa.engine.URL.create("sqlite", database=str(path))


def schema_differences(db_path: Path) -> list[Any]:
    engine = sa.create_engine(_url(db_path))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": include_object}
            )
            return list(compare_metadata(context, models.Base.metadata))
    finally:
        engine.dispose()


def structure(db_path: Path) -> dict[str, Any]:
    """What SQLite itself reports about every table: columns, keys, indexes, links.

    Complements compare_metadata, which does not look at everything (ON DELETE actions,
    index names on every backend).
    """
    with sqlite3.connect(db_path) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table'"
                " AND name NOT LIKE 'sqlite_%' AND name NOT IN ('alembic_version', 'change_mark')"
                " ORDER BY name"
            )
        ]
        result: dict[str, Any] = {}
        for table in tables:
            columns = connection.execute(f"PRAGMA table_info('{table}')").fetchall()
            fks = connection.execute(f"PRAGMA foreign_key_list('{table}')").fetchall()
            indexes = []
            for _seq, name, unique, origin, _partial in connection.execute(
                f"PRAGMA index_list('{table}')"
            ):
                cols = [r[2] for r in connection.execute(f"PRAGMA index_info('{name}')")]
                # Auto-indexes of PRIMARY KEY/UNIQUE are named by SQLite, not by us.
                shown = name if not name.startswith("sqlite_autoindex") else origin
                indexes.append((shown, unique, origin, tuple(cols)))
            result[table] = {
                "columns": [(c[1], c[2].upper(), c[3], c[4], c[5]) for c in columns],
                "foreign_keys": sorted((f[2], f[3], f[4], f[5], f[6]) for f in fks),
                "indexes": sorted(indexes),
            }
    connection.close()
    return result


def models_structure(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "from-models.sqlite3"
    engine = sa.create_engine(_url(path))
    models.Base.metadata.create_all(engine)
    engine.dispose()
    return structure(path)


def row_counts(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " AND name != 'alembic_version'"
            )
        ]
        counts = {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    connection.close()
    return counts


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stamp(db_path: Path, revision: str) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()


@pytest.fixture
def backups(tmp_path: Path) -> Path:
    return tmp_path / "backups"


@pytest.fixture
def head_db(tmp_path: Path, backups: Path) -> Path:
    path = tmp_path / "head.sqlite3"
    prepare_database(path, backups)
    return path


@pytest.fixture
def released_copy(tmp_path: Path) -> Path:
    source = RELEASED_DIR / f"{HEAD_REVISION}.sqlite3"
    path = tmp_path / "released.sqlite3"
    shutil.copyfile(source, path)
    return path


# --- the revision scripts -------------------------------------------------------------


def test_head_constant_equals_the_script_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [HEAD_REVISION]


def test_config_needs_no_ini_file() -> None:
    config = alembic_config()
    assert config.config_file_name is None
    assert Path(config.get_main_option("script_location") or "") == MIGRATIONS_DIR


def test_revisions_do_not_import_application_code() -> None:
    # A revision is frozen history; importing today's models would change what it does.
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        assert "secondchance" not in script.read_text(encoding="utf-8"), script.name


# --- fresh databases ------------------------------------------------------------------


def test_new_database_is_created_at_head_and_matches_models(tmp_path: Path, backups: Path) -> None:
    path = tmp_path / "new.sqlite3"
    outcome = prepare_database(path, backups)

    assert outcome.created
    assert outcome.from_revision is None
    assert outcome.to_revision == HEAD_REVISION
    assert outcome.backup_path is None
    assert current_revision(path) == HEAD_REVISION
    assert schema_differences(path) == []
    assert structure(path) == models_structure(tmp_path)
    assert list_backups(backups) == []


def test_enums_are_plain_text_without_check_constraints(head_db: Path) -> None:
    with sqlite3.connect(head_db) as connection:
        ddl = " ".join(r[0] for r in connection.execute("SELECT sql FROM sqlite_master") if r[0])
    connection.close()
    assert "CHECK" not in ddl.upper()
    assert "status VARCHAR(20) NOT NULL" in ddl


def test_empty_existing_file_gets_the_schema(tmp_path: Path, backups: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()

    outcome = prepare_database(path, backups)

    assert outcome.created
    assert current_revision(path) == HEAD_REVISION
    assert schema_differences(path) == []


def test_database_downgraded_to_base_is_built_again(head_db: Path, backups: Path) -> None:
    command.downgrade(alembic_config(url=str(_url(head_db))), "base")
    assert current_revision(head_db) is None
    assert row_counts(head_db) == {}

    outcome = prepare_database(head_db, backups)

    assert outcome.created
    assert outcome.from_revision is None
    assert current_revision(head_db) == HEAD_REVISION
    assert schema_differences(head_db) == []


# --- released databases ---------------------------------------------------------------


def test_the_head_schema_has_a_saved_release() -> None:
    assert (RELEASED_DIR / f"{HEAD_REVISION}.sqlite3").is_file(), (
        "Save a database of the new schema: "
        "PYTHONPATH=src python tests/migrations/make_released_db.py"
    )


@pytest.mark.parametrize("saved", RELEASED, ids=[p.stem for p in RELEASED])
def test_every_released_database_upgrades_to_match_models(
    saved: Path, tmp_path: Path, backups: Path
) -> None:
    path = tmp_path / saved.name
    shutil.copyfile(saved, path)
    before = row_counts(path)
    assert before and all(before.values()), "a saved release must have rows in every table"

    outcome = prepare_database(path, backups)

    assert outcome.from_revision == saved.stem
    assert outcome.to_revision == HEAD_REVISION
    assert current_revision(path) == HEAD_REVISION
    assert schema_differences(path) == []
    assert structure(path) == models_structure(tmp_path)
    after = row_counts(path)
    assert {t: after[t] for t in before} == before
    assert quick_check(path) == []
    # Every record still loads through the ORM (enum names, dates, times decode).
    database = Database(path)
    try:
        with database.transaction() as session:
            for mapper in models.Base.registry.mappers:
                session.scalars(sa.select(mapper.class_)).all()
            assert session.execute(sa.text("PRAGMA foreign_key_check")).all() == []
    finally:
        database.close()


# --- the start-up fast path -----------------------------------------------------------


def _modules_loaded_by_prepare(db_path: Path, backups: Path) -> list[str]:
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from secondchance.core.migrate import prepare_database
        prepare_database(Path({str(db_path)!r}), Path({str(backups)!r}))
        print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"alembic", "sqlalchemy"}}))
        """
    )
    env = dict(os.environ, PYTHONPATH=str(SRC_DIR))
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return list(eval(result.stdout.strip()))


def test_database_at_head_is_answered_without_importing_alembic(
    head_db: Path, backups: Path
) -> None:
    before = sha256(head_db)
    assert _modules_loaded_by_prepare(head_db, backups) == []
    assert sha256(head_db) == before


def test_creating_a_database_does_import_alembic(tmp_path: Path, backups: Path) -> None:
    # Shows the check above can fail: the same probe sees Alembic when there is work.
    assert "alembic" in _modules_loaded_by_prepare(tmp_path / "new.sqlite3", backups)


def test_database_at_head_is_left_alone(head_db: Path, backups: Path) -> None:
    before = sha256(head_db)
    outcome = prepare_database(head_db, backups)
    assert outcome.created is False
    assert outcome.from_revision == outcome.to_revision == HEAD_REVISION
    assert outcome.backup_path is None
    assert sha256(head_db) == before
    assert list_backups(backups) == []


# --- refusals -------------------------------------------------------------------------


def test_database_from_a_newer_release_is_refused_untouched(
    released_copy: Path, backups: Path
) -> None:
    stamp(released_copy, "9999_from_the_future")
    before = sha256(released_copy)

    with pytest.raises(DatabaseTooNewError) as info:
        prepare_database(released_copy, backups)

    assert isinstance(info.value, DatabaseError)
    assert info.value.revision == "9999_from_the_future"
    message = str(info.value)
    assert "newer version of Second Chance (revision 9999_from_the_future)" in message
    assert "your file has not been changed" in message
    assert sha256(released_copy) == before
    assert list_backups(backups) == []


def test_a_partial_revision_id_is_not_taken_for_a_known_one(
    released_copy: Path, backups: Path
) -> None:
    # Alembic resolves unique prefixes; a stamp must match a revision exactly.
    stamp(released_copy, HEAD_REVISION[:4])
    with pytest.raises(DatabaseTooNewError):
        prepare_database(released_copy, backups)


def test_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path, backups: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"Dear hiring manager,\n" * 200)
    before = sha256(path)

    with pytest.raises(UnrecognisedDatabaseError, match="not a database") as info:
        prepare_database(path, backups)

    assert isinstance(info.value, DatabaseError)
    assert "has not been changed" in str(info.value)
    assert sha256(path) == before


def test_someone_elses_database_is_refused_untouched(tmp_path: Path, backups: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO recipes (name) VALUES ('soup')")
    connection.close()
    before = sha256(path)

    with pytest.raises(UnrecognisedDatabaseError, match="did not write"):
        prepare_database(path, backups)

    assert sha256(path) == before
    assert current_revision(path) is None


def test_current_revision_of_a_missing_file_is_none(tmp_path: Path) -> None:
    assert current_revision(tmp_path / "nothing-here.sqlite3") is None


# --- upgrades, rehearsed with revisions that are not released -------------------------

REBUILD_PARENT_TABLES = """
    with op.batch_alter_table("target", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("rehearsal_note", sa.Text(), nullable=True))
    with op.batch_alter_table("skill", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("rehearsal_note", sa.Text(), nullable=True))
    with op.batch_alter_table("contact", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("rehearsal_note", sa.Text(), nullable=True))
"""

BREAK_A_LINK = """
    op.create_table("rehearsal_marker", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute(
        "INSERT INTO skill_level_change (skill_id, date, level, created_at, updated_at)"
        " VALUES (9999, '2026-01-01', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
    )
"""

FAIL_HALFWAY = """
    op.create_table("rehearsal_marker", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("target", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("rehearsal_note", sa.Text(), nullable=True))
    raise RuntimeError("rehearsed failure")
"""


@pytest.fixture
def rehearsal(tmp_path: Path) -> Iterator[Any]:
    """Make a copy of the migrations folder with one extra revision, "0002_rehearsal"."""

    def make(upgrade_body: str) -> Path:
        location = tmp_path / "migrations"
        shutil.copytree(
            MIGRATIONS_DIR, location, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
        revision = textwrap.dedent(
            f'''
            """Rehearsal revision (tests only)."""
            import sqlalchemy as sa
            from alembic import op

            revision = "0002_rehearsal"
            down_revision = {HEAD_REVISION!r}
            branch_labels = None
            depends_on = None


            def upgrade() -> None:
            {{body}}

            def downgrade() -> None:
                pass
            '''
        ).replace("{body}", textwrap.indent(textwrap.dedent(upgrade_body).strip(), "    "))
        (location / "versions" / "0002_rehearsal.py").write_text(revision, encoding="utf-8")
        return location

    yield make


def test_upgrade_backs_up_first_and_keeps_every_child_row(
    released_copy: Path, backups: Path, rehearsal: Any
) -> None:
    location = rehearsal(REBUILD_PARENT_TABLES)
    before = row_counts(released_copy)
    original = sha256(released_copy)

    outcome = prepare_database(released_copy, backups, script_location=location)

    assert outcome.created is False
    assert outcome.from_revision == HEAD_REVISION
    assert outcome.to_revision == "0002_rehearsal"
    assert current_revision(released_copy) == "0002_rehearsal"
    # Rebuilding target, skill and contact must not cascade into the rows pointing at them.
    assert row_counts(released_copy) == before
    with sqlite3.connect(released_copy) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        columns = [r[1] for r in connection.execute("PRAGMA table_info('target')")]
    connection.close()
    assert "rehearsal_note" in columns

    assert outcome.backup_path is not None
    assert [b.path for b in list_backups(backups)] == [outcome.backup_path]
    assert list_backups(backups)[0].reason == "before-upgrade"
    assert current_revision(outcome.backup_path) == HEAD_REVISION
    assert row_counts(outcome.backup_path) == before
    assert quick_check(outcome.backup_path) == []
    assert sha256(released_copy) != original


def test_same_rebuild_with_foreign_keys_on_would_lose_rows(
    released_copy: Path, rehearsal: Any
) -> None:
    # Why prepare_database switches foreign keys off: this is what it prevents.
    location = rehearsal(REBUILD_PARENT_TABLES)
    engine = sa.create_engine(_url(released_copy), poolclass=sa.pool.NullPool)
    sa.event.listen(engine, "connect", lambda conn, _rec: conn.execute("PRAGMA foreign_keys=ON"))
    try:
        with engine.begin() as connection:
            config = alembic_config(location)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    assert row_counts(released_copy)["feedback"] == 0


def test_broken_links_after_an_upgrade_undo_it(
    released_copy: Path, backups: Path, rehearsal: Any
) -> None:
    location = rehearsal(BREAK_A_LINK)
    before = row_counts(released_copy)

    with pytest.raises(MigrationFailedError) as info:
        prepare_database(released_copy, backups, script_location=location)

    message = str(info.value)
    assert "point at records that no longer exist" in message
    assert "put back as it was" in message
    assert current_revision(released_copy) == HEAD_REVISION
    assert row_counts(released_copy) == before
    assert quick_check(released_copy) == []
    reasons = {b.reason for b in list_backups(backups)}
    assert "before-upgrade" in reasons


def test_failure_halfway_through_an_upgrade_leaves_the_data_as_it_was(
    released_copy: Path, backups: Path, rehearsal: Any
) -> None:
    location = rehearsal(FAIL_HALFWAY)
    before_structure = structure(released_copy)
    before_rows = row_counts(released_copy)

    with pytest.raises(MigrationFailedError, match="rehearsed failure"):
        prepare_database(released_copy, backups, script_location=location)

    assert current_revision(released_copy) == HEAD_REVISION
    assert structure(released_copy) == before_structure
    assert row_counts(released_copy) == before_rows


def test_damaged_database_is_not_upgraded(
    released_copy: Path, backups: Path, rehearsal: Any
) -> None:
    location = rehearsal(REBUILD_PARENT_TABLES)
    with sqlite3.connect(released_copy) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name='feedback'"
        ).fetchone()[0]
    connection.close()
    data = bytearray(released_copy.read_bytes())
    start = (root - 1) * page_size
    data[start + 8 : start + 200] = b"\xff" * 192  # scribble over a table page's cells
    released_copy.write_bytes(bytes(data))
    before = sha256(released_copy)

    with pytest.raises(MigrationFailedError, match="damaged"):
        prepare_database(released_copy, backups, script_location=location)

    assert sha256(released_copy) == before


# --- the app's own sessions -----------------------------------------------------------


def test_open_database_prepares_the_file_and_enforces_foreign_keys(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    database = open_database(data_dir)
    try:
        assert current_revision(database.path) == HEAD_REVISION
        with database.transaction() as session:
            assert session.execute(sa.text("PRAGMA foreign_keys")).scalar_one() == 1
        with pytest.raises(sa.exc.IntegrityError), database.transaction() as session:
            session.add(models.Skill(target_id=12345, name="SQL"))
    finally:
        database.close()

    # A second start-up finds the file current and leaves it as it is.
    database = open_database(data_dir)
    try:
        with database.transaction() as session:
            assert session.scalars(sa.select(models.Skill)).all() == []
    finally:
        database.close()
