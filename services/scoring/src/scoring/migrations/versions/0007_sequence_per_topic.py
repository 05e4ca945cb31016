"""The kit's ``sequence`` counter per (topic, subject), as subscribers read it: per message key on one topic.

The old counter per subject (``outbox_sequences``) stays: each (topic, subject) starts after it, so the
numbers on every topic keep increasing across the upgrade.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from bastion.db import kit_schema

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    kit_schema.create_topic_sequences_v1()


def downgrade() -> None:
    kit_schema.drop_topic_sequences_v1()
