"""The dead-letter desk of a consumer: sends new dead letters to the dead-letter topic, and applies what
operators released (a redriven letter, the parked messages behind a redriven or skipped one), in order.

It runs inside the consumer's loop, between batches, so it never interleaves with a batch; an advisory
lock keeps two replicas of a consumer from releasing at the same time.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaProducer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bastion.consumer import dead_letters
from bastion.consumer.dead_letters import DEAD_LETTERS, DeadLetter, State
from bastion.consumer.decode import HoldKind, decode_one
from bastion.consumer.spec import ConsumerSpec, ReceivedEvent
from bastion.consumer.store import claim_new_events
from bastion.errors import BastionError
from bastion.events.registry import EventRegistry
from bastion.failures import is_infrastructure
from bastion.kafka.client import client_options
from bastion.metrics import BastionMetrics
from bastion.settings import ServiceSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Stored:
    """A stored letter, shaped like the Kafka record it was."""

    found: DeadLetter

    @property
    def value(self) -> bytes:
        return self.found.value


class DeadLetterDesk:
    """A consumer's dead letters: publishes new ones to the dead-letter topic and releases, in order, what an
    operator redrove or skipped together with the events parked behind it."""

    def __init__(
        self,
        spec: ConsumerSpec,
        *,
        sessions: async_sessionmaker[AsyncSession],
        settings: ServiceSettings,
        registry: EventRegistry,
        metrics: BastionMetrics,
    ) -> None:
        self._spec = spec
        self._sessions = sessions
        self._settings = settings
        self._registry = registry
        self._metrics = metrics
        self._producer: AIOKafkaProducer | None = None

    async def tend(self) -> None:
        """One round: release what operators decided, send new dead letters, update the gauges."""
        await self.release()
        await self.publish()
        async with self._sessions() as session:
            for state, count in (await dead_letters.counts(session, self._spec.name)).items():
                self._metrics.held_messages.labels(self._spec.name, state.value).set(count)

    async def publish(self) -> None:
        """Send dead letters not sent yet to the dead-letter topic (at least once; the database first)."""
        async with self._sessions() as session:
            pending = await dead_letters.unpublished(session, self._spec.name)
        if not pending:
            return
        producer = await self._require_producer()
        topic = DEAD_LETTERS.qualified(self._settings.kafka_topic_prefix)
        for found in pending:
            key, value, headers = dead_letters.as_message(found)
            await producer.send_and_wait(topic, value=value, key=key, headers=headers)
        async with self._sessions() as session, session.begin():
            await dead_letters.mark_published(session, [found.id for found in pending])
        log.warning(
            "dead letters sent to the dead-letter topic",
            extra={"consumer": self._spec.name, "count": len(pending), "topic": topic},
        )

    async def release(self) -> None:
        """Apply released letters, each aggregate in order, stopping an aggregate at a failure."""
        async with self._sessions() as session, session.begin():
            for chain in await dead_letters.releasable(session, self._spec.name):
                for found in chain:
                    if found.state is State.DEAD or not await self._apply(session, found):
                        break

    async def _apply(self, session: AsyncSession, found: DeadLetter) -> bool:
        """Try one letter again, in a savepoint; True if applied (or nothing to apply)."""
        record = _Stored(found)
        envelope, failure = decode_one(record, self._registry)
        if failure is None and envelope is not None and envelope.type not in self._spec.handles:
            await dead_letters.settle(session, found, State.APPLIED)
            return True
        if failure is None and envelope is not None:
            try:
                payload = self._registry.parse(envelope)
            except BastionError as exc:
                failure = (HoldKind.INVALID_DATA, exc.message)
        if failure is not None or envelope is None:
            kind, reason = failure or (HoldKind.UNDECODABLE, "not a CloudEvent")
            await dead_letters.settle(session, found, State.DEAD, kind.value, reason)
            return False
        event = ReceivedEvent(envelope, payload, found.topic, found.partition, found.offset)
        try:
            async with session.begin_nested():
                if await claim_new_events(session, self._spec.name, [envelope.id]):
                    await self._spec.handler(session, [event])
        except Exception as exc:
            if is_infrastructure(exc):
                raise
            await dead_letters.settle(session, found, State.DEAD, HoldKind.HANDLER_ERROR.value, repr(exc))
            log.error("released message failed again", extra={"consumer": self._spec.name, "id": found.id})
            return False
        await dead_letters.settle(session, found, State.APPLIED)
        log.info("released message applied", extra={"consumer": self._spec.name, "id": found.id})
        return True

    async def _require_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            options: dict[str, Any] = client_options(self._settings, f"{self._settings.service_name}-dead-letters")
            producer = AIOKafkaProducer(**options, acks="all")
            await producer.start()
            self._producer = producer
        return self._producer

    async def close(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(Exception):
                await producer.stop()
