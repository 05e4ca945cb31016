"""Read-side queries: activity lists with filters and paging."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from activity.adapters.activity_repository import activity_from_row
from activity.adapters.orm import activities
from activity.domain.activity import Activity
from bastion.db.paging import PageRequest, paged
from bastion_contracts.vocabulary import ActivityKind, ActivityState


async def list_activities(
    connection: AsyncConnection,
    page: PageRequest,
    *,
    branch_id: uuid.UUID | None = None,
    branch_ids: Collection[uuid.UUID] | None = None,
    organiser_id: uuid.UUID | None = None,
    kind: ActivityKind | None = None,
    state: ActivityState | None = None,
    starts_from: datetime | None = None,
    starts_before: datetime | None = None,
) -> tuple[list[Activity], int]:
    """Activities by planned start, newest first; ``branch_ids`` narrows to these branches (a secretary's)."""
    conditions: list[ColumnElement[bool]] = []
    if branch_id is not None:
        conditions.append(activities.c.branch_id == branch_id)
    if branch_ids is not None:
        conditions.append(activities.c.branch_id.in_(list(branch_ids)))
    if organiser_id is not None:
        conditions.append(activities.c.organiser_id == organiser_id)
    if kind is not None:
        conditions.append(activities.c.kind == kind.value)
    if state is not None:
        conditions.append(activities.c.state == state.value)
    if starts_from is not None:
        conditions.append(activities.c.planned_start >= starts_from)
    if starts_before is not None:
        conditions.append(activities.c.planned_start < starts_before)
    query = (
        select(activities).where(and_(True, *conditions)).order_by(activities.c.planned_start.desc(), activities.c.id)
    )
    rows, total = await paged(connection, query, page)
    return [activity_from_row(row) for row in rows], total
