"""Helpers for tests of activity: roster facts seeded through the real consumer handler, and
activities driven through the HTTP API."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import httpx

from activity.adapters.roster_facts import apply_roster_events
from bastion.consumer import ReceivedEvent
from bastion.events import EventData
from bastion.runtime import ServiceRuntime
from bastion.testing.kafka import envelope
from bastion_contracts.roster import (
    CommitteeSeat,
    CommitteeSeatAssigned,
    MemberRegistered,
    OrgUnitCreated,
    OrgUnitSnapshot,
    ServedDepartmentAdded,
    ServicePostAssigned,
)
from bastion_contracts.testing import member_snapshot
from bastion_contracts.vocabulary import (
    CommitteeRole,
    OrgUnitKind,
    ServicePostKind,
    Stage,
)

_sequence = itertools.count(1)


@dataclass
class SeededBranch:
    """A branch as activity knows it from roster's events."""

    committee_id: uuid.UUID
    branch_id: uuid.UUID
    members: list[uuid.UUID]
    committee: list[uuid.UUID]
    groups: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)
    departments: list[uuid.UUID] = field(default_factory=list)
    service_post_id: uuid.UUID | None = None
    others: dict[str, uuid.UUID] = field(default_factory=dict)


async def apply(runtime: ServiceRuntime, payloads: list[EventData]) -> None:
    """Apply roster events to activity's roster facts, as its consumer would."""
    events = [
        ReceivedEvent(envelope(p, sequence=next(_sequence)), p, "roster", 0, index) for index, p in enumerate(payloads)
    ]
    async with runtime.sessions() as session, session.begin():
        await apply_roster_events(session, events)


def _unit(unit_id: uuid.UUID, kind: OrgUnitKind, name: str, parent: uuid.UUID | None) -> OrgUnitCreated:
    return OrgUnitCreated(
        org_unit=OrgUnitSnapshot(
            org_unit_id=unit_id, kind=kind, name=name, parent_id=parent, ancestor_ids=[parent] if parent else []
        )
    )


person = member_snapshot


async def seed_branch(
    runtime: ServiceRuntime, *, members: int = 6, committee: int = 3, groups: int = 2, activists: int = 1
) -> SeededBranch:
    """A committee, a branch with ``members`` full members (the first ``committee`` seated), groups
    sharing the members, ``activists`` activists, two served departments and a mobile service post."""
    committee_id, branch_id = uuid.uuid4(), uuid.uuid4()
    suffix = str(branch_id)[:4]
    payloads: list[EventData] = [
        _unit(committee_id, OrgUnitKind.PARTY_COMMITTEE, f"党委{suffix}", None),
        _unit(branch_id, OrgUnitKind.BRANCH, f"支部{suffix}", committee_id),
    ]
    group_ids = [uuid.uuid4() for _ in range(groups)]
    payloads += [_unit(g, OrgUnitKind.PARTY_GROUP, f"第{i + 1}小组", branch_id) for i, g in enumerate(group_ids)]
    member_ids = [uuid.uuid4() for _ in range(members)]
    seeded = SeededBranch(committee_id, branch_id, member_ids, member_ids[:committee], {g: [] for g in group_ids})
    for index, member_id in enumerate(member_ids):
        group = group_ids[index % groups] if groups else None
        if group:
            seeded.groups[group].append(member_id)
        payloads.append(MemberRegistered(member=person(member_id, branch_id, f"党员{index}", group_id=group)))
    for index in range(activists):
        activist = uuid.uuid4()
        seeded.others[f"activist{index}"] = activist
        payloads.append(MemberRegistered(member=person(activist, branch_id, f"积极分子{index}", stage=Stage.ACTIVIST)))
    seats = [
        CommitteeSeat(role=role, member_id=m, member_name="委员", assigned_on=date(2025, 1, 1))
        for role, m in zip(
            (
                CommitteeRole.SECRETARY,
                CommitteeRole.ORG_OFFICER,
                CommitteeRole.PUBLICITY_OFFICER,
                CommitteeRole.DEPUTY_SECRETARY,
                CommitteeRole.DISCIPLINE_OFFICER,
            ),
            member_ids[:committee],
            strict=False,
        )
    ]
    if seats:
        payloads.append(
            CommitteeSeatAssigned(
                branch_id=branch_id,
                term_id=uuid.uuid4(),
                term_starts_on=date(2025, 1, 1),
                term_ends_on=date(2028, 1, 1),
                seats=seats,
                role=seats[-1].role,
                member_id=seats[-1].member_id,
                assigned_on=date(2025, 1, 1),
            )
        )
    seeded.departments = [uuid.uuid4(), uuid.uuid4()]
    payloads += [
        ServedDepartmentAdded(department_id=d, branch_id=branch_id, name=name)
        for d, name in zip(seeded.departments, ("质量管理科", "设备管理科"), strict=True)
    ]
    seeded.service_post_id = uuid.uuid4()
    payloads.append(
        ServicePostAssigned(
            post_id=seeded.service_post_id,
            branch_id=branch_id,
            kind=ServicePostKind.MOBILE_SERVICE_POST,
            name="流动服务岗",
            holder_ids=member_ids[:2],
            department_ids=seeded.departments,
            assigned_on=date(2025, 1, 1),
        )
    )
    await apply(runtime, payloads)
    return seeded


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def activity_body(organiser_id: uuid.UUID, kind: str = "theme_day", /, **changes: Any) -> dict[str, Any]:
    """A valid activity planned a day ago (so it can be held at once); change anything."""
    body: dict[str, Any] = {
        "kind": kind,
        "organiser_id": str(organiser_id),
        "title": f"测试{kind}",
        "planned_start": (datetime.now().astimezone() - timedelta(days=1)).isoformat(),
        "place": "党员活动室",
        "five_services": ["serve_members"],
    }
    body.update({k: _jsonable(v) for k, v in changes.items()})
    return {k: v for k, v in body.items() if v is not None}


async def schedule(
    http: httpx.AsyncClient, organiser_id: uuid.UUID, kind: str = "theme_day", **changes: Any
) -> dict[str, Any]:
    answer = await http.post("/activities", json=activity_body(organiser_id, kind, **changes))
    if answer.status_code != 201:
        raise AssertionError(f"scheduling failed: {answer.status_code} {answer.text}")
    body: dict[str, Any] = answer.json()
    return body


async def hold(http: httpx.AsyncClient, activity: dict[str, Any], **changes: Any) -> dict[str, Any]:
    answer = await http.post(f"/activities/{activity['id']}/held", json={"minutes": "会议记录……", **changes})
    if answer.status_code != 200:
        raise AssertionError(f"holding failed: {answer.status_code} {answer.text}")
    body: dict[str, Any] = answer.json()
    return body
