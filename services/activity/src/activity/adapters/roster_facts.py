"""The roster facts activity keeps, written from roster's events (never by calling roster).

Each fact is the newest state roster announced: org units, people, branch committees, served
departments and service posts. ``apply_roster_events`` is the consumer's handler; the
queries below answer what activity needs (who is expected, who serves where).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Uuid, select
from sqlalchemy.ext.asyncio import AsyncSession

from activity.adapters.orm import (
    roster_committees,
    roster_departments,
    roster_people,
    roster_service_posts,
    roster_units,
)
from bastion.consumer import ReceivedEvent
from bastion.consumer.snapshots import Columns, KeptSnapshot, Row, keep_latest
from bastion.db.bulk import any_array
from bastion_contracts.roster import (
    COMMITTEE_SNAPSHOTS,
    MEMBER_SNAPSHOTS,
    ORG_UNIT_SNAPSHOTS,
    SERVED_DEPARTMENT_SNAPSHOTS,
    SERVICE_POST_SNAPSHOTS,
    BranchCommittee,
    MemberSnapshot,
    OrgUnitSnapshot,
    ServedDepartment,
    ServicePost,
)


def _unit_row(unit: OrgUnitSnapshot) -> Row:
    return {
        "org_unit_id": unit.org_unit_id,
        "kind": unit.kind.value,
        "name": unit.name,
        "parent_id": unit.parent_id,
        "ancestor_ids": unit.ancestor_ids,
        "dissolved": unit.dissolved,
    }


def _person_row(member: MemberSnapshot) -> Row:
    return {
        "member_id": member.member_id,
        "branch_id": member.branch_id,
        "group_id": member.group_id,
        "name": member.name,
        "stage": member.stage.value,
        "status": member.status.value,
        "member_class": member.member_class.value,
    }


def _committee_row(committee: BranchCommittee) -> Row:
    return {"branch_id": committee.branch_id, "member_ids": [seat.member_id for seat in committee.seats]}


def _department_row(department: ServedDepartment) -> Row:
    return {
        "department_id": department.department_id,
        "branch_id": department.branch_id,
        "name": department.name,
        "removed": department.removed,
    }


def _post_row(post: ServicePost) -> Row:
    return {
        "post_id": post.post_id,
        "branch_id": post.branch_id,
        "kind": post.kind.value,
        "name": post.name or "",
        "holder_ids": post.holder_ids or [],
        "department_ids": post.department_ids or [],
        "closed": post.closed,
    }


def _closing(post: ServicePost) -> Columns:
    # A closing says nothing of holders or departments: keep what the post had, mark it closed.
    return ("closed",) if post.closed else None


ROSTER_FACTS = (
    KeptSnapshot(ORG_UNIT_SNAPSHOTS, roster_units, _unit_row),
    KeptSnapshot(MEMBER_SNAPSHOTS, roster_people, _person_row),
    KeptSnapshot(COMMITTEE_SNAPSHOTS, roster_committees, _committee_row),
    KeptSnapshot(SERVED_DEPARTMENT_SNAPSHOTS, roster_departments, _department_row),
    KeptSnapshot(SERVICE_POST_SNAPSHOTS, roster_service_posts, _post_row, partial=_closing),
)


async def apply_roster_events(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    """Keep the newest roster facts from a batch (any order gives the same rows)."""
    await keep_latest(session, ROSTER_FACTS, events)


async def unit(session: AsyncSession, unit_id: uuid.UUID) -> Any | None:
    return (await session.execute(select(roster_units).where(roster_units.c.org_unit_id == unit_id))).one_or_none()


async def people(session: AsyncSession, member_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    if not member_ids:
        return {}
    rows = await session.execute(select(roster_people).where(roster_people.c.member_id == any_array(member_ids, Uuid)))
    return {row.member_id: row for row in rows}


PARTY_MEMBER_STAGES = ("probationary", "full")


async def party_members_of(session: AsyncSession, organiser_id: uuid.UUID, *, group: bool) -> list[uuid.UUID]:
    """Active Party members of a branch (or of a party group)."""
    column = roster_people.c.group_id if group else roster_people.c.branch_id
    rows = await session.scalars(
        select(roster_people.c.member_id)
        .where(
            column == organiser_id, roster_people.c.status == "active", roster_people.c.stage.in_(PARTY_MEMBER_STAGES)
        )
        .order_by(roster_people.c.name, roster_people.c.member_id)
    )
    return list(rows)


async def committee_members(session: AsyncSession, branch_id: uuid.UUID) -> list[uuid.UUID]:
    row = (
        await session.execute(select(roster_committees).where(roster_committees.c.branch_id == branch_id))
    ).one_or_none()
    return list(row.member_ids) if row else []


async def departments(session: AsyncSession, department_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    if not department_ids:
        return {}
    rows = await session.execute(
        select(roster_departments).where(roster_departments.c.department_id.in_(department_ids))
    )
    return {row.department_id: row for row in rows}


async def service_post(session: AsyncSession, post_id: uuid.UUID) -> Any | None:
    query = select(roster_service_posts).where(roster_service_posts.c.post_id == post_id)
    return (await session.execute(query)).one_or_none()
