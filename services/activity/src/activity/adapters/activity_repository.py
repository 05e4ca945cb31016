"""Activities and their expected lists in activity's database."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from activity.adapters.orm import activities, activity_expected
from activity.domain.activity import Activity, Organiser, Plan
from bastion_contracts.vocabulary import ActivityKind, ActivityState, OrgUnitKind, ThemedPracticeSubtype


def activity_from_row(row: Any) -> Activity:
    return Activity(
        id=row.id,
        organiser=Organiser(row.organiser_id, OrgUnitKind(row.organiser_kind), "", row.branch_id),
        plan=Plan(
            kind=ActivityKind(row.kind),
            title=row.title,
            planned_start=row.planned_start,
            place=row.place,
            subtype=ThemedPracticeSubtype(row.subtype) if row.subtype else None,
            planned_end=row.planned_end,
            host_id=row.host_id,
            recorder_id=row.recorder_id,
            lecturer_id=row.lecturer_id,
            five_services=tuple(row.five_services),
            agenda=row.agenda,
            service_post_id=row.service_post_id,
            qc_project_id=row.qc_project_id,
        ),
        state=ActivityState(row.state),
        created_at=row.created_at,
        held_start=row.held_start,
        held_end=row.held_end,
        minutes=row.minutes,
        resolutions=row.resolutions,
        approved_at=row.approved_at,
        state_reason=row.state_reason,
    )


def _values(activity: Activity) -> dict[str, Any]:
    plan = activity.plan
    return {
        "kind": plan.kind.value,
        "subtype": plan.subtype.value if plan.subtype else None,
        "organiser_id": activity.organiser.id,
        "organiser_kind": activity.organiser.kind.value,
        "branch_id": activity.organiser.branch_id,
        "title": plan.title,
        "planned_start": plan.planned_start,
        "planned_end": plan.planned_end,
        "place": plan.place,
        "host_id": plan.host_id,
        "recorder_id": plan.recorder_id,
        "lecturer_id": plan.lecturer_id,
        "five_services": list(plan.five_services),
        "agenda": plan.agenda,
        "state": activity.state.value,
        "held_start": activity.held_start,
        "held_end": activity.held_end,
        "minutes": activity.minutes,
        "resolutions": activity.resolutions,
        "approved_at": activity.approved_at,
        "state_reason": activity.state_reason,
        "service_post_id": plan.service_post_id,
        "qc_project_id": plan.qc_project_id,
    }


class ActivityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, activity_id: uuid.UUID, *, for_update: bool = False) -> Activity | None:
        query = select(activities).where(activities.c.id == activity_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        return activity_from_row(row) if row else None

    async def add(self, activity: Activity, expected: Sequence[uuid.UUID]) -> None:
        await self._session.execute(
            insert(activities).values(id=activity.id, created_at=activity.created_at, **_values(activity))
        )
        await self.set_expected(activity.id, expected)

    async def save(self, activity: Activity) -> None:
        await self._session.execute(
            update(activities).where(activities.c.id == activity.id).values(**_values(activity))
        )

    async def expected(self, activity_id: uuid.UUID) -> list[uuid.UUID]:
        rows = await self._session.scalars(
            select(activity_expected.c.member_id).where(activity_expected.c.activity_id == activity_id)
        )
        return list(rows)

    async def set_expected(self, activity_id: uuid.UUID, member_ids: Sequence[uuid.UUID]) -> None:
        await self._session.execute(delete(activity_expected).where(activity_expected.c.activity_id == activity_id))
        if member_ids:
            await self._session.execute(
                insert(activity_expected),
                [{"activity_id": activity_id, "member_id": m} for m in dict.fromkeys(member_ids)],
            )
