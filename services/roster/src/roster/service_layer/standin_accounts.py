"""TEMPORARY stand-in for the lead's accounts core (account_for_identity, open_session, set_refresh_cookie).
Deleted when main has the real ones."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from fastapi import Response
from sqlalchemy import select

from bastion.errors import ForbiddenError
from roster.adapters.orm import members
from roster.service_layer.unit_of_work import RosterUnitOfWork
from roster.settings import RosterSettings


@dataclass(frozen=True)
class IssuedSession:
    access_token: str
    refresh_token: str
    expires_in: int
    person: object


async def account_for_identity(
    uow: RosterUnitOfWork, *, subject: str, employee_number: str | None, now: datetime
) -> uuid.UUID:
    async with uow:
        row = (
            await uow.session.execute(select(members.c.id).where(members.c.employee_number == employee_number))
        ).first()
    if row is None:
        raise ForbiddenError("无法登录：花名册中没有这个工号的党员", code="unknown_person")
    return uuid.UUID(str(row.id))


async def open_session(
    uow: RosterUnitOfWork, account_id: uuid.UUID, *, settings: RosterSettings, client: str | None
) -> IssuedSession:
    return IssuedSession("access", f"refresh-{account_id}", 300, None)


def set_refresh_cookie(response: Response, issued: IssuedSession, settings: RosterSettings) -> None:
    response.set_cookie("bastion_refresh", issued.refresh_token, httponly=True, samesite="strict")
