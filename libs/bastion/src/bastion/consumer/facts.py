"""Facts kept from events, newest first: the building block of order-independent projections.

A projection stores each fact under its identity with the ``sequence`` of the event that wrote
it, and a write only lands if it is newer; the same events in any order leave the same rows.
``sequence`` numbers the events of one key on one topic, so a fact must be fed from one topic (the
services' unit tests ``test_*fact_sources`` check theirs).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.consumer.spec import ReceivedEvent
from bastion.db.bulk import batch_insert, execute_batch

K = TypeVar("K", bound=Hashable)


def latest_by(events: Iterable[ReceivedEvent], key: Callable[[ReceivedEvent], K | None]) -> dict[K, ReceivedEvent]:
    """The newest event (highest sequence) per key; events whose key is None are skipped."""
    latest: dict[K, ReceivedEvent] = {}
    for event in events:
        identity = key(event)
        if identity is None:
            continue
        known = latest.get(identity)
        if known is None or known.envelope.sequence < event.envelope.sequence:
            latest[identity] = event
    return latest


async def upsert_newer(
    session: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]], *, only: Sequence[str] | None = None
) -> None:
    """Insert rows, or update the stored ones whose ``sequence`` is older; one statement.

    The key is the table's primary key; every other column is overwritten, or only the columns in
    ``only`` (and ``sequence``) when an event says just part of the fact. Rows are sorted by key so
    concurrent writers lock in the same order.
    """
    if not rows:
        return
    keys = [column.name for column in table.primary_key.columns]
    ordered = sorted(rows, key=lambda row: tuple(row[name] for name in keys))
    statement = batch_insert(table, list(ordered[0]))
    statement = statement.on_conflict_do_update(
        index_elements=keys,
        set_={
            name: statement.excluded[name]
            for name in ordered[0]
            if name not in keys and (only is None or name in only or name == "sequence")
        },
        where=table.c.sequence < statement.excluded.sequence,
    )
    await execute_batch(session, statement, ordered)
