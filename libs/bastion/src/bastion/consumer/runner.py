"""The consumer runner: fetch a batch, apply it with its offsets in one transaction, then commit to Kafka.

Effectively once (design.md §4):
- The projection, the processed event ids and the next offsets commit in one database
  transaction; the Kafka commit follows and is only informational (lag tools read it).
- On (re)assignment the runner seeks to the offsets stored in the database, so a crash
  between the two commits re-reads nothing. An event id seen before is skipped (the outbox
  may publish an event twice).
- A batch that fails because of the infrastructure (database, broker) rolls back, rewinds and is
  retried with backoff for as long as it takes. One that fails because of a message (the handler
  raised) is retried ``consumer_max_attempts`` times, then applied event by event: the culprit
  becomes a dead letter (see ``dead_letters``), later events of its aggregate park behind it, and
  the others flow on. Messages that cannot be decoded become dead letters at once.
- If a partition is shorter than the stored position (a memory-only broker restarted and
  lost its log), the runner reads it again from the start; de-duplication keeps that exact.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import KafkaError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bastion.backoff import Backoff
from bastion.consumer import commits, dead_letters
from bastion.consumer.dead_letters import DEAD_LETTERS
from bastion.consumer.decode import DecodedBatch, Held, HoldKind, decode_records, message_key
from bastion.consumer.desk import DeadLetterDesk
from bastion.consumer.reading import (
    Records,
    commit_offsets,
    consumer_options,
    every_partition,
    fetch,
    in_order,
    next_offsets,
)
from bastion.consumer.spec import ConsumerSpec, Outcome, ReceivedEvent
from bastion.consumer.store import claim_new_events, forget_offset, load_offsets, processed_among, save_offsets
from bastion.events.registry import EventRegistry
from bastion.failures import BROKER_FAILURES, is_infrastructure, log_failure
from bastion.faults import failpoint
from bastion.kafka.topics import ensure_topics
from bastion.metrics import BastionMetrics
from bastion.settings import ServiceSettings
from bastion.tracing import current_trace, parse_traceparent

log = logging.getLogger(__name__)

DESK_INTERVAL_SECONDS = 2.0


class ConsumerRunner:
    """Runs one consumer until :meth:`stop`."""

    def __init__(
        self,
        spec: ConsumerSpec,
        *,
        sessions: async_sessionmaker[AsyncSession],
        settings: ServiceSettings,
        registry: EventRegistry,
        metrics: BastionMetrics,
        engine: AsyncEngine | None = None,
    ) -> None:
        self.spec = spec
        self._sessions = sessions
        # Where the consumer's bookkeeping lives (for read-your-writes waits); the sessions' engine.
        self.engine = engine
        self._settings = settings
        self._registry = registry
        self._metrics = metrics
        self._topics = [topic.qualified(settings.kafka_topic_prefix) for topic in spec.topics]
        metrics.start_consumer(
            spec.name,
            self._topics,
            outcomes=list(Outcome),
            dead_letter_kinds=[kind for kind in HoldKind if kind is not HoldKind.PARKED],
        )
        self._stopping = asyncio.Event()
        self._batch_lock = asyncio.Lock()
        self._consumer: AIOKafkaConsumer | None = None
        self._backoff = Backoff()
        self._failed_attempts = 0  # of the batch in hand, because of a message
        self._desk = DeadLetterDesk(spec, sessions=sessions, settings=settings, registry=registry, metrics=metrics)
        self._desk_due = 0.0
        self.assigned = asyncio.Event()
        self.batches_committed = 0
        self.lag: int | None = None  # messages behind the high watermarks, after the last fetch
        # When a check last found this consumer holding every partition of its topics and at their high
        # watermarks (monotonic clock); None while it is not. /consumption concludes from it that an event it
        # has not met is on no topic it reads.
        self.caught_up_at: float | None = None

    @property
    def group_id(self) -> str:
        return f"{self._settings.kafka_topic_prefix}{self.spec.name}"

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self._start()
                await self._consume()
            except Exception as exc:  # noqa: BLE001 - logged by log_failure (with the traceback unless waited out)
                # No message is to blame here (a message's failure is handled in its batch, and ends in a dead
                # letter): the broker away, or refusing this client (authorisation), or a defect. Stopping
                # would leave the projection behind until a restart; trying again resumes by itself once it is
                # mended (lag and freshness alert meanwhile), and a failure not the infrastructure's is logged
                # as an error with its traceback.
                delay = self._backoff.next()
                log_failure(
                    log,
                    "consumer interrupted; restarting",
                    exc,
                    consumer=self.spec.name,
                    retry_in_seconds=round(delay, 2),
                )
                await self._close()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay)
        await self._close()

    async def _start(self) -> None:
        settings = self._settings
        await ensure_topics(
            settings,
            (*self.spec.topics, DEAD_LETTERS),
            prefix=settings.kafka_topic_prefix,
            replication_factor=settings.kafka_replication_factor,
        )
        options = consumer_options(settings, f"{settings.service_name}-{self.spec.name}")
        # A JoinGroup request waits for the whole rebalance; it must not time out before it.
        options["request_timeout_ms"] = max(options["request_timeout_ms"], settings.consumer_session_timeout_ms + 5_000)
        consumer = AIOKafkaConsumer(
            **options,
            group_id=self.group_id,
            session_timeout_ms=settings.consumer_session_timeout_ms,
            heartbeat_interval_ms=max(1_000, settings.consumer_session_timeout_ms // 3),
        )
        self._consumer = consumer
        await consumer.start()
        if settings.consumer_assignment == "group":
            consumer.subscribe(self._topics, listener=_SeekToStoredOffsets(self))
        else:
            partitions = await every_partition(settings, self._topics)
            consumer.assign(partitions)
            await self.seek_to_stored(partitions)

    async def seek_to_stored(self, partitions: Sequence[TopicPartition]) -> None:
        """Position each partition at the offset stored with the projection (or its beginning)."""
        consumer = self._require_consumer()
        async with self._sessions() as session:
            stored = await load_offsets(session, self.spec.name, partitions)
        fresh = [tp for tp in partitions if tp not in stored]
        for tp, offset in stored.items():
            consumer.seek(tp, offset)
        if fresh:
            await consumer.seek_to_beginning(*fresh)
        self.assigned.set()
        log.info(
            "partitions assigned",
            extra={"consumer": self.spec.name, "partitions": len(partitions), "resumed": len(stored)},
        )

    async def _consume(self) -> None:
        consumer = self._require_consumer()
        while not self._stopping.is_set():
            records = await fetch(consumer, self._settings)
            if records:
                await self._apply_or_rewind(records)
            await self._check_partitions()
            if time.monotonic() >= self._desk_due:
                await self._tend_desk()

    async def _tend_desk(self) -> None:
        self._desk_due = time.monotonic() + DESK_INTERVAL_SECONDS
        try:
            async with self._batch_lock:
                await self._desk.tend()
        except Exception as exc:
            if is_infrastructure(exc):
                raise
            log.exception("the dead-letter desk failed; trying again later", extra={"consumer": self.spec.name})

    async def _apply_or_rewind(self, records: Records) -> None:
        """Apply a batch; on failure rewind to its start so the next fetch retries it, after a backoff.

        After ``consumer_max_attempts`` failures caused by a message, the batch is applied event by event.
        """
        one_by_one = self._failed_attempts >= self._settings.consumer_max_attempts
        try:
            async with self._batch_lock:
                await self._apply(records, one_by_one=one_by_one)
        except Exception as exc:
            self._rewind(records)
            infrastructure = is_infrastructure(exc)
            if infrastructure and isinstance(exc, BROKER_FAILURES):
                raise  # the run loop restarts the consumer, which resumes from the stored offsets
            if not infrastructure:
                self._failed_attempts += 1
                self._metrics.consumer_retries.labels(self.spec.name).inc()
            delay = self._backoff.next()
            log_failure(
                log,
                "batch failed; it will be retried",
                exc,
                consumer=self.spec.name,
                attempt=self._failed_attempts,
                retry_in_seconds=round(delay, 2),
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)
        else:
            self._failed_attempts = 0
            self._backoff.reset()

    async def _apply(self, records: Records, *, one_by_one: bool = False) -> None:
        consumer = self._require_consumer()
        started = time.perf_counter()
        ordered = in_order(records)
        offsets = next_offsets(records)
        async with self._sessions() as session, session.begin():
            blocked = await dead_letters.open_keys(session, self.spec.name, (message_key(r) for r in ordered))
            batch = decode_records(ordered, self._registry, self.spec.handles, blocked)
            await self._drop_processed_from_held(session, batch)
            if one_by_one:
                new_ids = await self._apply_each(session, batch, ordered, blocked)
            else:
                new_ids = await claim_new_events(session, self.spec.name, batch.event_ids())
                fresh = [event for event in batch.handled if event.envelope.id in new_ids]
                if fresh:
                    await self._handle(session, fresh)
            await dead_letters.hold(session, self.spec.name, batch.held, self._failed_attempts + 1)
            await save_offsets(session, self.spec.name, offsets)
        commits.batch_committed(self.spec.name)
        failpoint("consumer.after_db_commit")
        self.batches_committed += 1
        self._record_metrics(batch, new_ids, started=started)
        await self._commit_to_kafka(consumer, offsets)

    async def _drop_processed_from_held(self, session: AsyncSession, batch: DecodedBatch) -> None:
        """A batch read again (after a crash, or a lost log) meets its own earlier events behind a dead letter
        found later: those were applied already, so they are duplicates, not parked."""
        parked = [h.envelope.id for h in batch.held if h.kind is HoldKind.PARKED and h.envelope is not None]
        done = await processed_among(session, self.spec.name, parked)
        if done:
            again = [h for h in batch.held if h.envelope is not None and h.envelope.id in done]
            batch.held = [h for h in batch.held if h not in again]
            batch.repeated_in_batch.extend(h.record.topic for h in again)

    async def _handle(self, session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
        token = current_trace.set(parse_traceparent(events[0].envelope.traceparent))
        try:
            await self.spec.handler(session, events)
        finally:
            current_trace.reset(token)

    async def _apply_each(
        self, session: AsyncSession, batch: DecodedBatch, ordered: Sequence[Any], blocked: set[str]
    ) -> set[Any]:
        """Apply the batch's events one by one, each in a savepoint: the one that raises becomes a dead
        letter, and the later events of its aggregate are parked. Returns the ids applied."""
        records = {(r.topic, r.partition, r.offset): r for r in ordered}
        new_ids = await claim_new_events(session, self.spec.name, [event.id for _topic, event in batch.ignored])
        done = await processed_among(session, self.spec.name, [event.envelope.id for event in batch.handled])
        held_ids = set()
        for event in batch.handled:
            if event.envelope.id in done:
                continue  # applied before this batch was read again: a duplicate, whatever is blocked now
            record = records[(event.topic, event.partition, event.offset)]
            key = message_key(record)
            if key in blocked:
                batch.held.append(Held(record, HoldKind.PARKED, "behind an earlier dead letter", event.envelope))
                held_ids.add(event.envelope.id)
                continue
            try:
                async with session.begin_nested():
                    if await claim_new_events(session, self.spec.name, [event.envelope.id]):
                        await self._handle(session, [event])
                        new_ids.add(event.envelope.id)
            except Exception as exc:
                if is_infrastructure(exc):
                    raise
                batch.held.append(Held(record, HoldKind.HANDLER_ERROR, repr(exc), event.envelope))
                held_ids.add(event.envelope.id)
                blocked.add(key)
        batch.handled = [event for event in batch.handled if event.envelope.id not in held_ids]
        return new_ids

    async def _commit_to_kafka(self, consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        """Tell Kafka too, for lag tools. The database holds the real position, so a failed commit
        (a rebalance in progress, the broker away) is only logged: nothing is re-read because of it."""
        try:
            await commit_offsets(consumer, offsets)
        except KafkaError as exc:
            log.warning(
                "could not commit offsets to Kafka; the database has them",
                extra={"consumer": self.spec.name, "error": repr(exc)},
            )

    def _record_metrics(self, batch: DecodedBatch, new_ids: set[Any], *, started: float) -> None:
        name = self.spec.name
        metrics = self._metrics
        now = time.time()
        metrics.batch_processing.labels(name).observe(time.perf_counter() - started)
        metrics.consumer_last_applied.labels(name).set(now)
        # Counted per (topic, outcome) first: a label look-up per event cost more than the rest of this.
        consumed: Counter[tuple[str, Outcome]] = Counter()
        delay = metrics.event_delay.labels(name)
        for event in batch.handled:
            outcome = Outcome.APPLIED if event.envelope.id in new_ids else Outcome.DUPLICATE
            consumed[event.topic, outcome] += 1
            if outcome is Outcome.APPLIED:
                delay.observe(max(0.0, now - event.envelope.time.timestamp()))
        for topic, envelope in batch.ignored:
            consumed[topic, Outcome.IGNORED if envelope.id in new_ids else Outcome.DUPLICATE] += 1
        for (topic, outcome), count in consumed.items():
            metrics.events_consumed.labels(name, topic, outcome).inc(count)
        for held in batch.held:
            record = held.record
            if held.kind is HoldKind.PARKED:
                metrics.events_consumed.labels(name, record.topic, Outcome.PARKED).inc()
                metrics.events_parked.labels(name, record.topic).inc()
                continue
            metrics.events_consumed.labels(name, record.topic, Outcome.DEAD_LETTERED).inc()
            metrics.dead_letters.labels(name, record.topic, held.kind.value).inc()
            log.error(
                "message dead-lettered",
                extra={
                    "consumer": name,
                    "topic": record.topic,
                    "partition": record.partition,
                    "offset": record.offset,
                    "kind": held.kind.value,
                    "reason": held.reason,
                },
            )
        for topic in batch.repeated_in_batch:
            metrics.events_consumed.labels(name, topic, Outcome.DUPLICATE).inc()

    def _rewind(self, records: Records) -> None:
        consumer = self._consumer
        if consumer is None:
            return
        assigned = consumer.assignment()
        for tp, partition in records.items():
            if partition and tp in assigned:
                consumer.seek(tp, partition[0].offset)

    async def _check_partitions(self) -> None:
        """Update lag, and detect partitions whose log is shorter than our position.

        The high watermark comes from fetch responses. (``end_offsets`` is not used: Tansu answers
        ListOffsets with the last batch's base offset + 1, short of the end for multi-record batches.)
        """
        consumer = self._require_consumer()
        total: int | None = 0
        for tp in consumer.assignment():
            highwater = consumer.highwater(tp)
            if highwater is None:
                total = None  # not fetched yet: unknown
                continue
            position = await consumer.position(tp)
            if position > highwater:
                await self._restart_partition(tp, position, highwater)
                continue
            behind = highwater - position
            self._metrics.consumer_lag.labels(self.spec.name, tp.topic, str(tp.partition)).set(behind)
            if total is not None:
                total += behind
        self.lag = total
        self.caught_up_at = time.monotonic() if total == 0 and self._holds_every_partition(consumer) else None

    def _holds_every_partition(self, consumer: AIOKafkaConsumer) -> bool:
        """Whether this consumer reads every partition of its topics (alone, or a group of one)."""
        held = consumer.assignment()
        for topic in self._topics:
            partitions = consumer.partitions_for_topic(topic)
            if not partitions or any(TopicPartition(topic, number) not in held for number in partitions):
                return False
        return True

    async def _restart_partition(self, tp: TopicPartition, position: int, highwater: int) -> None:
        await self._forget_lost_log(tp, position, highwater)
        await self._require_consumer().seek_to_beginning(tp)

    async def _forget_lost_log(self, tp: TopicPartition, position: int, end: int) -> None:
        """The partition ends before our position: the broker lost its log (a memory-only
        broker restarted). Forget the stored offset so the partition is read from its start."""
        log.warning(
            "partition is shorter than our position: the broker lost its log; reading it again",
            extra={
                "consumer": self.spec.name,
                "topic": tp.topic,
                "partition": tp.partition,
                "position": position,
                "log_end": end,
            },
        )
        self._metrics.consumer_log_resets.labels(self.spec.name, tp.topic).inc()
        async with self._sessions() as session, session.begin():
            await forget_offset(session, self.spec.name, tp)

    def _require_consumer(self) -> AIOKafkaConsumer:
        if self._consumer is None:
            raise RuntimeError("consumer not started")
        return self._consumer

    async def _close(self) -> None:
        consumer, self._consumer = self._consumer, None
        self.assigned.clear()
        self.caught_up_at = None
        await self._desk.close()
        if consumer is not None:
            with contextlib.suppress(*BROKER_FAILURES):
                await asyncio.wait_for(consumer.stop(), 10)


class _SeekToStoredOffsets(ConsumerRebalanceListener):  # type: ignore[misc]
    """In group mode: wait for the batch in flight before giving partitions up; resume new ones
    from the offsets stored with the projection."""

    def __init__(self, runner: ConsumerRunner) -> None:
        self._runner = runner

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        async with self._runner._batch_lock:
            self._runner.assigned.clear()

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        await self._runner.seek_to_stored(sorted(assigned))
