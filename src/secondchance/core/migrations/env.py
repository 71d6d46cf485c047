"""Alembic environment, run from code by ``secondchance.core.migrate``.

The caller hands over an open connection in ``config.attributes["connection"]`` with
foreign keys switched off and a transaction already begun, so the whole upgrade and the
foreign-key check after it commit or roll back together.  Without a connection (a developer
running autogenerate), ``sqlalchemy.url`` from the config is used.

To write a new revision, prepare a scratch database at the current head, then::

    PYTHONPATH=src python -c "from alembic import command; \\
        from secondchance.core.migrate import alembic_config; \\
        command.revision(alembic_config(url='sqlite:////tmp/head.sqlite3'), \\
        message='what changes', autogenerate=True, rev_id='0002_what_changes')"

review it, run ``ruff check --fix`` and ``ruff format`` on it, and follow the reminder in
its docstring.
"""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from secondchance.core import models
from secondchance.core.change_mark import include_object

config = context.config
target_metadata = models.Base.metadata


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render model-only types as the plain SQL types they store.

    Revisions are frozen history: they must not import today's model code, and an enum's
    members do not belong in a migration (they are stored by name in a VARCHAR without a
    CHECK constraint, so adding a member needs no migration).
    """
    if type_ == "type":
        if isinstance(obj, models.UTCDateTime):
            return "sa.DateTime()"
        if isinstance(obj, sa.Enum):
            return f"sa.String(length={obj.length!r})"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite can change little in place; batch mode recreates tables instead.
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("No database given: pass a connection or set sqlalchemy.url.")
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as new_connection:
            _run(new_connection)
            new_connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    # Batch operations read the live table definitions, which an SQL script cannot do.
    raise RuntimeError("Offline (SQL script) migrations are not supported for SQLite.")
run_migrations_online()
