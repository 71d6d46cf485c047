"""Interview Prep: questions linked to feedback and skills, mock interviews, an interview date

Revision ID: 0005_interview_prep
Revises: 0004_record_uuids
Create Date: 2026-11-27 10:00:00

- target.interview_date: the next interview, which practice scheduling aims at;
- question.feedback_id (the feedback it answers), question.hint (what the interviewer is
  really asking), question.target_seconds (how long the person aims to speak);
- question_skill: the skills a question's answer shows;
- mock_interview, and practice_session.mock_id: the answers given in one mock interview.

Remember: bump HEAD_REVISION in migrations/head.py, and save a database of the schema
being released under tests/migrations/released/ (see tests/migrations/make_released_db.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005_interview_prep"
down_revision: str | Sequence[str] | None = "0004_record_uuids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


@contextlib.contextmanager
def _rebuilt(table: str) -> Iterator[Any]:
    """Batch mode that keeps the table AUTOINCREMENT and its id counter: an id handed out
    once (even to a record deleted since) must never be handed out again, or undoing that
    delete would clash with the newer record."""
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
    # Nullable columns without a constraint are added in place (no table rebuild).
    op.add_column("target", sa.Column("interview_date", sa.Date(), nullable=True))

    op.create_table(
        "mock_interview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("planned", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        # A record's identity across workspaces, as every record table has since 0004.
        sa.Column("uuid", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_mock_interview_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_interview")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_mock_interview_target_id"), "mock_interview", ["target_id"], unique=False
    )
    op.create_index(op.f("ix_mock_interview_uuid"), "mock_interview", ["uuid"], unique=True)

    op.create_table(
        "question_skill",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["question.id"],
            name=op.f("fk_question_skill_question_id_question"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_question_skill_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("question_id", "skill_id", name=op.f("pk_question_skill")),
    )
    op.create_index(
        op.f("ix_question_skill_question_id"), "question_skill", ["question_id"], unique=False
    )
    op.create_index(
        op.f("ix_question_skill_skill_id"), "question_skill", ["skill_id"], unique=False
    )

    # A column with a foreign key needs the table rebuilt (batch mode; foreign keys are off
    # during migrations, so the rows that point at these tables stay as they are).
    with _rebuilt("question") as batch_op:
        batch_op.add_column(sa.Column("feedback_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("hint", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("target_seconds", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_question_feedback_id_feedback"),
            "feedback",
            ["feedback_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(op.f("ix_question_feedback_id"), ["feedback_id"], unique=False)

    with _rebuilt("practice_session") as batch_op:
        batch_op.add_column(sa.Column("mock_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_practice_session_mock_id_mock_interview"),
            "mock_interview",
            ["mock_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(op.f("ix_practice_session_mock_id"), ["mock_id"], unique=False)


def downgrade() -> None:
    with _rebuilt("practice_session") as batch_op:
        batch_op.drop_index(op.f("ix_practice_session_mock_id"))
        batch_op.drop_constraint(
            op.f("fk_practice_session_mock_id_mock_interview"), type_="foreignkey"
        )
        batch_op.drop_column("mock_id")
    with _rebuilt("question") as batch_op:
        batch_op.drop_index(op.f("ix_question_feedback_id"))
        batch_op.drop_constraint(op.f("fk_question_feedback_id_feedback"), type_="foreignkey")
        batch_op.drop_column("target_seconds")
        batch_op.drop_column("hint")
        batch_op.drop_column("feedback_id")
    op.drop_table("question_skill")
    op.drop_table("mock_interview")
    with op.batch_alter_table("target") as batch_op:
        batch_op.drop_column("interview_date")
