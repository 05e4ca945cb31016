"""The kit's own tables, created in every service database by that service's migrations.

- ``outbox``: events waiting to be published (and, for a while, published ones).
- ``outbox_topic_sequences``: the last ``sequence`` given to each subject on each topic (the scope a
  subscriber sees: the message key within one topic).
- ``outbox_sequences``: the last ``sequence`` given to each subject across all topics, before the counter
  became per topic; no longer written, read only so that each subject's numbers go on from it.
- ``consumer_offsets``: where each consumer is in each partition, stored with its projection.
- ``consumer_processed_events``: event ids a consumer has applied, so a redelivery is skipped.
- ``consumer_dead_letters``: messages a consumer could not apply (dead letters) and the later messages
  of the same aggregate held back behind them (parked), until an operator redrives or skips.
- ``api_keys``: machine clients' keys, hashed; revocable.
- ``audit_log``: every change made through the API: who, what, when, from where.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

kit_metadata = MetaData()

outbox = Table(
    "outbox",
    kit_metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("topic", Text, nullable=False, comment="logical topic name, without the deployment prefix"),
    Column("message_key", Text, nullable=False),
    Column("event_type", Text, nullable=False),
    Column("payload", LargeBinary, nullable=False, comment="the CloudEvent, exactly as published"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("published_at", DateTime(timezone=True), nullable=True),
    Index("outbox_pending_idx", "id", postgresql_where=text("published_at IS NULL")),
    Index("outbox_published_idx", "published_at", postgresql_where=text("published_at IS NOT NULL")),
)

outbox_sequences = Table(
    "outbox_sequences",
    kit_metadata,
    Column("subject", Text, primary_key=True),
    Column("last_sequence", BigInteger, nullable=False),
)

outbox_topic_sequences = Table(
    "outbox_topic_sequences",
    kit_metadata,
    Column("topic", Text, nullable=False, comment="logical topic name, without the deployment prefix"),
    Column("subject", Text, nullable=False, comment="the message key"),
    Column("last_sequence", BigInteger, nullable=False),
    PrimaryKeyConstraint("topic", "subject"),
)

consumer_offsets = Table(
    "consumer_offsets",
    kit_metadata,
    Column("consumer", Text, nullable=False),
    Column("topic", Text, nullable=False),
    Column("partition", Integer, nullable=False),
    Column("next_offset", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("consumer", "topic", "partition"),
)

consumer_processed_events = Table(
    "consumer_processed_events",
    kit_metadata,
    Column("consumer", Text, nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("consumer", "event_id"),
)

consumer_dead_letters = Table(
    "consumer_dead_letters",
    kit_metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("consumer", Text, nullable=False),
    Column("topic", Text, nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("message_key", Text, nullable=False, comment="the aggregate: later messages with this key park behind"),
    Column("event_id", Uuid, nullable=True),
    Column("event_type", Text, nullable=True),
    Column("state", Text, nullable=False, comment="dead | parked | redrive | applied | skipped"),
    Column("kind", Text, nullable=False, comment="undecodable | unknown_type | invalid_data | handler_error | parked"),
    Column("reason", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("value", LargeBinary, nullable=False, comment="the original message, as received"),
    Column("headers", JSONB, nullable=False, comment="the original headers, [[name, base64 value], ...]"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("published_at", DateTime(timezone=True), nullable=True, comment="sent to the dead-letter topic"),
    Column("resolved_by", Text, nullable=True, comment="who redrove or skipped it, and why"),
    UniqueConstraint("consumer", "topic", "partition", "offset", name="consumer_dead_letters_position_key"),
    Index(
        "consumer_dead_letters_open_idx",
        "consumer",
        "message_key",
        postgresql_where=text("state IN ('dead', 'parked', 'redrive')"),
    ),
    Index(
        "consumer_dead_letters_unpublished_idx", "id", postgresql_where=text("published_at IS NULL AND state = 'dead'")
    ),
)

api_keys = Table(
    "api_keys",
    kit_metadata,
    Column("key_id", Text, primary_key=True, comment="the key's public prefix"),
    Column("name", Text, nullable=False, comment="whose key: the client system"),
    Column("secret_hash", Text, nullable=False, comment="SHA-256 of the whole key, hex"),
    Column("role", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

audit_log = Table(
    "audit_log",
    kit_metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("actor", Text, nullable=False, comment="the token's subject or the API key's name"),
    Column("role", Text, nullable=False),
    Column("via", Text, nullable=False, comment="token | api_key"),
    Column("method", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("client", Text, nullable=True, comment="the caller's address"),
    Column("trace_id", Text, nullable=True),
    Column("events", JSONB, nullable=False, comment="[{id, type, subject}] the change's events"),
    Index("audit_log_at_idx", "at"),
    Index("audit_log_actor_idx", "actor", "at"),
)

SECURITY_TABLES = (api_keys, audit_log)
OUTBOX_TABLES = (outbox, outbox_sequences, outbox_topic_sequences)
CONSUMER_TABLES = (consumer_offsets, consumer_processed_events, consumer_dead_letters)
