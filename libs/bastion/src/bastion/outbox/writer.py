"""Writing events to the outbox inside the caller's transaction (事务性发件箱).

The state change and its events commit together or not at all. Each event gets the next
``sequence`` of its subject from ``outbox_sequences``; ``NOTIFY`` (delivered only on commit)
wakes the relay at once.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.db.bulk import batch_insert, batch_parameters
from bastion.db.tables import outbox, outbox_sequences
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
        subject = event.payload.subject()
        sequence = next_sequence[subject]
        next_sequence[subject] += 1
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


async def _reserve_sequences(session: AsyncSession, pending: Sequence[PendingEvent]) -> dict[str, int]:
    """Reserve as many sequence numbers per subject as there are events; return the first of each."""
    counts = Counter(event.payload.subject() for event in pending)
    # Sorted, so two transactions touching the same subjects lock their rows in the same order.
    rows = [{"subject": subject, "last_sequence": counts[subject]} for subject in sorted(counts)]
    values = pg_insert(outbox_sequences).values(rows)
    reserve = values.on_conflict_do_update(
        index_elements=[outbox_sequences.c.subject],
        set_={"last_sequence": outbox_sequences.c.last_sequence + values.excluded.last_sequence},
    ).returning(outbox_sequences.c.subject, outbox_sequences.c.last_sequence)
    result = await session.execute(reserve)
    return {subject: last - counts[subject] + 1 for subject, last in result}
