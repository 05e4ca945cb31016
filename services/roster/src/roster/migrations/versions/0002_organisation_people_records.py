"""Organisation, people and records: the roster of issue "Roster"

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 03:13:34.775543
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
    op.create_table(
        "org_units",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column(
            "ancestor_ids",
            sa.ARRAY(sa.Uuid()),
            nullable=False,
            comment="from the top of the tree down to the parent",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dissolved_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["org_units.id"], name=op.f("org_units_parent_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("org_units_pk")),
    )
    op.create_index(
        "org_units_active_name_uq",
        "org_units",
        ["parent_id", "name"],
        unique=True,
        postgresql_where=sa.text("dissolved_on IS NULL"),
        postgresql_nulls_not_distinct=True,
    )
    op.create_index("org_units_ancestors_idx", "org_units", ["ancestor_ids"], unique=False, postgresql_using="gin")
    op.create_index("org_units_parent_idx", "org_units", ["parent_id"], unique=False)
    # The walking skeleton's members table held test data only; the roster starts afresh.
    op.drop_index("members_branch_idx", table_name="members")
    op.drop_table("members")
    op.create_table(
        "members",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("group_role", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("gender", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("education", sa.Text(), nullable=False),
        sa.Column("department", sa.Text(), nullable=False),
        sa.Column("position", sa.Text(), nullable=False),
        sa.Column("employee_number", sa.Text(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("member_class", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("status_changed_on", sa.Date(), nullable=True),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("activist_on", sa.Date(), nullable=True),
        sa.Column("candidate_on", sa.Date(), nullable=True),
        sa.Column("probationary_on", sa.Date(), nullable=True),
        sa.Column("full_on", sa.Date(), nullable=True),
        sa.Column("probation_extension_months", sa.Integer(), server_default="0", nullable=False),
        sa.Column("application_talk_on", sa.Date(), nullable=True),
        sa.Column("last_activist_review_on", sa.Date(), nullable=True),
        sa.Column("sponsor_ids", sa.ARRAY(sa.Uuid()), server_default="{}", nullable=False),
        sa.Column("cultivation_contact_ids", sa.ARRAY(sa.Uuid()), server_default="{}", nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["org_units.id"], name=op.f("members_branch_id_fk")),
        sa.ForeignKeyConstraint(["group_id"], ["org_units.id"], name=op.f("members_group_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("members_pk")),
        sa.UniqueConstraint("employee_number", name="members_employee_number_uq"),
    )
    op.create_index("members_branch_idx", "members", ["branch_id"], unique=False)
    op.create_index("members_group_idx", "members", ["group_id"], unique=False)
    op.create_index("members_name_idx", "members", ["name"], unique=False)
    op.create_table(
        "committee_terms",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True, comment="set when a later term replaced this one"),
        sa.ForeignKeyConstraint(["branch_id"], ["org_units.id"], name=op.f("committee_terms_branch_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("committee_terms_pk")),
    )
    op.create_index("committee_terms_branch_idx", "committee_terms", ["branch_id"], unique=False)
    op.create_index(
        "committee_terms_current_uq",
        "committee_terms",
        ["branch_id"],
        unique=True,
        postgresql_where=sa.text("ended_on IS NULL"),
    )
    op.create_table(
        "departments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["branch_id"], ["org_units.id"], name=op.f("departments_branch_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("departments_pk")),
    )
    op.create_index(
        "departments_active_name_uq",
        "departments",
        ["branch_id", "name"],
        unique=True,
        postgresql_where=sa.text("removed_on IS NULL"),
    )
    op.create_table(
        "service_posts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("holder_ids", sa.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("department_ids", sa.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["branch_id"], ["org_units.id"], name=op.f("service_posts_branch_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("service_posts_pk")),
    )
    op.create_index("service_posts_branch_idx", "service_posts", ["branch_id"], unique=False)
    op.create_table(
        "committee_seats",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("term_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("member_name", sa.Text(), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        sa.Column("vacated_on", sa.Date(), nullable=True),
        sa.Column("vacate_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("committee_seats_member_id_fk")),
        sa.ForeignKeyConstraint(["term_id"], ["committee_terms.id"], name=op.f("committee_seats_term_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("committee_seats_pk")),
    )
    op.create_index(
        "committee_seats_one_per_member_uq",
        "committee_seats",
        ["term_id", "member_id"],
        unique=True,
        postgresql_where=sa.text("vacated_on IS NULL"),
    )
    op.create_index(
        "committee_seats_single_role_uq",
        "committee_seats",
        ["term_id", "role"],
        unique=True,
        postgresql_where=sa.text("vacated_on IS NULL AND role <> 'committee_member'"),
    )
    op.create_index("committee_seats_term_idx", "committee_seats", ["term_id"], unique=False)
    op.create_table(
        "discipline_records",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("criminal_conviction", sa.Boolean(), server_default="false", nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["org_units.id"], name=op.f("discipline_records_branch_id_fk")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("discipline_records_member_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("discipline_records_pk")),
    )
    op.create_index("discipline_records_member_idx", "discipline_records", ["member_id"], unique=False)
    op.create_table(
        "dues_payments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.Text(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.CheckConstraint("amount_fen > 0", name=op.f("dues_payments_amount_positive_ck")),
        sa.ForeignKeyConstraint(["branch_id"], ["org_units.id"], name=op.f("dues_payments_branch_id_fk")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("dues_payments_member_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("dues_payments_pk")),
        sa.UniqueConstraint("member_id", "month", name="dues_payments_member_month_uq"),
    )
    op.create_table(
        "honours",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject_kind", sa.Text(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=True),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["org_units.id"], name=op.f("honours_branch_id_fk")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("honours_member_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("honours_pk")),
    )
    op.create_index("honours_branch_idx", "honours", ["branch_id"], unique=False)
    op.create_index("honours_member_idx", "honours", ["member_id"], unique=False)
    op.create_table(
        "member_transfers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("from_branch_id", sa.Uuid(), nullable=False),
        sa.Column("to_branch_id", sa.Uuid(), nullable=False),
        sa.Column("transferred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["from_branch_id"], ["org_units.id"], name=op.f("member_transfers_from_branch_id_fk")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("member_transfers_member_id_fk")),
        sa.ForeignKeyConstraint(["to_branch_id"], ["org_units.id"], name=op.f("member_transfers_to_branch_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("member_transfers_pk")),
    )
    op.create_index("member_transfers_member_idx", "member_transfers", ["member_id"], unique=False)
    op.create_table(
        "reserve_talents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("gender", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("education", sa.Text(), nullable=False),
        sa.Column("department", sa.Text(), nullable=False),
        sa.Column("mentor_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=True),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("remove_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["branch_id"], ["org_units.id"], name=op.f("reserve_talents_branch_id_fk")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("reserve_talents_member_id_fk")),
        sa.ForeignKeyConstraint(["mentor_id"], ["members.id"], name=op.f("reserve_talents_mentor_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("reserve_talents_pk")),
    )
    op.create_index("reserve_talents_branch_idx", "reserve_talents", ["branch_id"], unique=False)


def downgrade() -> None:
    for table in (
        "discipline_records",
        "honours",
        "dues_payments",
        "reserve_talents",
        "member_transfers",
        "committee_seats",
        "service_posts",
        "departments",
        "committee_terms",
        "members",
    ):
        op.drop_table(table)
    op.drop_table("org_units")
    op.create_table(
        "members",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("branch_id", sa.Uuid, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("birth_date", sa.Date, nullable=False),
        sa.Column("education", sa.Text, nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("members_branch_idx", "members", ["branch_id"])
