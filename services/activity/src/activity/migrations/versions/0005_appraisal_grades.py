"""The grades decided at member appraisals (民主评议党员)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
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
    op.create_table(
        "appraisal_grades",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column(
            "grade",
            sa.Text(),
            nullable=False,
            comment="excellent | qualified | basically_qualified | unqualified",
        ),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], name=op.f("appraisal_grades_activity_id_fk")),
        sa.PrimaryKeyConstraint("activity_id", "member_id", name=op.f("appraisal_grades_pk")),
        comment="民主评议党员: the grade each full member was given at an appraisal meeting (corrections replace it)",
    )


def downgrade() -> None:
    op.drop_table("appraisal_grades")
