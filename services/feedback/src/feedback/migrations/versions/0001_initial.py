"""The kit's outbox and consumer bookkeeping.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from bastion.db import kit_schema

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    kit_schema.create_outbox_v1()
    kit_schema.create_consumer_v1()


def downgrade() -> None:
    kit_schema.drop_consumer_v1()
    kit_schema.drop_outbox_v1()
