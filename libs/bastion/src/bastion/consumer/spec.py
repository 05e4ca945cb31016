"""What a consumer is: a name, the topics it reads, the event types it applies, a handler."""

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
