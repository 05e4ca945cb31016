"""Dependencies of roster's routes: the handler context, roster's settings, paging."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from bastion.http import runtime_dependency
from bastion.http.contexts import HandlerContexts
from bastion.runtime import ServiceRuntime
from roster.adapters.queries import PageRequest
from roster.service_layer.context import Context
from roster.service_layer.unit_of_work import RosterUnitOfWork
from roster.settings import RosterSettings

RosterRuntime = Annotated[ServiceRuntime[RosterSettings], Depends(runtime_dependency(RosterSettings))]
contexts = HandlerContexts(RosterSettings, RosterUnitOfWork, Context)


async def roster_settings(runtime: RosterRuntime) -> RosterSettings:
    """The settings roster was started with, as roster's own type."""
    return runtime.settings


def page_request(
    page: Annotated[int, Query(ge=1, le=100_000, description="1-based")] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PageRequest:
    return PageRequest(page, page_size)


ContextDep = Annotated[Context, Depends(contexts.now)]
SettingsDep = Annotated[RosterSettings, Depends(roster_settings)]
PageDep = Annotated[PageRequest, Depends(page_request)]
