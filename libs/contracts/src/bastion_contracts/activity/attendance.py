"""Attendance: one event per person and change, carrying everything a subscriber needs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field

from bastion.events.model import EventData
from bastion.events.topics import Topic
from bastion_contracts.topics import ACTIVITY_ATTENDANCE
from bastion_contracts.vocabulary import (
    ActivityKind,
    AttendanceState,
    MemberClass,
    OrgUnitKind,
    ThemedPracticeSubtype,
)


class AttendanceRecorded(EventData):
    """A person's attendance at an activity was recorded or corrected (the latest per person counts)."""

    event_type: ClassVar[str] = "bastion.activity.attendance.recorded.v1"
    topic: ClassVar[Topic] = ACTIVITY_ATTENDANCE

    attendance_id: uuid.UUID = Field(description="This entry; a correction is a new entry.")
    activity_id: uuid.UUID
    kind: ActivityKind
    subtype: ThemedPracticeSubtype | None = None
    organiser_id: uuid.UUID
    organiser_kind: OrgUnitKind
    branch_id: uuid.UUID
    activity_start: datetime = Field(description="When it was held (or, before that, planned).")
    member_id: uuid.UUID
    member_class: MemberClass | None = Field(default=None, description="As the activity service knew it then.")
    expected: bool = Field(description="On the expected list (应到); observers (列席) are not.")
    state: AttendanceState
    reason: str | None = Field(default=None, description="Required when excused (请假).")
    previous_state: AttendanceState | None = Field(default=None, description="Set on a correction.")
    source: Literal["recorder", "self_check_in", "correction", "absent_when_held"]
    role: Literal["participant", "host", "lecturer", "lead"] = Field(
        default="participant", description="What the person did there (for service points)."
    )

    def subject(self) -> str:
        return str(self.activity_id)
