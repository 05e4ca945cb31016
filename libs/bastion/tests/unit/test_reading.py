"""How every consumer (the runner and the benchmark's baselines alike) reads the broker."""

from __future__ import annotations

from dataclasses import dataclass

from aiokafka import TopicPartition

from bastion.consumer.reading import consumer_options, in_order, next_offsets
from bastion.kafka.client import KafkaConnection


@dataclass(frozen=True)
class Settings(KafkaConnection):
    consumer_fetch_max_wait_ms: int = 40
    consumer_max_batch: int = 250


@dataclass
class Record:
    offset: int


def test_a_batch_resumes_after_the_last_record_of_each_partition_it_holds() -> None:
    first, second, empty = TopicPartition("t", 0), TopicPartition("t", 1), TopicPartition("t", 2)
    records = {first: [Record(4), Record(5)], second: [Record(9)], empty: []}
    assert next_offsets(records) == {first: 6, second: 10}
    assert [record.offset for record in in_order(records)] == [4, 5, 9]


def test_a_consumer_commits_its_own_offsets_and_reads_only_committed_events_in_the_configured_batches() -> None:
    options = consumer_options(Settings(kafka_bootstrap_servers="broker:9092"), "scoring-ingest")
    assert (options["enable_auto_commit"], options["isolation_level"], options["auto_offset_reset"]) == (
        False,
        "read_committed",
        "earliest",
    )
    assert (options["fetch_max_wait_ms"], options["max_poll_records"]) == (40, 250)
    assert (options["client_id"], options["bootstrap_servers"]) == ("bastion-scoring-ingest", "broker:9092")
