"""Sign-in sessions: one per sign-in, renewed by a refresh token (the browser's HttpOnly cookie), each
renewal a new short-lived access token whose role the roster decides at that moment.

Signing out ends the session: its refresh token no longer renews anything, and the access token in the
page's memory expires within minutes (``ROSTER_ACCESS_TOKEN_MINUTES``).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jwt

from bastion.auth.principal import Role
from bastion.clock import utc_now
from bastion.errors import ForbiddenError, UnauthenticatedError
from roster.domain.accounts import Access, Account, access_of
from roster.service_layer.unit_of_work import RosterUnitOfWork
from roster.settings import RosterSettings

_SESSION_ENDED = "登录已失效，请重新登录"


@dataclass(frozen=True, slots=True)
class Branch:
    id: uuid.UUID
    name: str


@dataclass(frozen=True, slots=True)
class Person:
    """Who is signed in, as the page shows it."""

    account_id: uuid.UUID
    username: str
    name: str
    role: Role
    member_id: uuid.UUID | None
    branches: tuple[Branch, ...]  # a secretary's
    home: str  # organisation | branch | self
    must_change_password: bool


@dataclass(frozen=True, slots=True)
class IssuedSession:
    access_token: str
    refresh_token: str
    expires_in: int  # seconds the access token lives
    person: Person
    session_id: uuid.UUID


def _hash(refresh_token: str) -> str:
    return hashlib.sha256(refresh_token.encode()).hexdigest()


async def open_session(
    uow: RosterUnitOfWork,
    account_id: uuid.UUID,
    *,
    settings: RosterSettings,
    client: str | None,
    method: str = "password",
    now: datetime | None = None,
) -> IssuedSession:
    """A new session for the account, with its first access token."""
    now = now or utc_now()
    async with uow:
        account = await _usable(uow, account_id)
        access = await _access(uow, account)
        refresh_token = secrets.token_urlsafe(32)
        session_id = uuid.uuid4()
        await uow.accounts.open_session(
            session_id=session_id,
            account_id=account.id,
            refresh_hash=_hash(refresh_token),
            method=method,
            client=client,
            now=now,
            expires_at=now + settings.session_lifetime,
        )
        issued = await _issue(uow, account, access, session_id, refresh_token, settings, now)
        await uow.commit()
    return issued


async def refresh_session(
    uow: RosterUnitOfWork, refresh_token: str, *, settings: RosterSettings, now: datetime | None = None
) -> IssuedSession:
    """A new access token (and a new refresh token, the old one spent) for a live session."""
    now = now or utc_now()
    async with uow:
        session = await uow.accounts.session_by_refresh(_hash(refresh_token))
        if session is None or session.ended_at is not None or session.expires_at <= now:
            raise UnauthenticatedError(_SESSION_ENDED, code="session_ended")
        account = await _usable(uow, session.account_id)
        try:
            access = await _access(uow, account)
        except ForbiddenError:
            await uow.accounts.end_session(session.id, now)
            await uow.commit()
            raise
        renewed = secrets.token_urlsafe(32)
        await uow.accounts.rotate_refresh(session.id, _hash(renewed), now)
        issued = await _issue(uow, account, access, session.id, renewed, settings, now)
        await uow.commit()
    return issued


async def close_session(uow: RosterUnitOfWork, refresh_token: str, *, now: datetime | None = None) -> None:
    """Sign out: the session ends (nothing to do if it already had)."""
    async with uow:
        session = await uow.accounts.session_by_refresh(_hash(refresh_token))
        if session is not None:
            await uow.accounts.end_session(session.id, now or utc_now())
        await uow.commit()


async def person_of(uow: RosterUnitOfWork, account_id: uuid.UUID) -> Person:
    """The signed-in person as the roster sees them now."""
    async with uow:
        account = await _usable(uow, account_id)
        return await _person(uow, account, await _access(uow, account))


async def _usable(uow: RosterUnitOfWork, account_id: uuid.UUID) -> Account:
    account = await uow.accounts.get(account_id)
    if account is None:
        raise UnauthenticatedError(_SESSION_ENDED, code="session_ended")
    if account.disabled_at is not None:
        raise ForbiddenError("账号已停用，请联系系统管理员", code="account_disabled")
    return account


async def _access(uow: RosterUnitOfWork, account: Account) -> Access:
    person = await uow.accounts.person(account.member_id) if account.member_id else None
    return access_of(account, person)


async def _person(uow: RosterUnitOfWork, account: Account, access: Access) -> Person:
    units = [unit for branch_id in access.branch_ids if (unit := await uow.org_units.get(branch_id)) is not None]
    # Organisation order (一支部 before 二支部): as they were set up, not as their names sort.
    units.sort(key=lambda unit: (unit.since, unit.created_at))
    return Person(
        account_id=account.id,
        username=account.username,
        name=account.display_name,
        role=access.role,
        member_id=access.member_id,
        branches=tuple(Branch(unit.id, unit.name) for unit in units),
        home=access.home,
        must_change_password=account.must_change_password,
    )


async def _issue(
    uow: RosterUnitOfWork,
    account: Account,
    access: Access,
    session_id: uuid.UUID,
    refresh_token: str,
    settings: RosterSettings,
    now: datetime,
) -> IssuedSession:
    key = await uow.signing_keys.current(now, settings.key_rotation)
    lifetime = settings.access_token_lifetime
    claims: dict[str, Any] = {
        "iss": settings.auth_session_issuer,
        "aud": settings.auth_audience,
        "sub": str(account.id),
        "sid": str(session_id),
        "name": account.display_name,
        "iat": now,
        "exp": now + lifetime,
        settings.auth_role_claim: access.role.value,
    }
    if access.branch_ids:
        claims[settings.auth_branches_claim] = sorted(str(b) for b in access.branch_ids)
    if access.member_id is not None:
        claims[settings.auth_member_claim] = str(access.member_id)
    token = jwt.encode(claims, key.private_key, algorithm="ES256", headers={"kid": key.kid})
    person = await _person(uow, account, access)
    return IssuedSession(token, refresh_token, int(lifetime.total_seconds()), person, session_id)
