"""Dependencies of activity's routes: the handler context, local times."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast, overload

from fastapi import Depends

from activity.service_layer.context import Context
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from activity.settings import ActivitySettings
from bastion.clock import as_utc, local_today, utc_now
from bastion.http import RuntimeDep


async def handler_context(runtime: RuntimeDep) -> Context:
    settings = cast(ActivitySettings, runtime.settings)
    return Context(
        uow=ActivityUnitOfWork(runtime.sessions),
        now=utc_now(),
        today=local_today(settings.timezone),
        settings=settings,
    )


@overload
def local(moment: datetime, context: Context) -> datetime: ...
@overload
def local(moment: None, context: Context) -> None: ...
def local(moment: datetime | None, context: Context) -> datetime | None:
    """Times without a zone are the organisation's local time."""
    return as_utc(moment, context.settings.timezone) if moment is not None else None


ContextDep = Annotated[Context, Depends(handler_context)]
