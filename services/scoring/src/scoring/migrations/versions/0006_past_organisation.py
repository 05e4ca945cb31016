"""The past organisation: new nullable fact columns in every existing generation, and which projection
version built each generation.

A generation's tables are created by code (``scoring.adapters.generations``); those built before this
revision lack the columns the consumer now writes (stage dates, founding and dissolution days, when a
department was served and a talent listed), so they are added here, nullable, to every generation schema
that has the tables. New fact tables (status changes, transfers, seats) are created in the live generation
when the service starts. The history of events applied before the upgrade is not in the live generation:
``bastion rebuild`` fills it from the topics (and, because the live generation was built by an earlier
projection version, does not require the two to be identical).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_DATE_COLUMNS = {
    "f_units": ("established_on", "dissolved_on"),
    "f_members": ("candidate_on", "full_on"),
    "f_departments": ("added_on", "removed_on"),
    "f_reserve": ("added_on", "removed_on"),
}


def _generation_schemas() -> list[str]:
    found = op.get_bind().execute(
        sa.text(
            "SELECT DISTINCT table_schema FROM information_schema.tables "
            "WHERE table_name = 'f_members' AND table_schema ~ '^gen_[0-9]+$' ORDER BY table_schema"
        )
    )
    return [str(name) for name in found.scalars()]


def upgrade() -> None:
    op.add_column(
        "projection_generations",
        sa.Column(
            "projection_version",
            sa.Integer(),
            nullable=True,
            comment="PROJECTION_VERSION of the code that built it; null: built before versions were kept (1)",
        ),
    )
    for schema in _generation_schemas():
        for table, columns in NEW_DATE_COLUMNS.items():
            for column in columns:
                op.execute(f'ALTER TABLE "{schema}"."{table}" ADD COLUMN IF NOT EXISTS {column} date')


def downgrade() -> None:
    for schema in _generation_schemas():
        for table, columns in NEW_DATE_COLUMNS.items():
            for column in columns:
                op.execute(f'ALTER TABLE "{schema}"."{table}" DROP COLUMN IF EXISTS {column}')
    op.drop_column("projection_generations", "projection_version")
