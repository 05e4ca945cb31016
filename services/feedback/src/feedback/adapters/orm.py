"""Feedback's tables: ratings, suggestions and their history, the working-day calendar, the public
channel's codes and submissions, and the facts it keeps from roster's and activity's events."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

from bastion.db.naming import service_metadata

metadata = service_metadata()

# --- facts from roster's and activity's events (written only by the consumer) ---------------

known_units = Table(
    "known_units",
    metadata,
    Column("org_unit_id", Uuid, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("parent_id", Uuid, nullable=True),
    Column("dissolved", Boolean, nullable=False),
    Column("sequence", BigInteger, nullable=False),
)

known_people = Table(
    "known_people",
    metadata,
    Column("member_id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("name", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("sequence", BigInteger, nullable=False),
)

known_activities = Table(
    "known_activities",
    metadata,
    Column("activity_id", Uuid, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column("title", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("sequence", BigInteger, nullable=False),
)

# --- feedback's own records ------------------------------------------------------------------

ratings = Table(
    "ratings",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("subject_kind", Text, nullable=False),
    Column("subject_id", Uuid, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column("activity_kind", Text, nullable=True),
    Column("member_id", Uuid, nullable=True),
    Column("respondent_group", Text, nullable=False),
    Column(
        "respondent_hash", LargeBinary, nullable=False, comment="HMAC of the respondent's identity, never the identity"
    ),
    Column("display_name", Text, nullable=True, comment="what the respondent chose to show; null when anonymous"),
    Column("answer", Text, nullable=False),
    Column("score", Integer, nullable=False),
    Column("dimensions", JSONB, nullable=False),
    Column("comment", Text, nullable=True),
    Column("channel", Text, nullable=False),
    Column("period", Text, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column(
        "respondent_basis",
        Text,
        nullable=True,
        comment="what the respondent hash stands for: device, employee_number or recorded_identity",
    ),
    Column("flag_reason", Text, nullable=True, comment="why the secretary should check it (a burst from one address)"),
    UniqueConstraint("subject_kind", "subject_id", "respondent_hash", "period", name="ratings_one_per_period_uq"),
    Index("ratings_branch_period_idx", "branch_id", "period"),
)

suggestions = Table(
    "suggestions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("category", Text, nullable=False),
    Column("five_services", Text, nullable=True),
    Column("content", Text, nullable=False),
    Column("respondent_group", Text, nullable=False),
    Column("proposer_member_id", Uuid, nullable=True),
    Column("proposer_name", Text, nullable=True),
    Column("contact", Text, nullable=True, comment="for the answer; shown to the branch's staff only"),
    Column("anonymous", Boolean, nullable=False),
    Column("channel", Text, nullable=False),
    Column("receipt_hash", LargeBinary, nullable=False, comment="hash of the receipt code the proposer keeps"),
    Column("content_hash", LargeBinary, nullable=False),
    Column("state", Text, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("acknowledge_due", Date, nullable=False),
    Column("decide_due", Date, nullable=False),
    Column("acknowledged_at", DateTime(timezone=True), nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("decision", Text, nullable=True),
    Column("decision_reason", Text, nullable=True),
    Column("response", Text, nullable=True),
    Column("responded_at", DateTime(timezone=True), nullable=True),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Column("reopened_count", Integer, nullable=False),
    Column("answer_rating", Text, nullable=True),
    UniqueConstraint("receipt_hash", name="suggestions_receipt_hash_uq"),
    Index("suggestions_branch_state_idx", "branch_id", "state"),
    Index("suggestions_content_idx", "branch_id", "content_hash"),
)

suggestion_history = Table(
    "suggestion_history",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("suggestion_id", Uuid, ForeignKey("suggestions.id"), nullable=False),
    Column("step", Text, nullable=False, comment="submitted, acknowledged, decided, progress, responded, closed, ..."),
    Column("text", Text, nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("suggestion_history_suggestion_idx", "suggestion_id", "at"),
)

calendar_days = Table(
    "calendar_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("working", Boolean, nullable=False, comment="false: a holiday; true: a weekend made a working day (调休)"),
    Column("name", Text, nullable=False),
)

public_codes = Table(
    "public_codes",
    metadata,
    Column("code", Text, primary_key=True),
    Column("branch_id", Uuid, nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("mode", Text, nullable=True, comment="anonymous (null: the default) or identified (employee number)"),
)

public_submissions = Table(
    "public_submissions",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("client_hash", LargeBinary, nullable=False, comment="HMAC of the client address"),
    Column("code", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("device_hash", LargeBinary, nullable=True, comment="HMAC of the device cookie"),
    Column("subject_id", Uuid, nullable=True, comment="what was rated, for a rating"),
    Column("rating_id", Uuid, nullable=True),
    Index("public_submissions_client_idx", "client_hash", "at"),
    Index("public_submissions_device_idx", "device_hash", "at"),
)
