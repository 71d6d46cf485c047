"""initial schema

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-25 16:50:28.609902

Remember: bump HEAD_REVISION in migrations/head.py, and save a database of the schema
being released under tests/migrations/released/ (see tests/migrations/make_released_db.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001_initial"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_setting")),
    )
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("linkedin_url", sa.String(length=2000), nullable=True),
        sa.Column("relationship", sa.String(length=26), nullable=False),
        sa.Column("how_we_met", sa.Text(), nullable=True),
        sa.Column("keep_in_touch_days", sa.Integer(), nullable=True),
        sa.Column("tags", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("organiser", sa.String(length=200), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("location", sa.String(length=2000), nullable=True),
        sa.Column("status", sa.String(length=18), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("posting_url", sa.String(length=2000), nullable=True),
        sa.Column("job_description", sa.Text(), nullable=True),
        sa.Column("first_interview_date", sa.Date(), nullable=True),
        sa.Column("rejection_date", sa.Date(), nullable=True),
        sa.Column("eligible_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "competency_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=27), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_competency_rating_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competency_rating")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_competency_rating_target_id"), "competency_rating", ["target_id"], unique=False
    )

    op.create_table(
        "contact_target",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_target_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_contact_target_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", "target_id", name=op.f("pk_contact_target")),
    )
    op.create_index(
        op.f("ix_contact_target_contact_id"), "contact_target", ["contact_id"], unique=False
    )
    op.create_index(
        op.f("ix_contact_target_target_id"), "contact_target", ["target_id"], unique=False
    )

    op.create_table(
        "cover_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_cover_letter_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cover_letter")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_cover_letter_target_id"), "cover_letter", ["target_id"], unique=False)

    op.create_table(
        "event_contact",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_event_contact_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_contact_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "contact_id", name=op.f("pk_event_contact")),
    )
    op.create_index(
        op.f("ix_event_contact_contact_id"), "event_contact", ["contact_id"], unique=False
    )
    op.create_index(op.f("ix_event_contact_event_id"), "event_contact", ["event_id"], unique=False)

    op.create_table(
        "experience",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=22), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("outcomes", sa.Text(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("resume_bullet", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_experience_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experience")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_experience_target_id"), "experience", ["target_id"], unique=False)

    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("channel", sa.String(length=15), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("follow_up_date", sa.Date(), nullable=True),
        sa.Column("follow_up_done", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_interaction_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_interaction_contact_id"), "interaction", ["contact_id"], unique=False)

    op.create_table(
        "interview_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("stage", sa.String(length=17), nullable=False),
        sa.Column("format", sa.String(length=200), nullable=True),
        sa.Column("interviewers", sa.String(length=500), nullable=True),
        sa.Column("outcome", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_interview_round_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_round")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_interview_round_target_id"), "interview_round", ["target_id"], unique=False
    )

    op.create_table(
        "journal_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=17), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_journal_entry_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entry")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_journal_entry_target_id"), "journal_entry", ["target_id"], unique=False
    )

    op.create_table(
        "portfolio_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_portfolio_item_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portfolio_item")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_portfolio_item_target_id"), "portfolio_item", ["target_id"], unique=False
    )

    op.create_table(
        "resume_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.Column("file", sa.String(length=500), nullable=True),
        sa.Column("plain_text", sa.Text(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("change_notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_resume_version_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resume_version")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_resume_version_target_id"), "resume_version", ["target_id"], unique=False
    )

    op.create_table(
        "skill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=17), nullable=False),
        sa.Column("required_level", sa.Integer(), nullable=False),
        sa.Column("current_level", sa.Integer(), nullable=False),
        sa.Column("importance", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"], ["target.id"], name=op.f("fk_skill_target_id_target"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill")),
        sa.UniqueConstraint("target_id", "name", name=op.f("uq_skill_target_id_name")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_skill_target_id"), "skill", ["target_id"], unique=False)

    op.create_table(
        "experience_skill",
        sa.Column("experience_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["experience_id"],
            ["experience.id"],
            name=op.f("fk_experience_skill_experience_id_experience"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_experience_skill_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("experience_id", "skill_id", name=op.f("pk_experience_skill")),
    )
    op.create_index(
        op.f("ix_experience_skill_experience_id"),
        "experience_skill",
        ["experience_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_experience_skill_skill_id"), "experience_skill", ["skill_id"], unique=False
    )

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=22), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(length=26), nullable=False),
        sa.Column("status", sa.String(length=18), nullable=False),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_feedback_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["interview_round.id"],
            name=op.f("fk_feedback_round_id_interview_round"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_feedback_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_feedback_contact_id"), "feedback", ["contact_id"], unique=False)
    op.create_index(op.f("ix_feedback_round_id"), "feedback", ["round_id"], unique=False)
    op.create_index(op.f("ix_feedback_target_id"), "feedback", ["target_id"], unique=False)

    op.create_table(
        "learning_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=21), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("status", sa.String(length=19), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("hours_planned", sa.Float(), nullable=True),
        sa.Column("hours_spent", sa.Float(), nullable=True),
        sa.Column("cost", sa.Float(), nullable=True),
        sa.Column("evidence_url", sa.String(length=2000), nullable=True),
        sa.Column("evidence_file", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_learning_activity_skill_id_skill"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_learning_activity_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_activity")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_learning_activity_skill_id"), "learning_activity", ["skill_id"], unique=False
    )
    op.create_index(
        op.f("ix_learning_activity_target_id"), "learning_activity", ["target_id"], unique=False
    )

    op.create_table(
        "portfolio_skill",
        sa.Column("portfolio_item_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["portfolio_item_id"],
            ["portfolio_item.id"],
            name=op.f("fk_portfolio_skill_portfolio_item_id_portfolio_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_portfolio_skill_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("portfolio_item_id", "skill_id", name=op.f("pk_portfolio_skill")),
    )
    op.create_index(
        op.f("ix_portfolio_skill_portfolio_item_id"),
        "portfolio_skill",
        ["portfolio_item_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_portfolio_skill_skill_id"), "portfolio_skill", ["skill_id"], unique=False
    )

    op.create_table(
        "question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=28), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("situation", sa.Text(), nullable=True),
        sa.Column("task", sa.Text(), nullable=True),
        sa.Column("action", sa.Text(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("reflection", sa.Text(), nullable=True),
        sa.Column("experience_id", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Integer(), nullable=True),
        sa.Column("practice_due", sa.Date(), nullable=True),
        sa.Column("practice_state", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["experience_id"],
            ["experience.id"],
            name=op.f("fk_question_experience_id_experience"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_question_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_question_experience_id"), "question", ["experience_id"], unique=False)
    op.create_index(op.f("ix_question_target_id"), "question", ["target_id"], unique=False)

    op.create_table(
        "reflection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("what_i_said", sa.Text(), nullable=True),
        sa.Column("what_landed", sa.Text(), nullable=True),
        sa.Column("what_was_missing", sa.Text(), nullable=True),
        sa.Column("better_answer", sa.Text(), nullable=True),
        sa.Column("verdict", sa.String(length=14), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["interview_round.id"],
            name=op.f("fk_reflection_round_id_interview_round"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_reflection_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflection")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_reflection_round_id"), "reflection", ["round_id"], unique=False)
    op.create_index(op.f("ix_reflection_target_id"), "reflection", ["target_id"], unique=False)

    op.create_table(
        "skill_level_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_skill_level_change_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_level_change")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_skill_level_change_skill_id"), "skill_level_change", ["skill_id"], unique=False
    )

    op.create_table(
        "feedback_skill",
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_feedback_skill_feedback_id_feedback"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_feedback_skill_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("feedback_id", "skill_id", name=op.f("pk_feedback_skill")),
    )
    op.create_index(
        op.f("ix_feedback_skill_feedback_id"), "feedback_skill", ["feedback_id"], unique=False
    )
    op.create_index(
        op.f("ix_feedback_skill_skill_id"), "feedback_skill", ["skill_id"], unique=False
    )

    op.create_table(
        "practice_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("practiced_on", sa.Date(), nullable=True),
        sa.Column("duration_seconds", sa.Integer(), nullable=True),
        sa.Column("rating", sa.String(length=13), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["question.id"],
            name=op.f("fk_practice_session_question_id_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_session")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_practice_session_question_id"), "practice_session", ["question_id"], unique=False
    )


def downgrade() -> None:
    # Indexes go with their tables; children before parents.
    op.drop_table("practice_session")
    op.drop_table("feedback_skill")
    op.drop_table("skill_level_change")
    op.drop_table("reflection")
    op.drop_table("question")
    op.drop_table("portfolio_skill")
    op.drop_table("learning_activity")
    op.drop_table("feedback")
    op.drop_table("experience_skill")
    op.drop_table("skill")
    op.drop_table("resume_version")
    op.drop_table("portfolio_item")
    op.drop_table("journal_entry")
    op.drop_table("interview_round")
    op.drop_table("interaction")
    op.drop_table("experience")
    op.drop_table("event_contact")
    op.drop_table("cover_letter")
    op.drop_table("contact_target")
    op.drop_table("competency_rating")
    op.drop_table("target")
    op.drop_table("event")
    op.drop_table("contact")
    op.drop_table("app_setting")
