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
from bastion.consumer.snapshots import KeptSnapshot, Row, keep_latest
from bastion_contracts.activity import ACTIVITY_SNAPSHOTS, ActivitySnapshot
from bastion_contracts.roster import MEMBER_SNAPSHOTS, ORG_UNIT_SNAPSHOTS, MemberSnapshot, OrgUnitSnapshot
from feedback.adapters.orm import known_activities, known_people, known_units


def _unit(unit: OrgUnitSnapshot) -> Row:
    return {
        "org_unit_id": unit.org_unit_id,
        "kind": unit.kind.value,
        "name": unit.name,
        "parent_id": unit.parent_id,
        "dissolved": unit.dissolved,
    }


def _person(member: MemberSnapshot) -> Row:
    return {
        "member_id": member.member_id,
        "branch_id": member.branch_id,
        "name": member.name,
        "status": member.status.value,
    }


def _activity(activity: ActivitySnapshot) -> Row:
    return {
        "activity_id": activity.activity_id,
        "kind": activity.kind.value,
        "branch_id": activity.branch_id,
        "title": activity.title,
        "state": activity.state.value,
        "starts_at": activity.held_start or activity.planned_start,
    }


KNOWN_FACTS = (
    KeptSnapshot(ORG_UNIT_SNAPSHOTS, known_units, _unit),
    KeptSnapshot(MEMBER_SNAPSHOTS, known_people, _person),
    KeptSnapshot(ACTIVITY_SNAPSHOTS, known_activities, _activity),
)


async def apply_facts(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    """Keep the newest facts of a batch (any order of the same events gives the same rows)."""
    await keep_latest(session, KNOWN_FACTS, events)


async def unit(session: AsyncSession, unit_id: uuid.UUID) -> Any | None:
    return (await session.execute(select(known_units).where(known_units.c.org_unit_id == unit_id))).one_or_none()


async def person(session: AsyncSession, member_id: uuid.UUID) -> Any | None:
    return (await session.execute(select(known_people).where(known_people.c.member_id == member_id))).one_or_none()


async def activity(session: AsyncSession, activity_id: uuid.UUID) -> Any | None:
    query = select(known_activities).where(known_activities.c.activity_id == activity_id)
    return (await session.execute(query)).one_or_none()
