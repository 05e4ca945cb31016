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
from bastion.consumer.facts import latest_by, upsert_newer
from bastion.db.bulk import any_array
from bastion_contracts.roster import (
    CommitteeSeatAssigned,
    CommitteeSeatVacated,
    CommitteeTermStarted,
    MemberSnapshot,
    OrgUnitSnapshot,
    ServedDepartmentAdded,
    ServedDepartmentRemoved,
    ServicePostAssigned,
    ServicePostClosed,
)

_COMMITTEE = (CommitteeTermStarted, CommitteeSeatAssigned, CommitteeSeatVacated)
_DEPARTMENTS = (ServedDepartmentAdded, ServedDepartmentRemoved)
_POSTS = (ServicePostAssigned, ServicePostClosed)


def _attr(event: ReceivedEvent, name: str, kind: type) -> Any:
    value = getattr(event.payload, name, None)
    return value if isinstance(value, kind) else None


async def apply_roster_events(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    """Keep the newest roster facts from a batch (any order gives the same rows)."""
    units = latest_by(events, lambda e: u.org_unit_id if (u := _attr(e, "org_unit", OrgUnitSnapshot)) else None)
    people = latest_by(events, lambda e: m.member_id if (m := _attr(e, "member", MemberSnapshot)) else None)
    committees = latest_by(events, lambda e: e.payload.branch_id if isinstance(e.payload, _COMMITTEE) else None)
    departments = latest_by(events, lambda e: e.payload.department_id if isinstance(e.payload, _DEPARTMENTS) else None)
    posts = latest_by(events, lambda e: e.payload.post_id if isinstance(e.payload, _POSTS) else None)
    await upsert_newer(session, roster_units, [_unit_row(e) for e in units.values()])
    await upsert_newer(session, roster_people, [_person_row(e) for e in people.values()])
    await upsert_newer(session, roster_committees, [_committee_row(e) for e in committees.values()])
    await upsert_newer(session, roster_departments, [_department_row(e) for e in departments.values()])
    opened = [e for e in posts.values() if not isinstance(e.payload, ServicePostClosed)]
    closed = [e for e in posts.values() if isinstance(e.payload, ServicePostClosed)]
    await upsert_newer(session, roster_service_posts, [_post_row(e) for e in opened])
    # A closing says nothing of holders or departments: keep what the post had, mark it closed.
    await upsert_newer(session, roster_service_posts, [_post_row(e) for e in closed], only=["closed"])


def _unit_row(event: ReceivedEvent) -> dict[str, Any]:
    unit: OrgUnitSnapshot = event.payload.org_unit  # type: ignore[attr-defined]
    return {
        "org_unit_id": unit.org_unit_id,
        "kind": unit.kind.value,
        "name": unit.name,
        "parent_id": unit.parent_id,
        "ancestor_ids": unit.ancestor_ids,
        "dissolved": unit.dissolved,
        "sequence": event.envelope.sequence,
    }


def _person_row(event: ReceivedEvent) -> dict[str, Any]:
    member: MemberSnapshot = event.payload.member  # type: ignore[attr-defined]
    return {
        "member_id": member.member_id,
        "branch_id": member.branch_id,
        "group_id": member.group_id,
        "name": member.name,
        "stage": member.stage.value,
        "status": member.status.value,
        "member_class": member.member_class.value,
        "sequence": event.envelope.sequence,
    }


def _committee_row(event: ReceivedEvent) -> dict[str, Any]:
    payload = event.payload
    assert isinstance(payload, _COMMITTEE)  # noqa: S101 - chosen by latest_by above
    return {
        "branch_id": payload.branch_id,
        "member_ids": [seat.member_id for seat in payload.seats],
        "sequence": event.envelope.sequence,
    }


def _department_row(event: ReceivedEvent) -> dict[str, Any]:
    payload = event.payload
    assert isinstance(payload, _DEPARTMENTS)  # noqa: S101 - chosen by latest_by above
    return {
        "department_id": payload.department_id,
        "branch_id": payload.branch_id,
        "name": payload.name,
        "removed": isinstance(payload, ServedDepartmentRemoved),
        "sequence": event.envelope.sequence,
    }


def _post_row(event: ReceivedEvent) -> dict[str, Any]:
    payload = event.payload
    if isinstance(payload, ServicePostClosed):
        return {
            "post_id": payload.post_id,
            "branch_id": payload.branch_id,
            "kind": payload.kind.value,
            "name": "",
            "holder_ids": [],
            "department_ids": [],
            "closed": True,
            "sequence": event.envelope.sequence,
        }
    assert isinstance(payload, ServicePostAssigned)  # noqa: S101 - chosen by latest_by above
    return {
        "post_id": payload.post_id,
        "branch_id": payload.branch_id,
        "kind": payload.kind.value,
        "name": payload.name,
        "holder_ids": payload.holder_ids,
        "department_ids": payload.department_ids,
        "closed": False,
        "sequence": event.envelope.sequence,
    }


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
