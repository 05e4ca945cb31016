"""Ratings, suggestions, the working-day calendar, the public channel, and known facts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 04:04:25.306926
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "working",
            sa.Boolean(),
            nullable=False,
            comment="false: a holiday; true: a weekend made a working day (调休)",
        ),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("calendar_days_pk")),
    )
    op.create_table(
        "known_activities",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("activity_id", name=op.f("known_activities_pk")),
    )
    op.create_table(
        "known_people",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("member_id", name=op.f("known_people_pk")),
    )
    op.create_table(
        "known_units",
        sa.Column("org_unit_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("dissolved", sa.Boolean(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_unit_id", name=op.f("known_units_pk")),
    )
    op.create_table(
        "public_codes",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("public_codes_pk")),
        sa.UniqueConstraint("branch_id", name=op.f("public_codes_branch_id_uq")),
    )
    op.create_table(
        "public_submissions",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("client_hash", sa.LargeBinary(), nullable=False, comment="HMAC of the client address"),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("public_submissions_pk")),
    )
    op.create_index("public_submissions_client_idx", "public_submissions", ["client_hash", "at"], unique=False)
    op.create_table(
        "ratings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject_kind", sa.Text(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("activity_kind", sa.Text(), nullable=True),
        sa.Column("member_id", sa.Uuid(), nullable=True),
        sa.Column("respondent_group", sa.Text(), nullable=False),
        sa.Column(
            "respondent_hash",
            sa.LargeBinary(),
            nullable=False,
            comment="HMAC of the respondent's identity, never the identity",
        ),
        sa.Column(
            "display_name", sa.Text(), nullable=True, comment="what the respondent chose to show; null when anonymous"
        ),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("dimensions", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("ratings_pk")),
        sa.UniqueConstraint(
            "subject_kind", "subject_id", "respondent_hash", "period", name="ratings_one_per_period_uq"
        ),
    )
    op.create_index("ratings_branch_period_idx", "ratings", ["branch_id", "period"], unique=False)
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("five_services", sa.Text(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("respondent_group", sa.Text(), nullable=False),
        sa.Column("proposer_member_id", sa.Uuid(), nullable=True),
        sa.Column("proposer_name", sa.Text(), nullable=True),
        sa.Column("contact", sa.Text(), nullable=True, comment="for the answer; shown to the branch's staff only"),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column(
            "receipt_hash", sa.LargeBinary(), nullable=False, comment="hash of the receipt code the proposer keeps"
        ),
        sa.Column("content_hash", sa.LargeBinary(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledge_due", sa.Date(), nullable=False),
        sa.Column("decide_due", sa.Date(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reopened_count", sa.Integer(), nullable=False),
        sa.Column("answer_rating", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("suggestions_pk")),
        sa.UniqueConstraint("receipt_hash", name="suggestions_receipt_hash_uq"),
    )
    op.create_index("suggestions_branch_state_idx", "suggestions", ["branch_id", "state"], unique=False)
    op.create_index("suggestions_content_idx", "suggestions", ["branch_id", "content_hash"], unique=False)
    op.create_table(
        "suggestion_history",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("suggestion_id", sa.Uuid(), nullable=False),
        sa.Column(
            "step",
            sa.Text(),
            nullable=False,
            comment="submitted, acknowledged, decided, progress, responded, closed, ...",
        ),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["suggestion_id"], ["suggestions.id"], name=op.f("suggestion_history_suggestion_id_fk")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("suggestion_history_pk")),
    )
    op.create_index("suggestion_history_suggestion_idx", "suggestion_history", ["suggestion_id", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("suggestion_history_suggestion_idx", table_name="suggestion_history")
    op.drop_table("suggestion_history")
    op.drop_index("suggestions_content_idx", table_name="suggestions")
    op.drop_index("suggestions_branch_state_idx", table_name="suggestions")
    op.drop_table("suggestions")
    op.drop_index("ratings_branch_period_idx", table_name="ratings")
    op.drop_table("ratings")
    op.drop_index("public_submissions_client_idx", table_name="public_submissions")
    op.drop_table("public_submissions")
    op.drop_table("public_codes")
    op.drop_table("known_units")
    op.drop_table("known_people")
    op.drop_table("known_activities")
    op.drop_table("calendar_days")
