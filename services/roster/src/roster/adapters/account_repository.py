"""Accounts, their sign-in sessions, and what the roster says of the person behind one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.db.integrity import violated_constraint
from bastion.errors import ConflictError
from bastion_contracts.vocabulary import CommitteeRole, MemberStatus, OrgUnitKind, Stage
from roster.adapters.orm import (
    accounts,
    auth_sessions,
    committee_seats,
    committee_terms,
    members,
    org_officers,
    org_units,
)
from roster.domain.accounts import Account, PersonFacts


def _account(row: Any) -> Account:
    return Account(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        member_id=row.member_id,
        password_hash=row.password_hash,
        must_change_password=row.must_change_password,
        failed_attempts=row.failed_attempts,
        locked_until=row.locked_until,
        oidc_subject=row.oidc_subject,
        disabled_at=row.disabled_at,
        created_at=row.created_at,
    )


def _values(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "username": account.username,
        "display_name": account.display_name,
        "member_id": account.member_id,
        "password_hash": account.password_hash,
        "must_change_password": account.must_change_password,
        "failed_attempts": account.failed_attempts,
        "locked_until": account.locked_until,
        "oidc_subject": account.oidc_subject,
        "disabled_at": account.disabled_at,
        "created_at": account.created_at,
    }


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: uuid.UUID
    account_id: uuid.UUID
    method: str
    expires_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class Officer:
    org_unit_id: uuid.UUID
    org_unit_name: str
    member_id: uuid.UUID
    member_name: str
    title: str
    seated_on: date


class AccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, account_id: uuid.UUID, *, for_update: bool = False) -> Account | None:
        query = select(accounts).where(accounts.c.id == account_id)
        row = (await self._session.execute(query.with_for_update() if for_update else query)).first()
        return _account(row) if row else None

    async def by_username(self, username: str, *, for_update: bool = False) -> Account | None:
        query = select(accounts).where(func.lower(accounts.c.username) == username.lower())
        row = (await self._session.execute(query.with_for_update() if for_update else query)).first()
        return _account(row) if row else None

    async def by_subject(self, subject: str) -> Account | None:
        row = (await self._session.execute(select(accounts).where(accounts.c.oidc_subject == subject))).first()
        return _account(row) if row else None

    async def by_member(self, member_id: uuid.UUID) -> Account | None:
        row = (await self._session.execute(select(accounts).where(accounts.c.member_id == member_id))).first()
        return _account(row) if row else None

    async def listed(self) -> list[Account]:
        rows = await self._session.execute(select(accounts).order_by(func.lower(accounts.c.username)))
        return [_account(row) for row in rows]

    async def add(self, account: Account) -> None:
        try:
            async with self._session.begin_nested():
                await self._session.execute(accounts.insert().values(**_values(account)))
        except IntegrityError as exc:
            raise _translated(exc, account) from exc

    async def save(self, account: Account) -> None:
        try:
            async with self._session.begin_nested():
                await self._session.execute(
                    accounts.update().where(accounts.c.id == account.id).values(**_values(account))
                )
        except IntegrityError as exc:
            raise _translated(exc, account) from exc

    # --- sessions -------------------------------------------------------------------------------------

    async def open_session(
        self,
        *,
        session_id: uuid.UUID,
        account_id: uuid.UUID,
        refresh_hash: str,
        method: str,
        client: str | None,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        await self._session.execute(
            auth_sessions.insert().values(
                id=session_id,
                account_id=account_id,
                refresh_hash=refresh_hash,
                method=method,
                client=client,
                created_at=now,
                refreshed_at=now,
                expires_at=expires_at,
            )
        )

    async def session_by_refresh(self, refresh_hash: str) -> SessionRow | None:
        query = (
            select(auth_sessions.c.id, auth_sessions.c.account_id, auth_sessions.c.method)
            .add_columns(auth_sessions.c.expires_at, auth_sessions.c.ended_at)
            .where(auth_sessions.c.refresh_hash == refresh_hash)
            .with_for_update()
        )
        row = (await self._session.execute(query)).first()
        return SessionRow(row.id, row.account_id, row.method, row.expires_at, row.ended_at) if row else None

    async def rotate_refresh(self, session_id: uuid.UUID, refresh_hash: str, now: datetime) -> None:
        await self._session.execute(
            update(auth_sessions)
            .where(auth_sessions.c.id == session_id)
            .values(refresh_hash=refresh_hash, refreshed_at=now)
        )

    async def end_session(self, session_id: uuid.UUID, now: datetime) -> None:
        await self._session.execute(
            update(auth_sessions)
            .where(auth_sessions.c.id == session_id, auth_sessions.c.ended_at.is_(None))
            .values(ended_at=now)
        )

    async def end_sessions_of(self, account_id: uuid.UUID, now: datetime) -> None:
        """Every open session of the account (a disabled account, a reset password)."""
        await self._session.execute(
            update(auth_sessions)
            .where(auth_sessions.c.account_id == account_id, auth_sessions.c.ended_at.is_(None))
            .values(ended_at=now)
        )

    # --- what the roster says of the person -------------------------------------------------------------

    async def person(self, member_id: uuid.UUID) -> PersonFacts | None:
        member = (
            await self._session.execute(
                select(members.c.id, members.c.name, members.c.branch_id, members.c.stage, members.c.status).where(
                    members.c.id == member_id
                )
            )
        ).first()
        if member is None:
            return None
        seats = await self._session.execute(
            select(committee_terms.c.branch_id, committee_seats.c.role)
            .join(committee_terms, committee_terms.c.id == committee_seats.c.term_id)
            .where(
                committee_seats.c.member_id == member_id,
                committee_seats.c.vacated_on.is_(None),
                committee_terms.c.ended_on.is_(None),
            )
        )
        offices = []
        for unit_id, kind in await self._session.execute(
            select(org_units.c.id, org_units.c.kind)
            .join(org_officers, org_officers.c.org_unit_id == org_units.c.id)
            .where(
                org_officers.c.member_id == member_id,
                org_officers.c.vacated_on.is_(None),
                org_units.c.dissolved_on.is_(None),
            )
        ):
            offices.append((unit_id, OrgUnitKind(kind), tuple(await self._branches_under(unit_id))))
        return PersonFacts(
            member_id=member.id,
            name=member.name,
            branch_id=member.branch_id,
            stage=Stage(member.stage),
            status=MemberStatus(member.status),
            branch_seats=frozenset((branch, CommitteeRole(role)) for branch, role in seats),
            offices=frozenset(offices),
        )

    async def _branches_under(self, unit_id: uuid.UUID) -> list[uuid.UUID]:
        rows = await self._session.execute(
            select(org_units.c.id).where(
                org_units.c.kind == OrgUnitKind.BRANCH.value,
                org_units.c.ancestor_ids.contains([unit_id]),
                org_units.c.dissolved_on.is_(None),
            )
        )
        return list(rows.scalars())

    async def member_by_employee_number(self, employee_number: str) -> tuple[uuid.UUID, str] | None:
        row = (
            await self._session.execute(
                select(members.c.id, members.c.name).where(members.c.employee_number == employee_number)
            )
        ).first()
        return (row.id, row.name) if row else None

    # --- officers of party committees and general branches --------------------------------------------

    async def officers(self, org_unit_id: uuid.UUID) -> list[Officer]:
        rows = await self._session.execute(
            select(org_officers, org_units.c.name.label("unit_name"), members.c.name.label("member_name"))
            .join(org_units, org_units.c.id == org_officers.c.org_unit_id)
            .join(members, members.c.id == org_officers.c.member_id)
            .where(org_officers.c.org_unit_id == org_unit_id, org_officers.c.vacated_on.is_(None))
            .order_by(org_officers.c.seated_on, members.c.name)
        )
        return [
            Officer(row.org_unit_id, row.unit_name, row.member_id, row.member_name, row.title, row.seated_on)
            for row in rows
        ]

    async def seat_officer(self, org_unit_id: uuid.UUID, member_id: uuid.UUID, title: str, on: date) -> None:
        try:
            async with self._session.begin_nested():
                await self._session.execute(
                    org_officers.insert().values(
                        id=uuid.uuid4(), org_unit_id=org_unit_id, member_id=member_id, title=title, seated_on=on
                    )
                )
        except IntegrityError as exc:
            raise ConflictError("此人已在该党组织任职", code="already_officer") from exc

    async def vacate_officer(self, org_unit_id: uuid.UUID, member_id: uuid.UUID, on: date) -> bool:
        result = await self._session.execute(
            update(org_officers)
            .where(
                org_officers.c.org_unit_id == org_unit_id,
                org_officers.c.member_id == member_id,
                org_officers.c.vacated_on.is_(None),
            )
            .values(vacated_on=on)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _translated(exc: IntegrityError, account: Account) -> Exception:
    constraint = violated_constraint(exc)
    if constraint == "accounts_member_id_uq":
        return ConflictError(f"{account.display_name} 已有账号", code="member_has_account")
    if constraint == "accounts_oidc_subject_uq":
        return ConflictError("这个统一身份已绑定到另一个账号", code="subject_linked")
    if constraint == "accounts_username_uq":
        return ConflictError(f"用户名「{account.username}」已被使用", code="username_taken")
    return exc
