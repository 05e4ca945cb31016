"""The public channel per device and per branch mode: submissions remember their device and what they
rated (limits per device, bursts per subject), ratings say what their respondent is and why one is
flagged, and a branch's channel may ask for the employee number.

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
    op.add_column(
        "ratings",
        sa.Column(
            "respondent_basis",
            sa.Text(),
            nullable=True,
            comment="what the respondent hash stands for: device, employee_number or recorded_identity",
        ),
    )
    op.add_column(
        "ratings",
        sa.Column(
            "flag_reason",
            sa.Text(),
            nullable=True,
            comment="why the secretary should check it (a burst from one address)",
        ),
    )
    # Until now the public page counted a device and staff typed who rated: say so for the ratings already kept.
    op.execute(
        "UPDATE ratings SET respondent_basis = CASE channel WHEN 'public' THEN 'device' ELSE 'recorded_identity' END"
    )
    op.add_column(
        "public_codes",
        sa.Column(
            "mode", sa.Text(), nullable=True, comment="anonymous (null: the default) or identified (employee number)"
        ),
    )
    op.add_column(
        "public_submissions",
        sa.Column("device_hash", sa.LargeBinary(), nullable=True, comment="HMAC of the device cookie"),
    )
    op.add_column(
        "public_submissions", sa.Column("subject_id", sa.Uuid(), nullable=True, comment="what was rated, for a rating")
    )
    op.add_column("public_submissions", sa.Column("rating_id", sa.Uuid(), nullable=True))
    op.create_index("public_submissions_device_idx", "public_submissions", ["device_hash", "at"])


def downgrade() -> None:
    op.drop_index("public_submissions_device_idx", table_name="public_submissions")
    for column in ("rating_id", "subject_id", "device_hash"):
        op.drop_column("public_submissions", column)
    op.drop_column("public_codes", "mode")
    op.drop_column("ratings", "flag_reason")
    op.drop_column("ratings", "respondent_basis")
