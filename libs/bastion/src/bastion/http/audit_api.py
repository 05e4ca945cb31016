"""``GET /audit``: the committee reads who changed what, when and from where (newest first)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime, BaseModel

from bastion.auth import audit
from bastion.auth.principal import Role
from bastion.http.auth import allow
from bastion.http.deps import RuntimeDep

router = APIRouter(tags=["audit"], dependencies=[Depends(allow(Role.ADMIN))])


class AuditEvent(BaseModel):
    id: uuid.UUID
    type: str
    subject: str


class AuditEntry(BaseModel):
    id: int
    at: datetime
    actor: str
    role: str
    via: str
    method: str
    path: str
    client: str | None
    trace_id: str | None
    events: list[AuditEvent]


class AuditPage(BaseModel):
    entries: list[AuditEntry]
    next_before_id: int | None  # pass as before_id for the next (older) page


@router.get("/audit", summary="Changes made through this service's API (admins only)")
async def audit_log(
    runtime: RuntimeDep,
    actor: Annotated[str | None, Query(max_length=200, description="Only this actor's changes")] = None,
    since: Annotated[AwareDatetime | None, Query(description="From this time (inclusive)")] = None,
    until: Annotated[AwareDatetime | None, Query(description="Before this time")] = None,
    before_id: Annotated[int | None, Query(ge=1, le=2**62, description="Older than this entry")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditPage:
    async with runtime.engine.connect() as connection:
        found = await audit.entries(connection, actor=actor, since=since, until=until, before_id=before_id, limit=limit)
    return AuditPage(
        entries=[AuditEntry.model_validate(entry) for entry in found],
        next_before_id=found[-1]["id"] if len(found) == limit else None,
    )
