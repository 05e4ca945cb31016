"""Members (党员): register and read."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from bastion.errors import NotFoundError
from bastion.http import RuntimeDep
from roster.entrypoints.api.schemas import MemberCreate, MemberPublic, MemberRegisteredResponse
from roster.service_layer import handlers
from roster.service_layer.commands import RegisterMember
from roster.service_layer.unit_of_work import RosterUnitOfWork

router = APIRouter(prefix="/members", tags=["members"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=MemberRegisteredResponse)
async def register_member(
    body: MemberCreate, runtime: RuntimeDep, response: Response
) -> MemberRegisteredResponse:
    """Register a member in a branch (党员登记).

    Answers once the member and the ``bastion.roster.member.registered.v1`` event are committed;
    the event is published after that, so this works while the broker is away.
    """
    command = RegisterMember(
        branch_id=body.branch_id, name=body.name, birth_date=body.birth_date, education=body.education
    )
    member, event_id = await handlers.register_member(command, RosterUnitOfWork(runtime.sessions))
    response.headers["Location"] = f"/members/{member.id}"
    return MemberRegisteredResponse(**MemberPublic.of(member).model_dump(), event_id=event_id)


@router.get("/{member_id}", response_model=MemberPublic, responses={404: {"description": "No such member"}})
async def get_member(member_id: uuid.UUID, runtime: RuntimeDep) -> MemberPublic:
    """One member."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        member = await uow.members.get(member_id)
    if member is None:
        raise NotFoundError(f"没有这个党员：{member_id}", code="member_not_found")
    return MemberPublic.of(member)
