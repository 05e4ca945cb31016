"""Branch recognitions: the committee's recognised innovations (创新成果) and published experiences (经验推广)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "branch_recognitions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False, comment="innovation | published_experience"),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("recognised_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["org_units.id"], name=op.f("branch_recognitions_branch_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("branch_recognitions_pk")),
    )
    op.create_index(
        "branch_recognitions_branch_idx", "branch_recognitions", ["branch_id", "recognised_on"], unique=False
    )


def downgrade() -> None:
    op.drop_index("branch_recognitions_branch_idx", table_name="branch_recognitions")
    op.drop_table("branch_recognitions")
