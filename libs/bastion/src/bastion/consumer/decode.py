"""From Kafka records to events a handler can apply, sorted by what will happen to them.

A record that cannot be applied (not a CloudEvent, an event type nobody declared, data that fails its
schema) is *held* as a dead letter; the later records of the same aggregate (the Kafka key) are held
too, *parked* behind it, so an aggregate's events are never applied out of order. Records of other
aggregates flow on.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bastion.consumer.spec import ReceivedEvent
from bastion.errors import BastionError
from bastion.events.envelope import CloudEvent, CloudEventAttributes, MalformedEventError
from bastion.events.registry import EventRegistry


class HoldKind(StrEnum):
    """Why a record is held instead of applied."""

    UNDECODABLE = "undecodable"  # not a CloudEvent
    UNKNOWN_TYPE = "unknown_type"  # an event type not declared in the contracts this consumer knows
    INVALID_DATA = "invalid_data"  # a known type whose data fails its schema
    HANDLER_ERROR = "handler_error"  # the handler raised, every attempt
    PARKED = "parked"  # waiting behind an earlier dead letter of the same aggregate


@dataclass(frozen=True, slots=True)
class Held:
    """A record not applied now: a dead letter, or parked behind one."""

    record: Any
    kind: HoldKind
    reason: str
    envelope: CloudEventAttributes | None = None

    @property
    def key(self) -> str:
        return message_key(self.record)


@dataclass(slots=True)
class DecodedBatch:
    """A fetched batch, sorted out. Each event id appears once (its first copy)."""

    handled: list[ReceivedEvent] = field(default_factory=list)
    ignored: list[tuple[str, CloudEventAttributes]] = field(default_factory=list)  # (topic, event) of types skipped
    held: list[Held] = field(default_factory=list)
    repeated_in_batch: list[str] = field(default_factory=list)  # topic of each second copy

    def event_ids(self) -> list[uuid.UUID]:
        """The ids to claim as processed: applied and ignored ones (a held event is not processed)."""
        return [event.envelope.id for event in self.handled] + [event.id for _topic, event in self.ignored]


def message_key(record: Any) -> str:
    """The aggregate a record belongs to: its Kafka key (a keyless record is its own aggregate)."""
    if record.key is None:
        return f"{record.topic}/{record.partition}/{record.offset}"
    key: bytes = record.key
    return key.decode("utf-8", errors="replace")


def decode_records(
    records: Iterable[Any], registry: EventRegistry, handles: frozenset[str], blocked: set[str] | None = None
) -> DecodedBatch:
    """Sort records (in offset order per partition) into handled, ignored, held and repeated.

    ``blocked`` holds the keys with an unresolved dead letter; it grows as this batch finds new ones.
    Payloads are typed only for the event types this consumer applies.
    """
    blocked = blocked if blocked is not None else set()
    batch = DecodedBatch()
    seen: set[uuid.UUID] = set()
    for record in records:
        key = message_key(record)
        decoded = registry.decode(record.value)
        wire, failure = (None, None) if decoded else decode_one(record, registry)
        envelope = decoded[0] if decoded else wire
        concerns_us = envelope is None or failure is not None or envelope.type in handles
        if key in blocked and concerns_us:
            batch.held.append(Held(record, HoldKind.PARKED, "behind an earlier dead letter", envelope))
            continue
        if failure is not None:
            batch.held.append(Held(record, failure[0], failure[1], envelope))
            blocked.add(key)
            continue
        assert envelope is not None  # noqa: S101 - decode_one gives one or the other
        if envelope.id in seen:
            batch.repeated_in_batch.append(record.topic)
            continue
        if envelope.type not in handles:
            seen.add(envelope.id)
            batch.ignored.append((record.topic, envelope))
            continue
        try:
            payload = decoded[1] if decoded else registry.parse(_read(wire))
        except BastionError as exc:
            batch.held.append(Held(record, HoldKind.INVALID_DATA, exc.message, envelope))
            blocked.add(key)
            continue
        seen.add(envelope.id)
        batch.handled.append(ReceivedEvent(envelope, payload, record.topic, record.partition, record.offset))
    return batch


def _read(wire: CloudEvent | None) -> CloudEvent:
    """The envelope ``decode_one`` read (there is one: without one the record was held before its data)."""
    if wire is None:
        raise MalformedEventError("not a CloudEvent")
    return wire


def decode_one(record: Any, registry: EventRegistry) -> tuple[CloudEvent | None, tuple[HoldKind, str] | None]:
    """The envelope of a record, or why it has none usable (its data is checked later, if applied)."""
    try:
        envelope = CloudEvent.from_bytes(record.value)
    except BastionError as exc:
        return None, (HoldKind.UNDECODABLE, exc.message)
    if envelope.type not in registry:
        return envelope, (HoldKind.UNKNOWN_TYPE, f"unknown event type {envelope.type!r}")
    return envelope, None
