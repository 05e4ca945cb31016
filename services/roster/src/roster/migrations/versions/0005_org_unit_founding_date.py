"""Org units keep the day they were set up (成立日期), so past figures count a party group from then on.

Units set up before this revision keep none (null): their founding day was never recorded, and using
the day they were entered would be a guess.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "org_units",
        sa.Column(
            "established_on", sa.Date(), nullable=True, comment="成立日期; null for units set up before it was kept"
        ),
    )


def downgrade() -> None:
    op.drop_column("org_units", "established_on")
