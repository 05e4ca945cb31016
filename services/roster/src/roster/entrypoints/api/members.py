"""People on the roster: register, read, list, update, transfer, change status, party group."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from bastion.http import RuntimeDep
from bastion_contracts.vocabulary import MemberClass, MemberStatus, Stage
from roster.adapters.queries import list_members, transfers_of
from roster.domain.member import Member
from roster.entrypoints.api.dependencies import ContextDep, PageDep
from roster.entrypoints.api.schemas.common import Page
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
from roster.service_layer.lookups import Done, member_at
from roster.service_layer.unit_of_work import RosterUnitOfWork

router = APIRouter(prefix="/members", tags=["members"])


def changed(done: Done[Member]) -> MemberChanged:
    return MemberChanged(**MemberPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=MemberChanged)
async def register_member(body: MemberCreate, context: ContextDep, response: Response) -> MemberChanged:
    """Put a person on a branch's roster (登记), at their stage of the recruitment pipeline.

    Answers once the person and the ``bastion.roster.member.registered.v1`` event are committed;
    the event is published after that, so this works while the broker is away.
    """
    command = members.RegisterMember(
        branch_id=body.branch_id,
        person=body.person(),
        member_class=body.member_class,
        stage=body.stage,
        pipeline=body.pipeline(),
    )
    done = await members.register_member(command, context)
    response.headers["Location"] = f"/members/{done.value.id}"
    return changed(done)


@router.get("", response_model=Page[MemberPublic])
async def list_people(
    runtime: RuntimeDep,
    page: PageDep,
    org_unit_id: Annotated[uuid.UUID | None, Query(description="A unit; everyone at or below it")] = None,
    member_status: Annotated[list[MemberStatus] | None, Query(alias="status")] = None,
    stage: Stage | None = None,
    member_class: MemberClass | None = None,
    q: Annotated[str | None, Query(max_length=50, description="Part of the name")] = None,
) -> Page[MemberPublic]:
    """People by name; active ones unless ``status`` says otherwise."""
    async with runtime.engine.connect() as connection:
        found, total = await list_members(
            connection,
            page,
            org_unit_id=org_unit_id,
            statuses=member_status or [MemberStatus.ACTIVE],
            stage=stage,
            member_class=member_class,
            search=q,
        )
    return Page(items=[MemberPublic.of(m) for m in found], total=total, page=page.page, page_size=page.page_size)


@router.get("/{member_id}", response_model=MemberPublic, responses={404: {"description": "No such person"}})
async def get_member(member_id: uuid.UUID, runtime: RuntimeDep) -> MemberPublic:
    """One person on the roster."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        return MemberPublic.of(await member_at(uow, member_id))


@router.patch("/{member_id}", response_model=MemberChanged)
async def update_member(member_id: uuid.UUID, body: MemberPatch, context: ContextDep) -> MemberChanged:
    """Change a person's details; only the fields given change."""
    command = members.UpdateMember(**body.model_dump(exclude_unset=True))
    return changed(await members.update_member(member_id, command, context))


@router.post("/{member_id}/transfer", response_model=MemberChanged)
async def transfer_member(member_id: uuid.UUID, body: Transfer, context: ContextDep) -> MemberChanged:
    """Move a person to another branch (组织关系转接); their group and committee seats are left."""
    return changed(await members.transfer_member(member_id, body.to_branch_id, body.transferred_on, body.note, context))


@router.get("/{member_id}/transfers", response_model=list[TransferPublic])
async def list_transfers(member_id: uuid.UUID, runtime: RuntimeDep) -> list[TransferPublic]:
    """A person's transfers between branches, oldest first."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        await member_at(uow, member_id)
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
async def change_status(member_id: uuid.UUID, body: StatusChange, context: ContextDep) -> MemberChanged:
    """Take a person off the active roster: transferred out, lapsed, expelled or deceased."""
    return changed(await members.change_status(member_id, body.status, body.changed_on, body.reason, context))


@router.put("/{member_id}/group", response_model=MemberChanged)
async def set_group(member_id: uuid.UUID, body: GroupAssignment, context: ContextDep) -> MemberChanged:
    """Put a person in a party group (党小组) of their branch, as member or leader; null leaves it."""
    return changed(await members.set_group(member_id, body.group_id, body.role, context))
