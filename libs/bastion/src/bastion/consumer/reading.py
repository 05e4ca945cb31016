"""How a consumer reads the broker: its options, one fetch, and the offsets a batch moves on to.

The runner reads this way, and so do the benchmark's baseline consumers, so that what they are compared
with is read exactly as scoring's consumer reads (the same batch size, fetch wait and isolation).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import OffsetAndMetadata

from bastion.errors import InfrastructureError
from bastion.kafka.client import KafkaSettingsView, client_options
from bastion.kafka.topics import partitions_of

# A fetched batch: each partition's records in offset order.
Records = Mapping[TopicPartition, Sequence[Any]]


class ConsumerSettingsView(KafkaSettingsView, Protocol):
    """The part of the settings a consumer reads with."""

    @property
    def consumer_fetch_max_wait_ms(self) -> int: ...
    @property
    def consumer_max_batch(self) -> int: ...


def consumer_options(settings: ConsumerSettingsView, role: str) -> dict[str, Any]:
    """Options of every consumer: offsets committed by the consumer itself once the work is durable, from the
    beginning when nothing is stored, only committed transactions' events, batches of ``consumer_max_batch``."""
    return {
        **client_options(settings, role),
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "isolation_level": "read_committed",
        "fetch_max_wait_ms": settings.consumer_fetch_max_wait_ms,
        "max_poll_records": settings.consumer_max_batch,
    }


async def fetch(consumer: AIOKafkaConsumer, settings: ConsumerSettingsView, *partitions: TopicPartition) -> Records:
    """One batch (of every assigned partition, or of ``partitions``); empty when nothing came in time."""
    # Twice the broker's wait, so an empty answer means nothing arrived rather than a slow round trip.
    timeout_ms = max(200, settings.consumer_fetch_max_wait_ms * 2)
    records: Records = await consumer.getmany(
        *partitions, timeout_ms=timeout_ms, max_records=settings.consumer_max_batch
    )
    return records


def in_order(records: Records) -> list[Any]:
    """A batch's records, partition after partition, each in offset order."""
    return [record for partition in records.values() for record in partition]


def next_offsets(records: Records) -> dict[TopicPartition, int]:
    """Where each partition of a batch resumes once the batch is applied: after its last record."""
    return {tp: partition[-1].offset + 1 for tp, partition in records.items() if partition}


async def commit_offsets(consumer: AIOKafkaConsumer, offsets: Mapping[TopicPartition, int]) -> None:
    """Tell Kafka the offsets (lag tools read them; the position that counts is stored with the projection)."""
    await consumer.commit({tp: OffsetAndMetadata(offset, "") for tp, offset in offsets.items()})


async def every_partition(settings: KafkaSettingsView, topics: Sequence[str]) -> list[TopicPartition]:
    """Every partition of ``topics`` (qualified names), to assign them all without joining a group."""
    found = await partitions_of(settings, topics)
    missing = [topic for topic in topics if topic not in found]
    if missing:
        raise InfrastructureError(f"topics without partitions yet: {', '.join(missing)}")
    return [TopicPartition(topic, number) for topic in topics for number in found[topic]]
