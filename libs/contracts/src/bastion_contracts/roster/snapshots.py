"""State carried by roster's events, so no subscriber ever calls roster back.

The pydantic models are on the wire. The dataclasses at the end are not: they name the state that
the organisation's events carry in their own fields (a committee's seats, a served department, a
service post), read from those events by the sources in ``roster.org``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from bastion_contracts.vocabulary import (
    CommitteeRole,
    EducationLevel,
    Gender,
    GroupRole,
    MemberClass,
    MemberStatus,
    OrgUnitKind,
    ServicePostKind,
    Stage,
)


class _Snapshot(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class OrgUnitSnapshot(_Snapshot):
    """An org unit as it is after the event."""

    org_unit_id: uuid.UUID
    kind: OrgUnitKind
    name: str
    parent_id: uuid.UUID | None = Field(description="None for a top-level party committee.")
    ancestor_ids: list[uuid.UUID] = Field(description="From the top of the tree down to the parent.")
    dissolved: bool = False
    established_on: date | None = Field(
        default=None, description="成立日期; none in events recorded before founding dates were kept."
    )
    dissolved_on: date | None = Field(default=None, description="撤销日期, once dissolved.")


class MemberSnapshot(_Snapshot):
    """A person on the roster as they are after the event (the phone number is never published)."""

    member_id: uuid.UUID
    branch_id: uuid.UUID = Field(description="The branch (党支部) whose roster the person is on.")
    group_id: uuid.UUID | None = Field(default=None, description="Their party group (党小组), if any.")
    group_role: GroupRole | None = None
    name: str = Field(min_length=1, max_length=50)
    gender: Gender
    birth_date: date
    education: EducationLevel
    department: str = Field(description="Where they work (部门/科室/车间).")
    position: str = Field(description="Their job (岗位/职务).")
    employee_number: str
    member_class: MemberClass
    status: MemberStatus
    stage: Stage
    applied_on: date | None = Field(default=None, description="入党申请日期")
    activist_on: date | None = Field(default=None, description="确定为入党积极分子日期")
    candidate_on: date | None = Field(default=None, description="确定为发展对象日期")
    probationary_on: date | None = Field(default=None, description="接收为预备党员日期 (入党日期)")
    full_on: date | None = Field(default=None, description="转为正式党员日期")
    probation_ends_on: date | None = Field(default=None, description="When probation ends (with any extension).")
    sponsor_ids: list[uuid.UUID] = Field(default_factory=list, description="入党介绍人")
    cultivation_contact_ids: list[uuid.UUID] = Field(default_factory=list, description="培养联系人")


class CommitteeSeat(_Snapshot):
    role: CommitteeRole
    member_id: uuid.UUID
    member_name: str
    assigned_on: date


@dataclass(frozen=True, slots=True)
class BranchCommittee:
    """A branch committee (支委会) as it is after the event: its term and every seat held."""

    branch_id: uuid.UUID
    term_id: uuid.UUID
    seats: list[CommitteeSeat]


@dataclass(frozen=True, slots=True)
class ServedDepartment:
    """A department a branch serves (or served, once ``removed``), as it is after the event."""

    department_id: uuid.UUID
    branch_id: uuid.UUID
    name: str
    removed: bool


@dataclass(frozen=True, slots=True)
class ServicePost:
    """A service post as it is after the event.

    A closing says only that the post is closed: its name, holders and departments are then None (not
    known from this event), and a subscriber keeps what it had.
    """

    post_id: uuid.UUID
    branch_id: uuid.UUID
    kind: ServicePostKind
    closed: bool
    name: str | None
    holder_ids: list[uuid.UUID] | None
    department_ids: list[uuid.UUID] | None
