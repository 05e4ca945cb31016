"""Producing to and reading from topics directly, for tests that need to see the wire."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from bastion.events.envelope import KAFKA_HEADERS, CloudEvent
from bastion.events.model import EventData
from bastion.kafka.client import KafkaConnection
from bastion.kafka.topics import partitions_of


def envelope(payload: EventData, *, sequence: int = 1, event_id: uuid.UUID | None = None) -> CloudEvent:
    return CloudEvent.wrap(payload, event_id=event_id or uuid.uuid4(), sequence=sequence, time=datetime.now(UTC))


async def produce(bootstrap: str, topic: str, messages: Sequence[CloudEvent | tuple[str, bytes]]) -> None:
    """Send envelopes (keyed by subject) or raw ``(key, value)`` pairs, in order, and wait for acks."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for message in messages:
            if isinstance(message, CloudEvent):
                key, value = message.subject, message.to_bytes()
            else:
                key, value = message
            await producer.send_and_wait(topic, value=value, key=key.encode(), headers=KAFKA_HEADERS)
    finally:
        await producer.stop()


async def read_topic(bootstrap: str, topic: str, *, expected: int, timeout: float = 15.0) -> list[Any]:
    """Every record of ``topic`` from the start, once ``expected`` have arrived (or the timeout)."""
    return await read_topics(bootstrap, [topic], expected=expected, timeout=timeout)


async def read_topics(bootstrap: str, topics: Sequence[str], *, expected: int, timeout: float = 15.0) -> list[Any]:
    """Every record of ``topics`` from the start, once ``expected`` have arrived in all (or the timeout);
    anything beyond (a duplicate) that arrives in a short grace period is included too."""
    deadline = time.monotonic() + timeout
    partitions: dict[str, list[int]] = {}
    while len(partitions) < len(topics) and time.monotonic() < deadline:
        partitions = await partitions_of(KafkaConnection(bootstrap), topics)
        if len(partitions) < len(topics):
            await asyncio.sleep(0.1)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=100)
    await consumer.start()
    records: list[Any] = []
    try:
        assigned = [TopicPartition(topic, number) for topic, numbers in partitions.items() for number in numbers]
        if not assigned:
            return []
        consumer.assign(assigned)
        await consumer.seek_to_beginning(*assigned)
        while len(records) < expected and time.monotonic() < deadline:
            for partition_records in (await consumer.getmany(timeout_ms=200)).values():
                records.extend(partition_records)
        for partition_records in (await consumer.getmany(timeout_ms=300)).values():
            records.extend(partition_records)
    finally:
        await consumer.stop()
    return records
