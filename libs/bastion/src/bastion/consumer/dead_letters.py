"""Dead letters and parked messages, kept in the consumer's database with its projection.

A dead letter is a message a consumer could not apply (with the reason and the original bytes); it
is also sent to the ``bastion.dead_letters`` topic for whoever watches. Later messages of the same
aggregate are parked behind it. An operator *redrives* a dead letter (the consumer tries it again,
typically after a fix is deployed) or *skips* it; either way the parked messages behind it are then
applied in order.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Text, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.types import Uuid

from bastion.consumer.decode import Held, HoldKind
from bastion.db.bulk import any_array
from bastion.db.tables import consumer_dead_letters as table
from bastion.errors import ConflictError, NotFoundError
from bastion.events.topics import Topic

THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000
DEAD_LETTERS = Topic(
    "bastion.dead_letters",
    partitions=1,
    retention_ms=THIRTY_DAYS_MS,
    description="Messages a consumer could not apply: the original key, value and headers, and "
    "bastion-dead-letter-* headers saying which consumer, where it was and why.",
)


class State(StrEnum):
    DEAD = "dead"  # could not be applied; blocks its aggregate
    PARKED = "parked"  # waits behind a dead letter of its aggregate
    REDRIVE = "redrive"  # an operator asked to try it again
    APPLIED = "applied"  # applied later (redriven, or released from parking)
    SKIPPED = "skipped"  # an operator decided it will never be applied


OPEN = (State.DEAD, State.PARKED, State.REDRIVE)


@dataclass(frozen=True, slots=True)
class DeadLetter:
    id: int
    consumer: str
    topic: str
    partition: int
    offset: int
    message_key: str
    event_id: uuid.UUID | None
    event_type: str | None
    state: State
    kind: str
    reason: str
    attempts: int
    value: bytes
    headers: list[tuple[str, bytes]]
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    resolved_by: str | None

    @classmethod
    def of(cls, row: Any) -> DeadLetter:
        values = dict(row._mapping)
        values["state"] = State(values["state"])
        values["headers"] = [(name, base64.b64decode(value)) for name, value in values["headers"]]
        return cls(**values)


async def open_keys(session: AsyncSession, consumer: str, keys: Iterable[str]) -> set[str]:
    """Which of these aggregates have unresolved dead letters or parked messages."""
    wanted = sorted(set(keys))
    if not wanted:
        return set()
    rows = await session.scalars(
        select(table.c.message_key)
        .where(table.c.consumer == consumer, table.c.state.in_(OPEN), table.c.message_key == any_array(wanted, Text))
        .distinct()
    )
    return set(rows)


async def hold(session: AsyncSession, consumer: str, held: Sequence[Held], attempts: int) -> None:
    """Store held records (once: a batch read again after a crash adds nothing)."""
    if not held:
        return
    rows = [
        {
            "consumer": consumer,
            "topic": h.record.topic,
            "partition": h.record.partition,
            "offset": h.record.offset,
            "message_key": h.key,
            "event_id": h.envelope.id if h.envelope else None,
            "event_type": h.envelope.type if h.envelope else None,
            "state": State.PARKED if h.kind is HoldKind.PARKED else State.DEAD,
            "kind": h.kind.value,
            "reason": h.reason[:4000],
            "attempts": attempts if h.kind is HoldKind.HANDLER_ERROR else (0 if h.kind is HoldKind.PARKED else 1),
            "value": h.record.value or b"",
            "headers": [[name, base64.b64encode(value or b"").decode()] for name, value in h.record.headers or ()],
        }
        for h in held
    ]
    await session.execute(insert(table).values(rows).on_conflict_do_nothing())


async def letters(
    session: AsyncSession, *, consumer: str | None = None, states: Sequence[State] = OPEN, limit: int = 100
) -> list[DeadLetter]:
    query = select(table).where(table.c.state.in_(states)).order_by(table.c.id).limit(limit)
    if consumer is not None:
        query = query.where(table.c.consumer == consumer)
    return [DeadLetter.of(row) for row in await session.execute(query)]


async def letter(session: AsyncSession, letter_id: int) -> DeadLetter:
    row = (await session.execute(select(table).where(table.c.id == letter_id))).one_or_none()
    if row is None:
        raise NotFoundError(f"no dead letter {letter_id}", code="dead_letter_not_found")
    return DeadLetter.of(row)


async def request(session: AsyncSession, letter_id: int, state: State, note: str) -> DeadLetter:
    """An operator's decision on a dead letter: ``REDRIVE`` (try again) or ``SKIPPED`` (never apply)."""
    found = await letter(session, letter_id)
    if found.state is not State.DEAD:
        raise ConflictError(
            f"dead letter {letter_id} is {found.state}; only a dead one can be redriven or skipped",
            code="dead_letter_not_dead",
        )
    await session.execute(
        update(table).where(table.c.id == letter_id).values(state=state, resolved_by=note, updated_at=func.now())
    )
    return await letter(session, letter_id)


async def unpublished(session: AsyncSession, consumer: str, limit: int = 100) -> list[DeadLetter]:
    query = (
        select(table)
        .where(table.c.consumer == consumer, table.c.state == State.DEAD, table.c.published_at.is_(None))
        .order_by(table.c.id)
        .limit(limit)
    )
    return [DeadLetter.of(row) for row in await session.execute(query)]


async def mark_published(session: AsyncSession, ids: Sequence[int]) -> None:
    await session.execute(update(table).where(table.c.id.in_(ids)).values(published_at=func.now()))


async def held_among(connection: AsyncConnection, consumer: str, event_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these events the consumer holds open (dead or parked: applied after a redrive or skip)."""
    if not event_ids:
        return set()
    found = await connection.scalars(
        select(table.c.event_id).where(
            table.c.consumer == consumer, table.c.state.in_(OPEN), table.c.event_id == any_array(list(event_ids), Uuid)
        )
    )
    return set(found)


async def releasable(session: AsyncSession, consumer: str, limit: int = 500) -> list[list[DeadLetter]]:
    """Per aggregate, its open letters in order, for aggregates whose first open letter is not dead
    (parked ones behind a redriven or skipped letter, or a redrive request)."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"dead-letters:{consumer}"})
    query = (
        select(table)
        .where(table.c.consumer == consumer, table.c.state.in_(OPEN))
        .order_by(table.c.message_key, table.c.id)
        .limit(limit)
    )
    chains: dict[str, list[DeadLetter]] = {}
    for row in await session.execute(query):
        found = DeadLetter.of(row)
        chains.setdefault(found.message_key, []).append(found)
    return [chain for chain in chains.values() if chain[0].state is not State.DEAD]


async def settle(session: AsyncSession, found: DeadLetter, state: State, kind: str = "", reason: str = "") -> None:
    """Record what became of a letter the consumer tried again: applied, or dead (once more)."""
    values: dict[str, Any] = {"state": state, "updated_at": func.now()}
    if state is State.DEAD:
        values.update(kind=kind, reason=reason[:4000], attempts=found.attempts + 1, published_at=None)
    await session.execute(update(table).where(table.c.id == found.id).values(**values))


async def counts(session: AsyncSession, consumer: str) -> dict[State, int]:
    rows = await session.execute(
        select(table.c.state, func.count())
        .where(table.c.consumer == consumer, table.c.state.in_(OPEN))
        .group_by(table.c.state)
    )
    found = {State(state): int(count) for state, count in rows}
    return {state: found.get(state, 0) for state in OPEN}


def as_message(found: DeadLetter) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """The dead-letter topic's record: the original key, value and headers, and why."""
    context = {
        "consumer": found.consumer,
        "topic": found.topic,
        "partition": str(found.partition),
        "offset": str(found.offset),
        "kind": found.kind,
        "reason": found.reason,
        "attempts": str(found.attempts),
        "id": str(found.id),
    }
    headers = [*found.headers, *((f"bastion-dead-letter-{name}", value.encode()) for name, value in context.items())]
    return found.message_key.encode(), found.value, headers
