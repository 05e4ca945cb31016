"""Accounts (the committee and IT's administrator) and the officers of party committees."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response, status

from bastion.auth import Principal
from bastion.http.auth import allow
from roster.entrypoints.api.access import ADMIN, Anyone
from roster.entrypoints.api.dependencies import ContextDep
from roster.entrypoints.api.schemas.accounts import (
    AccountCreate,
    AccountCreated,
    AccountPublic,
    OfficerPublic,
    OfficerSeat,
    PasswordReset,
)
from roster.service_layer import accounts, officers

router = APIRouter(prefix="/accounts", tags=["accounts"])
officers_router = APIRouter(prefix="/org-units/{unit_id}/officers", tags=["accounts"])

Administrator = Annotated[Principal, Depends(allow(ADMIN, scope="the committee and IT's administrator"))]
UsernamePath = Annotated[str, Path(description="The account's username (an employee number, unless chosen).")]


@router.get("", response_model=list[AccountPublic])
async def list_accounts(context: ContextDep, _principal: Administrator) -> list[AccountPublic]:
    """Every account, by username."""
    return [AccountPublic.of(a) for a in await accounts.listed(context.uow)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=AccountCreated)
async def create_account(body: AccountCreate, context: ContextDep, _principal: Administrator) -> AccountCreated:
    """An account for a roster member (by employee number) or, without one, for IT's administrator. The
    initial password is in the answer only; it must be changed at the first sign-in."""
    created = await accounts.create_account(
        context.uow,
        now=context.now,
        employee_number=body.employee_number,
        username=body.username,
        display_name=body.display_name,
        provider_only=body.provider_only,
    )
    return AccountCreated(**AccountPublic.of(created.account).model_dump(), initial_password=created.password)


@router.post("/{username}/password-reset", response_model=PasswordReset)
async def reset_password(username: UsernamePath, context: ContextDep, _principal: Administrator) -> PasswordReset:
    """A temporary password (in the answer only), the lock lifted, every session of the account ended."""
    password = await accounts.reset_password(context.uow, username, now=context.now)
    return PasswordReset(username=username, temporary_password=password)


@router.post("/{username}/disable", response_model=AccountPublic)
async def disable(username: UsernamePath, context: ContextDep, _principal: Administrator) -> AccountPublic:
    """No more sign-ins; every session ends now."""
    return AccountPublic.of(await accounts.set_disabled(context.uow, username, disabled=True, now=context.now))


@router.post("/{username}/enable", response_model=AccountPublic)
async def enable(username: UsernamePath, context: ContextDep, _principal: Administrator) -> AccountPublic:
    return AccountPublic.of(await accounts.set_disabled(context.uow, username, disabled=False, now=context.now))


@officers_router.get("", response_model=list[OfficerPublic])
async def list_officers(unit_id: uuid.UUID, context: ContextDep, _principal: Anyone) -> list[OfficerPublic]:
    """Who holds office on this party committee or general branch."""
    return [OfficerPublic(**asdict(o)) for o in await officers.officers_of(context.uow, unit_id)]


@officers_router.post("", status_code=status.HTTP_201_CREATED, response_model=list[OfficerPublic])
async def seat_officer(
    unit_id: uuid.UUID, body: OfficerSeat, context: ContextDep, _principal: Administrator
) -> list[OfficerPublic]:
    """Seat a Party member in office (党委委员: the committee's role in Bastion from their next token)."""
    seated = await officers.seat_officer(
        context.uow, unit_id, body.member_id, body.title, body.seated_on, today=context.today
    )
    return [OfficerPublic(**asdict(o)) for o in seated]


@officers_router.delete("/{member_id}", status_code=status.HTTP_204_NO_CONTENT)
async def vacate_officer(
    unit_id: uuid.UUID,
    member_id: uuid.UUID,
    context: ContextDep,
    _principal: Administrator,
    on: Annotated[date | None, Query(description="Date of leaving office (default today)")] = None,
) -> Response:
    """Leave office (the committee's role ends with the next token)."""
    await officers.vacate_officer(context.uow, unit_id, member_id, on or context.today)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
