"""record.uuid: a stable identity for every record, so importing a file twice merges

Revision ID: 0004_record_uuids
Revises: 0003_resume
Create Date: 2026-12-01 12:00:00

Every record table gets a ``uuid`` column (text, 36 characters, unique), filled for the
rows already there.  It is added in place and stays nullable in the schema: making it NOT
NULL would mean rebuilding all eighteen tables, and a rebuild loses SQLite's AUTOINCREMENT
high-water marks (an id could then be handed out twice, which undo relies on never
happening).  The app fills it on every insert (the model's default), and the backfill
below fills every existing row.

Remember: bump HEAD_REVISION in migrations/head.py, and save a database of the schema
being released under tests/migrations/released/ (see tests/migrations/make_released_db.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_record_uuids"
down_revision: str | Sequence[str] | None = "0003_resume"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables with an integer id at this revision (not link tables, not app_setting).
RECORD_TABLES = (
    "target",
    "interview_round",
    "feedback",
    "reflection",
    "competency_rating",
    "skill",
    "skill_level_change",
    "learning_activity",
    "experience",
    "contact",
    "interaction",
    "event",
    "resume_version",
    "portfolio_item",
    "cover_letter",
    "question",
    "practice_session",
    "journal_entry",
)


def upgrade() -> None:
    connection = op.get_bind()
    for table in RECORD_TABLES:
        # A nullable column is added in place (no table rebuild), so no row is at risk.
        op.add_column(table, sa.Column("uuid", sa.String(length=36), nullable=True))
        ids = [row[0] for row in connection.exec_driver_sql(f'SELECT id FROM "{table}"')]
        if ids:
            connection.exec_driver_sql(
                f'UPDATE "{table}" SET uuid = ? WHERE id = ?',
                [(str(uuid.uuid4()), record_id) for record_id in ids],
            )
        op.create_index(op.f(f"ix_{table}_uuid"), table, ["uuid"], unique=True)


def downgrade() -> None:
    for table in RECORD_TABLES:
        op.drop_index(op.f(f"ix_{table}_uuid"), table_name=table)
        with op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True}) as batch_op:
            batch_op.drop_column("uuid")
