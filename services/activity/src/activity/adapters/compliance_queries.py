"""What compliance reads: a branch's party groups (roster facts) and the activities it held."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from activity.adapters.orm import activities, roster_units
from activity.domain.compliance import Group, HeldActivity
from bastion_contracts.vocabulary import ActivityKind, ActivityState, OrgUnitKind

# A returned record was held; it only waits for its minutes to be completed.
COUNTED_STATES = (ActivityState.HELD, ActivityState.APPROVED, ActivityState.RETURNED)


async def active_groups(session: AsyncSession, branch_id: uuid.UUID) -> list[Group]:
    """The branch's party groups that are not dissolved, by name."""
    rows = await session.execute(
        select(roster_units.c.org_unit_id, roster_units.c.name)
        .where(
            roster_units.c.parent_id == branch_id,
            roster_units.c.kind == OrgUnitKind.PARTY_GROUP.value,
            roster_units.c.dissolved.is_(False),
        )
        .order_by(roster_units.c.name, roster_units.c.org_unit_id)
    )
    return [Group(row.org_unit_id, row.name) for row in rows]


async def held_activities(
    session: AsyncSession,
    branch_id: uuid.UUID,
    kinds: Collection[ActivityKind],
    first_day: date,
    end: date,
    timezone: str,
) -> list[HeldActivity]:
    """Activities of these kinds organised by the branch or its groups and held from ``first_day`` to
    before ``end`` (local days in ``timezone``), each with the local day it was held on."""
    zone = ZoneInfo(timezone)
    rows = await session.execute(
        select(activities.c.kind, activities.c.organiser_id, activities.c.held_start).where(
            activities.c.branch_id == branch_id,
            activities.c.kind.in_([kind.value for kind in kinds]),
            activities.c.state.in_([state.value for state in COUNTED_STATES]),
            activities.c.held_start >= _start_of(first_day, zone),
            activities.c.held_start < _start_of(end, zone),
        )
    )
    return [
        HeldActivity(ActivityKind(row.kind), row.organiser_id, row.held_start.astimezone(zone).date()) for row in rows
    ]


def _start_of(day: date, zone: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone)
