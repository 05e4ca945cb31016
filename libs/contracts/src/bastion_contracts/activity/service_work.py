"""Service work: what a visit or a post shift served, learning hours, QC projects."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from bastion.events.model import EventData
from bastion.events.snapshots import SnapshotSource
from bastion.events.topics import Topic
from bastion_contracts.topics import ACTIVITY_SERVICE_WORK
from bastion_contracts.vocabulary import ActivityKind


class ServiceRecorded(EventData):
    """A door-to-door visit or a service post shift served these departments for these hours."""

    event_type: ClassVar[str] = "bastion.activity.service.recorded.v1"
    topic: ClassVar[Topic] = ACTIVITY_SERVICE_WORK

    record_id: uuid.UUID
    activity_id: uuid.UUID
    kind: ActivityKind
    branch_id: uuid.UUID
    service_post_id: uuid.UUID | None = None
    department_ids: list[uuid.UUID] = Field(description="Served departments (of the branch's directory).")
    member_ids: list[uuid.UUID] = Field(description="Who served.")
    hours: Decimal = Field(gt=0, decimal_places=1)
    served_at: datetime

    def subject(self) -> str:
        return str(self.activity_id)


class LearningHoursRecorded(EventData):
    """A member's learning hours (学时): towards the 32 a year."""

    event_type: ClassVar[str] = "bastion.activity.learning_hours.recorded.v1"
    topic: ClassVar[Topic] = ACTIVITY_SERVICE_WORK

    record_id: uuid.UUID
    member_id: uuid.UUID
    branch_id: uuid.UUID
    hours: Decimal = Field(gt=0, decimal_places=1)
    learned_on: date
    topic_name: str = Field(description="What was studied.")
    activity_id: uuid.UUID | None = None

    def subject(self) -> str:
        return str(self.member_id)


class QcProjectSnapshot(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    project_id: uuid.UUID
    branch_id: uuid.UUID
    title: str
    leader_id: uuid.UUID
    member_ids: list[uuid.UUID]
    registered_on: date
    closed_on: date | None = None
    award: str | None = Field(default=None, description="The award, once one is recorded.")


class _QcEvent(EventData):
    topic: ClassVar[Topic] = ACTIVITY_SERVICE_WORK
    project: QcProjectSnapshot

    def subject(self) -> str:
        return str(self.project.project_id)


class QcProjectRegistered(_QcEvent):
    """A QC circle (QC小组) project was registered."""

    event_type: ClassVar[str] = "bastion.activity.qc_project.registered.v1"


class QcProjectClosed(_QcEvent):
    """A QC project was completed (结题)."""

    event_type: ClassVar[str] = "bastion.activity.qc_project.closed.v1"


class QcProjectAwarded(_QcEvent):
    """A completed QC project received an award."""

    event_type: ClassVar[str] = "bastion.activity.qc_project.awarded.v1"


QC_PROJECT_SNAPSHOTS = SnapshotSource(
    (QcProjectRegistered, QcProjectClosed, QcProjectAwarded),
    read=lambda event: event.project,
    key=lambda project: project.project_id,
)
