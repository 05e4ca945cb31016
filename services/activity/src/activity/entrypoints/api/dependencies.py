"""Dependencies of activity's routes: the handler context, paging, local times."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, overload

from fastapi import Depends, Query

from activity.adapters.queries import PageRequest
from activity.service_layer.context import Context
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from activity.settings import ActivitySettings
from bastion.clock import as_utc
from bastion.http.contexts import HandlerContexts

contexts = HandlerContexts(ActivitySettings, ActivityUnitOfWork, Context)


async def page_request(
    page: Annotated[int, Query(ge=1, le=100_000, description="1-based")] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PageRequest:
    return PageRequest(page, page_size)


@overload
def local(moment: datetime, context: Context) -> datetime: ...
@overload
def local(moment: None, context: Context) -> None: ...
def local(moment: datetime | None, context: Context) -> datetime | None:
    """Times without a zone are the organisation's local time."""
    return as_utc(moment, context.settings.timezone) if moment is not None else None


ContextDep = Annotated[Context, Depends(contexts.now)]
PageDep = Annotated[PageRequest, Depends(page_request)]
