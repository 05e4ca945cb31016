"""People on the roster (党员、入党积极分子 ...)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from bastion.http.event_ids import EventIds
from bastion.http.shapes import JsonSchema, absent, both, given, one_of, when
from bastion.http.text import Reason, ShortText
from bastion_contracts.vocabulary import (
    ActivistReviewOutcome,
    EducationLevel,
    Gender,
    GroupRole,
    MemberClass,
    MemberStatus,
    Stage,
)
from roster.domain.member import REGISTRATION_DATES, Member, Person, PipelineDates
from roster.domain.pipeline import EXTENSION_MONTHS
from roster.entrypoints.api.schemas.common import Name, Phone


class _PipelineDates(BaseModel):
    applied_on: date | None = Field(default=None, description="入党申请日期")
    activist_on: date | None = Field(default=None, description="确定为入党积极分子日期")
    candidate_on: date | None = Field(default=None, description="确定为发展对象日期")
    probationary_on: date | None = Field(default=None, description="接收为预备党员日期 (入党日期)")
    full_on: date | None = Field(default=None, description="转正日期 (defaults to a year after joining)")

    def pipeline(self) -> PipelineDates:
        return PipelineDates(self.applied_on, self.activist_on, self.candidate_on, self.probationary_on, self.full_on)


def _dates_fit_the_stage() -> JsonSchema:
    """The stage's start date is given and no later stage's (stage_date_required, stage_date_ahead_of_stage);
    without ``stage`` the person is a full member."""
    date = {"type": "string", "format": "date"}
    forms = []
    for stage, (needed, later) in REGISTRATION_DATES.items():
        stage_is = when("stage", stage) if stage is not Stage.FULL else {"properties": {"stage": {"enum": [stage]}}}
        forms.append(both(stage_is, given(needed, date), *(absent(field) for field in later)))
    return one_of(*forms)


class MemberCreate(_PipelineDates):
    """A person to put on a branch's roster, at the stage they are at (full member by default)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_dates_fit_the_stage())

    name: Name = Field(description="姓名", examples=["张华"])
    gender: Gender
    birth_date: date = Field(description="出生日期", examples=["1965-03-18"])
    education: EducationLevel = Field(description="学历")
    branch_id: uuid.UUID = Field(description="The branch (党支部) whose roster they join.")
    department: ShortText = Field(description="部门/科室/车间", examples=["生产管理科"])
    position: ShortText = Field(description="岗位/职务", examples=["工艺员"])
    employee_number: ShortText = Field(description="工号 (unique)", examples=["GD04-001"])
    phone: Phone | None = Field(default=None, description="联系电话 (never published in events)")
    member_class: MemberClass = MemberClass.ORDINARY
    stage: Stage = Field(default=Stage.FULL, description="Where they are in the pipeline; its start date is required.")

    def person(self) -> Person:
        return Person(
            name=self.name,
            gender=self.gender,
            birth_date=self.birth_date,
            education=self.education,
            department=self.department,
            position=self.position,
            employee_number=self.employee_number,
            phone=self.phone or None,
        )


class MemberPatch(BaseModel):
    """Fields to change; omitted fields stay as they are. An empty ``phone`` removes it."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    gender: Gender | None = None
    birth_date: date | None = None
    education: EducationLevel | None = None
    department: ShortText | None = None
    position: ShortText | None = None
    employee_number: ShortText | None = None
    phone: Phone | None = None
    member_class: MemberClass | None = None


class MemberPublic(_PipelineDates):
    id: uuid.UUID
    branch_id: uuid.UUID
    group_id: uuid.UUID | None
    group_role: GroupRole | None
    name: str
    gender: Gender
    birth_date: date
    education: EducationLevel
    department: str
    position: str
    employee_number: str
    phone: str | None = Field(
        description="联系电话 (sensitive): null unless the caller is an admin, the member's own branch secretary "
        "or the member themself; machine clients never see it."
    )
    member_class: MemberClass
    status: MemberStatus
    status_changed_on: date | None
    stage: Stage
    probation_ends_on: date | None
    probation_extension_months: int
    sponsor_ids: list[uuid.UUID]
    cultivation_contact_ids: list[uuid.UUID]
    application_talk_on: date | None
    last_activist_review_on: date | None
    registered_at: datetime

    @classmethod
    def of(cls, member: Member) -> MemberPublic:
        person, pipeline = member.person, member.pipeline
        return cls(
            id=member.id,
            branch_id=member.branch_id,
            group_id=member.group_id,
            group_role=member.group_role,
            name=person.name,
            gender=person.gender,
            birth_date=person.birth_date,
            education=person.education,
            department=person.department,
            position=person.position,
            employee_number=person.employee_number,
            phone=person.phone,
            member_class=member.member_class,
            status=member.status,
            status_changed_on=member.status_changed_on,
            stage=member.stage,
            applied_on=pipeline.applied_on,
            activist_on=pipeline.activist_on,
            candidate_on=pipeline.candidate_on,
            probationary_on=pipeline.probationary_on,
            full_on=pipeline.full_on,
            probation_ends_on=member.probation_ends_on,
            probation_extension_months=member.probation_extension_months,
            sponsor_ids=list(member.sponsor_ids),
            cultivation_contact_ids=list(member.cultivation_contact_ids),
            application_talk_on=member.application_talk_on,
            last_activist_review_on=member.last_activist_review_on,
            registered_at=member.registered_at,
        )


class MemberChanged(MemberPublic):
    event_ids: EventIds


class Transfer(BaseModel):
    """组织关系转接 to another branch."""

    model_config = ConfigDict(extra="forbid")
    to_branch_id: uuid.UUID
    transferred_on: date
    note: str = Field(default="", max_length=500)


class TransferPublic(BaseModel):
    from_branch_id: uuid.UUID
    to_branch_id: uuid.UUID
    transferred_on: date
    note: str
    recorded_at: datetime


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: MemberStatus = Field(description="transferred_out, lapsed, expelled or deceased")
    changed_on: date
    reason: Reason


class GroupAssignment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    group_id: uuid.UUID | None = Field(description="A party group of the member's branch; null to leave it.")
    role: GroupRole = GroupRole.MEMBER


class StageChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stage: Stage = Field(description="The next stage; none may be skipped.")
    changed_on: date


class Sponsors(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sponsor_ids: list[uuid.UUID] = Field(description="Two full members (入党介绍人).")


class CultivationContacts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    contact_ids: list[uuid.UUID] = Field(description="One or two full members (培养联系人).")


class ApplicationTalk(BaseModel):
    model_config = ConfigDict(extra="forbid")
    held_on: date
    talked_by_id: uuid.UUID | None = None


class ActivistReview(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reviewed_on: date
    outcome: ActivistReviewOutcome


class ProbationExtension(BaseModel):
    model_config = ConfigDict(extra="forbid")
    months: int = Field(
        description="6 to 12; probation is extended at most once.",
        json_schema_extra={"minimum": min(EXTENSION_MONTHS), "maximum": max(EXTENSION_MONTHS)},
    )


class OverdueStepPublic(BaseModel):
    member_id: uuid.UUID
    member_name: str
    kind: str = Field(description="application_talk | activist_review | confirmation")
    due_on: date
    days_overdue: int
