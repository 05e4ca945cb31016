"""Accounts (账号): how a person signs in, and what the roster says they may do once in.

An account belongs to a roster member (by employee number); IT's system administrator is the only kind
without one. What an account may do is never stored with it: it is read from the roster at each sign-in
and each refresh (:func:`access_of`), so a new secretary seated or a member moved to another branch has
the new scope at the next token, and nobody edits permissions by hand.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bastion.auth.principal import Role
from bastion.errors import ForbiddenError, RuleViolationError
from bastion_contracts.vocabulary import CommitteeRole, MemberStatus, OrgUnitKind, Stage

# Wrong passwords in a row that lock an account, and for how long.
LOCK_AFTER_FAILURES = 5
LOCK_DURATION = timedelta(minutes=15)
PASSWORD_MIN_LENGTH = 8
USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$"

# Branch committee seats whose holders run the branch's work in Bastion (书记、副书记、组织委员).
BRANCH_MANAGING_SEATS = frozenset({CommitteeRole.SECRETARY, CommitteeRole.DEPUTY_SECRETARY, CommitteeRole.ORG_OFFICER})


@dataclass(frozen=True, slots=True)
class Account:
    id: uuid.UUID
    username: str
    display_name: str
    member_id: uuid.UUID | None  # None: IT's system administrator
    password_hash: str | None  # None: signs in through the identity provider only
    must_change_password: bool
    failed_attempts: int
    locked_until: datetime | None
    oidc_subject: str | None
    disabled_at: datetime | None
    created_at: datetime

    @property
    def is_administrator(self) -> bool:
        return self.member_id is None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def after_failure(self, now: datetime) -> Account:
        """One more wrong password; the fifth in a row locks the account for a while."""
        failures = self.failed_attempts + 1
        if failures >= LOCK_AFTER_FAILURES:
            return replace(self, failed_attempts=0, locked_until=now + LOCK_DURATION)
        return replace(self, failed_attempts=failures)

    def after_success(self) -> Account:
        return replace(self, failed_attempts=0, locked_until=None)

    def with_password(self, password_hash: str, *, temporary: bool) -> Account:
        """A new password; a temporary one (set by an administrator) must be changed at the next sign-in."""
        return replace(
            self, password_hash=password_hash, must_change_password=temporary, failed_attempts=0, locked_until=None
        )


def check_username(username: str) -> str:
    if not re.fullmatch(USERNAME_PATTERN, username):
        raise RuleViolationError(
            f"用户名「{username}」无效：2–64 个字母、数字或 . _ @ -，以字母或数字开头", code="invalid_username"
        )
    return username


# Passwords published with Bastion (the demo's) or guessed first: refused where real people sign in.
DEFAULT_PASSWORDS = frozenset({"demo-2026", "password1", "admin123", "bastion123", "abc12345", "12345678a"})


def check_new_password(password: str, *, username: str, current: str | None = None, production: bool = False) -> str:
    """A password a person may choose: long enough, not the username, not the one being replaced, and in
    production not one of the published defaults."""
    if production and password.lower() in DEFAULT_PASSWORDS:
        raise RuleViolationError("这是公开的默认密码，不能使用，请换一个", code="password_is_default")
    if len(password) < PASSWORD_MIN_LENGTH:
        raise RuleViolationError(f"新密码至少 {PASSWORD_MIN_LENGTH} 位", code="password_too_short")
    if password.lower() == username.lower():
        raise RuleViolationError("新密码不能与用户名相同", code="password_is_username")
    if current is not None and password == current:
        raise RuleViolationError("新密码不能与原密码相同", code="password_unchanged")
    if password.isdigit() or password.isalpha():
        raise RuleViolationError("新密码须同时含有字母和数字（或符号）", code="password_too_simple")
    return password


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the roster says of an account's member today."""

    member_id: uuid.UUID
    name: str
    branch_id: uuid.UUID
    stage: Stage
    status: MemberStatus
    branch_seats: frozenset[tuple[uuid.UUID, CommitteeRole]]  # (branch, seat) held in current terms
    offices: frozenset[tuple[uuid.UUID, OrgUnitKind, tuple[uuid.UUID, ...]]]  # (unit, kind, branches under it)


@dataclass(frozen=True, slots=True)
class Access:
    """What a token carries: the role, a secretary's branches, the member themself."""

    role: Role
    branch_ids: frozenset[uuid.UUID] = frozenset()
    member_id: uuid.UUID | None = None

    @property
    def home(self) -> str:
        """Where the person's work is: the organisation, their branch, or their own page."""
        return {Role.ADMIN: "organisation", Role.SECRETARY: "branch", Role.MEMBER: "self"}.get(self.role, "self")


def access_of(account: Account, person: PersonFacts | None) -> Access:
    """The role the roster gives this account today; ``ForbiddenError`` if it gives none."""
    if account.is_administrator:
        return Access(Role.ADMIN)
    if person is None or person.status is not MemberStatus.ACTIVE:
        raise ForbiddenError("账号对应的党员已不在册，无法登录；请联系党委组织部门", code="member_not_active")
    if any(kind is OrgUnitKind.PARTY_COMMITTEE for _, kind, _ in person.offices):
        return Access(Role.ADMIN, member_id=person.member_id)
    managed = {branch for branch, seat in person.branch_seats if seat in BRANCH_MANAGING_SEATS}
    managed |= {
        branch for _, kind, branches in person.offices if kind is OrgUnitKind.GENERAL_BRANCH for branch in branches
    }
    if managed:
        return Access(Role.SECRETARY, frozenset(managed), person.member_id)
    if person.stage.is_party_member:
        return Access(Role.MEMBER, member_id=person.member_id)
    raise ForbiddenError(
        f"{person.name} 目前是「{person.stage.label_zh}」，转为预备党员后才能登录", code="not_a_party_member"
    )
