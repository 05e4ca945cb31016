"""The consumer's bookkeeping, kept in the same database as its projection."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Mapping

from aiokafka import TopicPartition
from sqlalchemy import and_, delete, func, literal, select, tuple_
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.types import Uuid

from bastion.consumer.commits import next_commit
from bastion.db.bulk import any_array
from bastion.db.tables import consumer_offsets, consumer_processed_events

POLL_SECONDS = 0.05  # when no commit in this process says sooner (the consumer may run elsewhere)


async def load_offsets(
    session: AsyncSession | AsyncConnection, consumer: str, partitions: Iterable[TopicPartition]
) -> dict[TopicPartition, int]:
    """The next offset to read for each partition this consumer has stored one for."""
    wanted = list(partitions)
    if not wanted:
        return {}
    rows = await session.execute(
        select(consumer_offsets.c.topic, consumer_offsets.c.partition, consumer_offsets.c.next_offset).where(
            consumer_offsets.c.consumer == consumer,
            tuple_(consumer_offsets.c.topic, consumer_offsets.c.partition).in_(
                [(tp.topic, tp.partition) for tp in wanted]
            ),
        )
    )
    return {TopicPartition(topic, partition): offset for topic, partition, offset in rows}


async def save_offsets(session: AsyncSession, consumer: str, offsets: Mapping[TopicPartition, int]) -> None:
    """Store next offsets; never move one backwards (a slower former owner may commit late)."""
    if not offsets:
        return
    statement = insert(consumer_offsets)
    statement = statement.on_conflict_do_update(
        index_elements=[consumer_offsets.c.consumer, consumer_offsets.c.topic, consumer_offsets.c.partition],
        set_={
            "next_offset": func.greatest(consumer_offsets.c.next_offset, statement.excluded.next_offset),
            "updated_at": func.now(),
        },
    )
    rows = [
        {"consumer": consumer, "topic": tp.topic, "partition": tp.partition, "next_offset": offset}
        for tp, offset in sorted(offsets.items())
    ]
    await session.execute(statement, rows)


async def forget_offset(session: AsyncSession, consumer: str, partition: TopicPartition) -> None:
    """Drop a stored offset: the partition's log was lost and is read again from its start."""
    await session.execute(
        delete(consumer_offsets).where(
            consumer_offsets.c.consumer == consumer,
            consumer_offsets.c.topic == partition.topic,
            consumer_offsets.c.partition == partition.partition,
        )
    )


async def claim_new_events(session: AsyncSession, consumer: str, event_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Record event ids as processed; return those that were not recorded before.

    One statement per batch; the primary key makes concurrent claims of one id (two replicas
    during a rebalance) wait for each other, so exactly one of them applies it.
    """
    if not event_ids:
        return set()
    ids = select(func.unnest(literal(event_ids, ARRAY(Uuid))).label("event_id")).subquery()
    statement = (
        insert(consumer_processed_events)
        .from_select(["consumer", "event_id"], select(literal(consumer), ids.c.event_id))
        .on_conflict_do_nothing()
        .returning(consumer_processed_events.c.event_id)
    )
    return set((await session.execute(statement)).scalars())


async def processed_among(session: AsyncSession, consumer: str, event_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these events the consumer has processed already."""
    if not event_ids:
        return set()
    found = await session.scalars(
        select(consumer_processed_events.c.event_id).where(
            consumer_processed_events.c.consumer == consumer,
            consumer_processed_events.c.event_id == any_array(event_ids, Uuid),
        )
    )
    return set(found)


async def is_applied(connection: AsyncConnection, consumer: str, event_id: uuid.UUID) -> bool:
    found = await connection.scalar(
        select(literal(True)).where(
            and_(
                consumer_processed_events.c.consumer == consumer,
                consumer_processed_events.c.event_id == event_id,
            )
        )
    )
    return bool(found)


async def wait_until_applied(
    engine: AsyncEngine, consumer: str, event_ids: Iterable[uuid.UUID], timeout_seconds: float
) -> bool:
    """Wait (bounded) until the consumer has processed every given event; False on timeout.

    This is read-your-writes: a producer returns the event id it wrote, and a read that
    names it waits for it before answering.
    """
    return not await wait_for_events(engine, consumer, event_ids, timeout_seconds)


async def wait_for_events(
    engine: AsyncEngine, consumer: str, event_ids: Iterable[uuid.UUID], timeout_seconds: float
) -> set[uuid.UUID]:
    """Wait (bounded) until the consumer has processed every given event; returns those it has not.

    It looks again when the consumer commits a batch in this process (see ``commits``), and at least
    every ``POLL_SECONDS`` otherwise.
    """
    pending = set(event_ids)
    deadline = time.monotonic() + timeout_seconds
    while pending:
        async with engine.connect() as connection:
            done = await connection.scalars(
                select(consumer_processed_events.c.event_id).where(
                    consumer_processed_events.c.consumer == consumer,
                    consumer_processed_events.c.event_id == any_array(list(pending), Uuid),
                )
            )
            pending -= set(done)
        left = deadline - time.monotonic()
        if not pending or left <= 0:
            break
        await next_commit(consumer, min(POLL_SECONDS, left))
    return pending
