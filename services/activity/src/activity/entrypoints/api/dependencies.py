"""Dependencies of activity's routes: the handler context, local times."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, overload

from fastapi import Depends

from activity.service_layer.context import Context
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from activity.settings import ActivitySettings
from bastion.clock import as_utc
from bastion.http.contexts import HandlerContexts

contexts = HandlerContexts(ActivitySettings, ActivityUnitOfWork, Context)


@overload
def local(moment: datetime, context: Context) -> datetime: ...
@overload
def local(moment: None, context: Context) -> None: ...
def local(moment: datetime | None, context: Context) -> datetime | None:
    """Times without a zone are the organisation's local time."""
    return as_utc(moment, context.settings.timezone) if moment is not None else None


ContextDep = Annotated[Context, Depends(contexts.now)]
