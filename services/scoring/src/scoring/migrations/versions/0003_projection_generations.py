"""Projection generations: scoring's projections move into one schema per generation; announced scores.

The walking skeleton's member facts were a projection: they are dropped, and the first generation
is built from the topics when the service starts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("member_facts")
    op.create_table(
        "projection_generations",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("state", sa.Text, nullable=False, comment="building | live | retired"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("switched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "announced_scores",
        sa.Column("subject", sa.Text, nullable=False, comment="member:<id> or branch:<id>"),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("total", sa.Numeric(7, 2), nullable=False),
        sa.Column("stars", sa.Integer, nullable=True),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("subject", "year"),
    )


def downgrade() -> None:
    op.drop_table("announced_scores")
    op.drop_table("projection_generations")
    op.create_table(
        "member_facts",
        sa.Column("member_id", sa.Uuid, primary_key=True),
        sa.Column("branch_id", sa.Uuid, nullable=False),
        sa.Column("birth_date", sa.Date, nullable=False),
        sa.Column("education", sa.Text, nullable=False),
        sa.Column("sequence", sa.BigInteger, nullable=False),
        sa.Column("stage", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
    )
    op.create_index("member_facts_branch_idx", "member_facts", ["branch_id"])
