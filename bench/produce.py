"""Filling topics fast: the events a benchmark will consume, published as the outbox relay publishes them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable

from aiokafka import AIOKafkaProducer

from bastion.events.envelope import KAFKA_HEADERS
from bastion.kafka.topics import ensure_topics
from bastion_contracts import ALL_TOPICS
from bench.workload import Message
from scoring.settings import ScoringSettings

CHUNK = 5_000


def kafka_settings(bootstrap_servers: str, topic_prefix: str) -> ScoringSettings:
    return ScoringSettings(kafka_bootstrap_servers=bootstrap_servers, kafka_topic_prefix=topic_prefix)


async def create_topics(bootstrap_servers: str, topic_prefix: str) -> None:
    settings = kafka_settings(bootstrap_servers, topic_prefix)
    await ensure_topics(settings, ALL_TOPICS, prefix=topic_prefix, replication_factor=1)


async def fill(bootstrap_servers: str, topic_prefix: str, messages: Iterable[Message]) -> tuple[int, float]:
    """Publish every message (acks=all), in order per key; returns how many and the seconds it took."""
    await create_topics(bootstrap_servers, topic_prefix)
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        acks="all",
        enable_idempotence=False,
        linger_ms=5,
        max_batch_size=512 * 1024,
        max_request_size=4 * 1024 * 1024,
    )
    await producer.start()
    started = time.perf_counter()
    sent = 0
    try:
        pending: list[asyncio.Future[object]] = []
        for message in messages:
            pending.append(await producer.send(
                topic_prefix + message.topic, message.value, key=message.key, headers=KAFKA_HEADERS
            ))  # fmt: skip
            sent += 1
            if len(pending) >= CHUNK:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return sent, time.perf_counter() - started
