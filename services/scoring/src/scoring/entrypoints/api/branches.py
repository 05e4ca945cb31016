"""Branch figures: the member count (the walking skeleton's read, kept for its users)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from scoring.adapters.orm import f_members
from scoring.entrypoints.api.access import AnyRole
from scoring.reads import ReadingDep

router = APIRouter(prefix="/branches", tags=["branches"], dependencies=[AnyRole])


class BranchMemberCount(BaseModel):
    branch_id: uuid.UUID
    member_count: int = Field(description="Active Party members (probationary and full) on the branch's roster.")
    includes_requested_events: bool = Field(
        description="False when the events named in `after` were not all applied within the wait bound."
    )


@router.get("/{branch_id}/member-count", response_model=BranchMemberCount)
async def get_member_count(branch_id: uuid.UUID, reading: ReadingDep) -> BranchMemberCount:
    """Number of Party members in a branch (支部党员人数)."""
    async with reading.engine.connect() as connection:
        count = await connection.scalar(
            select(func.count())
            .select_from(f_members)
            .where(
                f_members.c.branch_id == branch_id,
                f_members.c.status == "active",
                f_members.c.stage.in_(["probationary", "full"]),
            )
        )
    return BranchMemberCount(
        branch_id=branch_id, member_count=int(count or 0), includes_requested_events=reading.includes_requested_events
    )
