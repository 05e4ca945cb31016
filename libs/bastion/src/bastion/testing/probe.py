"""A probe event type, table and handler for testing the kit without any service's domain.

The handler inserts one row per event id into a table whose primary key is that id: were
the runner ever to hand it the same event twice, the insert would fail and the test see it.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import ClassVar

from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, Uuid, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bastion.consumer.runner import ConsumerRunner
from bastion.consumer.spec import ConsumerSpec, ReceivedEvent
from bastion.db import create_session_factory
from bastion.db.tables import kit_metadata
from bastion.errors import InfrastructureError
from bastion.events.model import EventData
from bastion.events.registry import EventRegistry
from bastion.events.topics import Topic
from bastion.metrics import BastionMetrics
from bastion.settings import ServiceSettings, settings_config

PROBES = Topic("bastion.testkit.probes", partitions=3, description="Probe events for the kit's tests.")


class ProbeRecorded(EventData):
    """A probe with a value; tests count what arrives."""

    event_type: ClassVar[str] = "bastion.testkit.probe.recorded.v1"
    topic: ClassVar[Topic] = PROBES

    probe_id: uuid.UUID
    value: int

    def subject(self) -> str:
        return str(self.probe_id)


class ProbeSkipped(EventData):
    """A valid event type the probe consumer does not apply (to test 'ignored')."""

    event_type: ClassVar[str] = "bastion.testkit.probe.skipped.v1"
    topic: ClassVar[Topic] = PROBES

    probe_id: uuid.UUID

    def subject(self) -> str:
        return str(self.probe_id)


PROBE_REGISTRY = EventRegistry([ProbeRecorded, ProbeSkipped])

probe_metadata = MetaData()
probe_applied = Table(
    "probe_applied",
    probe_metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("probe_id", Uuid, nullable=False),
    Column("value", Integer, nullable=False),
    Column("sequence", BigInteger, nullable=False),
)


class KitTestSettings(ServiceSettings):
    service_name: ClassVar[str] = "testkit"
    model_config = settings_config("testkit")


class RecordingHandler:
    """Applies probes into ``probe_applied``; can be told to fail the next N batches, every batch holding a
    probe whose value is in ``poison``, or every batch while a dependency it needs is ``unavailable``."""

    def __init__(self, poison: set[int] | None = None) -> None:
        self.batches = 0
        self.fail_next = 0
        self.poison = poison or set()
        self.unavailable = False

    async def __call__(self, session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
        self.batches += 1
        if self.unavailable:
            raise InfrastructureError("a dependency of the probe handler is away")
        if self.fail_next > 0:
            self.fail_next -= 1
            raise RuntimeError("probe handler told to fail")
        rows = []
        for event in events:
            payload = event.payload
            if not isinstance(payload, ProbeRecorded):
                raise TypeError(f"probe handler got {event.envelope.type}")
            if payload.value in self.poison:
                raise ValueError(f"probe value {payload.value} is poison")
            rows.append(
                {
                    "event_id": event.envelope.id,
                    "probe_id": payload.probe_id,
                    "value": payload.value,
                    "sequence": event.envelope.sequence,
                }
            )
        await session.execute(insert(probe_applied), rows)


def probe_consumer(handler: RecordingHandler, name: str = "probe-consumer") -> ConsumerSpec:
    return ConsumerSpec(name=name, topics=(PROBES,), handles=frozenset({ProbeRecorded.event_type}), handler=handler)


async def create_probe_schema(engine: AsyncEngine) -> None:
    """The kit's tables and the probe table, in an empty database."""
    async with engine.begin() as connection:
        await connection.run_sync(kit_metadata.create_all)
        await connection.run_sync(probe_metadata.create_all)


async def applied_values(engine: AsyncEngine) -> list[int]:
    async with engine.connect() as connection:
        return list(await connection.scalars(select(probe_applied.c.value).order_by(probe_applied.c.value)))


async def applied_count(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(probe_applied)) or 0)


def probe_runner(
    engine: AsyncEngine, settings: ServiceSettings, metrics: BastionMetrics, handler: RecordingHandler
) -> ConsumerRunner:
    """The probe consumer as a runner on ``engine``."""
    return ConsumerRunner(
        probe_consumer(handler),
        sessions=create_session_factory(engine),
        settings=settings,
        registry=PROBE_REGISTRY,
        metrics=metrics,
    )


@contextlib.asynccontextmanager
async def running(runner: ConsumerRunner) -> AsyncIterator[ConsumerRunner]:
    """Run ``runner`` until the block ends (it has its partitions when the block starts)."""
    task = asyncio.create_task(runner.run())
    try:
        await asyncio.wait_for(runner.assigned.wait(), 30)
        yield runner
    finally:
        runner.stop()
        await asyncio.wait_for(task, 30)
