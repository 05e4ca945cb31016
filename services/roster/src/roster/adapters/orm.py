"""Roster's tables. Money in fen (integer cents), dates as dates, enums as text."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY

from bastion.db.naming import service_metadata

# Named constraints, so later migrations can refer to them.
metadata = service_metadata()

org_units = Table(
    "org_units",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("parent_id", Uuid, ForeignKey("org_units.id"), nullable=True),
    Column("ancestor_ids", ARRAY(Uuid), nullable=False, comment="from the top of the tree down to the parent"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("dissolved_on", Date, nullable=True),
    Column("established_on", Date, nullable=True, comment="成立日期; null for units set up before it was kept"),
    Index("org_units_parent_idx", "parent_id"),
    Index("org_units_ancestors_idx", "ancestor_ids", postgresql_using="gin"),
    Index(
        "org_units_active_name_uq",
        "parent_id",
        "name",
        unique=True,
        postgresql_where=text("dissolved_on IS NULL"),
        postgresql_nulls_not_distinct=True,
    ),
)

members = Table(
    "members",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("branch_id", Uuid, ForeignKey("org_units.id"), nullable=False),
    Column("group_id", Uuid, ForeignKey("org_units.id"), nullable=True),
    Column("group_role", Text, nullable=True),
    Column("name", Text, nullable=False),
    Column("gender", Text, nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("education", Text, nullable=False),
    Column("department", Text, nullable=False),
    Column("position", Text, nullable=False),
    Column("employee_number", Text, nullable=False),
    Column("phone", Text, nullable=True),
    Column("member_class", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("status_changed_on", Date, nullable=True),
    Column("stage", Text, nullable=False),
    Column("applied_on", Date, nullable=True),
    Column("activist_on", Date, nullable=True),
    Column("candidate_on", Date, nullable=True),
    Column("probationary_on", Date, nullable=True),
    Column("full_on", Date, nullable=True),
    Column("probation_extension_months", Integer, nullable=False, server_default="0"),
    Column("application_talk_on", Date, nullable=True),
    Column("last_activist_review_on", Date, nullable=True),
    Column("sponsor_ids", ARRAY(Uuid), nullable=False, server_default="{}"),
    Column("cultivation_contact_ids", ARRAY(Uuid), nullable=False, server_default="{}"),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("employee_number", name="members_employee_number_uq"),
    Index("members_branch_idx", "branch_id"),
    Index("members_group_idx", "group_id"),
    Index("members_name_idx", "name"),
)

member_transfers = Table(
    "member_transfers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("member_id", Uuid, ForeignKey("members.id"), nullable=False),
    Column("from_branch_id", Uuid, ForeignKey("org_units.id"), nullable=False),
    Column("to_branch_id", Uuid, ForeignKey("org_units.id"), nullable=False),
    Column("transferred_on", Date, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("member_transfers_member_idx", "member_id"),
)

committee_terms = Table(
    "committee_terms",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("branch_id", Uuid, ForeignKey("org_units.id"), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("ended_on", Date, nullable=True, comment="set when a later term replaced this one"),
    Index("committee_terms_branch_idx", "branch_id"),
    Index("committee_terms_current_uq", "branch_id", unique=True, postgresql_where=text("ended_on IS NULL")),
)

committee_seats = Table(
    "committee_seats",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("term_id", Uuid, ForeignKey("committee_terms.id"), nullable=False),
    Column("role", Text, nullable=False),
    Column("member_id", Uuid, ForeignKey("members.id"), nullable=False),
    Column("member_name", Text, nullable=False),
    Column("assigned_on", Date, nullable=False),
    Column("vacated_on", Date, nullable=True),
    Column("vacate_reason", Text, nullable=True),
    Index("committee_seats_term_idx", "term_id"),
    Index(
        "committee_seats_single_role_uq",
        "term_id",
        "role",
        unique=True,
        postgresql_where=text("vacated_on IS NULL AND role <> 'committee_member'"),
    ),
    Index(
        "committee_seats_one_per_member_uq",
        "term_id",
        "member_id",
        unique=True,
        postgresql_where=text("vacated_on IS NULL"),
    ),
)

departments = Table(
    "departments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("branch_id", Uuid, ForeignKey("org_units.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("added_on", Date, nullable=False),
    Column("removed_on", Date, nullable=True),
    Index(
        "departments_active_name_uq",
        "branch_id",
        "name",
        unique=True,
        postgresql_where=text("removed_on IS NULL"),
    ),
)

service_posts = Table(
    "service_posts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("branch_id", Uuid, ForeignKey("org_units.id"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("holder_ids", ARRAY(Uuid), nullable=False),
    Column("department_ids", ARRAY(Uuid), nullable=False),
    Column("assigned_on", Date, nullable=False),
    Column("closed_on", Date, nullable=True),
    Index("service_posts_branch_idx", "branch_id"),
)

reserve_talents = Table(
    "reserve_talents",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("branch_id", Uuid, ForeignKey("org_units.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("gender", Text, nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("education", Text, nullable=False),
    Column("department", Text, nullable=False),
    Column("mentor_id", Uuid, ForeignKey("members.id"), nullable=False),
    Column("member_id", Uuid, ForeignKey("members.id"), nullable=True),
    Column("added_on", Date, nullable=False),
    Column("removed_on", Date, nullable=True),
    Column("remove_reason", Text, nullable=True),
    Index("reserve_talents_branch_idx", "branch_id"),
)

dues_payments = Table(
    "dues_payments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("member_id", Uuid, ForeignKey("members.id"), nullable=False),
    Column("branch_id", Uuid, ForeignKey("org_units.id"), nullable=False),
    Column("month", Text, nullable=False),
    Column("amount_fen", Integer, nullable=False),
    Column("paid_on", Date, nullable=False),
    UniqueConstraint("member_id", "month", name="dues_payments_member_month_uq"),
    CheckConstraint("amount_fen > 0", name="amount_positive"),
)

honours = Table(
    "honours",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("subject_kind", Text, nullable=False),
    Column("member_id", Uuid, ForeignKey("members.id"), nullable=True),
    Column("branch_id", Uuid, ForeignKey("org_units.id"), nullable=False),
    Column("level", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("awarded_on", Date, nullable=False),
    Index("honours_branch_idx", "branch_id"),
    Index("honours_member_idx", "member_id"),
)

branch_recognitions = Table(
    "branch_recognitions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("branch_id", Uuid, ForeignKey("org_units.id"), nullable=False),
    Column("kind", Text, nullable=False, comment="innovation | published_experience"),
    Column("title", Text, nullable=False),
    Column("recognised_on", Date, nullable=False),
    Index("branch_recognitions_branch_idx", "branch_id", "recognised_on"),
)

discipline_records = Table(
    "discipline_records",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("member_id", Uuid, ForeignKey("members.id"), nullable=False),
    Column("branch_id", Uuid, ForeignKey("org_units.id"), nullable=False),
    Column("level", Text, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("criminal_conviction", Boolean, nullable=False, server_default="false"),
    Index("discipline_records_member_idx", "member_id"),
)

# --- signing in: accounts, their sessions, the keys tokens are signed with --------------------------

accounts = Table(
    "accounts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("username", Text, nullable=False),
    Column("display_name", Text, nullable=False),
    Column("member_id", Uuid, ForeignKey("members.id"), nullable=True, comment="null: IT's system administrator"),
    Column("password_hash", Text, nullable=True, comment="Argon2id (PHC string); null: identity provider only"),
    Column("must_change_password", Boolean, nullable=False, server_default=text("false")),
    Column("failed_attempts", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("oidc_subject", Text, nullable=True, comment="the identity provider's `sub` for this person"),
    Column("disabled_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("accounts_username_uq", text("lower(username)"), unique=True),
    UniqueConstraint("member_id", name="accounts_member_id_uq"),
    UniqueConstraint("oidc_subject", name="accounts_oidc_subject_uq"),
)

auth_sessions = Table(
    "auth_sessions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("account_id", Uuid, ForeignKey("accounts.id"), nullable=False),
    Column("refresh_hash", Text, nullable=False, comment="SHA-256 of the refresh token (the cookie)"),
    Column("method", Text, nullable=False, comment="password | oidc"),
    Column("client", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("refreshed_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("refresh_hash", name="auth_sessions_refresh_hash_uq"),
    Index("auth_sessions_account_idx", "account_id"),
)

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("kid", Text, primary_key=True),
    Column("private_pem", Text, nullable=False, comment="EC P-256, PKCS#8 PEM"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

org_officers = Table(
    "org_officers",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column(
        "org_unit_id", Uuid, ForeignKey("org_units.id"), nullable=False, comment="a party committee or general branch"
    ),
    Column("member_id", Uuid, ForeignKey("members.id"), nullable=False),
    Column("title", Text, nullable=False, comment="书记、副书记、组织委员 …"),
    Column("seated_on", Date, nullable=False),
    Column("vacated_on", Date, nullable=True),
    Index("org_officers_member_idx", "member_id"),
    Index(
        "org_officers_seated_uq", "org_unit_id", "member_id", unique=True, postgresql_where=text("vacated_on IS NULL")
    ),
)
