"""Dependencies of feedback's routes: the handler context."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Annotated, cast

from fastapi import Depends, Query

from bastion.clock import as_utc, local_day, local_today, utc_now
from bastion.errors import RuleViolationError
from bastion.http import RuntimeDep
from feedback.service_layer.context import Context
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork
from feedback.settings import FeedbackSettings


def handler_context(runtime: RuntimeDep) -> Context:
    settings = cast(FeedbackSettings, runtime.settings)
    return Context(
        uow=FeedbackUnitOfWork(runtime.sessions),
        now=utc_now(),
        today=local_today(settings.timezone),
        settings=settings,
    )


def recorded_context(
    runtime: RuntimeDep,
    recorded_at: Annotated[
        datetime | None,
        Query(description="When it happened, for what is entered later from paper (not in the future); default now."),
    ] = None,
) -> Context:
    """The handler context, with 'now' set to when the step really happened, if the staff say so."""
    context = handler_context(runtime)
    if recorded_at is None:
        return context
    moment = as_utc(recorded_at, context.settings.timezone)
    if moment > context.now:
        raise RuleViolationError("recorded_at：不能晚于现在", code="date_in_future")
    return replace(context, now=moment, today=local_day(moment, context.settings.timezone))


ContextDep = Annotated[Context, Depends(handler_context)]
RecordedContextDep = Annotated[Context, Depends(recorded_context)]
