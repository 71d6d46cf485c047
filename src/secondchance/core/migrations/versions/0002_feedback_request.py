"""target.feedback_requested_on: the day the person asked the company for feedback

Revision ID: 0002_feedback_request
Revises: 0001_initial
Create Date: 2026-11-25 18:30:00

Remember: bump HEAD_REVISION in migrations/head.py, and save a database of the schema
being released under tests/migrations/released/ (see tests/migrations/make_released_db.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_feedback_request"
down_revision: str | Sequence[str] | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column is added in place (no table rebuild), so no child row is at risk.
    op.add_column("target", sa.Column("feedback_requested_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("target") as batch_op:
        batch_op.drop_column("feedback_requested_on")
