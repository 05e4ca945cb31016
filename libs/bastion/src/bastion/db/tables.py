"""The kit's own tables, created in every service database by that service's migrations.

- ``outbox``: events waiting to be published (and, for a while, published ones).
- ``outbox_sequences``: the last ``sequence`` given to each aggregate (subject).
- ``consumer_offsets``: where each consumer is in each partition, stored with its projection.
- ``consumer_processed_events``: event ids a consumer has applied, so a redelivery is skipped.
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
    Uuid,
    func,
    text,
)

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

OUTBOX_TABLES = (outbox, outbox_sequences)
CONSUMER_TABLES = (consumer_offsets, consumer_processed_events)
