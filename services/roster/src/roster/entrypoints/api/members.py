"""People on the roster: register, read, list, update, transfer, change status, party group."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from bastion.auth import Principal
from bastion.handlers import Done
from bastion.http import RuntimeDep
from bastion.http.auth import allow, require_branch
from bastion.http.paging import Page, PageDep
from bastion.http.policies import BranchWrite
from bastion_contracts.vocabulary import MemberClass, MemberStatus, Stage
from roster.adapters.queries import list_members, transfers_of
from roster.domain.member import Member
from roster.entrypoints.api import access
from roster.entrypoints.api.access import ADMIN, SECRETARY, SERVICE, PersonReader
from roster.entrypoints.api.dependencies import ContextDep
from roster.entrypoints.api.schemas.members import (
    GroupAssignment,
    MemberChanged,
    MemberCreate,
    MemberPatch,
    MemberPublic,
    StatusChange,
    Transfer,
    TransferPublic,
)
from roster.service_layer import members
from roster.service_layer.context import Context
from roster.service_layer.unit_of_work import RosterUnitOfWork

router = APIRouter(prefix="/members", tags=["members"])

MemberLister = Annotated[
    Principal,
    Depends(
        allow(
            ADMIN,
            SECRETARY,
            SERVICE,
            scope="secretary: own branches (org_unit_id must be one, or a group in one); service: read, phone hidden",
        )
    ),
]


def changed(done: Done[Member], principal: Principal) -> MemberChanged:
    return MemberChanged(**access.member_view(principal, done.value).model_dump(), event_ids=done.event_ids)


async def check_managed(principal: Principal, context: Context, member_id: uuid.UUID) -> Member:
    """The person, if the caller manages their branch (before a change to them)."""
    async with context.uow as uow:
        return await access.managed_member(principal, uow, member_id)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=MemberChanged)
async def register_member(
    body: MemberCreate, context: ContextDep, response: Response, principal: BranchWrite
) -> MemberChanged:
    """Put a person on a branch's roster (登记), at their stage of the recruitment pipeline.

    Answers once the person and the ``bastion.roster.member.registered.v1`` event are committed;
    the event is published after that, so this works while the broker is away.
    """
    require_branch(principal, body.branch_id)
    command = members.RegisterMember(
        branch_id=body.branch_id,
        person=body.person(),
        member_class=body.member_class,
        stage=body.stage,
        pipeline=body.pipeline(),
    )
    done = await members.register_member(command, context)
    response.headers["Location"] = f"/members/{done.value.id}"
    return changed(done, principal)


@router.get("", response_model=Page[MemberPublic])
async def list_people(
    runtime: RuntimeDep,
    page: PageDep,
    principal: MemberLister,
    org_unit_id: Annotated[uuid.UUID | None, Query(description="A unit; everyone at or below it")] = None,
    member_status: Annotated[list[MemberStatus] | None, Query(alias="status")] = None,
    stage: Stage | None = None,
    member_class: MemberClass | None = None,
    q: Annotated[str | None, Query(max_length=50, description="Part of the name")] = None,
) -> Page[MemberPublic]:
    """People by name; active ones unless ``status`` says otherwise. A secretary sees the people of
    their own branches (``org_unit_id``, if given, must be one of them or a party group in one)."""
    if org_unit_id is not None:
        async with RosterUnitOfWork(runtime.sessions) as uow:
            await access.unit_in_reach(principal, uow, org_unit_id)
    async with runtime.engine.connect() as connection:
        found, total = await list_members(
            connection,
            page,
            org_unit_id=org_unit_id,
            branch_ids=principal.branch_ids if principal.role is SECRETARY else None,
            statuses=member_status or [MemberStatus.ACTIVE],
            stage=stage,
            member_class=member_class,
            search=q,
        )
    items = [access.member_view(principal, m) for m in found]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


@router.get("/{member_id}", response_model=MemberPublic, responses={404: {"description": "No such person"}})
async def get_member(member_id: uuid.UUID, runtime: RuntimeDep, principal: PersonReader) -> MemberPublic:
    """One person on the roster (the phone only for those who may see it)."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        return access.member_view(principal, await access.member_in_reach(principal, uow, member_id))


@router.patch("/{member_id}", response_model=MemberChanged)
async def update_member(
    member_id: uuid.UUID, body: MemberPatch, context: ContextDep, principal: BranchWrite
) -> MemberChanged:
    """Change a person's details; only the fields given change."""
    await check_managed(principal, context, member_id)
    command = members.UpdateMember(**body.model_dump(exclude_unset=True))
    return changed(await members.update_member(member_id, command, context), principal)


@router.post("/{member_id}/transfer", response_model=MemberChanged)
async def transfer_member(
    member_id: uuid.UUID,
    body: Transfer,
    context: ContextDep,
    principal: Annotated[
        Principal, Depends(allow(ADMIN, SECRETARY, scope="secretary: from and to branches they manage"))
    ],
) -> MemberChanged:
    """Move a person to another branch (组织关系转接); their group and committee seats are left.

    A secretary transfers only between branches they manage; other transfers are the committee's."""
    await check_managed(principal, context, member_id)
    require_branch(principal, body.to_branch_id)
    done = await members.transfer_member(member_id, body.to_branch_id, body.transferred_on, body.note, context)
    return changed(done, principal)


@router.get("/{member_id}/transfers", response_model=list[TransferPublic])
async def list_transfers(member_id: uuid.UUID, runtime: RuntimeDep, principal: PersonReader) -> list[TransferPublic]:
    """A person's transfers between branches, oldest first."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        await access.member_in_reach(principal, uow, member_id)
    async with runtime.engine.connect() as connection:
        rows = await transfers_of(connection, member_id)
    return [
        TransferPublic(
            from_branch_id=r.from_branch_id,
            to_branch_id=r.to_branch_id,
            transferred_on=r.transferred_on,
            note=r.note,
            recorded_at=r.recorded_at,
        )
        for r in rows
    ]


@router.post("/{member_id}/status", response_model=MemberChanged)
async def change_status(
    member_id: uuid.UUID, body: StatusChange, context: ContextDep, principal: BranchWrite
) -> MemberChanged:
    """Take a person off the active roster: transferred out, lapsed, expelled or deceased."""
    await check_managed(principal, context, member_id)
    done = await members.change_status(member_id, body.status, body.changed_on, body.reason, context)
    return changed(done, principal)


@router.put("/{member_id}/group", response_model=MemberChanged)
async def set_group(
    member_id: uuid.UUID, body: GroupAssignment, context: ContextDep, principal: BranchWrite
) -> MemberChanged:
    """Put a person in a party group (党小组) of their branch, as member or leader; null leaves it."""
    await check_managed(principal, context, member_id)
    return changed(await members.set_group(member_id, body.group_id, body.role, context), principal)
