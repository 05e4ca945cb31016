"""The kit's security tables: machine clients' API keys (hashed) and the audit log of changes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from bastion.db import kit_schema

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    kit_schema.create_security_v1()


def downgrade() -> None:
    kit_schema.drop_security_v1()
