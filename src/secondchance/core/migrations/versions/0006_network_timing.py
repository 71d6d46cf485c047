"""Network and timing: a contact's quiet period, and the target's whole life (attempts,
the reapplication and its outcome, archiving)

Revision ID: 0006_network_timing
Revises: 0005_interview_prep
Create Date: 2026-12-02 10:00:00

Remember: bump HEAD_REVISION in migrations/head.py, and save a database of the schema
being released under tests/migrations/released/ (see tests/migrations/make_released_db.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006_network_timing"
down_revision: str | Sequence[str] | None = "0005_interview_prep"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


@contextlib.contextmanager
def _rebuilt(table: str) -> Iterator[Any]:
    """Batch mode that keeps the table AUTOINCREMENT and its id counter: an id handed out
    once (even to a record deleted since) must never be handed out again, or undoing that
    delete would clash with the newer record (as in 0005)."""
    bind = op.get_bind()
    counter = sa.text("SELECT seq FROM sqlite_sequence WHERE name = :name")
    seq = bind.execute(counter, {"name": table}).scalar()
    with op.batch_alter_table(
        table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        yield batch_op
    if seq is not None:
        bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :name"), {"name": table})
        bind.execute(
            sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:name, :seq)"),
            {"name": table, "seq": seq},
        )


def upgrade() -> None:
    # Plain columns are added in place (no table rebuild). The reference to the previous
    # attempt needs a constraint, which SQLite only adds by rebuilding the table: batch
    # mode does that with foreign keys off (core/migrate.py), so no child row is touched.
    op.add_column("contact", sa.Column("quiet_until", sa.Date(), nullable=True))
    with _rebuilt("target") as batch_op:
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
    with _rebuilt("target") as batch_op:
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
