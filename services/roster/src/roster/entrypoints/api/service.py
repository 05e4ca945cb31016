"""A branch's service work: served departments (服务对象部门), service posts (服务岗), reserve talent (后备力量)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from bastion.auth import Principal
from bastion.handlers import Done
from bastion.http import RuntimeDep
from bastion.http.auth import require_branch
from bastion.http.policies import BranchRead, BranchWrite
from bastion_contracts.vocabulary import ServicePostKind
from roster.domain.service import ReserveTalent, ServedDepartment, ServicePost
from roster.entrypoints.api import access
from roster.entrypoints.api.dependencies import ContextDep
from roster.entrypoints.api.schemas.service import (
    DepartmentChanged,
    DepartmentCreate,
    DepartmentPublic,
    DepartmentRemove,
    ReserveTalentChanged,
    ReserveTalentCreate,
    ReserveTalentPublic,
    ReserveTalentRemove,
    ServicePostChanged,
    ServicePostClose,
    ServicePostCreate,
    ServicePostPublic,
    ServicePostUpdate,
)
from roster.service_layer import service
from roster.service_layer.committee import branch_at
from roster.service_layer.context import Context
from roster.service_layer.unit_of_work import RosterUnitOfWork

router = APIRouter()

BranchFilter = Annotated[uuid.UUID, Query(description="The branch (党支部) whose entries to list.")]


# Served departments (服务对象部门目录)


def _department_changed(done: Done[ServedDepartment]) -> DepartmentChanged:
    return DepartmentChanged(**DepartmentPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.post(
    "/org-units/{branch_id}/departments",
    status_code=status.HTTP_201_CREATED,
    response_model=DepartmentChanged,
    tags=["served departments"],
)
async def add_department(
    branch_id: uuid.UUID, body: DepartmentCreate, context: ContextDep, response: Response, principal: BranchWrite
) -> DepartmentChanged:
    """Add a department (科室/车间) to those the branch serves; a name appears once among the current ones."""
    require_branch(principal, branch_id)
    done = await service.add_department(branch_id, body.name, body.added_on, context)
    response.headers["Location"] = f"/departments/{done.value.id}"
    return _department_changed(done)


@router.get("/org-units/{branch_id}/departments", response_model=list[DepartmentPublic], tags=["served departments"])
async def list_departments(
    branch_id: uuid.UUID, runtime: RuntimeDep, principal: BranchRead, include_removed: bool = False
) -> list[DepartmentPublic]:
    """The departments the branch serves, by name; removed ones too if ``include_removed``."""
    access.require_reach(principal, branch_id)
    async with RosterUnitOfWork(runtime.sessions) as uow:
        await branch_at(uow, branch_id, active=False)
        found = await uow.service.departments_of(branch_id, include_removed=include_removed)
    return [DepartmentPublic.of(department) for department in found]


@router.get("/departments/{department_id}", response_model=DepartmentPublic, tags=["served departments"])
async def get_department(department_id: uuid.UUID, runtime: RuntimeDep, principal: BranchRead) -> DepartmentPublic:
    """One served department."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        department = await service.department_at(uow, department_id)
    access.require_reach(principal, department.branch_id)
    return DepartmentPublic.of(department)


@router.post("/departments/{department_id}/remove", response_model=DepartmentChanged, tags=["served departments"])
async def remove_department(
    department_id: uuid.UUID, body: DepartmentRemove, context: ContextDep, principal: BranchWrite
) -> DepartmentChanged:
    """Stop serving a department. No open service post may still serve it."""
    async with context.uow as uow:
        require_branch(principal, (await service.department_at(uow, department_id)).branch_id)
    return _department_changed(await service.remove_department(department_id, body.removed_on, context))


# Service posts (党员流动服务岗、党员先锋岗)


def _post_changed(done: Done[ServicePost]) -> ServicePostChanged:
    return ServicePostChanged(**ServicePostPublic.of(done.value).model_dump(), event_ids=done.event_ids)


async def _check_post(principal: Principal, context: Context, post_id: uuid.UUID) -> None:
    async with context.uow as uow:
        require_branch(principal, (await service.post_at(uow, post_id)).branch_id)


@router.post(
    "/service-posts", status_code=status.HTTP_201_CREATED, response_model=ServicePostChanged, tags=["service posts"]
)
async def open_post(
    body: ServicePostCreate, context: ContextDep, response: Response, principal: BranchWrite
) -> ServicePostChanged:
    """Set up a mobile service post (党员流动服务岗) or vanguard post (党员先锋岗), held by one or more
    Party members of the branch and serving some of its departments."""
    require_branch(principal, body.branch_id)
    command = service.OpenServicePost(
        branch_id=body.branch_id,
        kind=body.kind,
        name=body.name,
        holder_ids=body.holder_ids,
        department_ids=body.department_ids,
        assigned_on=body.assigned_on,
    )
    done = await service.open_post(command, context)
    response.headers["Location"] = f"/service-posts/{done.value.id}"
    return _post_changed(done)


@router.get("/service-posts", response_model=list[ServicePostPublic], tags=["service posts"])
async def list_posts(
    runtime: RuntimeDep,
    principal: BranchRead,
    branch_id: BranchFilter,
    kind: ServicePostKind | None = None,
    include_closed: bool = False,
) -> list[ServicePostPublic]:
    """A branch's service posts by kind and name; closed ones too if ``include_closed``."""
    access.require_reach(principal, branch_id)
    async with RosterUnitOfWork(runtime.sessions) as uow:
        found = await uow.service.posts_of(branch_id, kind=kind, include_closed=include_closed)
    return [ServicePostPublic.of(post) for post in found]


@router.get("/service-posts/{post_id}", response_model=ServicePostPublic, tags=["service posts"])
async def get_post(post_id: uuid.UUID, runtime: RuntimeDep, principal: BranchRead) -> ServicePostPublic:
    """One service post."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        post = await service.post_at(uow, post_id)
    access.require_reach(principal, post.branch_id)
    return ServicePostPublic.of(post)


@router.put("/service-posts/{post_id}", response_model=ServicePostChanged, tags=["service posts"])
async def change_post(
    post_id: uuid.UUID, body: ServicePostUpdate, context: ContextDep, principal: BranchWrite
) -> ServicePostChanged:
    """Replace an open post's name, holders and departments (the same rules as setting it up)."""
    await _check_post(principal, context, post_id)
    done = await service.change_post(post_id, body.name, body.holder_ids, body.department_ids, context)
    return _post_changed(done)


@router.post("/service-posts/{post_id}/close", response_model=ServicePostChanged, tags=["service posts"])
async def close_post(
    post_id: uuid.UUID, body: ServicePostClose, context: ContextDep, principal: BranchWrite
) -> ServicePostChanged:
    """Close a service post (撤岗)."""
    await _check_post(principal, context, post_id)
    return _post_changed(await service.close_post(post_id, body.closed_on, context))


# Reserve talent (后备力量)


def _talent_changed(done: Done[ReserveTalent]) -> ReserveTalentChanged:
    return ReserveTalentChanged(**ReserveTalentPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.post(
    "/reserve-talents",
    status_code=status.HTTP_201_CREATED,
    response_model=ReserveTalentChanged,
    tags=["reserve talent"],
)
async def add_talent(
    body: ReserveTalentCreate, context: ContextDep, response: Response, principal: BranchWrite
) -> ReserveTalentChanged:
    """Add a young person (at least 14) to the branch's reserve, with an active full member as mentor;
    ``member_id`` links them to their entry on the branch's roster."""
    require_branch(principal, body.branch_id)
    command = service.AddReserveTalent(
        branch_id=body.branch_id,
        candidate=body.candidate(),
        mentor_id=body.mentor_id,
        member_id=body.member_id,
        added_on=body.added_on,
    )
    done = await service.add_talent(command, context)
    response.headers["Location"] = f"/reserve-talents/{done.value.id}"
    return _talent_changed(done)


@router.get("/reserve-talents", response_model=list[ReserveTalentPublic], tags=["reserve talent"])
async def list_talents(
    runtime: RuntimeDep, principal: BranchRead, branch_id: BranchFilter, include_removed: bool = False
) -> list[ReserveTalentPublic]:
    """A branch's reserve talent by name; removed ones too if ``include_removed``."""
    access.require_reach(principal, branch_id)
    async with RosterUnitOfWork(runtime.sessions) as uow:
        found = await uow.service.talents_of(branch_id, include_removed=include_removed)
    return [ReserveTalentPublic.of(talent) for talent in found]


@router.get("/reserve-talents/{talent_id}", response_model=ReserveTalentPublic, tags=["reserve talent"])
async def get_talent(talent_id: uuid.UUID, runtime: RuntimeDep, principal: BranchRead) -> ReserveTalentPublic:
    """One reserve talent."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        talent = await service.talent_at(uow, talent_id)
    access.require_reach(principal, talent.branch_id)
    return ReserveTalentPublic.of(talent)


@router.post("/reserve-talents/{talent_id}/remove", response_model=ReserveTalentChanged, tags=["reserve talent"])
async def remove_talent(
    talent_id: uuid.UUID, body: ReserveTalentRemove, context: ContextDep, principal: BranchWrite
) -> ReserveTalentChanged:
    """Take a person out of the reserve, with the reason (e.g. became an activist, left the factory)."""
    async with context.uow as uow:
        require_branch(principal, (await service.talent_at(uow, talent_id)).branch_id)
    return _talent_changed(await service.remove_talent(talent_id, body.removed_on, body.reason, context))
