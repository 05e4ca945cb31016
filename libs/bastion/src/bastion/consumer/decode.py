"""From Kafka records to events a handler can apply, sorted by what will happen to them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bastion.consumer.spec import ReceivedEvent
from bastion.errors import BastionError
from bastion.events.envelope import CloudEvent
from bastion.events.registry import EventRegistry


@dataclass(slots=True)
class DecodedBatch:
    """A fetched batch, sorted out. Each event id appears once (its first copy)."""

    handled: list[ReceivedEvent] = field(default_factory=list)
    ignored: list[tuple[str, CloudEvent]] = field(default_factory=list)  # (topic, event) of types skipped
    invalid: list[tuple[Any, str]] = field(default_factory=list)  # (record, reason)
    repeated_in_batch: list[str] = field(default_factory=list)  # topic of each second copy

    def event_ids(self) -> list[uuid.UUID]:
        return [event.envelope.id for event in self.handled] + [event.id for _topic, event in self.ignored]


def decode_records(records: Iterable[Any], registry: EventRegistry, handles: frozenset[str]) -> DecodedBatch:
    """Parse every record; payloads are typed only for the event types this consumer applies."""
    batch = DecodedBatch()
    seen: set[uuid.UUID] = set()
    for record in records:
        try:
            envelope = CloudEvent.from_bytes(record.value)
            payload = registry.parse(envelope) if envelope.type in handles else None
        except BastionError as exc:
            batch.invalid.append((record, exc.message))
            continue
        if envelope.id in seen:
            batch.repeated_in_batch.append(record.topic)
            continue
        seen.add(envelope.id)
        if payload is None:
            batch.ignored.append((record.topic, envelope))
        else:
            batch.handled.append(ReceivedEvent(envelope, payload, record.topic, record.partition, record.offset))
    return batch
