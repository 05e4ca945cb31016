"""Read-your-writes: a read may name events it must reflect, and wait (bounded) for them."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from bastion.consumer import wait_until_applied
from bastion.runtime import ServiceRuntime
from scoring.projections.consumer import CONSUMER_NAME

AfterEvents = Annotated[
    list[uuid.UUID] | None,
    Query(
        alias="after",
        max_length=50,
        description=(
            "Event ids (returned by the producing service) this answer must include. The read "
            "waits up to the configured bound (2 s by default) for them to be applied."
        ),
    ),
]


async def wait_for_events(runtime: ServiceRuntime, event_ids: list[uuid.UUID] | None) -> bool:
    """True when every named event is applied (at once if none are named)."""
    if not event_ids:
        return True
    settings = runtime.settings
    bound = getattr(settings, "read_wait_max_seconds", 2.0)
    return await wait_until_applied(runtime.engine, CONSUMER_NAME, event_ids, bound)
