"""Dependencies of feedback's routes: the handler context, paging."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from bastion.http.contexts import HandlerContexts
from feedback.adapters.queries import PageRequest
from feedback.service_layer.context import Context
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork
from feedback.settings import FeedbackSettings

contexts = HandlerContexts(FeedbackSettings, FeedbackUnitOfWork, Context)


def page_request(
    page: Annotated[int, Query(ge=1, le=100_000, description="1-based")] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PageRequest:
    return PageRequest(page, page_size)


ContextDep = Annotated[Context, Depends(contexts.now)]
RecordedContextDep = Annotated[Context, Depends(contexts.recorded)]
PageDep = Annotated[PageRequest, Depends(page_request)]
