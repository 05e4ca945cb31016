"""The unit of work: one session, one transaction, and the events it records."""

from __future__ import annotations

import uuid
from datetime import datetime
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bastion.auth import audit
from bastion.events.envelope import CloudEvent
from bastion.events.model import EventData
from bastion.faults import failpoint
from bastion.outbox.writer import PendingEvent, append_to_outbox
from bastion.tracing import current_traceparent


class UnitOfWork:
    """Rolls back unless committed; on commit, the recorded events go to the outbox with the state.

    Services subclass it to add their repositories, built on ``self.session`` in ``__aenter__``.
    """

    session: AsyncSession

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._pending: list[PendingEvent] = []
        self._committed = False
        self.published: list[CloudEvent] = []

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self._pending = []
        self._committed = False
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self._committed:
                await self.session.rollback()
        finally:
            await self.session.close()

    def record(self, payload: EventData, *, time: datetime | None = None) -> uuid.UUID:
        """Record that something happened; returns the event id (for read-your-writes)."""
        event = PendingEvent(payload, traceparent=current_traceparent())
        if time is not None:
            event = PendingEvent(payload, event.event_id, time, event.traceparent)
        self._pending.append(event)
        return event.event_id

    @property
    def event_ids(self) -> list[uuid.UUID]:
        """Ids of the events recorded so far (committed ones after :meth:`commit`)."""
        return [event.event_id for event in self._pending] or [event.id for event in self.published]

    async def commit(self) -> None:
        self.published = await append_to_outbox(self.session, self._pending)
        await audit.record(self.session, self.published)
        await self.session.commit()
        failpoint("outbox.after_commit")
        self._pending = []
        self._committed = True
