"""How reads find the live projection, and wait (bounded) for events a caller has just caused."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.consumer import wait_until_applied
from bastion.errors import InfrastructureError
from bastion.http import runtime_dependency
from bastion.runtime import ServiceRuntime
from scoring.adapters.generations import for_generation
from scoring.generations import GenerationManager, consumer_name
from scoring.rules import RuleBook
from scoring.settings import ScoringSettings

AfterEvents = Annotated[
    list[uuid.UUID] | None,
    Query(
        alias="after",
        max_length=200,
        description=(
            "Event ids (returned by the producing service) this answer must include; the read waits up to "
            "the configured bound (2 s by default) for scoring to apply them."
        ),
    ),
]


ScoringRuntime = Annotated[ServiceRuntime[ScoringSettings], Depends(runtime_dependency(ScoringSettings))]


class ProjectionNotReady(InfrastructureError):
    default_code = "projection_not_ready"


def live_generation(runtime: ServiceRuntime) -> str:
    generations = runtime.part(GenerationManager)
    if generations is None or not generations.live:
        raise ProjectionNotReady("scoring is still preparing its projection; try again in a moment")
    return generations.live


def live_engine(runtime: ServiceRuntime) -> AsyncEngine:
    """Connections that read the live generation (and its consumer's bookkeeping)."""
    return for_generation(runtime.engine, live_generation(runtime), kit_tables=True)


def rule_book(runtime: ServiceRuntime) -> RuleBook:
    generations = runtime.part(GenerationManager)
    if generations is None:
        raise ProjectionNotReady("scoring has not loaded its rules yet")
    return generations.rules


async def applied(runtime: ServiceRuntime[ScoringSettings], event_ids: list[uuid.UUID] | None) -> bool:
    """True when the live projection has every named event (waiting up to the bound); at once if none."""
    if not event_ids:
        return True
    bound = runtime.settings.read_wait_max_seconds
    name = live_generation(runtime)
    return await wait_until_applied(live_engine(runtime), consumer_name(name), event_ids, bound)


class Reading:
    """What a read needs: the live projection, the rules, whether the named events are in."""

    def __init__(
        self, runtime: ServiceRuntime[ScoringSettings], engine: AsyncEngine, rules: RuleBook, includes_requested: bool
    ) -> None:
        self.runtime = runtime
        self.engine = engine
        self.rules = rules
        self.includes_requested_events = includes_requested


async def reading(runtime: ScoringRuntime, after: AfterEvents = None) -> Reading:
    included = await applied(runtime, after)
    return Reading(runtime, live_engine(runtime), rule_book(runtime), included)


ReadingDep = Annotated[Reading, Depends(reading)]
