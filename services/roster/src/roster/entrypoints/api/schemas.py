"""Request and response bodies of roster's API."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bastion_contracts import EducationLevel
from roster.domain.member import Member

PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


class MemberCreate(BaseModel):
    """A person to register on a branch's roster."""

    model_config = ConfigDict(extra="forbid")

    name: PersonName = Field(description="Full name (姓名).", examples=["张华"])
    birth_date: date = Field(description="Date of birth (出生日期), YYYY-MM-DD.", examples=["1965-03-18"])
    education: EducationLevel = Field(description="Highest completed education (学历).")
    branch_id: uuid.UUID = Field(description="The branch (党支部) to register the member in.")

    @field_validator("birth_date")
    @classmethod
    def _plausible_birth_date(cls, value: date) -> date:
        if value > datetime.now(UTC).date():
            raise ValueError("出生日期不能晚于今天 (birth date is in the future)")
        if value.year < 1900:
            raise ValueError("出生日期早于 1900 年 (birth date before 1900)")
        return value


class MemberPublic(BaseModel):
    """A member as roster returns it."""

    id: uuid.UUID
    branch_id: uuid.UUID
    name: str
    birth_date: date
    education: EducationLevel
    registered_at: datetime

    @classmethod
    def of(cls, member: Member) -> MemberPublic:
        return cls(
            id=member.id,
            branch_id=member.branch_id,
            name=member.name,
            birth_date=member.birth_date,
            education=member.education,
            registered_at=member.registered_at,
        )


class MemberRegisteredResponse(MemberPublic):
    event_id: uuid.UUID = Field(
        description="Id of the event recorded; pass it to scoring's reads to wait until it is applied."
    )
