"""Branch figures (支部): how many members scoring counts in a branch."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from pydantic import BaseModel, Field

from bastion.http import RuntimeDep
from scoring.entrypoints.api.consistency import AfterEvents, wait_for_events
from scoring.projections.members import member_count

router = APIRouter(prefix="/branches", tags=["branches"])


class BranchMemberCount(BaseModel):
    branch_id: uuid.UUID
    member_count: int = Field(description="Members on the branch's roster, as scoring knows them.")
    includes_requested_events: bool = Field(
        description="False when the events named in `after` were not all applied within the wait bound."
    )


@router.get("/{branch_id}/member-count", response_model=BranchMemberCount)
async def get_member_count(branch_id: uuid.UUID, runtime: RuntimeDep, after: AfterEvents = None) -> BranchMemberCount:
    """Number of members in a branch (支部党员人数)."""
    applied = await wait_for_events(runtime, after)
    async with runtime.engine.connect() as connection:
        count = await member_count(connection, branch_id)
    return BranchMemberCount(branch_id=branch_id, member_count=count, includes_requested_events=applied)
