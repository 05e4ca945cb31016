"""Service work: service records of visits and shifts, learning hours (学时), QC projects (QC小组课题)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from activity.domain.service_work import (
    MAXIMUM_LEARNING_HOURS,
    MAXIMUM_SERVICE_HOURS,
    TENTH,
    LearningRecord,
    LearningYear,
    QcProject,
    ServiceRecord,
)
from bastion.http.event_ids import EventIds
from bastion.http.shapes import NOT_BLANK, decimal_number
from bastion.http.text import ShortText
from bastion_contracts.vocabulary import ActivityKind

Topic = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=NOT_BLANK, max_length=200)]
# Checked by the domain (hours_out_of_range), documented here.
ServiceHours = Annotated[Decimal, decimal_number(above=Decimal(0), at_most=MAXIMUM_SERVICE_HOURS, step=TENTH)]
LearningHours = Annotated[Decimal, decimal_number(above=Decimal(0), at_most=MAXIMUM_LEARNING_HOURS, step=TENTH)]


class ServiceRecordCreate(BaseModel):
    """What a held door-to-door visit or service post shift served."""

    model_config = ConfigDict(extra="forbid")

    department_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=50,
        description="Served departments of the branch's directory (at least one for a visit); for a shift, "
        "departments its post serves.",
    )
    member_ids: list[uuid.UUID] = Field(
        description="Who served (at least one).", max_length=200, json_schema_extra={"minItems": 1}
    )  # at least one: members_required
    hours: ServiceHours = Field(description="Above 0, at most 24, one decimal.", examples=[2.5])
    served_at: datetime | None = Field(
        default=None, description="Defaults to when the activity was held; without a zone: local time."
    )


class ServiceRecordPublic(BaseModel):
    id: uuid.UUID
    activity_id: uuid.UUID
    kind: ActivityKind
    branch_id: uuid.UUID
    service_post_id: uuid.UUID | None
    department_ids: list[uuid.UUID]
    member_ids: list[uuid.UUID]
    hours: Decimal
    served_at: datetime

    @classmethod
    def of(cls, record: ServiceRecord) -> ServiceRecordPublic:
        return cls(
            id=record.id,
            activity_id=record.activity_id,
            kind=record.kind,
            branch_id=record.branch_id,
            service_post_id=record.service_post_id,
            department_ids=list(record.department_ids),
            member_ids=list(record.member_ids),
            hours=record.hours,
            served_at=record.served_at,
        )


class ServiceRecordChanged(ServiceRecordPublic):
    event_ids: EventIds


class LearningHoursCreate(BaseModel):
    """Class hours (学时) a member studied."""

    model_config = ConfigDict(extra="forbid")

    hours: LearningHours = Field(description="Above 0, at most 12 per record, one decimal.", examples=[3])
    learned_on: date = Field(description="Not in the future.")
    topic: Topic = Field(examples=["学习党章和安全生产法"])
    activity_id: uuid.UUID | None = Field(default=None, description="The held activity it was learned at, if any.")


class LearningRecordPublic(BaseModel):
    id: uuid.UUID
    member_id: uuid.UUID
    branch_id: uuid.UUID
    hours: Decimal
    learned_on: date
    topic: str
    activity_id: uuid.UUID | None

    @classmethod
    def of(cls, record: LearningRecord) -> LearningRecordPublic:
        return cls(
            id=record.id,
            member_id=record.member_id,
            branch_id=record.branch_id,
            hours=record.hours,
            learned_on=record.learned_on,
            topic=record.topic,
            activity_id=record.activity_id,
        )


class LearningRecordChanged(LearningRecordPublic):
    event_ids: EventIds


class LearningYearPublic(BaseModel):
    """A member's learning hours in a year, against the 32 required."""

    member_id: uuid.UUID
    year: int
    records: list[LearningRecordPublic] = Field(description="By date.")
    total: Decimal
    required: Decimal = Field(description="Hours required a year (32).")
    shortfall: Decimal = Field(description="max(0, required − total)")

    @classmethod
    def of(cls, member_id: uuid.UUID, learning: LearningYear) -> LearningYearPublic:
        return cls(
            member_id=member_id,
            year=learning.year,
            records=[LearningRecordPublic.of(record) for record in learning.records],
            total=learning.total,
            required=learning.required,
            shortfall=learning.shortfall,
        )


class QcProjectCreate(BaseModel):
    """A QC circle project (QC小组课题) of a branch."""

    model_config = ConfigDict(extra="forbid")

    branch_id: uuid.UUID
    title: ShortText = Field(examples=["降低卷接机组烟支空头率"])
    leader_id: uuid.UUID = Field(description="组长: a member of the branch.")
    member_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100, description="The circle's members.")
    registered_on: date | None = Field(default=None, description="立项日期; defaults to today, not in the future.")


class QcClose(BaseModel):
    model_config = ConfigDict(extra="forbid")
    closed_on: date | None = Field(default=None, description="结题日期; defaults to today, not in the future.")


class QcAward(BaseModel):
    model_config = ConfigDict(extra="forbid")
    award: ShortText = Field(examples=["省公司优秀QC成果二等奖"])


class QcProjectPublic(BaseModel):
    id: uuid.UUID
    branch_id: uuid.UUID
    title: str
    leader_id: uuid.UUID
    member_ids: list[uuid.UUID]
    registered_on: date
    closed_on: date | None
    award: str | None

    @classmethod
    def of(cls, project: QcProject) -> QcProjectPublic:
        snapshot = project.snapshot().model_dump(exclude={"project_id"})
        return cls(id=project.id, **snapshot)


class QcProjectChanged(QcProjectPublic):
    event_ids: EventIds
