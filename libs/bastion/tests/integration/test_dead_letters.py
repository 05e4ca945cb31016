"""Poison messages: bounded retries, a dead letter with the reason and the original, its aggregate parked
behind it while others flow on, and an operator's redrive or skip; against the real broker and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.consumer import ConsumerRunner
from bastion.consumer import dead_letters as letters
from bastion.consumer.dead_letters import DEAD_LETTERS, DeadLetter, State
from bastion.db import create_session_factory
from bastion.errors import ConflictError
from bastion.events import KAFKA_HEADERS, CloudEvent
from bastion.metrics import BastionMetrics
from bastion.testing.kafka import envelope, produce, read_topic
from bastion.testing.probe import (
    PROBES,
    KitTestSettings,
    ProbeRecorded,
    RecordingHandler,
    probe_applied,
    probe_runner,
    running,
)


def chain(values: list[int]) -> list[CloudEvent]:
    """One aggregate's probes, in order."""
    probe = uuid.uuid4()
    return [envelope(ProbeRecorded(probe_id=probe, value=v), sequence=i + 1) for i, v in enumerate(values)]


async def applied_in_order(engine: AsyncEngine) -> list[int]:
    async with engine.connect() as connection:
        return list(await connection.scalars(select(probe_applied.c.value).order_by(probe_applied.c.sequence)))


async def open_letters(engine: AsyncEngine, states: tuple[State, ...] = tuple(State)) -> list[DeadLetter]:
    async with create_session_factory(engine)() as session:
        return await letters.letters(session, consumer="probe-consumer", states=states)


async def until(check: Callable[[], Coroutine[Any, Any, bool]], what: str, timeout: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"not after {timeout} s: {what}")
        await asyncio.sleep(0.1)


def fast(settings: KitTestSettings) -> KitTestSettings:
    return settings.model_copy(update={"consumer_max_attempts": 2})


async def test_a_handler_failing_on_one_event_dead_letters_it_and_parks_its_aggregate_only(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    settings = fast(settings)
    topic = PROBES.qualified(settings.kafka_topic_prefix)
    poisoned, healthy = chain([1, 13, 3]), chain([5, 6])
    handler = RecordingHandler(poison={13})
    async with running(probe_runner(engine, settings, metrics, handler)):
        await produce(settings.kafka_bootstrap_servers, topic, [*poisoned, *healthy])
        await until(lambda: _has_values(engine, {1, 5, 6}), "the healthy events applied")
        await produce(settings.kafka_bootstrap_servers, topic, [*chain([7]), _next(poisoned, 4)])
        await until(lambda: _has_values(engine, {1, 5, 6, 7}), "a later batch flows on")
        dead_topic = await read_topic(
            settings.kafka_bootstrap_servers, DEAD_LETTERS.qualified(settings.kafka_topic_prefix), expected=1
        )
        await asyncio.sleep(0.5)

    held = await open_letters(engine)
    assert [(h.state, h.kind, h.event_id) for h in held] == [
        (State.DEAD, "handler_error", poisoned[1].id),
        (State.PARKED, "parked", poisoned[2].id),
        (State.PARKED, "parked", held[2].event_id),
    ]
    assert "probe value 13 is poison" in held[0].reason
    assert held[0].attempts == 3, "two tries of the batch, then one alone"
    assert held[0].value == poisoned[1].to_bytes(), "the original, byte for byte"
    assert sorted(await applied_in_order(engine)) == [1, 5, 6, 7]

    assert len(dead_topic) == 1
    record = dead_topic[0]
    headers = dict(record.headers)
    assert record.value == poisoned[1].to_bytes()
    assert record.key == poisoned[1].subject.encode()
    assert headers["bastion-dead-letter-consumer"] == b"probe-consumer"
    assert headers["bastion-dead-letter-kind"] == b"handler_error"
    assert b"poison" in headers["bastion-dead-letter-reason"]
    assert headers["content-type"] == dict(KAFKA_HEADERS)["content-type"], "the original headers are kept"

    assert metrics.consumer_retries.labels("probe-consumer")._value.get() >= 2
    assert metrics.dead_letters.labels("probe-consumer", topic, "handler_error")._value.get() == 1
    assert metrics.events_parked.labels("probe-consumer", topic)._value.get() == 2


async def test_a_handler_waiting_for_the_infrastructure_is_retried_not_dead_lettered(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    settings = fast(settings)
    topic = PROBES.qualified(settings.kafka_topic_prefix)
    handler = RecordingHandler()
    handler.unavailable = True
    async with running(probe_runner(engine, settings, metrics, handler)):
        await produce(settings.kafka_bootstrap_servers, topic, chain([1, 2]))
        await until(lambda: _tried(handler, 2 * settings.consumer_max_attempts), "tried well past the attempts")
        letters_meanwhile = await open_letters(engine)
        handler.unavailable = False  # the dependency is back
        await until(lambda: _has_values(engine, {1, 2}), "applied once the dependency is back")

    assert letters_meanwhile == []
    assert await open_letters(engine) == []
    assert metrics.consumer_retries.labels("probe-consumer")._value.get() == 0, "no attempt counted against it"
    assert metrics.dead_letters.labels("probe-consumer", topic, "handler_error")._value.get() == 0


async def test_redriving_after_a_fix_applies_the_letter_then_the_parked_ones_in_order(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    settings = fast(settings)
    topic = PROBES.qualified(settings.kafka_topic_prefix)
    poisoned = chain([1, 13, 3, 4])
    handler = RecordingHandler(poison={13})
    async with running(probe_runner(engine, settings, metrics, handler)):
        await produce(settings.kafka_bootstrap_servers, topic, poisoned)
        await until(lambda: _count_letters(engine, 3), "a dead letter and two parked")
        handler.poison.clear()  # the fix is deployed
        dead = (await open_letters(engine, (State.DEAD,)))[0]
        async with create_session_factory(engine)() as session, session.begin():
            await letters.request(session, dead.id, State.REDRIVE, "ops: fixed in 1.2.1")
        await until(lambda: _has_values(engine, {1, 13, 3, 4}), "the letter and those parked behind it applied")

    assert await applied_in_order(engine) == [1, 13, 3, 4]
    assert {h.state for h in await open_letters(engine)} == {State.APPLIED}


async def test_skipping_a_dead_letter_releases_the_parked_ones_and_never_applies_it(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    settings = fast(settings)
    poisoned = chain([1, 13, 3])
    async with running(probe_runner(engine, settings, metrics, RecordingHandler(poison={13}))):
        await produce(settings.kafka_bootstrap_servers, PROBES.qualified(settings.kafka_topic_prefix), poisoned)
        await until(lambda: _count_letters(engine, 2), "a dead letter and one parked")
        dead = (await open_letters(engine, (State.DEAD,)))[0]
        parked = (await open_letters(engine, (State.PARKED,)))[0]
        async with create_session_factory(engine)() as session, session.begin():
            with pytest.raises(ConflictError, match="only a dead one"):
                await letters.request(session, parked.id, State.SKIPPED, "ops")
        async with create_session_factory(engine)() as session, session.begin():
            await letters.request(session, dead.id, State.SKIPPED, "ops: a test record, never to be applied")
        await until(lambda: _has_values(engine, {1, 3}), "the parked one applied")

    states = {h.event_id: h.state for h in await open_letters(engine)}
    assert states == {poisoned[1].id: State.SKIPPED, poisoned[2].id: State.APPLIED}
    assert await applied_in_order(engine) == [1, 3]


async def test_a_batch_read_again_after_a_crash_adds_no_second_dead_letter(
    engine: AsyncEngine, settings: KitTestSettings, metrics: BastionMetrics
) -> None:
    settings = fast(settings)
    poisoned = chain([1, 13, 3])
    async with running(probe_runner(engine, settings, metrics, RecordingHandler(poison={13}))):
        await produce(settings.kafka_bootstrap_servers, PROBES.qualified(settings.kafka_topic_prefix), poisoned)
        await until(lambda: _count_letters(engine, 2), "a dead letter and one parked")
    async with engine.begin() as connection:  # as if the offsets had never been stored
        await connection.exec_driver_sql("DELETE FROM consumer_offsets")
    runner: ConsumerRunner = probe_runner(engine, settings, metrics, RecordingHandler(poison={13}))
    async with running(runner):
        await until(lambda: _batches(runner, 1), "the partition read again")

    assert len(await open_letters(engine)) == 2
    assert await applied_in_order(engine) == [1]


def _next(events: list[CloudEvent], value: int) -> CloudEvent:
    last = events[-1]
    payload = ProbeRecorded(probe_id=uuid.UUID(last.subject), value=value)
    return envelope(payload, sequence=last.sequence + 1)


async def _has_values(engine: AsyncEngine, values: set[int]) -> bool:
    return set(await applied_in_order(engine)) == values


async def _count_letters(engine: AsyncEngine, count: int) -> bool:
    return len(await open_letters(engine)) == count


async def _tried(handler: RecordingHandler, times: int) -> bool:
    return handler.batches >= times


async def _batches(runner: ConsumerRunner, count: int) -> bool:
    return runner.batches_committed >= count
