"""What feedback knows of branches, people and activities, from roster's and activity's events.

Feedback checks that what is rated exists (and belongs to which branch) without calling anyone.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.consumer import ReceivedEvent
from bastion.consumer.facts import latest_by, upsert_newer
from bastion_contracts.activity import ActivitySnapshot
from bastion_contracts.roster import MemberSnapshot, OrgUnitSnapshot
from feedback.adapters.orm import known_activities, known_people, known_units


def _attr(event: ReceivedEvent, name: str, kind: type) -> Any:
    value = getattr(event.payload, name, None)
    return value if isinstance(value, kind) else None


async def apply_facts(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    """Keep the newest facts of a batch (any order of the same events gives the same rows)."""
    units = latest_by(events, lambda e: u.org_unit_id if (u := _attr(e, "org_unit", OrgUnitSnapshot)) else None)
    people = latest_by(events, lambda e: m.member_id if (m := _attr(e, "member", MemberSnapshot)) else None)
    activities = latest_by(events, lambda e: a.activity_id if (a := _attr(e, "activity", ActivitySnapshot)) else None)
    await upsert_newer(session, known_units, [_unit(e) for e in units.values()])
    await upsert_newer(session, known_people, [_person(e) for e in people.values()])
    await upsert_newer(session, known_activities, [_activity(e) for e in activities.values()])


def _unit(event: ReceivedEvent) -> dict[str, Any]:
    unit: OrgUnitSnapshot = event.payload.org_unit  # type: ignore[attr-defined]
    return {
        "org_unit_id": unit.org_unit_id,
        "kind": unit.kind.value,
        "name": unit.name,
        "parent_id": unit.parent_id,
        "dissolved": unit.dissolved,
        "sequence": event.envelope.sequence,
    }


def _person(event: ReceivedEvent) -> dict[str, Any]:
    member: MemberSnapshot = event.payload.member  # type: ignore[attr-defined]
    return {
        "member_id": member.member_id,
        "branch_id": member.branch_id,
        "name": member.name,
        "status": member.status.value,
        "sequence": event.envelope.sequence,
    }


def _activity(event: ReceivedEvent) -> dict[str, Any]:
    activity: ActivitySnapshot = event.payload.activity  # type: ignore[attr-defined]
    return {
        "activity_id": activity.activity_id,
        "kind": activity.kind.value,
        "branch_id": activity.branch_id,
        "title": activity.title,
        "state": activity.state.value,
        "starts_at": activity.held_start or activity.planned_start,
        "sequence": event.envelope.sequence,
    }


async def unit(session: AsyncSession, unit_id: uuid.UUID) -> Any | None:
    return (await session.execute(select(known_units).where(known_units.c.org_unit_id == unit_id))).one_or_none()


async def person(session: AsyncSession, member_id: uuid.UUID) -> Any | None:
    return (await session.execute(select(known_people).where(known_people.c.member_id == member_id))).one_or_none()


async def activity(session: AsyncSession, activity_id: uuid.UUID) -> Any | None:
    query = select(known_activities).where(known_activities.c.activity_id == activity_id)
    return (await session.execute(query)).one_or_none()
