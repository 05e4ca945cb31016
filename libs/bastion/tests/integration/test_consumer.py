"""The consumer runner: effectively once, against a real PostgreSQL and the real broker."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import TopicPartition
from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.consumer import Outcome
from bastion.consumer.store import load_offsets
from bastion.db import create_session_factory
from bastion.devstack import EmbeddedBroker
from bastion.events import CloudEvent
from bastion.kafka import ensure_topics
from bastion.metrics import BastionMetrics
from bastion.testing.kafka import envelope, produce
from bastion.testing.probe import (
    PROBES,
    KitTestSettings,
    ProbeRecorded,
    ProbeSkipped,
    RecordingHandler,
    applied_count,
    applied_values,
    probe_runner,
    running,
)

make_runner = probe_runner


def probes(count: int, start: int = 0) -> list[CloudEvent]:
    probe_id = uuid.uuid4()
    return [envelope(ProbeRecorded(probe_id=probe_id, value=start + i), sequence=start + i + 1) for i in range(count)]


async def wait_for_count(engine: AsyncEngine, expected: int, timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while (count := await applied_count(engine)) != expected:
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"{count} probes applied after {timeout} s, expected {expected}")
        await asyncio.sleep(0.05)


def consumed(metrics: BastionMetrics, outcome: Outcome) -> float:
    return sum(
        sample.value
        for family in metrics.events_consumed.collect()
        for sample in family.samples
        if sample.name.endswith("_total") and sample.labels["outcome"] == outcome
    )


async def test_a_redelivered_event_is_applied_once(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    topic = PROBES.qualified(settings.kafka_topic_prefix)
    events = probes(5)
    handler = RecordingHandler()
    async with running(make_runner(engine, settings, metrics, handler)):
        await produce(settings.kafka_bootstrap_servers, topic, [*events, events[1], events[3]])
        await wait_for_count(engine, 5)
        # The same event again, later, in a batch of its own (the outbox republishing after a crash):
        await produce(settings.kafka_bootstrap_servers, topic, [events[0], *probes(1, start=100)])
        await wait_for_count(engine, 6)
        await asyncio.sleep(0.3)

    assert await applied_values(engine) == [0, 1, 2, 3, 4, 100]
    assert consumed(metrics, Outcome.APPLIED) == 6
    assert consumed(metrics, Outcome.DUPLICATE) == 3


async def test_a_restarted_consumer_resumes_from_its_stored_offsets(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    topic = PROBES.qualified(settings.kafka_topic_prefix)
    first = RecordingHandler()
    async with running(make_runner(engine, settings, metrics, first)):
        await produce(settings.kafka_bootstrap_servers, topic, probes(10))
        await wait_for_count(engine, 10)

    await produce(settings.kafka_bootstrap_servers, topic, probes(4, start=50))
    second = RecordingHandler()
    second_metrics = BastionMetrics(CollectorRegistry())
    async with running(make_runner(engine, settings, second_metrics, second)):
        await wait_for_count(engine, 14)
        await asyncio.sleep(0.3)

    assert consumed(second_metrics, Outcome.APPLIED) == 4
    assert consumed(second_metrics, Outcome.DUPLICATE) == 0, "nothing before the stored offsets is read again"
    async with create_session_factory(engine)() as session:
        stored = await load_offsets(session, "probe-consumer", [TopicPartition(topic, p) for p in range(3)])
    assert sum(stored.values()) == 14


async def test_a_failing_batch_is_rolled_back_and_retried(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    handler = RecordingHandler()
    handler.fail_next = 2
    async with running(make_runner(engine, settings, metrics, handler)):
        await produce(settings.kafka_bootstrap_servers, PROBES.qualified(settings.kafka_topic_prefix), probes(3))
        await wait_for_count(engine, 3)

    assert handler.batches >= 3
    assert await applied_values(engine) == [0, 1, 2]
    assert consumed(metrics, Outcome.APPLIED) == 3


async def test_unreadable_messages_are_dead_lettered_and_their_aggregate_parked_while_others_flow(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    topic = PROBES.qualified(settings.kafka_topic_prefix)
    key = str(uuid.uuid4())
    skipped = envelope(ProbeSkipped(probe_id=uuid.UUID(key)))
    async with running(make_runner(engine, settings, metrics, RecordingHandler())):
        await produce(
            settings.kafka_bootstrap_servers,
            topic,
            [(key, b"{not json"), skipped, (key, b""), *probes(2)],
        )
        await wait_for_count(engine, 2)
        await asyncio.sleep(0.3)

    assert consumed(metrics, Outcome.DEAD_LETTERED) == 1, "the broken message"
    assert consumed(metrics, Outcome.PARKED) == 1, "the empty one after it, of the same aggregate"
    assert consumed(metrics, Outcome.IGNORED) == 1, "a type this consumer does not apply is not held"


async def test_a_broker_that_lost_its_log_is_read_again_from_the_start(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics, own_broker: EmbeddedBroker
) -> None:
    """What `make run` meets after a restart: Tansu is empty, stored offsets point past its end."""
    settings = settings.model_copy(update={"kafka_bootstrap_servers": own_broker.bootstrap_servers})
    topic = PROBES.qualified(settings.kafka_topic_prefix)
    async with running(make_runner(engine, settings, metrics, RecordingHandler())):
        await produce(own_broker.bootstrap_servers, topic, probes(12))
        await wait_for_count(engine, 12)

    own_broker.stop()  # Tansu keeps messages in memory: it comes back empty
    own_broker.start()
    await ensure_topics(settings, [PROBES], prefix=settings.kafka_topic_prefix, replication_factor=1)
    await produce(own_broker.bootstrap_servers, topic, probes(3, start=20))
    async with running(make_runner(engine, settings, metrics, RecordingHandler())):
        await wait_for_count(engine, 15)

    assert (await applied_values(engine))[-3:] == [20, 21, 22]
    assert metrics.consumer_log_resets.labels("probe-consumer", topic)._value.get() == 1


async def test_group_mode_resumes_from_the_offsets_stored_with_the_projection(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    settings = settings.model_copy(update={"consumer_assignment": "group", "consumer_session_timeout_ms": 6_000})
    topic = PROBES.qualified(settings.kafka_topic_prefix)
    await produce(settings.kafka_bootstrap_servers, topic, probes(6))
    async with running(make_runner(engine, settings, metrics, RecordingHandler())):
        await wait_for_count(engine, 6)

    await produce(settings.kafka_bootstrap_servers, topic, probes(2, start=10))
    again = BastionMetrics(CollectorRegistry())
    async with running(make_runner(engine, settings, again, RecordingHandler())):
        await wait_for_count(engine, 8, timeout=40)
        await asyncio.sleep(0.3)

    assert consumed(again, Outcome.DUPLICATE) == 0
    assert consumed(again, Outcome.APPLIED) == 2
