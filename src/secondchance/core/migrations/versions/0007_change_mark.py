"""A change mark: one token that SQLite changes whenever any record changes

Revision ID: 0007_change_mark
Revises: 0006_network_timing
Create Date: 2026-12-02 08:00:00

- change_mark: one row (id 1) holding a random ``token``;
- on every table of records but ``app_setting``, three triggers (after insert, update,
  delete) that give the token a new random value (see core/change_mark.py for why).

The statements are written out here, not taken from core/change_mark.py: a revision must do
tomorrow what it did the day it was released.

Remember: bump HEAD_REVISION in migrations/head.py, and save a database of the schema
being released under tests/migrations/released/ (see tests/migrations/make_released_db.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_change_mark"
down_revision: str | Sequence[str] | None = "0006_network_timing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOT_MARKED = ("app_setting", "change_mark", "alembic_version")
_EVENTS = ("insert", "update", "delete")


def _tables() -> list[str]:
    found = op.get_bind().execute(
        sa.text(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
    )
    return [str(name) for (name,) in found if name not in _NOT_MARKED]


def upgrade() -> None:
    op.create_table(
        "change_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_mark")),
    )
    op.execute("INSERT INTO change_mark (id, token) VALUES (1, random())")
    for table in _tables():
        for event in _EVENTS:
            op.execute(
                f'CREATE TRIGGER "change_mark_{table}_{event}" AFTER {event.upper()} ON "{table}"'
                " BEGIN UPDATE change_mark SET token = random() WHERE id = 1; END"
            )


def downgrade() -> None:
    for table in _tables():
        for event in _EVENTS:
            op.execute(f'DROP TRIGGER IF EXISTS "change_mark_{table}_{event}"')
    op.drop_table("change_mark")
