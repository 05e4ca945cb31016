"""Dependencies of roster's routes: the handler context, paging."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from bastion.clock import local_today, utc_now
from bastion.http import RuntimeDep
from roster.adapters.queries import PageRequest
from roster.service_layer.context import Context
from roster.service_layer.unit_of_work import RosterUnitOfWork


def handler_context(runtime: RuntimeDep) -> Context:
    return Context(
        uow=RosterUnitOfWork(runtime.sessions),
        now=utc_now(),
        today=local_today(runtime.settings.timezone),
    )


def page_request(
    page: Annotated[int, Query(ge=1, le=100_000, description="1-based")] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PageRequest:
    return PageRequest(page, page_size)


ContextDep = Annotated[Context, Depends(handler_context)]
PageDep = Annotated[PageRequest, Depends(page_request)]
