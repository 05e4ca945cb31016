"""The organisation's events: org units, branch committees, served departments, service posts."""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from pydantic import Field

from bastion.events.model import EventData
from bastion.events.snapshots import SnapshotSource
from bastion.events.topics import Topic
from bastion_contracts.roster.snapshots import (
    BranchCommittee,
    CommitteeSeat,
    OrgUnitSnapshot,
    ServedDepartment,
    ServicePost,
)
from bastion_contracts.topics import ROSTER_ORG_UNITS
from bastion_contracts.vocabulary import CommitteeRole, ServicePostKind


class _OrgUnitEvent(EventData):
    topic: ClassVar[Topic] = ROSTER_ORG_UNITS
    org_unit: OrgUnitSnapshot

    def subject(self) -> str:
        return str(self.org_unit.org_unit_id)


class OrgUnitCreated(_OrgUnitEvent):
    """A party committee, general branch, branch or party group was set up (成立)."""

    event_type: ClassVar[str] = "bastion.roster.org_unit.created.v1"


class OrgUnitRenamed(_OrgUnitEvent):
    """An org unit got a new name."""

    event_type: ClassVar[str] = "bastion.roster.org_unit.renamed.v1"
    previous_name: str


class OrgUnitMoved(_OrgUnitEvent):
    """An org unit was placed under another parent."""

    event_type: ClassVar[str] = "bastion.roster.org_unit.moved.v1"
    previous_parent_id: uuid.UUID | None


class OrgUnitDissolved(_OrgUnitEvent):
    """An org unit was dissolved (撤销); it had no members or active units left."""

    event_type: ClassVar[str] = "bastion.roster.org_unit.dissolved.v1"
    dissolved_on: date


class _CommitteeEvent(EventData):
    topic: ClassVar[Topic] = ROSTER_ORG_UNITS
    branch_id: uuid.UUID
    term_id: uuid.UUID
    term_starts_on: date
    term_ends_on: date
    seats: list[CommitteeSeat] = Field(description="Every seat held after the event.")

    def subject(self) -> str:
        return str(self.branch_id)


class CommitteeTermStarted(_CommitteeEvent):
    """A branch committee (支委会) began a term; the previous term's seats were vacated."""

    event_type: ClassVar[str] = "bastion.roster.committee.term_started.v1"
    previous_term_id: uuid.UUID | None


class CommitteeSeatAssigned(_CommitteeEvent):
    """A member took a seat on the branch committee."""

    event_type: ClassVar[str] = "bastion.roster.committee.seat_assigned.v1"
    role: CommitteeRole
    member_id: uuid.UUID
    assigned_on: date


class CommitteeSeatVacated(_CommitteeEvent):
    """A seat on the branch committee became empty."""

    event_type: ClassVar[str] = "bastion.roster.committee.seat_vacated.v1"
    role: CommitteeRole
    member_id: uuid.UUID
    vacated_on: date
    reason: str


class _DepartmentEvent(EventData):
    topic: ClassVar[Topic] = ROSTER_ORG_UNITS
    department_id: uuid.UUID
    branch_id: uuid.UUID = Field(description="The branch that serves this department.")
    name: str

    def subject(self) -> str:
        return str(self.department_id)


class ServedDepartmentAdded(_DepartmentEvent):
    """A department (科室/车间) was added to those a branch serves."""

    event_type: ClassVar[str] = "bastion.roster.served_department.added.v1"
    added_on: date | None = Field(
        default=None, description="From when the branch serves it; none in events recorded before it was sent."
    )


class ServedDepartmentRemoved(_DepartmentEvent):
    """A department is no longer served by the branch."""

    event_type: ClassVar[str] = "bastion.roster.served_department.removed.v1"
    removed_on: date


class ServicePostAssigned(EventData):
    """A service post (党员流动服务岗/先锋岗) was set up or changed; carries its whole state."""

    event_type: ClassVar[str] = "bastion.roster.service_post.assigned.v1"
    topic: ClassVar[Topic] = ROSTER_ORG_UNITS

    post_id: uuid.UUID
    branch_id: uuid.UUID
    kind: ServicePostKind
    name: str
    holder_ids: list[uuid.UUID]
    department_ids: list[uuid.UUID] = Field(description="Served departments this post serves.")
    assigned_on: date

    def subject(self) -> str:
        return str(self.post_id)


class ServicePostClosed(EventData):
    """A service post was closed."""

    event_type: ClassVar[str] = "bastion.roster.service_post.closed.v1"
    topic: ClassVar[Topic] = ROSTER_ORG_UNITS

    post_id: uuid.UUID
    branch_id: uuid.UUID
    kind: ServicePostKind
    closed_on: date

    def subject(self) -> str:
        return str(self.post_id)


def _unit_after(event: _OrgUnitEvent) -> OrgUnitSnapshot:
    unit = event.org_unit
    if isinstance(event, OrgUnitDissolved) and unit.dissolved_on is None:
        # Events recorded before the snapshot carried the day still say it on the dissolution itself.
        return unit.model_copy(update={"dissolved_on": event.dissolved_on})
    return unit


def _post_after(event: ServicePostAssigned | ServicePostClosed) -> ServicePost:
    if isinstance(event, ServicePostClosed):
        return ServicePost(
            event.post_id, event.branch_id, event.kind, closed=True, name=None, holder_ids=None, department_ids=None
        )
    return ServicePost(
        event.post_id,
        event.branch_id,
        event.kind,
        closed=False,
        name=event.name,
        holder_ids=event.holder_ids,
        department_ids=event.department_ids,
    )


ORG_UNIT_EVENTS = (OrgUnitCreated, OrgUnitRenamed, OrgUnitMoved, OrgUnitDissolved)
COMMITTEE_EVENTS = (CommitteeTermStarted, CommitteeSeatAssigned, CommitteeSeatVacated)
SERVED_DEPARTMENT_EVENTS = (ServedDepartmentAdded, ServedDepartmentRemoved)
SERVICE_POST_EVENTS = (ServicePostAssigned, ServicePostClosed)

ORG_UNIT_SNAPSHOTS = SnapshotSource(ORG_UNIT_EVENTS, read=_unit_after, key=lambda unit: unit.org_unit_id)
COMMITTEE_SNAPSHOTS = SnapshotSource(
    COMMITTEE_EVENTS,
    read=lambda event: BranchCommittee(event.branch_id, event.term_id, event.seats),
    key=lambda committee: committee.branch_id,
)
SERVED_DEPARTMENT_SNAPSHOTS = SnapshotSource(
    SERVED_DEPARTMENT_EVENTS,
    read=lambda event: ServedDepartment(
        event.department_id, event.branch_id, event.name, removed=isinstance(event, ServedDepartmentRemoved)
    ),
    key=lambda department: department.department_id,
)
SERVICE_POST_SNAPSHOTS: SnapshotSource[ServicePostAssigned | ServicePostClosed, ServicePost] = SnapshotSource(
    SERVICE_POST_EVENTS, read=_post_after, key=lambda post: post.post_id
)
