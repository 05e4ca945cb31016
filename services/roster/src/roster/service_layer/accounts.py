"""Accounts: created for roster members (or IT's administrator), passwords, lockout, the provider's link.

Each function is one transaction. Initial and reset passwords are random, shown once to whoever made them,
and must be changed at the next sign-in.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from bastion.errors import ConflictError, ForbiddenError, NotFoundError, RuleViolationError, UnauthenticatedError
from roster.adapters.passwords import hash_password, verify_password
from roster.domain.accounts import Account, check_new_password, check_username
from roster.service_layer.unit_of_work import RosterUnitOfWork

_WRONG_CREDENTIALS = "用户名或密码不正确"
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - no 0/O, 1/l/I


def initial_password() -> str:
    """Twelve characters a person can type from a slip of paper, with letters and digits."""
    while True:
        candidate = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(12))
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate


@dataclass(frozen=True, slots=True)
class Created:
    account: Account
    password: str | None  # the initial password, shown once; None for provider-only accounts


async def create_account(
    uow: RosterUnitOfWork,
    *,
    now: datetime,
    employee_number: str | None,
    username: str | None = None,
    display_name: str | None = None,
    password: str | None = None,
    provider_only: bool = False,
) -> Created:
    """An account for the member with this employee number (username: the number unless given), or with
    no employee number IT's administrator (username and name required)."""
    async with uow:
        created = await _create(uow, now, employee_number, username, display_name, password, provider_only)
        await uow.commit()
    return created


async def _create(
    uow: RosterUnitOfWork,
    now: datetime,
    employee_number: str | None,
    username: str | None,
    display_name: str | None,
    password: str | None,
    provider_only: bool,
) -> Created:
    member_id: uuid.UUID | None = None
    if employee_number is not None:
        found = await uow.accounts.member_by_employee_number(employee_number)
        if found is None:
            raise RuleViolationError(f"花名册中没有工号为 {employee_number} 的人员", code="unknown_employee_number")
        member_id, name = found
        display_name = display_name or name
        username = username or employee_number
    if not username or not display_name:
        raise RuleViolationError("系统管理员账号须给出用户名和姓名", code="administrator_needs_name")
    check_username(username)
    if password is not None:
        check_new_password(password, username=username)
    chosen = None if provider_only else (password or initial_password())
    account = Account(
        id=uuid.uuid4(),
        username=username,
        display_name=display_name,
        member_id=member_id,
        password_hash=await hash_password(chosen) if chosen else None,
        must_change_password=chosen is not None and password is None,
        failed_attempts=0,
        locked_until=None,
        oidc_subject=None,
        disabled_at=None,
        created_at=now,
    )
    await uow.accounts.add(account)
    return Created(account, chosen if password is None else None)


@dataclass(frozen=True, slots=True)
class Imported:
    employee_number: str
    created: Created | None
    problem: str | None  # why this row made no account (already has one, unknown number …)


async def import_accounts(uow: RosterUnitOfWork, employee_numbers: Iterable[str], *, now: datetime) -> list[Imported]:
    """An account per employee number, as HR exports them; a row that cannot be made is reported and the
    others go on (each account is its own transaction, so a rerun after fixing the file skips the made)."""
    results: list[Imported] = []
    for number in dict.fromkeys(n.strip() for n in employee_numbers if n.strip()):
        try:
            created = await create_account(uow, now=now, employee_number=number)
        except (RuleViolationError, ConflictError) as exc:
            results.append(Imported(number, None, exc.message))
        else:
            results.append(Imported(number, created, None))
    return results


async def account_named(uow: RosterUnitOfWork, username: str, *, for_update: bool = False) -> Account:
    account = await uow.accounts.by_username(username, for_update=for_update)
    if account is None:
        raise NotFoundError(f"没有用户名为「{username}」的账号", code="account_not_found")
    return account


async def listed(uow: RosterUnitOfWork) -> list[Account]:
    async with uow:
        return await uow.accounts.listed()


async def reset_password(uow: RosterUnitOfWork, username: str, *, now: datetime) -> str:
    """A new temporary password (shown once), the lock lifted, every open session ended."""
    password = initial_password()
    async with uow:
        account = await account_named(uow, username, for_update=True)
        await uow.accounts.save(account.with_password(await hash_password(password), temporary=True))
        await uow.accounts.end_sessions_of(account.id, now)
        await uow.commit()
    return password


async def set_disabled(uow: RosterUnitOfWork, username: str, *, disabled: bool, now: datetime) -> Account:
    """Disable (every session ends at once) or enable an account."""
    async with uow:
        account = await account_named(uow, username, for_update=True)
        changed = replace(account, disabled_at=now if disabled else None)
        await uow.accounts.save(changed)
        if disabled:
            await uow.accounts.end_sessions_of(account.id, now)
        await uow.commit()
    return changed


async def link_subject(uow: RosterUnitOfWork, username: str, subject: str | None) -> Account:
    """Tie the account to the identity provider's subject (``sub``), or untie it with None."""
    async with uow:
        account = await account_named(uow, username, for_update=True)
        linked = replace(account, oidc_subject=subject)
        await uow.accounts.save(linked)
        await uow.commit()
    return linked


async def account_for_identity(
    uow: RosterUnitOfWork, *, subject: str, employee_number: str | None, now: datetime
) -> uuid.UUID:
    """The account the identity provider's person signs in to: the one linked to ``subject``; else the
    account of the roster member with ``employee_number`` (made, without a password, on first sign-in),
    which is then linked to ``subject``."""
    async with uow:
        account = await uow.accounts.by_subject(subject)
        if account is None and employee_number:
            found = await uow.accounts.member_by_employee_number(employee_number)
            if found is not None:
                account = await uow.accounts.by_member(found[0])
                if account is None:
                    account = (await _create(uow, now, employee_number, None, None, None, True)).account
                if account.oidc_subject not in (None, subject):
                    raise ForbiddenError("此工号的账号已绑定另一个统一身份，请联系系统管理员", code="subject_mismatch")
                account = replace(account, oidc_subject=subject)
                await uow.accounts.save(account)
        if account is None:
            raise ForbiddenError(
                "统一身份认证通过，但花名册中找不到您（工号未登记）；请联系党委组织部门", code="person_not_in_roster"
            )
        if account.disabled_at is not None:
            raise ForbiddenError("账号已停用，请联系系统管理员", code="account_disabled")
        await uow.commit()
    return account.id


async def check_password(uow: RosterUnitOfWork, username: str, password: str, *, now: datetime) -> Account:
    """The account these credentials open. Five wrong passwords in a row lock it for a while; the
    failure is recorded before the refusal."""
    async with uow:
        account = await uow.accounts.by_username(username, for_update=True)
        if account is None:
            await verify_password(password, None)
            raise UnauthenticatedError(_WRONG_CREDENTIALS, code="invalid_credentials")
        if account.locked(now):
            assert account.locked_until is not None  # noqa: S101 - locked() says so
            minutes = max(1, -(-int((account.locked_until - now).total_seconds()) // 60))
            raise ForbiddenError(
                f"密码连续输错次数过多，账号已锁定，请 {minutes} 分钟后再试或请管理员重置", code="account_locked"
            )
        if not await verify_password(password, account.password_hash):
            failed = account.after_failure(now)
            await uow.accounts.save(failed)
            await uow.commit()
            if failed.locked(now):
                raise ForbiddenError("密码连续输错 5 次，账号已锁定 15 分钟", code="account_locked")
            raise UnauthenticatedError(_WRONG_CREDENTIALS, code="invalid_credentials")
        if account.disabled_at is not None:
            raise ForbiddenError("账号已停用，请联系系统管理员", code="account_disabled")
        if account.failed_attempts:
            await uow.accounts.save(account.after_success())
        await uow.commit()
    return account.after_success()


async def change_password(
    uow: RosterUnitOfWork, username: str, current: str, new: str, *, now: datetime, production: bool = False
) -> Account:
    """The person's own change (required after an initial or reset password); the current password proves
    it is them, with the same lockout as signing in."""
    account = await check_password(uow, username, current, now=now)
    check_new_password(new, username=account.username, current=current, production=production)
    async with uow:
        locked = await account_named(uow, account.username, for_update=True)
        changed = locked.with_password(await hash_password(new), temporary=False)
        await uow.accounts.save(changed)
        await uow.commit()
    return changed
