"""Network and timing: a contact's quiet period, and the target's whole life (attempts,
the reapplication and its outcome, archiving)

Revision ID: 0003_network_timing
Revises: 0002_feedback_request
Create Date: 2026-12-02 10:00:00

Remember: bump HEAD_REVISION in migrations/head.py, and save a database of the schema
being released under tests/migrations/released/ (see tests/migrations/make_released_db.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_network_timing"
down_revision: str | Sequence[str] | None = "0002_feedback_request"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain columns are added in place (no table rebuild). The reference to the previous
    # attempt needs a constraint, which SQLite only adds by rebuilding the table: batch
    # mode does that with foreign keys off (core/migrate.py), so no child row is touched.
    op.add_column("contact", sa.Column("quiet_until", sa.Date(), nullable=True))
    with op.batch_alter_table("target") as batch_op:
        batch_op.add_column(sa.Column("attempt", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("previous_attempt_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reapplied_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "reapply_stage", sa.String(length=17), nullable=False, server_default="not_yet"
            )
        )
        batch_op.add_column(
            sa.Column("outcome", sa.String(length=22), nullable=False, server_default="pending")
        )
        batch_op.add_column(sa.Column("outcome_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("outcome_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("archived_on", sa.Date(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_target_previous_attempt_id"), ["previous_attempt_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_target_previous_attempt_id_target"),
            "target",
            ["previous_attempt_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("target") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_target_previous_attempt_id_target"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_target_previous_attempt_id"))
        for column in (
            "archived_on",
            "outcome_note",
            "outcome_on",
            "outcome",
            "reapply_stage",
            "reapplied_on",
            "previous_attempt_id",
            "attempt",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("contact") as batch_op:
        batch_op.drop_column("quiet_until")
