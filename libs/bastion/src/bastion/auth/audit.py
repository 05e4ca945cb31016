"""The audit log: every change made through the API, recorded in the transaction that makes it.

The authentication dependency says who is asking (:data:`current_actor`); the unit of work, at commit,
records the actor, the request and the events of the change. A change that commits is audited; one
that rolls back is not, as nothing changed.
"""

from __future__ import annotations

import contextvars
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bastion.auth.principal import Principal
from bastion.db.tables import audit_log
from bastion.events.envelope import CloudEvent


@dataclass(frozen=True, slots=True)
class Actor:
    principal: Principal
    method: str
    path: str
    client: str | None
    trace_id: str | None


current_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("bastion_actor", default=None)


async def record(session: AsyncSession, events: Sequence[CloudEvent]) -> None:
    """Record the change in ``session``'s transaction, if a request's actor is known."""
    actor = current_actor.get()
    if actor is None:
        return  # not a request (a consumer, a worker, a command): events and logs say what happened
    await session.execute(
        insert(audit_log).values(
            actor=actor.principal.subject,
            role=actor.principal.role.value,
            via=actor.principal.via,
            method=actor.method,
            path=actor.path,
            client=actor.client,
            trace_id=actor.trace_id,
            events=[{"id": str(e.id), "type": e.type, "subject": e.subject} for e in events],
        )
    )


async def entries(
    connection: AsyncConnection,
    *,
    actor: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    before_id: int | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Entries as rows (column: value), newest first; ``before_id`` pages back."""
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if actor is not None:
        query = query.where(audit_log.c.actor == actor)
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if until is not None:
        query = query.where(audit_log.c.at < until)
    if before_id is not None:
        query = query.where(audit_log.c.id < before_id)
    return [dict(row._mapping) for row in await connection.execute(query)]
