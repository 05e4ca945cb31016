"""Shapes of signing in and of accounts."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bastion.auth.principal import Role
from bastion.http.text import ShortText
from roster.domain.accounts import USERNAME_PATTERN, Account
from roster.entrypoints.api.schemas.common import Name
from roster.service_layer.sessions import Person

Username = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Password = Annotated[str, StringConstraints(min_length=1, max_length=200)]
EmployeeNumber = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


class SignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Username
    password: Password


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Username
    current_password: Password
    new_password: Password = Field(description="At least 8 characters, letters and digits, not the username.")


class BranchPublic(BaseModel):
    id: uuid.UUID
    name: str


class PersonPublic(BaseModel):
    """Who is signed in and where their work is."""

    account_id: uuid.UUID
    username: str
    name: str
    role: Role
    member_id: uuid.UUID | None
    branches: list[BranchPublic] = Field(description="A secretary's branches.")
    home: Literal["organisation", "branch", "self"] = Field(
        description="Where the person lands: the committee on the organisation, a secretary on the branch, "
        "a member on their own page."
    )

    @classmethod
    def of(cls, person: Person) -> PersonPublic:
        return cls(
            account_id=person.account_id,
            username=person.username,
            name=person.name,
            role=person.role,
            member_id=person.member_id,
            branches=[BranchPublic(id=b.id, name=b.name) for b in person.branches],
            home=person.home,
        )


class SessionPublic(BaseModel):
    """An access token for the page's memory (never stored); the session itself is the HttpOnly cookie."""

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme's name, not a secret
    expires_in: int = Field(description="Seconds; renew before with POST /auth/refresh.")
    person: PersonPublic


class SignInOptions(BaseModel):
    password: bool = True
    oidc: bool = Field(description="Whether the enterprise identity provider is connected.")
    oidc_label: str | None = Field(default=None, description="What the provider's button says.")


class AccountCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    employee_number: EmployeeNumber | None = Field(
        default=None, description="The roster member's; omit for IT's system administrator."
    )
    username: Annotated[str, StringConstraints(pattern=USERNAME_PATTERN)] | None = Field(
        default=None, description="Default: the employee number."
    )
    display_name: Name | None = Field(default=None, description="Default: the member's name.")
    provider_only: bool = Field(default=False, description="Signs in through the identity provider only.")


class AccountPublic(BaseModel):
    id: uuid.UUID
    username: str
    display_name: str
    member_id: uuid.UUID | None
    administrator: bool
    signs_in_with: list[Literal["password", "oidc"]]
    must_change_password: bool
    locked_until: datetime | None
    disabled: bool
    created_at: datetime

    @classmethod
    def of(cls, account: Account) -> AccountPublic:
        ways: list[Literal["password", "oidc"]] = []
        if account.password_hash:
            ways.append("password")
        if account.oidc_subject:
            ways.append("oidc")
        return cls(
            id=account.id,
            username=account.username,
            display_name=account.display_name,
            member_id=account.member_id,
            administrator=account.is_administrator,
            signs_in_with=ways,
            must_change_password=account.must_change_password,
            locked_until=account.locked_until,
            disabled=account.disabled_at is not None,
            created_at=account.created_at,
        )


class AccountCreated(AccountPublic):
    initial_password: str | None = Field(description="Shown only now; must be changed at the first sign-in.")


class PasswordReset(BaseModel):
    username: str
    temporary_password: str = Field(description="Shown only now; must be changed at the next sign-in.")


class OfficerSeat(BaseModel):
    model_config = ConfigDict(extra="forbid")
    member_id: uuid.UUID
    title: ShortText = Field(description="书记、副书记、组织委员、委员 …")
    seated_on: date


class OfficerPublic(BaseModel):
    org_unit_id: uuid.UUID
    org_unit_name: str
    member_id: uuid.UUID
    member_name: str
    title: str
    seated_on: date
