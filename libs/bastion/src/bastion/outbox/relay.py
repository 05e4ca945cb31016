"""The outbox relay: publishes committed events to Kafka in commit order, then marks them.

- Wakes on ``NOTIFY`` (sent by the writer, delivered at commit) and polls as a backup.
- One relay at a time per database: each batch runs under a transaction-level advisory lock,
  so two replicas never publish the same row concurrently. ``SKIP LOCKED`` would let two
  replicas publish different rows of one aggregate at once and break its order.
- Publish, then mark, in the same transaction that holds the lock. A crash between the two
  republishes the batch: delivery is at-least-once and consumers de-duplicate by event id.
- While the broker or the database is away the relay backs off (up to 10 s) and the API keeps answering:
  requests only ever wait for the database commit. A failure that is not the infrastructure's (``bastion.failures``:
  a refused authorisation, a record the broker refuses, a defect) is retried the same way, logged as an error
  with its traceback: no message can be set aside here, and stopping would hold back every later event until
  a restart, while retrying resumes by itself once it is mended (the outbox backlog alerts meanwhile).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from sqlalchemy import Row, delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.backoff import Backoff
from bastion.db.engine import asyncpg_dsn
from bastion.db.tables import outbox
from bastion.events.envelope import KAFKA_HEADERS
from bastion.events.topics import Topic
from bastion.failures import BROKER_FAILURES, is_infrastructure, log_failure
from bastion.faults import failpoint
from bastion.kafka.client import client_options
from bastion.kafka.topics import ensure_topics
from bastion.metrics import BastionMetrics
from bastion.outbox.writer import NOTIFY_CHANNEL
from bastion.settings import ServiceSettings

log = logging.getLogger(__name__)

# Advisory lock key shared by every relay on one database ("outbox" in ASCII).
RELAY_LOCK_KEY = 0x6F7574626F78
_CLEANUP_EVERY_SECONDS = 600.0
_BACKLOG_EVERY_SECONDS = 5.0
_DRAIN_SECONDS = 5.0


class OutboxRelay:
    """Runs until :meth:`stop`; see the module docstring for what it promises."""

    def __init__(
        self,
        *,
        engine: AsyncEngine,
        settings: ServiceSettings,
        topics: Sequence[Topic],
        metrics: BastionMetrics,
    ) -> None:
        self._engine = engine
        self._settings = settings
        self._topics = tuple(topics)
        self._metrics = metrics
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._producer: AIOKafkaProducer | None = None
        self._topics_ready = False
        self._backoff = Backoff()
        self._last_cleanup = 0.0
        self._last_backlog = 0.0
        self.published_count = 0

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        listener = asyncio.create_task(self._listen(), name="outbox-listen")
        try:
            while not self._stopping.is_set():
                self._wake.clear()
                try:
                    await self.publish_pending()
                except Exception as exc:  # noqa: BLE001 - logged by _after_failure, then tried again
                    await self._after_failure(exc)
                    continue
                await self._housekeeping()
                await self._wait(self._settings.outbox_poll_interval_seconds)
            await self._drain()
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener
            await self._close_producer()

    async def publish_pending(self, *, draining: bool = False) -> int:
        """Publish until nothing is pending or another relay holds the lock (or, unless ``draining``, the
        relay is stopped); returns rows published."""
        total = 0
        while draining or not self._stopping.is_set():
            producer = await self._ready_producer()
            async with self._engine.begin() as connection:
                locked = await connection.scalar(
                    text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": RELAY_LOCK_KEY}
                )
                if not locked:
                    return total
                rows = (
                    await connection.execute(
                        select(
                            outbox.c.id,
                            outbox.c.topic,
                            outbox.c.message_key,
                            outbox.c.event_type,
                            outbox.c.payload,
                        )
                        .where(outbox.c.published_at.is_(None))
                        .order_by(outbox.c.id)
                        .limit(self._settings.outbox_batch_size)
                    )
                ).all()
                if not rows:
                    return total
                await self._publish(producer, rows)
                failpoint("relay.after_publish")
                await connection.execute(
                    update(outbox).where(outbox.c.id.in_([row.id for row in rows])).values(published_at=func.now())
                )
            total += len(rows)
            self.published_count += len(rows)
            self._backoff.reset()
        return total

    async def _publish(self, producer: AIOKafkaProducer, rows: Sequence[Row[*tuple[Any, ...]]]) -> None:
        prefix = self._settings.kafka_topic_prefix
        # aiokafka keeps one request in flight per broker, so a partition's order survives retries.
        deliveries = [
            await producer.send(
                prefix + row.topic, value=row.payload, key=row.message_key.encode(), headers=KAFKA_HEADERS
            )
            for row in rows
        ]
        timeout = self._settings.kafka_request_timeout_ms / 1000 + 5
        await asyncio.wait_for(asyncio.gather(*deliveries), timeout)
        for row in rows:
            self._metrics.events_published.labels(prefix + row.topic, row.event_type).inc()

    async def _drain(self) -> None:
        """On stop, publish once more what is committed by now: the events of the last requests answered and
        of the workers' last round. Retried within a bound (a broker blip must not leave them behind); what is
        left then waits in the outbox for the next start, or for another replica's relay."""
        deadline = time.monotonic() + _DRAIN_SECONDS
        backoff = Backoff(initial=0.1, maximum=1.0)
        while True:
            try:
                published = await asyncio.wait_for(
                    self.publish_pending(draining=True), max(0.1, deadline - time.monotonic())
                )
            except Exception as exc:  # noqa: BLE001 - logged by log_failure once the bound is reached
                delay = backoff.next()
                if time.monotonic() + delay >= deadline:
                    log_failure(log, "outbox relay stopped before publishing everything", exc)
                    return
                await asyncio.sleep(delay)
            else:
                if published:
                    log.info("outbox relay published what was committed before it stopped", extra={"events": published})
                return

    async def _ready_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = AIOKafkaProducer(
                **client_options(self._settings, f"{self._settings.service_name}-relay"),
                acks="all",
                enable_idempotence=False,  # Tansu refuses InitProducerId; consumers de-duplicate instead
                linger_ms=2,
            )
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        if not self._topics_ready:
            await ensure_topics(
                self._settings,
                self._topics,
                prefix=self._settings.kafka_topic_prefix,
                replication_factor=self._settings.kafka_replication_factor,
            )
            self._topics_ready = True
        return self._producer

    async def _after_failure(self, exc: BaseException) -> None:
        self._metrics.outbox_publish_failures.inc()
        # The broker may come back empty (a memory-only broker restarted): check topics again.
        self._topics_ready = False
        delay = self._backoff.next()
        log_failure(
            log,
            "outbox relay cannot publish; retrying",
            exc,
            retry_in_seconds=round(delay, 2),
            failures=self._backoff.failures,
        )
        with contextlib.suppress(Exception):  # only a gauge: the publishing failure is what is reported
            await self._record_backlog()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), delay)

    async def _wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    async def _housekeeping(self) -> None:
        now = time.monotonic()
        try:
            if now - self._last_backlog >= _BACKLOG_EVERY_SECONDS:
                self._last_backlog = now
                await self._record_backlog()
            if now - self._last_cleanup >= _CLEANUP_EVERY_SECONDS:
                self._last_cleanup = now
                await self.delete_published()
        except Exception as exc:  # noqa: BLE001 - logged by log_failure; housekeeping waits for its next turn
            log_failure(log, "outbox housekeeping failed; trying again later", exc)

    async def _record_backlog(self) -> None:
        async with self._engine.connect() as connection:
            pending, age = (
                await connection.execute(
                    select(
                        func.count(),
                        func.coalesce(func.extract("epoch", func.now() - func.min(outbox.c.created_at)), 0),
                    ).where(outbox.c.published_at.is_(None))
                )
            ).one()
        self._metrics.outbox_pending.set(pending)
        self._metrics.outbox_oldest_age.set(float(age))

    async def delete_published(self) -> int:
        """Delete published rows older than the retention, in bounded batches."""
        cutoff = func.now() - timedelta(hours=self._settings.outbox_retention_hours)
        deleted = 0
        while True:
            async with self._engine.begin() as connection:
                doomed = (
                    select(outbox.c.id)
                    .where(outbox.c.published_at.is_not(None), outbox.c.published_at < cutoff)
                    .limit(5_000)
                    .scalar_subquery()
                )
                result = await connection.execute(delete(outbox).where(outbox.c.id.in_(doomed)))
            deleted += result.rowcount
            if result.rowcount < 5_000:
                return deleted

    async def _listen(self) -> None:
        """Keep a LISTEN connection open (reconnecting as needed); each NOTIFY wakes the relay."""
        backoff = Backoff(initial=0.5, maximum=10.0)
        dsn = asyncpg_dsn(self._engine.url)
        while not self._stopping.is_set():
            try:
                connection = await asyncpg.connect(dsn)
            except Exception as exc:  # noqa: BLE001 - reported by _listener_failed; the relay polls meanwhile
                _listener_failed("outbox listener cannot connect", exc)
                await asyncio.sleep(backoff.next())
                continue
            backoff.reset()
            closed = asyncio.Event()
            try:
                connection.add_termination_listener(lambda _connection, closed=closed: closed.set())
                await connection.add_listener(NOTIFY_CHANNEL, lambda *_args: self._wake.set())
                self._wake.set()  # catch up on anything committed while we were not listening
                await closed.wait()
            except Exception as exc:  # noqa: BLE001 - reported by _listener_failed; the next loop reconnects
                _listener_failed("outbox listener lost its connection", exc)
            finally:
                with contextlib.suppress(Exception):
                    await connection.close(timeout=2)

    async def _close_producer(self) -> None:
        if self._producer is not None:
            producer, self._producer = self._producer, None
            with contextlib.suppress(*BROKER_FAILURES):
                await asyncio.wait_for(producer.stop(), 10)


def _listener_failed(message: str, exc: BaseException) -> None:
    """The listener only hurries the relay, which polls anyway: the database being away is noted quietly (the
    relay's own loop reports it); anything else is a defect, logged with its traceback (``bastion.failures``)."""
    if is_infrastructure(exc):
        log.debug(message, extra={"error": repr(exc)})
    else:
        log_failure(log, message, exc)
