"""The transactional outbox and its relay, against a real PostgreSQL and the real broker."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import ClassVar

import asyncpg
import pytest
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.db import create_session_factory
from bastion.db.engine import asyncpg_dsn
from bastion.db.tables import outbox, outbox_sequences
from bastion.errors import BastionError
from bastion.events import CloudEvent, EventData, Topic
from bastion.metrics import BastionMetrics
from bastion.outbox import OutboxRelay, UnitOfWork
from bastion.outbox.commands import republish
from bastion.outbox.writer import NOTIFY_CHANNEL
from bastion.testing.kafka import read_topic
from bastion.testing.network import ReachableBroker
from bastion.testing.probe import PROBES, KitTestSettings, ProbeRecorded

PROBE_NOTES = Topic("bastion.testkit.probe_notes", partitions=1, description="A second topic with the probes' keys.")


class ProbeNoted(EventData):
    """A note on a probe, on another topic than the probe's own events but with the same key."""

    event_type: ClassVar[str] = "bastion.testkit.probe.noted.v1"
    topic: ClassVar[Topic] = PROBE_NOTES

    probe_id: uuid.UUID
    note: int

    def subject(self) -> str:
        return str(self.probe_id)


async def record_probes(engine: AsyncEngine, probes: Sequence[tuple[uuid.UUID, int]]) -> list[uuid.UUID]:
    """Commit one transaction per probe, as requests would; returns the event ids."""
    sessions = create_session_factory(engine)
    event_ids = []
    for probe_id, value in probes:
        async with UnitOfWork(sessions) as uow:
            event_ids.append(uow.record(ProbeRecorded(probe_id=probe_id, value=value)))
            await uow.commit()
    return event_ids


async def pending_rows(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None)))
        return int(count or 0)


@contextlib.asynccontextmanager
async def running(relay: OutboxRelay) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(relay.run())
    try:
        yield task
    finally:
        relay.stop()
        await asyncio.wait_for(task, 30)


def by_subject(records: Sequence[object]) -> dict[str, list[int]]:
    sequences: dict[str, list[int]] = defaultdict(list)
    for record in records:
        event = CloudEvent.from_bytes(record.value)  # type: ignore[attr-defined]
        sequences[event.subject].append(event.sequence)
    return sequences


async def test_events_get_increasing_sequences_and_a_rollback_writes_nothing(engine: AsyncEngine) -> None:
    probe = uuid.uuid4()
    await record_probes(engine, [(probe, 1), (probe, 2)])
    sessions = create_session_factory(engine)
    async with UnitOfWork(sessions) as uow:
        uow.record(ProbeRecorded(probe_id=probe, value=3))
        uow.record(ProbeRecorded(probe_id=probe, value=4))
        # leaving without commit: rolled back
    async with UnitOfWork(sessions) as uow:
        uow.record(ProbeRecorded(probe_id=probe, value=5))
        uow.record(ProbeRecorded(probe_id=probe, value=6))
        await uow.commit()
        assert [event.sequence for event in uow.published] == [3, 4]

    async with engine.connect() as connection:
        payloads = (await connection.scalars(select(outbox.c.payload).order_by(outbox.c.id))).all()
    events = [CloudEvent.from_bytes(payload) for payload in payloads]
    assert [(event.sequence, event.data["value"]) for event in events] == [(1, 1), (2, 2), (3, 5), (4, 6)]


async def outbox_sequences_by_topic(engine: AsyncEngine) -> dict[tuple[str, str], list[int]]:
    """(topic, key) -> the sequences of its events, in outbox (publishing) order."""
    async with engine.connect() as connection:
        rows = (await connection.execute(select(outbox.c.topic, outbox.c.payload).order_by(outbox.c.id))).all()
    found: dict[tuple[str, str], list[int]] = defaultdict(list)
    for topic, payload in rows:
        event = CloudEvent.from_bytes(payload)
        found[topic, event.subject].append(event.sequence)
    return dict(found)


async def test_each_topic_numbers_a_key_from_one_without_gaps(engine: AsyncEngine) -> None:
    probe, other = uuid.uuid4(), uuid.uuid4()
    sessions = create_session_factory(engine)
    for value in range(3):
        async with UnitOfWork(sessions) as uow:  # interleaved in one transaction: each topic counts its own
            uow.record(ProbeRecorded(probe_id=probe, value=value))
            uow.record(ProbeNoted(probe_id=probe, note=value))
            uow.record(ProbeNoted(probe_id=probe, note=value + 10))
            await uow.commit()
    async with UnitOfWork(sessions) as uow:
        uow.record(ProbeNoted(probe_id=probe, note=99))
        # leaving without commit: rolled back, and its number given back
    async with UnitOfWork(sessions) as uow:
        uow.record(ProbeNoted(probe_id=probe, note=100))
        uow.record(ProbeRecorded(probe_id=other, value=0))
        await uow.commit()

    assert await outbox_sequences_by_topic(engine) == {
        (PROBES.name, str(probe)): [1, 2, 3],
        (PROBE_NOTES.name, str(probe)): [1, 2, 3, 4, 5, 6, 7],
        (PROBES.name, str(other)): [1],
    }


async def test_after_the_upgrade_each_topic_continues_above_the_old_counter_of_its_key(engine: AsyncEngine) -> None:
    """Before the upgrade one counter per key served every topic: a subscriber may hold numbers up to it
    on any topic, so the first number on each topic after the upgrade is above it."""
    probe, fresh = uuid.uuid4(), uuid.uuid4()
    async with engine.begin() as connection:
        await connection.execute(insert(outbox_sequences).values(subject=str(probe), last_sequence=7))
    await record_probes(engine, [(probe, 1), (fresh, 1), (probe, 2)])
    sessions = create_session_factory(engine)
    async with UnitOfWork(sessions) as uow:
        uow.record(ProbeNoted(probe_id=probe, note=1))
        uow.record(ProbeNoted(probe_id=probe, note=2))
        await uow.commit()

    assert await outbox_sequences_by_topic(engine) == {
        (PROBES.name, str(probe)): [8, 9],
        (PROBES.name, str(fresh)): [1],
        (PROBE_NOTES.name, str(probe)): [8, 9],
    }


@pytest.mark.parametrize("events", [1, 1_001], ids=["one statement", "a batch, then NOTIFY"])
async def test_a_commit_notifies_the_relay_once_and_a_rollback_does_not(engine: AsyncEngine, events: int) -> None:
    heard: asyncio.Queue[str] = asyncio.Queue()
    listener = await asyncpg.connect(asyncpg_dsn(engine.url))
    await listener.add_listener(NOTIFY_CHANNEL, lambda *args: heard.put_nowait(args[3]))
    sessions = create_session_factory(engine)
    try:
        async with UnitOfWork(sessions) as uow:
            uow.record(ProbeRecorded(probe_id=uuid.uuid4(), value=0))
            # leaving without commit: rolled back, nobody told
        async with UnitOfWork(sessions) as uow:
            for value in range(events):
                uow.record(ProbeRecorded(probe_id=uuid.uuid4(), value=value))
            await uow.commit()
        assert await asyncio.wait_for(heard.get(), 5) == ""
        await asyncio.sleep(0.2)
        assert heard.empty()
    finally:
        await listener.close()
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(outbox)) == events


async def test_relay_publishes_in_commit_order_and_marks_rows(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    probes = [uuid.uuid4() for _ in range(5)]
    event_ids = await record_probes(engine, [(probes[i % 5], i) for i in range(40)])
    relay = OutboxRelay(engine=engine, settings=settings, topics=[PROBES], metrics=metrics)
    async with running(relay):
        records = await read_topic(
            settings.kafka_bootstrap_servers, PROBES.qualified(settings.kafka_topic_prefix), expected=40
        )

    assert sorted(CloudEvent.from_bytes(r.value).id for r in records) == sorted(event_ids)
    assert all(sequence == sorted(sequence) for sequence in by_subject(records).values())
    assert all(r.key.decode() == CloudEvent.from_bytes(r.value).subject for r in records)
    assert await pending_rows(engine) == 0


async def test_relay_waits_out_a_broker_outage_and_then_publishes_everything_in_order(
    engine: AsyncEngine,
    settings: KitTestSettings,
    metrics: BastionMetrics,
    unreachable_broker: ReachableBroker,
) -> None:
    settings = settings.model_copy(update={"kafka_bootstrap_servers": unreachable_broker.bootstrap_servers})
    relay = OutboxRelay(engine=engine, settings=settings, topics=[PROBES], metrics=metrics)
    topic = PROBES.qualified(settings.kafka_topic_prefix)
    probe = uuid.uuid4()
    async with running(relay) as task:
        before = await record_probes(engine, [(probe, 0)])
        await wait_until(lambda: pending_rows(engine), 0)

        unreachable_broker.cut()
        during = await record_probes(engine, [(probe, i) for i in range(1, 21)])
        await asyncio.sleep(3)
        assert await pending_rows(engine) == 20, "nothing is marked published while the broker is away"
        assert metrics.outbox_publish_failures._value.get() >= 1
        assert not task.done()

        unreachable_broker.restore()
        await wait_until(lambda: pending_rows(engine), 0, timeout=30)

    records = await read_topic(unreachable_broker.bootstrap_servers, topic, expected=21)
    published = [CloudEvent.from_bytes(r.value) for r in records]
    assert {e.id for e in published} == {*before, *during}, "nothing lost"
    first_seen = list(dict.fromkeys(e.sequence for e in published))
    assert first_seen == list(range(1, 22)), "one aggregate's events in order (a resend may repeat some)"


async def test_relay_goes_on_after_a_failure_no_message_caused_and_logs_it_as_an_error(
    engine: AsyncEngine,
    settings: KitTestSettings,
    metrics: BastionMetrics,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A failure that is not the infrastructure's (here a defect, not retriable) stops nothing: the relay
    backs off, logs it as an error, and publishes once the cause is gone."""
    relay = OutboxRelay(engine=engine, settings=settings, topics=[PROBES], metrics=metrics)
    publish, failures = relay._publish, []

    async def refused_twice(*args: object) -> None:
        if len(failures) < 2:
            failures.append(1)
            raise BastionError("refused by a defect")  # not retriable: not the infrastructure's
        await publish(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(relay, "_publish", refused_twice)
    probe = uuid.uuid4()
    event_ids = await record_probes(engine, [(probe, i) for i in range(3)])
    async with running(relay) as task:
        await wait_until(lambda: pending_rows(engine), 0, timeout=30)
        assert not task.done(), "the relay is still running"

    records = await read_topic(
        settings.kafka_bootstrap_servers, PROBES.qualified(settings.kafka_topic_prefix), expected=3
    )
    assert sorted(CloudEvent.from_bytes(r.value).id for r in records) == sorted(event_ids)
    assert len(failures) == 2
    assert metrics.outbox_publish_failures._value.get() == 2
    errors = [r for r in caplog.records if r.levelname == "ERROR" and "cannot publish" in r.getMessage()]
    assert len(errors) == 2
    assert errors[0].exc_info is not None, "logged as an error, with the traceback"


async def test_two_relays_never_publish_the_same_row(engine: AsyncEngine, settings: KitTestSettings) -> None:
    from prometheus_client import CollectorRegistry

    settings = settings.model_copy(update={"outbox_batch_size": 7})
    relays = [
        OutboxRelay(engine=engine, settings=settings, topics=[PROBES], metrics=BastionMetrics(CollectorRegistry()))
        for _ in range(2)
    ]
    probes = [uuid.uuid4() for _ in range(10)]
    async with running(relays[0]), running(relays[1]):
        writers = [record_probes(engine, [(probes[(w * 7 + i) % 10], i) for i in range(30)]) for w in range(4)]
        event_ids = [event_id for ids in await asyncio.gather(*writers) for event_id in ids]
        await wait_until(lambda: pending_rows(engine), 0, timeout=30)

    records = await read_topic(
        settings.kafka_bootstrap_servers, PROBES.qualified(settings.kafka_topic_prefix), expected=120
    )
    published = [CloudEvent.from_bytes(r.value).id for r in records]
    assert len(published) == 120
    assert sorted(published) == sorted(event_ids)
    assert all(sequence == sorted(sequence) for sequence in by_subject(records).values())
    assert relays[0].published_count + relays[1].published_count == 120
    assert relays[0].published_count > 0
    assert relays[1].published_count > 0


async def test_published_rows_are_deleted_after_the_retention(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    await record_probes(engine, [(uuid.uuid4(), i) for i in range(6)])
    async with engine.begin() as connection:
        ids = (await connection.scalars(select(outbox.c.id).order_by(outbox.c.id))).all()
        await connection.execute(
            update(outbox).where(outbox.c.id.in_(ids[:2])).values(published_at=func.now() - text("interval '4 days'"))
        )
        await connection.execute(update(outbox).where(outbox.c.id.in_(ids[2:4])).values(published_at=func.now()))
    relay = OutboxRelay(engine=engine, settings=settings, topics=[PROBES], metrics=metrics)

    assert await relay.delete_published() == 2

    async with engine.connect() as connection:
        remaining = (await connection.scalars(select(outbox.c.id).order_by(outbox.c.id))).all()
    assert remaining == ids[2:]


async def wait_until(probe: object, expected: int, timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await probe()  # type: ignore[operator]
        if value == expected:
            return
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"still {value} after {timeout} s (expected {expected})")
        await asyncio.sleep(0.05)


async def test_republish_queues_again_what_was_published_since_and_the_relay_sends_it_in_order(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    probe = uuid.uuid4()
    early = await record_probes(engine, [(probe, i) for i in range(3)])
    async with engine.begin() as connection:  # published an hour ago: before the broker lost its log
        await connection.execute(update(outbox).values(published_at=func.now() - text("interval '1 hour'")))
    lost = await record_probes(engine, [(probe, i) for i in range(3, 8)])
    async with engine.begin() as connection:
        await connection.execute(update(outbox).where(outbox.c.published_at.is_(None)).values(published_at=func.now()))
    since = datetime.now(UTC) - timedelta(minutes=5)

    with pytest.raises(BastionError, match="in the future"):
        await republish(engine, datetime.now(UTC) + timedelta(minutes=1))
    queued = await republish(engine, since)
    relay = OutboxRelay(engine=engine, settings=settings, topics=[PROBES], metrics=metrics)
    async with running(relay):
        records = await read_topic(
            settings.kafka_bootstrap_servers, PROBES.qualified(settings.kafka_topic_prefix), expected=len(lost)
        )

    assert queued == len(lost)
    sent = [CloudEvent.from_bytes(r.value) for r in records]
    assert [event.id for event in sent] == lost, "only what was published since, in its order"
    assert not set(early) & {event.id for event in sent}
    assert await pending_rows(engine) == 0
