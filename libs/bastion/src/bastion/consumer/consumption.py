"""Read-your-writes across services: has this service taken in the events a caller has just caused?

Each event named is ``applied`` (every consumer here that applies its type has it), ``pending`` (not yet:
worth waiting for) or ``not_consumed`` (no consumer here applies its type: nothing here will change, so
there is nothing to wait for). An event id alone does not say its type, and an event on a topic this
service does not read never reaches it, so ``not_consumed`` needs the caller to say the type (the producing
service's documentation lists what each request records), or a service with no consumers at all.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.consumer.store import wait_for_events


class Consumption(StrEnum):
    """Where one named event stands in this service."""

    APPLIED = "applied"
    PENDING = "pending"
    NOT_CONSUMED = "not_consumed"


@dataclass(frozen=True, slots=True)
class Consumer:
    """What the question needs of a running consumer: where its bookkeeping is, which types it applies."""

    engine: AsyncEngine
    handles: frozenset[str]


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
    deadline = time.monotonic() + wait_seconds
    pending: set[uuid.UUID] = set()
    consumers_done: dict[str, bool] = {}
    for name, ids in concerned.items():
        left = await wait_for_events(consumers[name].engine, name, ids, max(0.0, deadline - time.monotonic()))
        pending |= left
        consumers_done[name] = not left
    consumed = {event_id for ids in concerned.values() for event_id in ids}
    return ConsumptionReport({e.id: _state(e.id, consumed, pending) for e in events}, consumers_done)


def _state(event_id: uuid.UUID, consumed: set[uuid.UUID], pending: set[uuid.UUID]) -> Consumption:
    if event_id not in consumed:
        return Consumption.NOT_CONSUMED
    return Consumption.PENDING if event_id in pending else Consumption.APPLIED


def _applies(consumer: Consumer, event: NamedEvent) -> bool:
    """An event of an unknown type may be any the consumer applies: it waits for it."""
    return event.type is None or event.type in consumer.handles
