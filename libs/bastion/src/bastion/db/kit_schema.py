"""Frozen DDL for the kit's tables, called from each service's Alembic migrations.

These functions are history: once released, never edit one. A change to the kit's tables is
a new function here (``upgrade_kit_v2``) and a new migration in every service that calls it.
``tests`` compare the migrated schema with :mod:`bastion.db.tables`, so the two cannot drift.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


def create_outbox_v1() -> None:
    """Tables of the transactional outbox (发件箱) for a producing service."""
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Uuid, nullable=False, unique=True),
        sa.Column("topic", sa.Text, nullable=False, comment="logical topic name, without the deployment prefix"),
        sa.Column("message_key", sa.Text, nullable=False),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False, comment="the CloudEvent, exactly as published"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("outbox_pending_idx", "outbox", ["id"], postgresql_where=sa.text("published_at IS NULL"))
    op.create_index(
        "outbox_published_idx",
        "outbox",
        ["published_at"],
        postgresql_where=sa.text("published_at IS NOT NULL"),
    )
    op.create_table(
        "outbox_sequences",
        sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("last_sequence", sa.BigInteger, nullable=False),
    )


def drop_outbox_v1() -> None:
    op.drop_table("outbox_sequences")
    op.drop_table("outbox")


def create_topic_sequences_v1() -> None:
    """The ``sequence`` counter per (topic, subject), replacing the one per subject (``outbox_sequences``,
    kept and read so that each subject's numbers go on increasing on every topic across the upgrade)."""
    op.create_table(
        "outbox_topic_sequences",
        sa.Column("topic", sa.Text, nullable=False, comment="logical topic name, without the deployment prefix"),
        sa.Column("subject", sa.Text, nullable=False, comment="the message key"),
        sa.Column("last_sequence", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("topic", "subject"),
    )


def drop_topic_sequences_v1() -> None:
    op.drop_table("outbox_topic_sequences")


def create_consumer_v1() -> None:
    """Offsets and processed event ids of a consuming service, kept with its projections."""
    op.create_table(
        "consumer_offsets",
        sa.Column("consumer", sa.Text, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("partition", sa.Integer, nullable=False),
        sa.Column("next_offset", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("consumer", "topic", "partition"),
    )
    op.create_table(
        "consumer_processed_events",
        sa.Column("consumer", sa.Text, nullable=False),
        sa.Column("event_id", sa.Uuid, nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
    )


def drop_consumer_v1() -> None:
    op.drop_table("consumer_processed_events")
    op.drop_table("consumer_offsets")


def create_dead_letters_v1() -> None:
    """Dead letters and parked messages of a consuming service, kept with its projections."""
    op.create_table(
        "consumer_dead_letters",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("consumer", sa.Text, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("partition", sa.Integer, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column(
            "message_key",
            sa.Text,
            nullable=False,
            comment="the aggregate: later messages with this key park behind",
        ),
        sa.Column("event_id", sa.Uuid, nullable=True),
        sa.Column("event_type", sa.Text, nullable=True),
        sa.Column("state", sa.Text, nullable=False, comment="dead | parked | redrive | applied | skipped"),
        sa.Column(
            "kind",
            sa.Text,
            nullable=False,
            comment="undecodable | unknown_type | invalid_data | handler_error | parked",
        ),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("value", sa.LargeBinary, nullable=False, comment="the original message, as received"),
        sa.Column(
            "headers",
            postgresql.JSONB,
            nullable=False,
            comment="the original headers, [[name, base64 value], ...]",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True, comment="sent to the dead-letter topic"),
        sa.Column("resolved_by", sa.Text, nullable=True, comment="who redrove or skipped it, and why"),
        sa.UniqueConstraint("consumer", "topic", "partition", "offset", name="consumer_dead_letters_position_key"),
    )
    op.create_index(
        "consumer_dead_letters_open_idx",
        "consumer_dead_letters",
        ["consumer", "message_key"],
        postgresql_where=sa.text("state IN ('dead', 'parked', 'redrive')"),
    )
    op.create_index(
        "consumer_dead_letters_unpublished_idx",
        "consumer_dead_letters",
        ["id"],
        postgresql_where=sa.text("published_at IS NULL AND state = 'dead'"),
    )


def drop_dead_letters_v1() -> None:
    op.drop_table("consumer_dead_letters")


def create_security_v1() -> None:
    """Machine clients' API keys (hashed) and the audit log of changes."""
    op.create_table(
        "api_keys",
        sa.Column("key_id", sa.Text, primary_key=True, comment="the key's public prefix"),
        sa.Column("name", sa.Text, nullable=False, comment="whose key: the client system"),
        sa.Column("secret_hash", sa.Text, nullable=False, comment="SHA-256 of the whole key, hex"),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("actor", sa.Text, nullable=False, comment="the token's subject or the API key's name"),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("via", sa.Text, nullable=False, comment="token | api_key"),
        sa.Column("method", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("client", sa.Text, nullable=True, comment="the caller's address"),
        sa.Column("trace_id", sa.Text, nullable=True),
        sa.Column("events", postgresql.JSONB, nullable=False, comment="[{id, type, subject}] the change's events"),
    )
    op.create_index("audit_log_at_idx", "audit_log", ["at"])
    op.create_index("audit_log_actor_idx", "audit_log", ["actor", "at"])


def drop_security_v1() -> None:
    op.drop_table("audit_log")
    op.drop_table("api_keys")
