"""Looking into a service's outbox: what it recorded, in commit order."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.db.tables import outbox
from bastion.events import CloudEvent


async def outbox_count(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(outbox)) or 0)


async def outbox_events(engine: AsyncEngine, event_type: str | None = None) -> list[CloudEvent]:
    """Events in the outbox, oldest first (optionally only of one type)."""
    async with engine.connect() as connection:
        payloads = (await connection.scalars(select(outbox.c.payload).order_by(outbox.c.id))).all()
    events = [CloudEvent.from_bytes(payload) for payload in payloads]
    return [event for event in events if event_type is None or event.type == event_type]
