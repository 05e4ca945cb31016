"""Scoring's tables.

Projection tables (metadata ``projection``) live in one PostgreSQL schema per *generation*: the live one
serves reads, a rebuild fills a new one from the beginning of the topics and then takes over. They
are created by code (``generations.create_schema``), not by migrations: a projection is rebuilt,
never migrated. The generations table itself (``public``) is managed by Alembic.

Facts keep the newest state per identity (``sequence``); the ledger keeps every entry and reversal.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.schema import SchemaItem

from bastion.db.tables import CONSUMER_TABLES

# --- public (Alembic) ----------------------------------------------------------------------

metadata = MetaData()

generations = Table(
    "projection_generations",
    metadata,
    Column("name", Text, primary_key=True),
    Column("state", Text, nullable=False, comment="building | live | retired"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("switched_at", DateTime(timezone=True), nullable=True),
    Column("note", Text, nullable=False, server_default=""),
    Column(
        "projection_version",
        Integer,
        nullable=True,
        comment="PROJECTION_VERSION of the code that built it; null: built before versions were kept (1)",
    ),
)

# What was last announced, to announce only changes. Public, not per generation: a rebuild that
# changes nothing announces nothing; one with new rules announces what moved.
announced_scores = Table(
    "announced_scores",
    metadata,
    Column("subject", Text, nullable=False, comment="member:<id> or branch:<id>"),
    Column("year", Integer, nullable=False),
    Column("total", Numeric(7, 2), nullable=False),
    Column("stars", Integer, nullable=True),
    Column("announced_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("subject", "year"),
)

# --- one schema per generation --------------------------------------------------------------

# Bumped when the facts keep something new: a generation built by an earlier version lacks it for the
# events it applied before, so a rebuild's facts cannot be compared with it (see ``rebuild``).
# 2: the past organisation (stage dates, status changes, transfers, seats, founding and removal days).
PROJECTION_VERSION = 2

# Tables of a generation are declared in the symbolic schema "projection", which each connection maps to
# a generation's real schema (``schema_translate_map``); the kit's tables (schema None) stay in public
# for the outbox, and map to the generation for its consumer's bookkeeping.
PROJECTION_SCHEMA = "projection"
projection = MetaData(schema=PROJECTION_SCHEMA)
for _table in CONSUMER_TABLES:
    _table.to_metadata(projection, schema=PROJECTION_SCHEMA)


def _fact(name: str, *columns: SchemaItem, key: tuple[str, ...] | None = None) -> Table:
    extra = [PrimaryKeyConstraint(*key)] if key else []
    return Table(name, projection, *columns, Column("sequence", BigInteger, nullable=False), *extra)


f_units = _fact(
    "f_units",
    Column("org_unit_id", Uuid, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("parent_id", Uuid, nullable=True),
    Column("ancestor_ids", ARRAY(Uuid), nullable=False),
    Column("dissolved", Boolean, nullable=False),
    Column("established_on", Date, nullable=True, comment="null: set up before the period (no day recorded)"),
    Column("dissolved_on", Date, nullable=True),
)
f_members = _fact(
    "f_members",
    Column("member_id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("group_id", Uuid, nullable=True),
    Column("name", Text, nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("education", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("member_class", Text, nullable=False),
    Column("applied_on", Date, nullable=True),
    Column("activist_on", Date, nullable=True),
    Column("probationary_on", Date, nullable=True),
    Column("probation_ends_on", Date, nullable=True),
    Column("candidate_on", Date, nullable=True),
    Column("full_on", Date, nullable=True),
    Index("f_members_branch_idx", "branch_id"),
)
# What a member's status and branch were before: one row per change, the value on a day derived when read.
f_status_changes = Table(
    "f_status_changes",
    projection,
    Column("event_id", Uuid, primary_key=True),
    Column("member_id", Uuid, nullable=False),
    Column("changed_on", Date, nullable=False),
    Column("previous_status", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Index("f_status_changes_member_idx", "member_id"),
)
f_transfers = Table(
    "f_transfers",
    projection,
    Column("event_id", Uuid, primary_key=True),
    Column("member_id", Uuid, nullable=False),
    Column("from_branch_id", Uuid, nullable=False),
    Column("to_branch_id", Uuid, nullable=False),
    Column("transferred_on", Date, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Index("f_transfers_member_idx", "member_id"),
    Index("f_transfers_from_idx", "from_branch_id"),
    Index("f_transfers_to_idx", "to_branch_id"),
)
f_member_talks = _fact(
    "f_member_talks", Column("member_id", Uuid, primary_key=True), Column("held_on", Date, nullable=False)
)
f_activist_reviews = Table(
    "f_activist_reviews",
    projection,
    Column("event_id", Uuid, primary_key=True),
    Column("member_id", Uuid, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column("reviewed_on", Date, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("contact_ids", ARRAY(Uuid), nullable=False),
    Index("f_activist_reviews_member_idx", "member_id"),
)
f_committees = _fact(
    "f_committees",
    Column("branch_id", Uuid, primary_key=True),
    Column("seats", JSONB, nullable=False, comment="[{role, member_id}] held now"),
)
# Committee seats over time: every seat a committee event says is held (with the day it was assigned, and
# the lowest sequence that said so), and every vacancy; who sat on a day is derived when read.
f_seat_assignments = _fact(
    "f_seat_assignments",
    Column("branch_id", Uuid, nullable=False),
    Column("role", Text, nullable=False),
    Column("member_id", Uuid, nullable=False),
    Column("assigned_on", Date, nullable=False),
    key=("branch_id", "role", "member_id", "assigned_on"),
)
f_seat_vacancies = Table(
    "f_seat_vacancies",
    projection,
    Column("event_id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("role", Text, nullable=False),
    Column("member_id", Uuid, nullable=False),
    Column("vacated_on", Date, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Index("f_seat_vacancies_branch_idx", "branch_id"),
)
f_departments = _fact(
    "f_departments",
    Column("department_id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("removed", Boolean, nullable=False),
    Column("added_on", Date, nullable=True, comment="null: served since before the period (no day recorded)"),
    Column("removed_on", Date, nullable=True),
)
f_reserve = _fact(
    "f_reserve",
    Column("talent_id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("removed", Boolean, nullable=False),
    Column("added_on", Date, nullable=True),
    Column("removed_on", Date, nullable=True),
)
f_dues = _fact(
    "f_dues",
    Column("member_id", Uuid, nullable=False),
    Column("month", Text, nullable=False),
    Column("paid_on", Date, nullable=False),
    key=("member_id", "month"),
)
f_honours = _fact(
    "f_honours",
    Column("honour_id", Uuid, primary_key=True),
    Column("subject_kind", Text, nullable=False),
    Column("member_id", Uuid, nullable=True),
    Column("branch_id", Uuid, nullable=False),
    Column("level", Text, nullable=False),
    Column("awarded_on", Date, nullable=False),
)
f_branch_recognitions = _fact(
    "f_branch_recognitions",
    Column("recognition_id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("kind", Text, nullable=False, comment="innovation | published_experience"),
    Column("title", Text, nullable=False),
    Column("recognised_on", Date, nullable=False),
    Index("f_branch_recognitions_branch_idx", "branch_id", "recognised_on"),
)
f_discipline = _fact(
    "f_discipline",
    Column("record_id", Uuid, primary_key=True),
    Column("member_id", Uuid, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column("level", Text, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("criminal_conviction", Boolean, nullable=False),
)
f_activities = _fact(
    "f_activities",
    Column("activity_id", Uuid, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("subtype", Text, nullable=True),
    Column("organiser_id", Uuid, nullable=False),
    Column("organiser_kind", Text, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column("state", Text, nullable=False),
    Column("planned_start", DateTime(timezone=True), nullable=False),
    Column("held_start", DateTime(timezone=True), nullable=True),
    Column("approved_at", DateTime(timezone=True), nullable=True),
    Column("lecturer_id", Uuid, nullable=True),
    Column("five_services", ARRAY(Text), nullable=False),
    Index("f_activities_branch_idx", "branch_id", "kind"),
)
f_attendance = _fact(
    "f_attendance",
    Column("activity_id", Uuid, nullable=False),
    Column("member_id", Uuid, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column("kind", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("expected", Boolean, nullable=False),
    Column("activity_start", DateTime(timezone=True), nullable=False),
    key=("activity_id", "member_id"),
)
f_appraisal_grades = _fact(
    "f_appraisal_grades",
    Column("activity_id", Uuid, nullable=False),
    Column("member_id", Uuid, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column(
        "grade", Text, nullable=False, comment="民主评议党员: excellent | qualified | basically_qualified | unqualified"
    ),
    Column("held_on", Date, nullable=False),
    Column("year", Integer, nullable=False),
    Index("f_appraisal_grades_member_idx", "member_id", "year"),
    key=("activity_id", "member_id"),
)
f_service_records = Table(
    "f_service_records",
    projection,
    Column("record_id", Uuid, primary_key=True),
    Column("activity_id", Uuid, nullable=False),
    Column("kind", Text, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column("department_ids", ARRAY(Uuid), nullable=False),
    Column("member_ids", ARRAY(Uuid), nullable=False),
    Column("served_at", DateTime(timezone=True), nullable=False),
    Index("f_service_records_branch_idx", "branch_id"),
)
f_learning = Table(
    "f_learning",
    projection,
    Column("record_id", Uuid, primary_key=True),
    Column("member_id", Uuid, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column("hours", Numeric(7, 1), nullable=False),
    Column("learned_on", Date, nullable=False),
    Index("f_learning_member_idx", "member_id", "learned_on"),
)
f_qc_projects = _fact(
    "f_qc_projects",
    Column("project_id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("member_ids", ARRAY(Uuid), nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("award", Text, nullable=True),
)
f_ratings = Table(
    "f_ratings",
    projection,
    Column("rating_id", Uuid, primary_key=True),
    Column("subject_kind", Text, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column("member_id", Uuid, nullable=True),
    Column("respondent_group", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Index("f_ratings_branch_idx", "branch_id", "submitted_at"),
)
f_suggestions = _fact(
    "f_suggestions",
    Column("suggestion_id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("proposer_member_id", Uuid, nullable=True),
    Column("channel", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("decide_due", Date, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("decision", Text, nullable=True),
)

# --- the ledger: one entry per (rule, source event), reversed when superseded --------------

ledger = Table(
    "ledger",
    projection,
    Column(
        "entry_id", Uuid, primary_key=True, comment="derived from (rule, source event, kind): a replay adds nothing"
    ),
    Column("member_id", Uuid, nullable=False),
    Column("branch_id", Uuid, nullable=False),
    Column("year", Integer, nullable=False),
    Column("category", Text, nullable=False),
    Column("rule", Text, nullable=False),
    Column("delta", Numeric(7, 2), nullable=False),
    Column("rule_set_version", Text, nullable=False),
    Column("source_event_id", Uuid, nullable=False),
    Column("source_event_type", Text, nullable=False),
    Column("kind", Text, nullable=False, comment="entry | reversal"),
    Column("reverses", Uuid, nullable=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False),
    Index("ledger_member_year_idx", "member_id", "year"),
    Index("ledger_source_idx", "source_event_id"),
)
ledger_keys = Table(
    "ledger_keys",
    projection,
    Column("fact_key", Text, primary_key=True, comment="what a source event is about; a newer event supersedes"),
    Column("event_id", Uuid, nullable=False),
    Column("sequence", BigInteger, nullable=False),
)

# --- scores to recompute (and announce if they changed) -------------------------------------

dirty_scores = Table(
    "dirty_scores",
    projection,
    Column("subject", Text, nullable=False, comment="member:<id> or branch:<id>"),
    Column("year", Integer, nullable=False),
    Column("revision", BigInteger, nullable=False, comment="bumped by every new mark; a sweep removes what it saw"),
    PrimaryKeyConstraint("subject", "year"),
)
