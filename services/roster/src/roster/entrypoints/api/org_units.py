"""Org units (党组织): the tree of party committees, general branches, branches and party groups."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from bastion.auth import Principal
from bastion.errors import NotFoundError
from bastion.handlers import Done
from bastion.http import RuntimeDep
from bastion.http.auth import allow, require_branch
from bastion.http.paging import Page, PageDep
from bastion_contracts.vocabulary import OrgUnitKind
from roster.adapters.queries import list_org_units
from roster.domain.org import OrgUnit
from roster.entrypoints.api import access
from roster.entrypoints.api.access import ADMIN, SECRETARY, Anyone
from roster.entrypoints.api.dependencies import ContextDep
from roster.entrypoints.api.schemas.org import (
    OrgUnitChanged,
    OrgUnitCreate,
    OrgUnitDissolve,
    OrgUnitMove,
    OrgUnitPublic,
    OrgUnitRename,
)
from roster.service_layer import org
from roster.service_layer.context import Context
from roster.service_layer.lookups import org_unit_at
from roster.service_layer.unit_of_work import RosterUnitOfWork

router = APIRouter(prefix="/org-units", tags=["org units"])

# Branches and everything above them are the committee's; a secretary looks after the groups of their branch.
GroupKeeper = Annotated[
    Principal,
    Depends(allow(ADMIN, SECRETARY, scope="secretary: party groups of own branch only (no branches or above)")),
]


async def _check_change(principal: Principal, context: Context, unit_id: uuid.UUID) -> None:
    async with context.uow as uow:
        access.require_unit_change(principal, await org_unit_at(uow, unit_id))


def _changed(done: Done[OrgUnit]) -> OrgUnitChanged:
    return OrgUnitChanged(**OrgUnitPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=OrgUnitChanged)
async def create_org_unit(
    body: OrgUnitCreate, context: ContextDep, response: Response, principal: GroupKeeper
) -> OrgUnitChanged:
    """Set up an org unit (成立). A branch sits under a party committee or general branch, a party
    group under a branch; a name is unique among its siblings. A secretary sets up party groups of
    their own branch only. ``established_on`` (default today) is the day it was set up: scoring counts a
    party group in the months from then on, so setting one up now changes no past month's target."""
    access.require_unit_kind(principal, body.kind)
    if principal.role is SECRETARY:
        require_branch(principal, body.parent_id)
    command = org.CreateOrgUnit(body.kind, body.name, body.parent_id, body.established_on)
    done = await org.create_org_unit(command, context)
    response.headers["Location"] = f"/org-units/{done.value.id}"
    return _changed(done)


@router.get("", response_model=Page[OrgUnitPublic])
async def list_units(
    runtime: RuntimeDep,
    page: PageDep,
    principal: Anyone,
    parent_id: uuid.UUID | None = None,
    kind: OrgUnitKind | None = None,
    include_dissolved: bool = False,
    q: Annotated[str | None, Query(max_length=50, description="Part of the name")] = None,
) -> Page[OrgUnitPublic]:
    """Org units, by name; filter by parent, kind, or part of the name. The tree (names and places) is
    open to every role: branch figures that members may read are labelled with it."""
    async with runtime.engine.connect() as connection:
        units, total = await list_org_units(
            connection, page, parent_id=parent_id, kind=kind, include_dissolved=include_dissolved, search=q
        )
    return Page(items=[OrgUnitPublic.of(u) for u in units], total=total, page=page.page, page_size=page.page_size)


@router.get("/{unit_id}", response_model=OrgUnitPublic, responses={404: {"description": "No such org unit"}})
async def get_org_unit(unit_id: uuid.UUID, runtime: RuntimeDep, principal: Anyone) -> OrgUnitPublic:
    """One org unit."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        unit = await uow.org_units.get(unit_id)
    if unit is None:
        raise NotFoundError(f"没有这个组织：{unit_id}", code="org_unit_not_found")
    return OrgUnitPublic.of(unit)


@router.patch("/{unit_id}", response_model=OrgUnitChanged)
async def rename_org_unit(
    unit_id: uuid.UUID, body: OrgUnitRename, context: ContextDep, principal: GroupKeeper
) -> OrgUnitChanged:
    """Rename an org unit."""
    await _check_change(principal, context, unit_id)
    return _changed(await org.rename_org_unit(unit_id, body.name, context))


@router.post("/{unit_id}/move", response_model=OrgUnitChanged)
async def move_org_unit(
    unit_id: uuid.UUID, body: OrgUnitMove, context: ContextDep, principal: GroupKeeper
) -> OrgUnitChanged:
    """Place an org unit (with everything below it) under another parent. A secretary moves a party
    group only between branches they manage."""
    await _check_change(principal, context, unit_id)
    if principal.role is SECRETARY:
        require_branch(principal, body.parent_id)
    return _changed(await org.move_org_unit(unit_id, body.parent_id, context))


@router.post("/{unit_id}/dissolve", response_model=OrgUnitChanged)
async def dissolve_org_unit(
    unit_id: uuid.UUID, body: OrgUnitDissolve, context: ContextDep, principal: GroupKeeper
) -> OrgUnitChanged:
    """Dissolve an org unit (撤销) on ``dissolved_on`` (default today; not in the future nor before it was set
    up). It must have no active units below it and nobody on its roster."""
    await _check_change(principal, context, unit_id)
    return _changed(await org.dissolve_org_unit(unit_id, body.dissolved_on, context))
