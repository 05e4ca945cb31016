"""Activities (组织生活与服务活动)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from activity.domain.activity import LECTURER_REQUIRED, Activity
from bastion.http.event_ids import EventIds
from bastion.http.shapes import NOT_BLANK, JsonSchema, all_of, needed_when, only_when
from bastion.http.text import MeetingText, Reason, ShortText
from bastion_contracts.vocabulary import ActivityKind, ActivityState, OrgUnitKind, ThemedPracticeSubtype


def _fits_its_kind() -> JsonSchema:
    """Fields some kinds need and others must leave out, as ``schedule`` checks them (subtype_mismatch,
    lecturer_required, service_post_mismatch, qc_project_mismatch)."""

    def but(*kinds: ActivityKind) -> list[str]:
        return [kind.value for kind in ActivityKind if kind not in kinds]

    themed, shift, qc = (
        ActivityKind.THEMED_PRACTICE,
        ActivityKind.MOBILE_SERVICE_POST_SHIFT,
        ActivityKind.QC_PROJECT_SESSION,
    )
    return all_of(
        only_when("subtype", "kind", [themed], but(themed), schema={"type": "string"}),
        needed_when("lecturer_id", "kind", LECTURER_REQUIRED, but(*LECTURER_REQUIRED)),
        only_when("service_post_id", "kind", [shift], but(shift)),
        only_when("qc_project_id", "kind", [qc], but(qc)),
    )


class ActivityCreate(BaseModel):
    """An activity to plan (or to record after the fact, with a planned time in the past)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_fits_its_kind())

    kind: ActivityKind
    subtype: ThemedPracticeSubtype | None = Field(default=None, description="Only for themed practice.")
    organiser_id: uuid.UUID = Field(description="A branch, or a party group (group meetings).")
    title: ShortText = Field(examples=["三月主题党日：学习安全生产法"])
    planned_start: datetime = Field(description="Without a zone: the organisation's local time.")
    planned_end: datetime | None = None
    place: ShortText = Field(examples=["三楼党员活动室"])
    host_id: uuid.UUID | None = Field(default=None, description="主持人")
    recorder_id: uuid.UUID | None = Field(default=None, description="记录人")
    lecturer_id: uuid.UUID | None = Field(default=None, description="主讲人; required for a party lesson.")
    five_services: list[str] = Field(default_factory=list, description="五个服务 tags", max_length=10)
    agenda: MeetingText = ""
    expected_ids: list[uuid.UUID] | None = Field(
        default=None,
        description="Who is expected (应到) at a meeting. Default: the committee for committee meetings, else the "
        "organiser's Party members. Name the member talked with for a heart-to-heart talk. Service work (visits, "
        "shifts, themed practice, poverty relief, volunteering, QC sessions, training) has no expected list: "
        "record who took part instead.",
        max_length=500,
    )
    service_post_id: uuid.UUID | None = Field(default=None, description="For a mobile service post shift.")
    qc_project_id: uuid.UUID | None = Field(default=None, description="For a QC project session.")


class Reschedule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    planned_start: datetime
    planned_end: datetime | None = None
    place: ShortText | None = None
    reason: Reason


class Held(BaseModel):
    """How it went: when, the minutes (required) and resolutions."""

    model_config = ConfigDict(extra="forbid")
    held_start: datetime | None = Field(default=None, description="Defaults to the planned start.")
    held_end: datetime | None = None
    minutes: MeetingText = Field(
        description="会议记录", json_schema_extra={"pattern": NOT_BLANK}
    )  # not blank: minutes_required
    resolutions: MeetingText | None = Field(default=None, description="决议")


class Approval(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approved_at: datetime | None = Field(
        default=None, description="Defaults to now; an approval made on paper earlier may give its time."
    )


class StateReason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason


class ActivityPublic(BaseModel):
    id: uuid.UUID
    kind: ActivityKind
    subtype: ThemedPracticeSubtype | None
    organiser_id: uuid.UUID
    organiser_kind: OrgUnitKind
    branch_id: uuid.UUID
    title: str
    planned_start: datetime
    planned_end: datetime | None
    place: str
    host_id: uuid.UUID | None
    recorder_id: uuid.UUID | None
    lecturer_id: uuid.UUID | None
    five_services: list[str]
    agenda: str
    state: ActivityState
    held_start: datetime | None
    held_end: datetime | None
    minutes: str | None
    resolutions: str | None
    approved_at: datetime | None
    state_reason: str | None
    service_post_id: uuid.UUID | None
    qc_project_id: uuid.UUID | None
    created_at: datetime

    @classmethod
    def of(cls, activity: Activity) -> ActivityPublic:
        snapshot = activity.snapshot().model_dump(exclude={"activity_id"})
        return cls(id=activity.id, state_reason=activity.state_reason, created_at=activity.created_at, **snapshot)


class ActivityChanged(ActivityPublic):
    event_ids: EventIds
