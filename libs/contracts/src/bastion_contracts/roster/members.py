"""People's events: every one carries the person's whole record after the change."""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from pydantic import Field

from bastion.events.model import EventData
from bastion.events.snapshots import SnapshotSource
from bastion.events.topics import Topic
from bastion_contracts.roster.snapshots import MemberSnapshot
from bastion_contracts.topics import ROSTER_MEMBERS
from bastion_contracts.vocabulary import (
    ActivistReviewOutcome,
    EducationLevel,
    Gender,
    GroupRole,
    MemberStatus,
    Stage,
)


class _MemberEvent(EventData):
    topic: ClassVar[Topic] = ROSTER_MEMBERS
    member: MemberSnapshot

    def subject(self) -> str:
        return str(self.member.member_id)


class MemberRegistered(_MemberEvent):
    """A person was put on a branch's roster (登记), at any stage of the pipeline."""

    event_type: ClassVar[str] = "bastion.roster.member.registered.v1"


class MemberUpdated(_MemberEvent):
    """A person's details were corrected or changed."""

    event_type: ClassVar[str] = "bastion.roster.member.updated.v1"
    changed_fields: list[str]


class MemberTransferred(_MemberEvent):
    """A person moved to another branch (组织关系转接); their group and committee seats were left."""

    event_type: ClassVar[str] = "bastion.roster.member.transferred.v1"
    from_branch_id: uuid.UUID
    to_branch_id: uuid.UUID
    transferred_on: date
    left_group_id: uuid.UUID | None


class MemberStatusChanged(_MemberEvent):
    """A person's status changed (transferred out, lapsed, expelled, deceased)."""

    event_type: ClassVar[str] = "bastion.roster.member.status_changed.v1"
    previous_status: MemberStatus
    changed_on: date
    reason: str


class MemberStageChanged(_MemberEvent):
    """A person moved to the next stage of the recruitment pipeline (发展党员)."""

    event_type: ClassVar[str] = "bastion.roster.member.stage_changed.v1"
    previous_stage: Stage
    changed_on: date


class MemberGroupChanged(_MemberEvent):
    """A person joined, left or changed party group (党小组), or became its leader."""

    event_type: ClassVar[str] = "bastion.roster.member.group_changed.v1"
    previous_group_id: uuid.UUID | None
    previous_role: GroupRole | None


class MemberSponsorsAssigned(_MemberEvent):
    """Two sponsors (入党介绍人, full members) were named for a candidate."""

    event_type: ClassVar[str] = "bastion.roster.member.sponsors_assigned.v1"


class MemberCultivationContactsAssigned(_MemberEvent):
    """One or two cultivation contacts (培养联系人) were named for an activist."""

    event_type: ClassVar[str] = "bastion.roster.member.cultivation_contacts_assigned.v1"


class ApplicationTalkHeld(_MemberEvent):
    """The branch talked with an applicant (谈话), due within a month of the application."""

    event_type: ClassVar[str] = "bastion.roster.member.application_talk_held.v1"
    held_on: date
    talked_by_id: uuid.UUID | None


class ActivistReviewed(_MemberEvent):
    """An activist's half-yearly review (考察) was recorded."""

    event_type: ClassVar[str] = "bastion.roster.member.activist_reviewed.v1"
    reviewed_on: date
    outcome: ActivistReviewOutcome
    contact_ids: list[uuid.UUID] = Field(description="The cultivation contacts at the time of the review.")


class ProbationExtended(_MemberEvent):
    """A probationary member's probation was extended (延长预备期), once, by 6-12 months."""

    event_type: ClassVar[str] = "bastion.roster.member.probation_extended.v1"
    months: int = Field(ge=6, le=12)


class ReserveTalentAdded(EventData):
    """A young person was added to a branch's reserve (后备力量), with a mentor."""

    event_type: ClassVar[str] = "bastion.roster.reserve_talent.added.v1"
    topic: ClassVar[Topic] = ROSTER_MEMBERS

    talent_id: uuid.UUID
    branch_id: uuid.UUID
    name: str
    gender: Gender
    birth_date: date
    education: EducationLevel
    department: str
    mentor_id: uuid.UUID
    member_id: uuid.UUID | None = Field(description="Their roster entry, if they are on one.")
    added_on: date

    def subject(self) -> str:
        return str(self.talent_id)


class ReserveTalentRemoved(EventData):
    """A person left a branch's reserve."""

    event_type: ClassVar[str] = "bastion.roster.reserve_talent.removed.v1"
    topic: ClassVar[Topic] = ROSTER_MEMBERS

    talent_id: uuid.UUID
    branch_id: uuid.UUID
    removed_on: date
    reason: str

    def subject(self) -> str:
        return str(self.talent_id)


# The events that carry a person's whole record.
MEMBER_EVENTS = (
    MemberRegistered,
    MemberUpdated,
    MemberTransferred,
    MemberStatusChanged,
    MemberStageChanged,
    MemberGroupChanged,
    MemberSponsorsAssigned,
    MemberCultivationContactsAssigned,
    ApplicationTalkHeld,
    ActivistReviewed,
    ProbationExtended,
)
MEMBER_SNAPSHOTS = SnapshotSource(MEMBER_EVENTS, read=lambda event: event.member, key=lambda member: member.member_id)
