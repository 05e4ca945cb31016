"""Counting what a service has written: rows of its tables and of its outbox."""

from __future__ import annotations

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.testing.outbox import outbox_count


async def rows_written(engine: AsyncEngine, *tables: Table) -> dict[str, int]:
    """Rows in each table and in the outbox: a refused request leaves every count unchanged."""
    async with engine.connect() as connection:
        counts = {
            table.name: int(await connection.scalar(select(func.count()).select_from(table)) or 0) for table in tables
        }
    return counts | {"outbox": await outbox_count(engine)}
