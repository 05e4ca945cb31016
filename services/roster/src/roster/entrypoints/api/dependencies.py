"""Dependencies of roster's routes: the handler context, roster's settings, paging."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from bastion.clock import local_today, utc_now
from bastion.http import RuntimeDep
from roster.adapters.queries import PageRequest
from roster.service_layer.context import Context
from roster.service_layer.unit_of_work import RosterUnitOfWork
from roster.settings import RosterSettings


def handler_context(runtime: RuntimeDep) -> Context:
    return Context(
        uow=RosterUnitOfWork(runtime.sessions),
        now=utc_now(),
        today=local_today(runtime.settings.timezone),
    )


def roster_settings(runtime: RuntimeDep) -> RosterSettings:
    """The settings roster was started with, as roster's own type."""
    settings = runtime.settings
    if not isinstance(settings, RosterSettings):
        raise TypeError(f"roster runs with RosterSettings, not {type(settings).__name__}")
    return settings


def page_request(
    page: Annotated[int, Query(ge=1, le=100_000, description="1-based")] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PageRequest:
    return PageRequest(page, page_size)


ContextDep = Annotated[Context, Depends(handler_context)]
SettingsDep = Annotated[RosterSettings, Depends(roster_settings)]
PageDep = Annotated[PageRequest, Depends(page_request)]
