"""Who may read what in scoring: branch figures are public to every signed-in role; a member's card and
ledger to the committee, the member's branch secretary, the member themself and machine clients; the
explanation (it lists disciplinary records) not to machine clients; a branch's ranking (everyone's
scores) to the committee, the branch's secretary and machine clients."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bastion.auth import Principal, Role
from bastion.errors import ForbiddenError
from bastion.http.auth import allow, require_branch
from scoring.adapters.orm import f_members

_MEMBER_SCOPE = "secretary: the member's branch; member: self"

AnyRole = Depends(allow(*Role, scope="public branch figures"))
CardReader = Annotated[Principal, Depends(allow(*Role, scope=_MEMBER_SCOPE))]
ExplanationReader = Annotated[Principal, Depends(allow(Role.ADMIN, Role.SECRETARY, Role.MEMBER, scope=_MEMBER_SCOPE))]
RankingReader = Annotated[
    Principal, Depends(allow(Role.ADMIN, Role.SECRETARY, Role.SERVICE, scope="secretary: own branch"))
]


async def require_member(principal: Principal, connection: AsyncConnection, member_id: uuid.UUID) -> None:
    """403 unless the principal may read this member's scores."""
    if principal.role in (Role.ADMIN, Role.SERVICE) or principal.is_member(member_id):
        return
    if principal.role is Role.SECRETARY:
        branch = await connection.scalar(select(f_members.c.branch_id).where(f_members.c.member_id == member_id))
        if branch is not None and principal.manages(branch):
            return
    raise ForbiddenError("无权查看其他党员的积分 (not your member's scores)")


def require_ranking(principal: Principal, branch_id: uuid.UUID) -> None:
    if principal.role is not Role.SERVICE:
        require_branch(principal, branch_id)
