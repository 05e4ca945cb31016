"""Member stage and status, so counts are of active Party members

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 03:16:16.855447
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A projection: clear it and let the consumer read every event again to fill the new columns.
    op.execute("TRUNCATE member_facts")
    op.execute("DELETE FROM consumer_offsets WHERE consumer = 'scoring'")
    op.execute("DELETE FROM consumer_processed_events WHERE consumer = 'scoring'")
    op.add_column("member_facts", sa.Column("stage", sa.Text(), nullable=False))
    op.add_column("member_facts", sa.Column("status", sa.Text(), nullable=False))


def downgrade() -> None:
    op.drop_column("member_facts", "status")
    op.drop_column("member_facts", "stage")
