"""Writing events to the outbox inside the caller's transaction (事务性发件箱).

The state change and its events commit together or not at all. Each event gets the next
``sequence`` of its subject on its topic from ``outbox_topic_sequences``: a subscriber sees one topic's
messages of one key numbered 1, 2, 3, … in order (the counter is reserved in the same transaction, so a
rollback gives its numbers back and none is skipped). ``NOTIFY`` (delivered only on commit) wakes the
relay at once.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import ARRAY, BigInteger, Text, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

from bastion.db.bulk import batch_insert, batch_parameters
from bastion.db.tables import outbox, outbox_sequences, outbox_topic_sequences
from bastion.events.envelope import CloudEvent
from bastion.events.model import EventData

NOTIFY_CHANNEL = "bastion_outbox"


@dataclass(frozen=True, slots=True)
class PendingEvent:
    """An event recorded by a handler, written to the outbox at commit."""

    payload: EventData
    event_id: uuid.UUID = field(default_factory=uuid.uuid4)
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    traceparent: str | None = None


async def append_to_outbox(session: AsyncSession, pending: Sequence[PendingEvent]) -> list[CloudEvent]:
    """Stage ``pending`` in the session's transaction; returns the envelopes as they will be published."""
    if not pending:
        return []
    next_sequence = await _reserve_sequences(session, pending)
    envelopes = []
    for event in pending:
        scope = _scope(event)
        sequence = next_sequence[scope]
        next_sequence[scope] += 1
        envelopes.append(
            CloudEvent.wrap(
                event.payload,
                event_id=event.event_id,
                sequence=sequence,
                time=event.time,
                traceparent=event.traceparent,
            )
        )
    rows = [
        {
            "event_id": envelope.id,
            "topic": event.payload.topic.name,
            "message_key": envelope.subject,
            "event_type": envelope.type,
            "payload": envelope.to_bytes(),
        }
        for event, envelope in zip(pending, envelopes, strict=True)
    ]
    # One round trip, the same statement for any number of events: the rows and the notification
    # (pg_notify with an empty payload is NOTIFY; delivered at commit).
    queued = batch_insert(outbox, list(rows[0])).cte("queued")
    await session.execute(select(func.pg_notify(NOTIFY_CHANNEL, "")).add_cte(queued), batch_parameters(rows))
    return envelopes


Scope = tuple[str, str]
"""What a ``sequence`` counts within: (logical topic, subject), the message key on one topic."""


def _scope(event: PendingEvent) -> Scope:
    return event.payload.topic.name, event.payload.subject()


def _reservation() -> ReturningInsert[str, str, int]:
    """Add each scope's count of events to its counter; returns each scope's new last sequence."""
    legacy, counters = outbox_sequences, outbox_topic_sequences
    # Arrays, so the statement's text is the same for any number of scopes (compiled and prepared once).
    arrays = [
        bindparam(name, type_=ARRAY(kind))
        for name, kind in (("topics", Text), ("subjects", Text), ("events", BigInteger))
    ]
    reserved = func.unnest(*arrays).table_valued("topic", "subject", "events", name="reserved").render_derived()
    # Before the counter was per topic, one counter per subject served all of a service's topics. A
    # (topic, subject) seen for the first time starts after that old counter, so the numbers a
    # subscriber already holds for the key on that topic (all at most the old counter) stay below the
    # new ones across the upgrade. The old table is no longer written, so its value is stable.
    first = (
        select(reserved.c.topic, reserved.c.subject, func.coalesce(legacy.c.last_sequence, 0) + reserved.c.events)
        .select_from(reserved.outerjoin(legacy, legacy.c.subject == reserved.c.subject))
        # Sorted, so two transactions touching the same scopes lock their rows in the same order.
        .order_by(reserved.c.topic, reserved.c.subject)
    )
    insert = pg_insert(counters).from_select(["topic", "subject", "last_sequence"], first)
    # On conflict the proposed row holds the old counter plus the events: take the old counter off again.
    legacy_of_proposed = select(legacy.c.last_sequence).where(legacy.c.subject == insert.excluded.subject)
    added = insert.excluded.last_sequence - func.coalesce(legacy_of_proposed.scalar_subquery(), 0)
    return insert.on_conflict_do_update(
        index_elements=[counters.c.topic, counters.c.subject],
        set_={"last_sequence": counters.c.last_sequence + added},
    ).returning(counters.c.topic, counters.c.subject, counters.c.last_sequence)


_RESERVE = _reservation()


async def _reserve_sequences(session: AsyncSession, pending: Sequence[PendingEvent]) -> dict[Scope, int]:
    """Reserve as many sequence numbers per (topic, subject) as there are events; return the first of each."""
    counts = Counter(_scope(event) for event in pending)
    scopes = sorted(counts)
    parameters = {
        "topics": [topic for topic, _ in scopes],
        "subjects": [subject for _, subject in scopes],
        "events": [counts[scope] for scope in scopes],
    }
    result = await session.execute(_RESERVE, parameters)
    return {(topic, subject): last - counts[topic, subject] + 1 for topic, subject, last in result}
