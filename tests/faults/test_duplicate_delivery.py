"""The outbox publishes an event twice after a crash between publish and mark; scoring counts it once.

The relay publishes a batch, waits for Kafka's acknowledgement, then marks the rows published in the
same transaction. Activity runs as a real process with the fail point ``relay.after_publish`` armed:
its relay's first batch reaches the broker, then the process is SIGKILLed before the rows are marked.
Restarted (without the fail point), the relay finds the rows still pending and publishes them again:
the very same events, byte for byte, are on the topic twice. The test reads the topics to show it,
then reconciles: every event reached scoring once, and scoring's metrics show it saw the copies.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from sqlalchemy import select

from activity.main import SERVICE as ACTIVITY
from bastion.db import create_engine
from bastion.db.tables import outbox
from bastion.events import CloudEvent
from bastion.kafka.client import KafkaConnection
from bastion.kafka.topics import partitions_of
from bastion.testing import TestStack
from tests.faults.reconcile import assert_reconciled
from tests.faults.services import Services, running_services

KILLED = -9


@pytest.mark.slow
@pytest.mark.timeout(180)
async def test_an_event_the_relay_published_twice_after_a_crash_is_counted_once(
    stack: TestStack, test_work_dir: Path
) -> None:
    async with running_services(stack, test_work_dir, failpoints={"activity": "relay.after_publish"}) as services:
        async with services.load(rate=12, seed=13) as load:
            # The load's first writes to activity: the relay publishes them, then dies before marking.
            assert await services.exited("activity", timeout=60) == KILLED, services.log_tail("activity")
            published_not_marked = await activity_outbox(services, pending_only=True)
            await services.restart("activity")
            await load.progressed(accepted=20, service="activity", timeout=60)
        result = await assert_reconciled(services.databases, load.accepted_event_ids, timeout=90)
        on_the_wire = await every_record(
            stack.kafka_bootstrap, [t.qualified(stack.topic_prefix) for t in ACTIVITY.produces]
        )
        seen_twice_by_scoring = await services.metric("scoring", "bastion_events_consumed", outcome="duplicate")
        written = await activity_outbox(services)

    copies = Counter(CloudEvent.from_bytes(record.value).id for record in on_the_wire)
    twice = {event_id for event_id, count in copies.items() if count == 2}
    print(f"published twice: {len(twice)} of {len(copies)}; scoring skipped {seen_twice_by_scoring:.0f}\n{result}")
    assert twice, "the crash between publish and mark should have made the relay publish its batch again"
    assert twice <= published_not_marked, "only the batch the crash left unmarked is published again"
    assert max(copies.values()) == 2
    assert all(_identical(on_the_wire, event_id) for event_id in twice), "a republished event is the same bytes"
    assert seen_twice_by_scoring >= len(twice), "scoring received the copies and skipped them"
    assert set(copies) == written, "on the wire: every event activity wrote, and nothing else"


async def activity_outbox(services: Services, *, pending_only: bool = False) -> set[uuid.UUID]:
    """The event ids in activity's outbox (``pending_only``: of the rows not marked published)."""
    engine = create_engine(services.databases.activity, pool_size=1)
    query = select(outbox.c.event_id)
    if pending_only:
        query = query.where(outbox.c.published_at.is_(None))
    try:
        async with engine.connect() as connection:
            return set(await connection.scalars(query))
    finally:
        await engine.dispose()


async def every_record(
    bootstrap: str, topics: Sequence[str], timeout: float = 30.0
) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record of ``topics``, from the beginning up to each partition's high watermark."""
    found = await partitions_of(KafkaConnection(bootstrap), topics)
    assigned = [TopicPartition(topic, number) for topic, numbers in found.items() for number in numbers]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=100)
    await consumer.start()
    try:
        consumer.assign(assigned)
        await consumer.seek_to_beginning(*assigned)
        records: list[ConsumerRecord[bytes, bytes]] = []
        deadline = time.monotonic() + timeout
        while not await _at_the_end(consumer, assigned):
            if time.monotonic() > deadline:
                raise TimeoutError(f"not at the end of {topics} within {timeout:.0f} s")
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                records.extend(batch)
        return records
    finally:
        await consumer.stop()


async def _at_the_end(consumer: AIOKafkaConsumer, partitions: Sequence[TopicPartition]) -> bool:
    for tp in partitions:
        end = consumer.highwater(tp)
        if end is None or await consumer.position(tp) < end:
            return False
    return True


def _identical(records: Sequence[ConsumerRecord[bytes, bytes]], event_id: uuid.UUID) -> bool:
    values = {r.value for r in records if CloudEvent.from_bytes(r.value).id == event_id}
    return len(values) == 1
