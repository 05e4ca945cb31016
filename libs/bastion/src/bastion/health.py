"""``/healthz`` (the process answers), ``/readyz`` (it can do its work) and ``/metrics``."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import text

from bastion.consumer.consumption import Consumer, Consumption, NamedEvent, consumption_of
from bastion.errors import RuleViolationError
from bastion.events.model import EVENT_TYPE_PATTERN
from bastion.kafka.probe import BrokerProbe
from bastion.runtime import ServiceRuntime

Check = Callable[[], Awaitable[None]]
_CHECK_TIMEOUT_SECONDS = 3.0

router = APIRouter(tags=["operations"])


def _runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


def readiness_checks(runtime: ServiceRuntime) -> dict[str, Check]:
    async def database() -> None:
        async with runtime.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def broker() -> None:
        await BrokerProbe(runtime.settings).check()

    async def background_tasks() -> None:
        dead = runtime.dead_tasks()
        if dead:
            raise RuntimeError(f"stopped: {', '.join(dead)}")

    checks: dict[str, Check] = {"database": database, "broker": broker, "background_tasks": background_tasks}
    if runtime.consumers:

        async def consumers() -> None:
            waiting = [name for name, runner in runtime.consumers.items() if not runner.assigned.is_set()]
            if waiting:
                raise RuntimeError(f"waiting for partitions: {', '.join(waiting)}")

        checks["consumers"] = consumers
    return checks


async def _run_check(check: Check) -> str:
    try:
        await asyncio.wait_for(check(), _CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        return f"timed out after {_CHECK_TIMEOUT_SECONDS:.0f} s"
    except Exception as exc:  # noqa: BLE001 - any failure is a reason to report, not to crash
        return str(exc) or type(exc).__name__
    return "ok"


@router.get("/healthz", summary="Liveness: the process is up")
async def healthz(request: Request) -> dict[str, str]:
    """Answers as long as the process serves HTTP; it checks no dependency. Names the service, so a probe
    can tell it reached the one it meant."""
    return {"status": "ok", "service": request.app.state.spec.name}


@router.get(
    "/readyz",
    summary="Readiness: database and broker reachable, background work running",
    responses={503: {"description": "Not ready; `checks` says why"}},
)
async def readyz(request: Request) -> JSONResponse:
    """200 when every check passes; 503 with each failing check's reason otherwise."""
    checks = readiness_checks(_runtime(request))
    results = await asyncio.gather(*(_run_check(check) for check in checks.values()))
    report = dict(zip(checks, results, strict=True))
    ready = all(result == "ok" for result in report.values())
    return JSONResponse(
        status_code=200 if ready else 503,
        content={"status": "ready" if ready else "unavailable", "checks": report},
    )


class ConsumptionAnswer(BaseModel):
    """Whether this service has taken in the events named."""

    applied: bool = Field(description="True when none of the events named is still pending here.")
    events: dict[uuid.UUID, Consumption] = Field(
        description=(
            "Per event: `applied`; `pending` (not yet, worth waiting for); `not_consumed` (no consumer here "
            "applies its type, so nothing here changes: known at once when the caller gives the type; without "
            "it, once every consumer here has read everything on its topics during the wait without meeting "
            "the event; and always when the service consumes nothing)."
        )
    )
    consumers: dict[str, bool] = Field(description="Per consumer: has it applied every named event it applies.")


@router.get(
    "/consumption",
    summary="Read-your-writes: has this service applied these events?",
    responses={422: {"description": "Malformed event ids or types, or not one type per event"}},
)
async def consumption(
    request: Request,
    after: Annotated[list[uuid.UUID], Query(max_length=200, description="Event ids returned by a producing service.")],
    types: Annotated[
        list[Annotated[str, StringConstraints(pattern=EVENT_TYPE_PATTERN.pattern)]] | None,
        Query(
            alias="type",
            max_length=200,
            description=(
                "The type of each event named in `after`, in the same order (optional, all or none). With it, "
                "an event no consumer here applies is answered `not_consumed` at once instead of `pending`."
            ),
        ),
    ] = None,
    wait_seconds: Annotated[float, Query(ge=0, le=10, description="How long to wait for them.")] = 2.0,
) -> ConsumptionAnswer:
    """For each event named, whether this service has applied it, has yet to, or never will (waiting up to
    ``wait_seconds`` for those it has yet to). A caller that changed something elsewhere uses it before
    reading here."""
    if types is not None and len(types) != len(after):
        raise RuleViolationError(
            f"type 须与 after 一一对应（收到 {len(after)} 个事件、{len(types)} 个类型），或不给",
            code="event_types_do_not_match",
        )
    runtime = _runtime(request)
    consumers = {
        name: Consumer(runner.engine or runtime.engine, runner.spec.handles, runner)
        for name, runner in runtime.consumers.items()
    }
    given_types: list[str | None] = list(types) if types is not None else [None] * len(after)
    named = [NamedEvent(event_id, event_type) for event_id, event_type in zip(after, given_types, strict=True)]
    report = await consumption_of(consumers, named, wait_seconds)
    return ConsumptionAnswer(applied=report.nothing_pending, events=report.events, consumers=report.consumers)


@router.get("/metrics", summary="Prometheus metrics (text format)", response_class=Response)
async def metrics(request: Request) -> Response:
    """Every ``bastion_*`` metric of this process, plus Python's process and GC metrics."""
    return Response(generate_latest(_runtime(request).metrics.registry), media_type=CONTENT_TYPE_LATEST)
