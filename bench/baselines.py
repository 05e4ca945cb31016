"""The two consumers scoring's ingest is compared with, in the same run. They use the same broker, the same
PostgreSQL server and the same pre-filled topics, each read from the beginning.

- The ceiling (:func:`run_ceiling`) shows what the broker and the database allow. It does the least any exact
  consumer must do: parse each message's id, de-duplicate the batch, make one counter upsert per batch and store
  the offsets, all in one transaction per ``getmany`` batch, over raw asyncpg (the fastest path measured).
  facts.md measured it at about 34,000 events/s in one process on 2 cores. Scoring cannot beat it, and the
  distance to it is what scoring's projection costs.
- The naive consumer (:func:`run_naive`) does scoring's own work: decode, de-duplicate, ``ScoringHandler``,
  store the offsets. But it uses one transaction and one Kafka commit per event, as a first version would.
  facts.md measured one upsert and one commit per event at about 4,300 events/s (about 470/s through the ORM).
  It shows what batching buys.

Both assign every partition themselves (no group join to wait for), and both read as the real consumer does:
its options, batch size, fetch wait and offsets come from ``bastion.consumer.reading``, and the naive consumer
sorts each message as the runner does (``decode_records``). Tansu's ``end_offsets`` is wrong (see
``ConsumerRunner._check_partitions``), so the ceiling stops after a number of messages and the naive consumer
after a time.
"""

from __future__ import annotations

import json
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bastion.consumer.decode import decode_records, message_key
from bastion.consumer.reading import (
    Records,
    commit_offsets,
    consumer_options,
    every_partition,
    fetch,
    in_order,
    next_offsets,
)
from bastion.consumer.store import claim_new_events, save_offsets
from bastion.db import create_engine, create_session_factory
from bastion.db.tables import consumer_processed_events
from bastion_contracts import DOMAIN_EVENT_TYPES, DOMAIN_TOPICS, REGISTRY
from bench.produce import kafka_settings
from bench.stack import BenchStack
from scoring.adapters import generations
from scoring.generations import consumer_name
from scoring.ingest.handler import ScoringHandler
from scoring.rules import RuleBook, load_rule_sets
from scoring.settings import ScoringSettings

STALL_SECONDS = 60.0  # the ceiling gives up if no message arrives for this long

CEILING_SCHEMA = """
CREATE TABLE processed (event_id uuid PRIMARY KEY);
CREATE TABLE counters (key text PRIMARY KEY, n bigint NOT NULL);
CREATE TABLE offsets (topic text, partition int, next_offset bigint NOT NULL, PRIMARY KEY (topic, partition));
"""
CLAIM = "INSERT INTO processed (event_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id::text"
COUNT = """
INSERT INTO counters (key, n) SELECT * FROM unnest($1::text[], $2::int[])
ON CONFLICT (key) DO UPDATE SET n = counters.n + excluded.n
"""
STORE_OFFSETS = """
INSERT INTO offsets (topic, partition, next_offset) SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])
ON CONFLICT (topic, partition) DO UPDATE SET next_offset = greatest(offsets.next_offset, excluded.next_offset)
"""


@asynccontextmanager
async def _reading_everything(settings: ScoringSettings, name: str) -> AsyncIterator[AIOKafkaConsumer]:
    """A consumer on every partition of the domain topics, from the beginning, set up as the runner's is."""
    topics = [topic.qualified(settings.kafka_topic_prefix) for topic in DOMAIN_TOPICS]
    partitions = await every_partition(settings, topics)
    consumer = AIOKafkaConsumer(
        **consumer_options(settings, name),
        group_id=f"{settings.kafka_topic_prefix}{name}",  # for the offset commits only: partitions are assigned
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        yield consumer
    finally:
        await consumer.stop()


async def run_ceiling(
    stack: BenchStack, *, topic_prefix: str, events: int, say: Callable[[str], None] = print
) -> dict[str, object]:
    """Read ``events`` messages as the ceiling consumer; events/s from the first batch to the last commit."""
    settings = kafka_settings(stack.bootstrap_servers, topic_prefix)
    connection = await asyncpg.connect(await stack.database("bench_ceiling"))
    try:
        await connection.execute(CEILING_SCHEMA)
        say(f"  ceiling: reading {events:,} events ...")
        async with _reading_everything(settings, "bench-ceiling") as consumer:
            consumed = claimed = batches = 0
            started: float | None = None
            last_seen = time.monotonic()
            while consumed < events:
                records = await fetch(consumer, settings)
                if not records:
                    if time.monotonic() - last_seen > STALL_SECONDS:
                        raise TimeoutError(f"the ceiling read {consumed:,} of {events:,} events, then nothing more")
                    continue
                last_seen = time.monotonic()
                if started is None:
                    started = time.perf_counter()
                offsets = next_offsets(records)
                ordered = in_order(records)
                claimed += await _apply_ceiling_batch(connection, ordered, offsets)
                await commit_offsets(consumer, offsets)
                consumed += len(ordered)
                batches += 1
            seconds = time.perf_counter() - (started or 0.0)
        processed = await connection.fetchval("SELECT count(*) FROM processed")
        counted = await connection.fetchval("SELECT coalesce(sum(n), 0)::bigint FROM counters")
    finally:
        await connection.close()
    result: dict[str, object] = {
        "events": consumed,
        "seconds": round(seconds, 3),
        "events_per_second": round(consumed / seconds, 1),
        "batches": batches,
        "mean_batch": round(consumed / batches, 1),
        "new_events": claimed,
        "processed_rows": processed,
        "counter_sum": counted,
        "checks_ok": consumed == events and processed == events and counted == events,
    }
    if not result["checks_ok"]:
        raise RuntimeError(f"the ceiling's projection is not exact: {result}")
    return result


async def _apply_ceiling_batch(
    connection: asyncpg.Connection, records: Sequence[Any], offsets: Mapping[TopicPartition, int]
) -> int:
    """De-duplicate, count the new events per message key, store the offsets: one transaction. The new count."""
    ids: list[str] = []
    keys: list[str] = []
    seen: set[str] = set()
    for record in records:
        event_id = json.loads(record.value)["id"]
        if event_id not in seen:  # a copy within the batch is a duplicate too
            seen.add(event_id)
            ids.append(event_id)
            keys.append(message_key(record))
    partitions = sorted(offsets)
    async with connection.transaction():
        new = {row[0] for row in await connection.fetch(CLAIM, ids)}
        counts = Counter(key for event_id, key in zip(ids, keys, strict=True) if event_id in new)
        if counts:
            await connection.execute(COUNT, list(counts), list(counts.values()))
        await connection.execute(
            STORE_OFFSETS,
            [tp.topic for tp in partitions],
            [tp.partition for tp in partitions],
            [offsets[tp] for tp in partitions],
        )
    return len(new)


async def run_naive(
    stack: BenchStack, *, topic_prefix: str, seconds: float = 30.0, say: Callable[[str], None] = print
) -> dict[str, object]:
    """Apply events one at a time with scoring's handler for ``seconds``; events/s from the first event on."""
    settings = kafka_settings(stack.bootstrap_servers, topic_prefix)
    engine = create_engine(await stack.database("bench_naive", "scoring"), pool_size=1, application_name="bench-naive")
    try:
        live = await generations.ensure_live(engine)
        mapped = generations.for_generation(engine, live, kit_tables=True)
        apply = _NaiveApply(
            sessions=create_session_factory(mapped),
            name=consumer_name(live),
            handler=ScoringHandler(RuleBook(load_rule_sets(settings.rule_sets_directory)), settings.timezone),
        )
        say(f"  naive: applying events one at a time for {seconds:.0f} s ...")
        async with _reading_everything(settings, "bench-naive") as consumer:
            elapsed = await _naive_loop(consumer, settings, apply, seconds)
        async with mapped.connect() as connection:
            processed = await connection.scalar(select(func.count()).select_from(consumer_processed_events))
    finally:
        await engine.dispose()
    result: dict[str, object] = {
        "events": apply.count,
        "seconds": round(elapsed, 3),
        "events_per_second": round(apply.count / elapsed, 1),
        "processed_rows": processed,
        "checks_ok": processed == apply.count,
        "topics": {topic.removeprefix(topic_prefix): n for topic, n in apply.topics.most_common()},
    }
    if not result["checks_ok"]:
        raise RuntimeError(f"the naive consumer's bookkeeping is not exact: {result}")
    return result


async def _naive_loop(
    consumer: AIOKafkaConsumer, settings: ScoringSettings, apply: _NaiveApply, seconds: float
) -> float:
    """Apply message after message, each followed by its Kafka commit, until ``seconds`` have passed since the
    first one; the seconds it took."""
    messages = _Proportional(consumer, settings)
    await messages.start()
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        record = await messages.next()
        await apply(record)
        await commit_offsets(consumer, {TopicPartition(record.topic, record.partition): record.offset + 1})
    return time.perf_counter() - started


class _Proportional:
    """Messages from every partition, each in offset order, in proportion to the partitions' lengths.

    The naive consumer gets through a few percent of the topics in its time. Taken as ``getmany`` hands them
    out, that is one partition's events (aiokafka drains one buffered partition before the next): one event
    type, not the mix scoring is measured on. Taking next from the partition least far through its length
    gives a prefix of every partition, and so the topics' mix.
    """

    def __init__(self, consumer: AIOKafkaConsumer, settings: ScoringSettings) -> None:
        self._consumer = consumer
        self._settings = settings
        self._buffers: dict[TopicPartition, deque[Any]] = {tp: deque() for tp in consumer.assignment()}
        self._ends: dict[TopicPartition, int] = {}
        self._next: dict[TopicPartition, int] = {}

    async def start(self) -> None:
        """Fetch until every partition's length (its high watermark, from fetch responses) is known."""
        deadline = time.monotonic() + STALL_SECONDS
        while len(self._ends) < len(self._buffers):
            if time.monotonic() > deadline:
                raise TimeoutError("the lengths of some partitions stayed unknown")
            self._keep(await fetch(self._consumer, self._settings))
            for tp in self._buffers:
                end = self._consumer.highwater(tp)
                if end is not None:
                    self._ends[tp] = end
                    self._next.setdefault(tp, 0)

    async def next(self) -> Any:
        left = [tp for tp, end in self._ends.items() if self._next[tp] < end]
        if not left:
            raise RuntimeError("every partition has been read to its end")
        tp = min(left, key=lambda tp: self._next[tp] / self._ends[tp])
        while not self._buffers[tp]:
            self._keep(await fetch(self._consumer, self._settings, tp))
        record = self._buffers[tp].popleft()
        self._next[tp] = record.offset + 1
        return record

    def _keep(self, records: Records) -> None:
        for tp, part in records.items():
            self._buffers[tp].extend(part)


class _NaiveApply:
    """One message: decode it, then claim it, apply it and store its offset in a transaction of its own."""

    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], name: str, handler: ScoringHandler) -> None:
        self._sessions = sessions
        self._name = name
        self._handler = handler
        self.count = 0
        self.topics: Counter[str] = Counter()

    async def __call__(self, record: Any) -> None:
        # As the runner sorts a batch: other types are claimed, not applied.
        batch = decode_records([record], REGISTRY, DOMAIN_EVENT_TYPES)
        if batch.held:
            raise RuntimeError(f"the naive consumer cannot apply {batch.held[0].kind}: {batch.held[0].reason}")
        tp = TopicPartition(record.topic, record.partition)
        async with self._sessions() as session, session.begin():
            if await claim_new_events(session, self._name, batch.event_ids()) and batch.handled:
                await self._handler(session, batch.handled)
            await save_offsets(session, self._name, {tp: record.offset + 1})
        self.count += 1
        self.topics[record.topic] += 1
