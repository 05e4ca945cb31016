"""Facts kept from events, newest first: the building block of order-independent projections.

A projection stores each fact under its identity with the ``sequence`` of the event that wrote
it, and a write only lands if it is newer; the same events in any order leave the same rows.
``sequence`` numbers the events of one key on one topic, so a fact must be fed from one topic
(``bastion.events.snapshots`` refuses a snapshot declared on two; ``bastion.consumer.snapshots`` keeps it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.db.bulk import batch_insert, execute_batch


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
