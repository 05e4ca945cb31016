"""Activities, attendance, service work, and the roster facts activity keeps

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 03:41:49.523172
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("subtype", sa.Text(), nullable=True),
        sa.Column("organiser_id", sa.Uuid(), nullable=False),
        sa.Column("organiser_kind", sa.Text(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("planned_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("planned_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("host_id", sa.Uuid(), nullable=True),
        sa.Column("recorder_id", sa.Uuid(), nullable=True),
        sa.Column("lecturer_id", sa.Uuid(), nullable=True),
        sa.Column("five_services", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("held_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("held_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("resolutions", sa.Text(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state_reason", sa.Text(), nullable=True, comment="why it was returned or cancelled"),
        sa.Column("service_post_id", sa.Uuid(), nullable=True),
        sa.Column("qc_project_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("activities_pk")),
    )
    op.create_index("activities_branch_start_idx", "activities", ["branch_id", "planned_start"], unique=False)
    op.create_index("activities_organiser_idx", "activities", ["organiser_id"], unique=False)
    op.create_table(
        "compliance_rules",
        sa.Column("organisation_id", sa.Uuid(), nullable=False, comment="the party committee the rule applies under"),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False, comment="month | quarter | year"),
        sa.Column("required", sa.Integer(), nullable=False),
        sa.Column("per_group", sa.Boolean(), nullable=False),
        sa.CheckConstraint("required >= 0", name=op.f("compliance_rules_required_not_negative_ck")),
        sa.PrimaryKeyConstraint("organisation_id", "kind", name=op.f("compliance_rules_pk")),
    )
    op.create_table(
        "qc_projects",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("leader_id", sa.Uuid(), nullable=False),
        sa.Column("member_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("award", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("qc_projects_pk")),
    )
    op.create_index("qc_projects_branch_idx", "qc_projects", ["branch_id"], unique=False)
    op.create_table(
        "roster_committees",
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("member_ids", postgresql.ARRAY(sa.Uuid()), nullable=False, comment="seated committee members"),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("branch_id", name=op.f("roster_committees_pk")),
    )
    op.create_table(
        "roster_departments",
        sa.Column("department_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("department_id", name=op.f("roster_departments_pk")),
    )
    op.create_index("roster_departments_branch_idx", "roster_departments", ["branch_id"], unique=False)
    op.create_table(
        "roster_people",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("member_class", sa.Text(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("member_id", name=op.f("roster_people_pk")),
    )
    op.create_index("roster_people_branch_idx", "roster_people", ["branch_id"], unique=False)
    op.create_index("roster_people_group_idx", "roster_people", ["group_id"], unique=False)
    op.create_table(
        "roster_service_posts",
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("holder_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("department_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("post_id", name=op.f("roster_service_posts_pk")),
    )
    op.create_table(
        "roster_units",
        sa.Column("org_unit_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("ancestor_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("dissolved", sa.Boolean(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_unit_id", name=op.f("roster_units_pk")),
    )
    op.create_table(
        "activity_expected",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], name=op.f("activity_expected_activity_id_fk")),
        sa.PrimaryKeyConstraint("activity_id", "member_id", name=op.f("activity_expected_pk")),
    )
    op.create_table(
        "attendance_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("previous_state", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], name=op.f("attendance_entries_activity_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("attendance_entries_pk")),
    )
    op.create_index(
        "attendance_entries_activity_member_idx",
        "attendance_entries",
        ["activity_id", "member_id", "recorded_at"],
        unique=False,
    )
    op.create_table(
        "check_in_codes",
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], name=op.f("check_in_codes_activity_id_fk")),
        sa.PrimaryKeyConstraint("activity_id", name=op.f("check_in_codes_pk")),
    )
    op.create_table(
        "learning_hours",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("hours", sa.Numeric(precision=6, scale=1), nullable=False),
        sa.Column("learned_on", sa.Date(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint("hours > 0", name=op.f("learning_hours_hours_positive_ck")),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], name=op.f("learning_hours_activity_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("learning_hours_pk")),
    )
    op.create_index("learning_hours_member_idx", "learning_hours", ["member_id", "learned_on"], unique=False)
    op.create_table(
        "service_records",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("department_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("member_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("hours", sa.Numeric(precision=6, scale=1), nullable=False),
        sa.Column("served_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("hours > 0", name=op.f("service_records_hours_positive_ck")),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], name=op.f("service_records_activity_id_fk")),
        sa.PrimaryKeyConstraint("id", name=op.f("service_records_pk")),
    )
    op.create_index("service_records_activity_idx", "service_records", ["activity_id"], unique=False)


def downgrade() -> None:
    op.drop_index("service_records_activity_idx", table_name="service_records")
    op.drop_table("service_records")
    op.drop_index("learning_hours_member_idx", table_name="learning_hours")
    op.drop_table("learning_hours")
    op.drop_table("check_in_codes")
    op.drop_index("attendance_entries_activity_member_idx", table_name="attendance_entries")
    op.drop_table("attendance_entries")
    op.drop_table("activity_expected")
    op.drop_table("roster_units")
    op.drop_table("roster_service_posts")
    op.drop_index("roster_people_group_idx", table_name="roster_people")
    op.drop_index("roster_people_branch_idx", table_name="roster_people")
    op.drop_table("roster_people")
    op.drop_index("roster_departments_branch_idx", table_name="roster_departments")
    op.drop_table("roster_departments")
    op.drop_table("roster_committees")
    op.drop_index("qc_projects_branch_idx", table_name="qc_projects")
    op.drop_table("qc_projects")
    op.drop_table("compliance_rules")
    op.drop_index("activities_organiser_idx", table_name="activities")
    op.drop_index("activities_branch_start_idx", table_name="activities")
    op.drop_table("activities")
