"""Members, and the kit's outbox and consumer bookkeeping.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bastion.db import kit_schema

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    kit_schema.create_outbox_v1()
    kit_schema.create_consumer_v1()
    op.create_table(
        "members",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("branch_id", sa.Uuid, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("birth_date", sa.Date, nullable=False),
        sa.Column("education", sa.Text, nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("members_branch_idx", "members", ["branch_id"])


def downgrade() -> None:
    op.drop_table("members")
    kit_schema.drop_consumer_v1()
    kit_schema.drop_outbox_v1()
