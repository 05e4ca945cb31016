"""Read-your-writes across services: has this service taken in the events a caller has just caused?

Each event named is ``applied`` (every consumer here that applies its type has it), ``pending`` (not yet:
worth waiting for) or ``not_consumed`` (no consumer here applies its type: nothing here will change, so
there is nothing to wait for). With its type, an event no consumer here applies is ``not_consumed`` at once.
An id alone does not say the type, and an event on a topic this service does not read never reaches it;
so, without the type, an event is ``not_consumed`` once every consumer here, a second or more into the wait,
has read everything on its topics without meeting it (nor holding it as a dead letter). A shorter wait, or a
consumer that cannot tell (it shares its partitions with replicas, is behind, or the broker is away), leaves
it ``pending``.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.consumer.dead_letters import held_among
from bastion.consumer.store import wait_for_events


class Consumption(StrEnum):
    """Where one named event stands in this service."""

    APPLIED = "applied"
    PENDING = "pending"
    NOT_CONSUMED = "not_consumed"


class Reading(Protocol):
    """A running consumer, as far as the question goes (``ConsumerRunner``)."""

    @property
    def caught_up_at(self) -> float | None:
        """When it was last found at the end of every partition of its topics (monotonic); None: not now."""


@dataclass(frozen=True, slots=True)
class Consumer:
    """What the question needs of a running consumer: where its bookkeeping is, which types it applies, and
    where it reads (None: unknown)."""

    engine: AsyncEngine
    handles: frozenset[str]
    reading: Reading | None = None


@dataclass(frozen=True, slots=True)
class NamedEvent:
    """An event a caller names: its id, and its type if the caller knows it."""

    id: uuid.UUID
    type: str | None = None


@dataclass(frozen=True, slots=True)
class ConsumptionReport:
    events: dict[uuid.UUID, Consumption]
    consumers: dict[str, bool]  # per consumer: has it every named event it applies

    @property
    def nothing_pending(self) -> bool:
        return Consumption.PENDING not in self.events.values()


async def consumption_of(
    consumers: Mapping[str, Consumer], events: Sequence[NamedEvent], wait_seconds: float
) -> ConsumptionReport:
    """Where each named event stands, waiting (at most ``wait_seconds`` in all) for those still pending."""
    concerned = {name: [e.id for e in events if _applies(consumer, e)] for name, consumer in consumers.items()}
    started = time.monotonic()
    deadline = started + wait_seconds
    left: dict[str, set[uuid.UUID]] = {}
    for name, ids in concerned.items():
        left[name] = await wait_for_events(consumers[name].engine, name, ids, max(0.0, deadline - time.monotonic()))
    pending = set().union(*left.values())
    untyped = {e.id for e in events if e.type is None} & pending
    if untyped and wait_seconds >= _RELAY_MARGIN_SECONDS:  # a shorter wait cannot tell "never" from "not yet"
        pending -= await _met_nowhere(consumers, untyped, started + _RELAY_MARGIN_SECONDS)
    consumed = {event_id for ids in concerned.values() for event_id in ids} - (untyped - pending)
    consumers_done = {name: not (ids & pending) for name, ids in left.items()}
    return ConsumptionReport({e.id: _state(e.id, consumed, pending) for e in events}, consumers_done)


# A producer's relay publishes a committed event within milliseconds; a consumer found at the end of its
# topics this long after the question was asked would have met an event published before then.
_RELAY_MARGIN_SECONDS = 1.0


async def _met_nowhere(consumers: Mapping[str, Consumer], event_ids: set[uuid.UUID], since: float) -> set[uuid.UUID]:
    """Of these events, those no consumer here will meet: each has read everything on its topics since
    ``since`` without applying them, and holds none of them as a dead letter."""
    for consumer in consumers.values():
        caught_up = consumer.reading.caught_up_at if consumer.reading is not None else None
        if caught_up is None or caught_up < since:
            return set()
    held: set[uuid.UUID] = set()
    for name, consumer in consumers.items():
        async with consumer.engine.connect() as connection:
            held |= await held_among(connection, name, list(event_ids))
    return event_ids - held


def _state(event_id: uuid.UUID, consumed: set[uuid.UUID], pending: set[uuid.UUID]) -> Consumption:
    if event_id not in consumed:
        return Consumption.NOT_CONSUMED
    return Consumption.PENDING if event_id in pending else Consumption.APPLIED


def _applies(consumer: Consumer, event: NamedEvent) -> bool:
    """An event of an unknown type may be any the consumer applies: it waits for it."""
    return event.type is None or event.type in consumer.handles
