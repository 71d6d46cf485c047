"""portfolio_item.file: a file that shows the work, opened from the Portfolio

Revision ID: 0003_resume
Revises: 0002_feedback_request
Create Date: 2026-12-01 13:00:00

Remember: bump HEAD_REVISION in migrations/head.py, and save a database of the schema
being released under tests/migrations/released/ (see tests/migrations/make_released_db.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_resume"
down_revision: str | Sequence[str] | None = "0002_feedback_request"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column is added in place (no table rebuild), so no child row is at risk.
    op.add_column("portfolio_item", sa.Column("file", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("portfolio_item") as batch_op:
        batch_op.drop_column("file")
