"""Service work of a branch: served departments, service posts, reserve talent."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from bastion.http.event_ids import EventIds
from bastion.http.text import Reason, ShortText
from bastion_contracts.vocabulary import EducationLevel, Gender, ServicePostKind
from roster.domain.service import Candidate, ReserveTalent, ServedDepartment, ServicePost
from roster.entrypoints.api.schemas.common import Name

# Served departments (服务对象部门目录)


class DepartmentCreate(BaseModel):
    """A department (科室/车间) the branch serves."""

    model_config = ConfigDict(extra="forbid")
    name: ShortText = Field(description="Unique among the branch's current departments.", examples=["财务科"])
    added_on: date | None = Field(default=None, description="Defaults to today.")


class DepartmentRemove(BaseModel):
    model_config = ConfigDict(extra="forbid")
    removed_on: date | None = Field(default=None, description="Defaults to today.")


class DepartmentPublic(BaseModel):
    id: uuid.UUID
    branch_id: uuid.UUID
    name: str
    added_on: date
    removed_on: date | None
    active: bool

    @classmethod
    def of(cls, department: ServedDepartment) -> DepartmentPublic:
        return cls(
            id=department.id,
            branch_id=department.branch_id,
            name=department.name,
            added_on=department.added_on,
            removed_on=department.removed_on,
            active=department.active,
        )


class DepartmentChanged(DepartmentPublic):
    event_ids: EventIds


# Service posts (党员流动服务岗、党员先锋岗)


class ServicePostUpdate(BaseModel):
    """The whole post: name, holders and departments replace what was there."""

    model_config = ConfigDict(extra="forbid")
    name: ShortText = Field(examples=["卷包车间流动服务岗"])
    # At least one holder, nobody twice, no department twice: checked by the domain (holders_required,
    # holders_distinct, departments_distinct), said here for the document.
    holder_ids: list[uuid.UUID] = Field(
        max_length=50,
        description="One or more active Party members (probationary or full) of the branch.",
        json_schema_extra={"minItems": 1, "uniqueItems": True},
    )
    department_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=100,
        description="Active served departments of the branch.",
        json_schema_extra={"uniqueItems": True},
    )


class ServicePostCreate(ServicePostUpdate):
    """A new service post of a branch."""

    branch_id: uuid.UUID
    kind: ServicePostKind
    assigned_on: date | None = Field(default=None, description="Defaults to today.")


class ServicePostClose(BaseModel):
    model_config = ConfigDict(extra="forbid")
    closed_on: date | None = Field(default=None, description="Defaults to today.")


class ServicePostPublic(BaseModel):
    id: uuid.UUID
    branch_id: uuid.UUID
    kind: ServicePostKind
    name: str
    holder_ids: list[uuid.UUID]
    department_ids: list[uuid.UUID]
    assigned_on: date
    closed_on: date | None
    open: bool

    @classmethod
    def of(cls, post: ServicePost) -> ServicePostPublic:
        return cls(
            id=post.id,
            branch_id=post.branch_id,
            kind=post.kind,
            name=post.name,
            holder_ids=list(post.holder_ids),
            department_ids=list(post.department_ids),
            assigned_on=post.assigned_on,
            closed_on=post.closed_on,
            open=post.open,
        )


class ServicePostChanged(ServicePostPublic):
    event_ids: EventIds


# Reserve talent (后备力量)


class ReserveTalentCreate(BaseModel):
    """A young person for the branch's reserve, at least 14, with a mentor."""

    model_config = ConfigDict(extra="forbid")
    branch_id: uuid.UUID
    name: Name = Field(examples=["王小青"])
    gender: Gender
    birth_date: date = Field(examples=["2000-05-04"])
    education: EducationLevel
    department: ShortText = Field(description="部门/科室/车间", examples=["卷包车间"])
    mentor_id: uuid.UUID = Field(description="培养人: an active full member of the branch.")
    member_id: uuid.UUID | None = Field(default=None, description="Their entry on the branch's roster, if any.")
    added_on: date | None = Field(default=None, description="Defaults to today.")

    def candidate(self) -> Candidate:
        return Candidate(self.name, self.gender, self.birth_date, self.education, self.department)


class ReserveTalentRemove(BaseModel):
    model_config = ConfigDict(extra="forbid")
    removed_on: date | None = Field(default=None, description="Defaults to today.")
    reason: Reason = Field(examples=["已确定为入党积极分子"])


class ReserveTalentPublic(BaseModel):
    id: uuid.UUID
    branch_id: uuid.UUID
    name: str
    gender: Gender
    birth_date: date
    education: EducationLevel
    department: str
    mentor_id: uuid.UUID
    member_id: uuid.UUID | None
    added_on: date
    removed_on: date | None
    remove_reason: str | None
    active: bool

    @classmethod
    def of(cls, talent: ReserveTalent) -> ReserveTalentPublic:
        candidate = talent.candidate
        return cls(
            id=talent.id,
            branch_id=talent.branch_id,
            name=candidate.name,
            gender=candidate.gender,
            birth_date=candidate.birth_date,
            education=candidate.education,
            department=candidate.department,
            mentor_id=talent.mentor_id,
            member_id=talent.member_id,
            added_on=talent.added_on,
            removed_on=talent.removed_on,
            remove_reason=talent.remove_reason,
            active=talent.active,
        )


class ReserveTalentChanged(ReserveTalentPublic):
    event_ids: EventIds
