"""What a consumer is: a name, the topics it reads, the event types it applies, a handler.

A service declares its consumers in its ``ServiceSpec``. Most are a :class:`ConsumerSpec`, which the kit
runs from start-up on the service's database. A consumer whose projection is kept in generations (scoring,
which a rebuild replaces by a new generation while the service runs) is a :class:`GenerationConsumer`: the
service's generation worker runs one for each live generation, writing there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bastion.events.envelope import CloudEventAttributes
from bastion.events.model import EventData
from bastion.events.topics import Topic


class Outcome(StrEnum):
    """What happened to one received message."""

    APPLIED = "applied"  # new, and the handler applied it
    DUPLICATE = "duplicate"  # this consumer had already processed its event id
    IGNORED = "ignored"  # a valid event of a type this consumer does not apply
    DEAD_LETTERED = "dead_lettered"  # could not be applied (see bastion.consumer.decode.HoldKind)
    PARKED = "parked"  # held behind an earlier dead letter of its aggregate


@dataclass(frozen=True, slots=True)
class ReceivedEvent:
    """An event as the handler sees it: the envelope, its typed payload and where it came from.

    The envelope is its attributes only: the data is ``payload``, decoded once, with its type.
    """

    envelope: CloudEventAttributes
    payload: EventData
    topic: str
    partition: int
    offset: int


class BatchHandler(Protocol):
    """Applies new events to the projection, inside the transaction that also stores offsets.

    It must be deterministic and idempotent per event id: the same events in any order give
    the same projection (design.md §4).
    """

    async def __call__(self, session: AsyncSession, events: Sequence[ReceivedEvent]) -> None: ...


@dataclass(frozen=True, slots=True)
class ConsumerSpec:
    name: str
    topics: tuple[Topic, ...]
    handles: frozenset[str]
    handler: BatchHandler


@dataclass(frozen=True, slots=True)
class GenerationConsumer:
    """A consumer declared once and bound by the service to each live generation of its projection: the
    consumer of generation ``g`` is named ``<name>-<g>`` (its offsets and processed ids are that generation's)
    and writes into it. The kit does not start it; the service's generation worker does, and switches."""

    name: str
    topics: tuple[Topic, ...]
    handles: frozenset[str]

    def name_in(self, generation: str) -> str:
        return f"{self.name}-{generation}"

    def bound(self, generation: str, handler: BatchHandler) -> ConsumerSpec:
        """The consumer of ``generation``, applying with ``handler`` (made for that generation's rules)."""
        return ConsumerSpec(self.name_in(generation), self.topics, self.handles, handler)
