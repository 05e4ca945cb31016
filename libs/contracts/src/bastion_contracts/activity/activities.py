"""An activity's life: scheduled, rescheduled, held (minutes recorded), approved or returned, cancelled.

Every event carries the whole activity as it is after the change.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from bastion.events.model import EventData
from bastion.events.snapshots import SnapshotSource
from bastion.events.topics import Topic
from bastion_contracts.topics import ACTIVITY_ACTIVITIES
from bastion_contracts.vocabulary import ActivityKind, ActivityState, OrgUnitKind, ThemedPracticeSubtype


class ActivitySnapshot(BaseModel):
    """An activity as it is after the event."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    activity_id: uuid.UUID
    kind: ActivityKind
    subtype: ThemedPracticeSubtype | None = Field(default=None, description="For themed practice (主题实践活动).")
    organiser_id: uuid.UUID = Field(description="The branch or party group that organises it.")
    organiser_kind: OrgUnitKind
    branch_id: uuid.UUID = Field(description="The organiser, or the branch of the organising group.")
    title: str
    planned_start: datetime
    planned_end: datetime | None = None
    place: str
    host_id: uuid.UUID | None = Field(default=None, description="主持人")
    recorder_id: uuid.UUID | None = Field(default=None, description="记录人")
    lecturer_id: uuid.UUID | None = Field(default=None, description="主讲人 (party lessons, training)")
    five_services: list[str] = Field(default_factory=list, description="五个服务 tags")
    agenda: str = ""
    state: ActivityState
    held_start: datetime | None = None
    held_end: datetime | None = None
    minutes: str | None = Field(default=None, description="会议记录")
    resolutions: str | None = Field(default=None, description="决议")
    approved_at: datetime | None = None
    service_post_id: uuid.UUID | None = Field(default=None, description="For a mobile service post shift.")
    qc_project_id: uuid.UUID | None = Field(default=None, description="For a QC project session.")


class _ActivityEvent(EventData):
    topic: ClassVar[Topic] = ACTIVITY_ACTIVITIES
    activity: ActivitySnapshot

    def subject(self) -> str:
        return str(self.activity.activity_id)


class ActivityScheduled(_ActivityEvent):
    """An activity was planned (or recorded after the fact, with a planned time in the past)."""

    event_type: ClassVar[str] = "bastion.activity.activity.scheduled.v1"


class ActivityRescheduled(_ActivityEvent):
    """A planned activity got a new time or place."""

    event_type: ClassVar[str] = "bastion.activity.activity.rescheduled.v1"
    previous_start: datetime
    reason: str


class ActivityHeld(_ActivityEvent):
    """An activity took place and its minutes were recorded (or re-submitted after being returned)."""

    event_type: ClassVar[str] = "bastion.activity.activity.held.v1"


class ActivityApproved(_ActivityEvent):
    """The record of a held activity was approved (审核通过)."""

    event_type: ClassVar[str] = "bastion.activity.activity.approved.v1"


class ActivityReturned(_ActivityEvent):
    """The record of a held activity was sent back to be completed (退回)."""

    event_type: ClassVar[str] = "bastion.activity.activity.returned.v1"
    reason: str


class ActivityCancelled(_ActivityEvent):
    """A planned activity will not take place."""

    event_type: ClassVar[str] = "bastion.activity.activity.cancelled.v1"
    reason: str


ACTIVITY_SNAPSHOTS = SnapshotSource(
    (ActivityScheduled, ActivityRescheduled, ActivityHeld, ActivityApproved, ActivityReturned, ActivityCancelled),
    read=lambda event: event.activity,
    key=lambda activity: activity.activity_id,
)
