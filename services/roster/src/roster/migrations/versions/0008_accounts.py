"""Signing in: accounts, sessions, rotating signing keys, and the officers of party committees

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=True, comment="null: IT's system administrator"),
        sa.Column(
            "password_hash", sa.Text(), nullable=True, comment="Argon2id (PHC string); null: identity provider only"
        ),
        sa.Column("must_change_password", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("oidc_subject", sa.Text(), nullable=True, comment="the identity provider's `sub` for this person"),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("accounts_member_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("accounts_pk")),
        sa.UniqueConstraint("member_id", name="accounts_member_id_uq"),
        sa.UniqueConstraint("oidc_subject", name="accounts_oidc_subject_uq"),
    )
    op.create_index("accounts_username_uq", "accounts", [sa.text("lower(username)")], unique=True)
    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("refresh_hash", sa.Text(), nullable=False, comment="SHA-256 of the refresh token (the cookie)"),
        sa.Column("method", sa.Text(), nullable=False, comment="password | oidc"),
        sa.Column("client", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("auth_sessions_account_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("auth_sessions_pk")),
        sa.UniqueConstraint("refresh_hash", name="auth_sessions_refresh_hash_uq"),
    )
    op.create_index("auth_sessions_account_idx", "auth_sessions", ["account_id"], unique=False)
    op.create_table(
        "signing_keys",
        sa.Column("kid", sa.Text(), nullable=False),
        sa.Column("private_pem", sa.Text(), nullable=False, comment="EC P-256, PKCS#8 PEM"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kid", name=op.f("signing_keys_pk")),
    )
    op.create_table(
        "org_officers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_unit_id", sa.Uuid(), nullable=False, comment="a party committee or general branch"),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False, comment="书记、副书记、组织委员 …"),
        sa.Column("seated_on", sa.Date(), nullable=False),
        sa.Column("vacated_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["org_unit_id"], ["org_units.id"], name=op.f("org_officers_org_unit_id_fk")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("org_officers_member_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("org_officers_pk")),
    )
    op.create_index("org_officers_member_idx", "org_officers", ["member_id"], unique=False)
    op.create_index(
        "org_officers_seated_uq",
        "org_officers",
        ["org_unit_id", "member_id"],
        unique=True,
        postgresql_where=sa.text("vacated_on IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("org_officers")
    op.drop_table("signing_keys")
    op.drop_table("auth_sessions")
    op.drop_index("accounts_username_uq", table_name="accounts")
    op.drop_table("accounts")
