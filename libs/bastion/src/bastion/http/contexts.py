"""The handler context as a route dependency: the unit of work on the process's sessions, the clock read
once per request, the service's own settings typed.

A service makes one :class:`HandlerContexts` and declares its two dependencies from it::

    contexts = HandlerContexts(ActivitySettings, ActivityUnitOfWork, Context)
    ContextDep = Annotated[Context, Depends(contexts.now)]
    RecordedContextDep = Annotated[Context, Depends(contexts.recorded)]
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Generic, TypeVar

from fastapi import Query, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bastion.clock import local_today, utc_now
from bastion.http.deps import runtime_of
from bastion.runtime import runtime_with
from bastion.service_layer.context import HandlerContext
from bastion.settings import ServiceSettings

UnitOfWork = TypeVar("UnitOfWork")
Settings = TypeVar("Settings", bound=ServiceSettings)
Context = TypeVar("Context", bound=HandlerContext[object, ServiceSettings])

RecordedAt = Annotated[
    datetime | None,
    Query(description="When it happened, for what is entered later from paper (not in the future); default now."),
]


class HandlerContexts(Generic[UnitOfWork, Settings, Context]):
    """Makes a service's handler contexts: ``context`` is its context type (or any callable taking the unit of
    work, now, today and the settings), ``unit_of_work`` its unit of work on the process's sessions."""

    def __init__(
        self,
        settings_type: type[Settings],
        unit_of_work: Callable[[async_sessionmaker[AsyncSession]], UnitOfWork],
        context: Callable[[UnitOfWork, datetime, date, Settings], Context],
    ) -> None:
        self._settings_type = settings_type
        self._unit_of_work = unit_of_work
        self._context = context

    async def now(self, request: Request) -> Context:
        """The context of a request: now, and today in the organisation's time zone."""
        runtime = runtime_with(await runtime_of(request), self._settings_type)
        settings = runtime.settings
        return self._context(self._unit_of_work(runtime.sessions), utc_now(), local_today(settings.timezone), settings)

    async def recorded(self, request: Request, recorded_at: RecordedAt = None) -> Context:
        """The context, with 'now' set to when the step really happened, if the staff say so."""
        context = await self.now(request)
        return context if recorded_at is None else context.recorded_at(recorded_at)
