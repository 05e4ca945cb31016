"""Activity's tables: its own records, and the roster facts it keeps from roster's events."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import ARRAY

from bastion.db.naming import service_metadata

metadata = service_metadata()

# --- roster facts (a replica, written only by the consumer of roster's events) ---------------

roster_units = Table(
    "roster_units",
    metadata,
    Column("org_unit_id", Uuid, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("parent_id", Uuid, nullable=True),
    Column("ancestor_ids", ARRAY(Uuid), nullable=False),
    Column("dissolved", Boolean, nullable=False),
    Column("sequence", BigInteger, nullable=False),
)

roster_people = Table(
    "roster_people",
    metadata,
    Column("member_id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("group_id", Uuid, nullable=True),
    Column("name", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("member_class", Text, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Index("roster_people_branch_idx", "branch_id"),
    Index("roster_people_group_idx", "group_id"),
)

roster_committees = Table(
    "roster_committees",
    metadata,
    Column("branch_id", Uuid, primary_key=True),
    Column("member_ids", ARRAY(Uuid), nullable=False, comment="seated committee members"),
    Column("sequence", BigInteger, nullable=False),
)

roster_departments = Table(
    "roster_departments",
    metadata,
    Column("department_id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("name", Text, nullable=False),
    Column("removed", Boolean, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Index("roster_departments_branch_idx", "branch_id"),
)

roster_service_posts = Table(
    "roster_service_posts",
    metadata,
    Column("post_id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("kind", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("holder_ids", ARRAY(Uuid), nullable=False),
    Column("department_ids", ARRAY(Uuid), nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("sequence", BigInteger, nullable=False),
)

# --- activity's own records ----------------------------------------------------------------

activities = Table(
    "activities",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("subtype", Text, nullable=True),
    Column("organiser_id", Uuid, nullable=False),
    Column("organiser_kind", Text, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column("title", Text, nullable=False),
    Column("planned_start", DateTime(timezone=True), nullable=False),
    Column("planned_end", DateTime(timezone=True), nullable=True),
    Column("place", Text, nullable=False),
    Column("host_id", Uuid, nullable=True),
    Column("recorder_id", Uuid, nullable=True),
    Column("lecturer_id", Uuid, nullable=True),
    Column("five_services", ARRAY(Text), nullable=False),
    Column("agenda", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("held_start", DateTime(timezone=True), nullable=True),
    Column("held_end", DateTime(timezone=True), nullable=True),
    Column("minutes", Text, nullable=True),
    Column("resolutions", Text, nullable=True),
    Column("approved_at", DateTime(timezone=True), nullable=True),
    Column("state_reason", Text, nullable=True, comment="why it was returned or cancelled"),
    Column("service_post_id", Uuid, nullable=True),
    Column("qc_project_id", Uuid, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("activities_branch_start_idx", "branch_id", "planned_start"),
    Index("activities_organiser_idx", "organiser_id"),
)

activity_expected = Table(
    "activity_expected",
    metadata,
    Column("activity_id", Uuid, ForeignKey("activities.id"), nullable=False),
    Column("member_id", Uuid, nullable=False),
    PrimaryKeyConstraint("activity_id", "member_id"),
)

attendance_entries = Table(
    "attendance_entries",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("activity_id", Uuid, ForeignKey("activities.id"), nullable=False),
    Column("member_id", Uuid, nullable=False),
    Column("state", Text, nullable=False),
    Column("reason", Text, nullable=True),
    Column("previous_state", Text, nullable=True),
    Column("source", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("attendance_entries_activity_member_idx", "activity_id", "member_id", "recorded_at"),
)

check_in_codes = Table(
    "check_in_codes",
    metadata,
    Column("activity_id", Uuid, ForeignKey("activities.id"), primary_key=True),
    Column("code", Text, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

appraisal_grades = Table(
    "appraisal_grades",
    metadata,
    Column("activity_id", Uuid, ForeignKey("activities.id"), nullable=False),
    Column("member_id", Uuid, nullable=False),
    Column("grade", Text, nullable=False, comment="excellent | qualified | basically_qualified | unqualified"),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("activity_id", "member_id"),
    comment="民主评议党员: the grade each full member was given at an appraisal meeting (corrections replace it)",
)

service_records = Table(
    "service_records",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("activity_id", Uuid, ForeignKey("activities.id"), nullable=False),
    Column("department_ids", ARRAY(Uuid), nullable=False),
    Column("member_ids", ARRAY(Uuid), nullable=False),
    Column("hours", Numeric(6, 1), nullable=False),
    Column("served_at", DateTime(timezone=True), nullable=False),
    Index("service_records_activity_idx", "activity_id"),
    CheckConstraint("hours > 0", name="hours_positive"),
)

learning_hours = Table(
    "learning_hours",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("member_id", Uuid, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column("hours", Numeric(6, 1), nullable=False),
    Column("learned_on", Date, nullable=False),
    Column("topic", Text, nullable=False),
    Column("activity_id", Uuid, ForeignKey("activities.id"), nullable=True),
    Index("learning_hours_member_idx", "member_id", "learned_on"),
    CheckConstraint("hours > 0", name="hours_positive"),
)

qc_projects = Table(
    "qc_projects",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("title", Text, nullable=False),
    Column("leader_id", Uuid, nullable=False),
    Column("member_ids", ARRAY(Uuid), nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("award", Text, nullable=True),
    Index("qc_projects_branch_idx", "branch_id"),
)

compliance_rules = Table(
    "compliance_rules",
    metadata,
    Column("organisation_id", Uuid, nullable=False, comment="the party committee the rule applies under"),
    Column("kind", Text, nullable=False),
    Column("period", Text, nullable=False, comment="month | quarter | year"),
    Column("required", Integer, nullable=False),
    Column("per_group", Boolean, nullable=False),
    PrimaryKeyConstraint("organisation_id", "kind"),
    CheckConstraint("required >= 0", name="required_not_negative"),
)
