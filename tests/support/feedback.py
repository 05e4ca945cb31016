"""Helpers for tests of feedback: facts seeded through the real consumer handler."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bastion.consumer import ReceivedEvent
from bastion.events import EventData
from bastion.runtime import ServiceRuntime
from bastion.testing.kafka import envelope
from bastion_contracts.activity import ActivityHeld, ActivityScheduled, ActivitySnapshot
from bastion_contracts.roster import MemberRegistered, OrgUnitCreated, OrgUnitSnapshot
from bastion_contracts.testing import member_snapshot
from bastion_contracts.vocabulary import ActivityKind, ActivityState, OrgUnitKind
from feedback.adapters.known_facts import apply_facts

_sequence = itertools.count(1)


@dataclass
class KnownBranch:
    branch_id: uuid.UUID
    name: str
    members: list[uuid.UUID]
    held_activity: uuid.UUID
    planned_activity: uuid.UUID
    others: dict[str, uuid.UUID] = field(default_factory=dict)


async def apply(runtime: ServiceRuntime, payloads: list[EventData]) -> None:
    """Apply events to feedback's facts, as its consumer would."""
    events = [ReceivedEvent(envelope(p, sequence=next(_sequence)), p, "x", 0, i) for i, p in enumerate(payloads)]
    async with runtime.sessions() as session, session.begin():
        await apply_facts(session, events)


def _activity(
    activity_id: uuid.UUID, branch_id: uuid.UUID, kind: ActivityKind, state: ActivityState
) -> ActivitySnapshot:
    start = datetime.now(UTC) - timedelta(days=1)
    return ActivitySnapshot(
        activity_id=activity_id,
        kind=kind,
        organiser_id=branch_id,
        organiser_kind=OrgUnitKind.BRANCH,
        branch_id=branch_id,
        title=f"{kind.label_zh}",
        planned_start=start,
        place="活动室",
        state=state,
        held_start=start if state is not ActivityState.PLANNED else None,
    )


async def seed_branch(runtime: ServiceRuntime, members: int = 3) -> KnownBranch:
    """A branch with members, a held door-to-door visit and a planned theme day, as feedback knows them."""
    branch_id, committee_id = uuid.uuid4(), uuid.uuid4()
    name = f"测试支部{str(branch_id)[:4]}"
    payloads: list[EventData] = [
        OrgUnitCreated(
            org_unit=OrgUnitSnapshot(
                org_unit_id=committee_id, kind=OrgUnitKind.PARTY_COMMITTEE, name="党委", parent_id=None, ancestor_ids=[]
            )
        ),
        OrgUnitCreated(
            org_unit=OrgUnitSnapshot(
                org_unit_id=branch_id,
                kind=OrgUnitKind.BRANCH,
                name=name,
                parent_id=committee_id,
                ancestor_ids=[committee_id],
            )
        ),
    ]
    member_ids = [uuid.uuid4() for _ in range(members)]
    payloads += [MemberRegistered(member=member_snapshot(m, branch_id, f"党员{i}")) for i, m in enumerate(member_ids)]
    visit, day = uuid.uuid4(), uuid.uuid4()
    payloads += [
        ActivityScheduled(activity=_activity(visit, branch_id, ActivityKind.DOOR_TO_DOOR_VISIT, ActivityState.PLANNED)),
        ActivityHeld(activity=_activity(visit, branch_id, ActivityKind.DOOR_TO_DOOR_VISIT, ActivityState.HELD)),
        ActivityScheduled(activity=_activity(day, branch_id, ActivityKind.THEME_DAY, ActivityState.PLANNED)),
    ]
    await apply(runtime, payloads)
    return KnownBranch(branch_id, name, member_ids, visit, day)
