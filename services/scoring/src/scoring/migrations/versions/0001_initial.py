"""Member facts, and the kit's outbox and consumer bookkeeping.

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
        "member_facts",
        sa.Column("member_id", sa.Uuid, primary_key=True),
        sa.Column("branch_id", sa.Uuid, nullable=False),
        sa.Column("birth_date", sa.Date, nullable=False),
        sa.Column("education", sa.Text, nullable=False),
        sa.Column(
            "sequence",
            sa.BigInteger,
            nullable=False,
            comment="sequence of the event that last wrote this row",
        ),
    )
    op.create_index("member_facts_branch_idx", "member_facts", ["branch_id"])


def downgrade() -> None:
    op.drop_table("member_facts")
    kit_schema.drop_consumer_v1()
    kit_schema.drop_outbox_v1()
