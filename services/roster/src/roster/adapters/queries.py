"""Read-side queries: lists with filters, paging and search, straight from the tables."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bastion.db.paging import PageRequest, paged
from bastion_contracts.vocabulary import MemberClass, MemberStatus, OrgUnitKind, Stage
from roster.adapters.member_repository import member_from_row
from roster.adapters.org_repository import _unit, subtree_condition
from roster.adapters.orm import member_transfers, members, org_units
from roster.domain.member import Member
from roster.domain.org import OrgUnit


def name_matches(column: Any, text: str) -> ColumnElement[bool]:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    condition: ColumnElement[bool] = column.ilike(f"%{escaped}%", escape="\\")
    return condition


async def list_org_units(
    connection: AsyncConnection,
    page: PageRequest,
    *,
    parent_id: uuid.UUID | None = None,
    kind: OrgUnitKind | None = None,
    include_dissolved: bool = False,
    search: str | None = None,
) -> tuple[list[OrgUnit], int]:
    conditions = []
    if parent_id is not None:
        conditions.append(org_units.c.parent_id == parent_id)
    if kind is not None:
        conditions.append(org_units.c.kind == kind.value)
    if not include_dissolved:
        conditions.append(org_units.c.dissolved_on.is_(None))
    if search:
        conditions.append(name_matches(org_units.c.name, search))
    query = select(org_units).where(and_(True, *conditions)).order_by(org_units.c.name, org_units.c.id)
    rows, total = await paged(connection, query, page)
    return [_unit(row) for row in rows], total


def in_subtree(unit_id: uuid.UUID) -> ColumnElement[bool]:
    """People whose branch or party group is at or below ``unit_id``."""
    units = select(org_units.c.id).where(subtree_condition(unit_id))
    return or_(members.c.branch_id.in_(units), members.c.group_id.in_(units))


async def list_members(
    connection: AsyncConnection,
    page: PageRequest,
    *,
    org_unit_id: uuid.UUID | None = None,
    branch_ids: Collection[uuid.UUID] | None = None,
    statuses: Sequence[MemberStatus] = (MemberStatus.ACTIVE,),
    stage: Stage | None = None,
    member_class: MemberClass | None = None,
    search: str | None = None,
) -> tuple[list[Member], int]:
    conditions: list[ColumnElement[bool]] = [members.c.status.in_([s.value for s in statuses])]
    if org_unit_id is not None:
        conditions.append(in_subtree(org_unit_id))
    if branch_ids is not None:  # a secretary's view: only their branches
        conditions.append(members.c.branch_id.in_(branch_ids))
    if stage is not None:
        conditions.append(members.c.stage == stage.value)
    if member_class is not None:
        conditions.append(members.c.member_class == member_class.value)
    if search:
        conditions.append(name_matches(members.c.name, search))
    query = select(members).where(and_(*conditions)).order_by(members.c.name, members.c.id)
    rows, total = await paged(connection, query, page)
    return [member_from_row(row) for row in rows], total


async def members_under(connection: AsyncConnection, unit_id: uuid.UUID) -> list[Member]:
    """Every active person at or below the unit (for statistics and overdue steps)."""
    rows = await connection.execute(
        select(members).where(in_subtree(unit_id), members.c.status == MemberStatus.ACTIVE.value)
    )
    return [member_from_row(row) for row in rows]


async def transfers_of(connection: AsyncConnection, member_id: uuid.UUID) -> list[Any]:
    rows = await connection.execute(
        select(member_transfers)
        .where(member_transfers.c.member_id == member_id)
        .order_by(member_transfers.c.transferred_on, member_transfers.c.recorded_at)
    )
    return list(rows)
