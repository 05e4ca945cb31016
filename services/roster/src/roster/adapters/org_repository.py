"""Org units in roster's database."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.db.integrity import violated_constraint
from bastion.errors import ConflictError
from bastion_contracts.vocabulary import MemberStatus, OrgUnitKind
from roster.adapters.orm import members, org_units
from roster.domain.org import OrgUnit


def _unit(row: Any) -> OrgUnit:
    return OrgUnit(
        id=row.id,
        kind=OrgUnitKind(row.kind),
        name=row.name,
        parent_id=row.parent_id,
        ancestor_ids=tuple(row.ancestor_ids),
        created_at=row.created_at,
        dissolved_on=row.dissolved_on,
        established_on=row.established_on,
    )


def subtree_condition(unit_id: uuid.UUID) -> ColumnElement[bool]:
    """Org units at or below ``unit_id``."""
    return or_(org_units.c.id == unit_id, org_units.c.ancestor_ids.contains([unit_id]))


class OrgUnitRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, unit_id: uuid.UUID, *, for_update: bool = False) -> OrgUnit | None:
        query = select(org_units).where(org_units.c.id == unit_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        return _unit(row) if row else None

    async def get_many(self, unit_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, OrgUnit]:
        if not unit_ids:
            return {}
        rows = await self._session.execute(select(org_units).where(org_units.c.id.in_(unit_ids)))
        return {row.id: _unit(row) for row in rows}

    async def add(self, unit: OrgUnit) -> None:
        try:
            await self._session.execute(
                insert(org_units).values(
                    id=unit.id,
                    kind=unit.kind.value,
                    name=unit.name,
                    parent_id=unit.parent_id,
                    ancestor_ids=list(unit.ancestor_ids),
                    created_at=unit.created_at,
                    established_on=unit.established_on,
                )
            )
        except IntegrityError as exc:
            raise _translated(exc, unit) from exc

    async def save(self, unit: OrgUnit) -> None:
        try:
            await self._session.execute(
                update(org_units)
                .where(org_units.c.id == unit.id)
                .values(
                    name=unit.name,
                    parent_id=unit.parent_id,
                    ancestor_ids=list(unit.ancestor_ids),
                    dissolved_on=unit.dissolved_on,
                )
            )
        except IntegrityError as exc:
            raise _translated(exc, unit) from exc

    async def rebase_descendants(self, unit: OrgUnit, old_path: tuple[uuid.UUID, ...]) -> None:
        """After a move, every descendant's ancestors start with the unit's new path."""
        depth = len(old_path)
        await self._session.execute(
            update(org_units)
            .where(org_units.c.ancestor_ids.contains([unit.id]))
            .values(
                ancestor_ids=literal(list(unit.path_ids), org_units.c.ancestor_ids.type)
                + org_units.c.ancestor_ids[depth + 1 :]
            )
        )

    async def count_active_children(self, unit_id: uuid.UUID) -> int:
        count = await self._session.scalar(
            select(func.count()).where(org_units.c.parent_id == unit_id, org_units.c.dissolved_on.is_(None))
        )
        return int(count or 0)

    async def count_active_people(self, unit_id: uuid.UUID) -> int:
        count = await self._session.scalar(
            select(func.count()).where(
                or_(members.c.branch_id == unit_id, members.c.group_id == unit_id),
                members.c.status == MemberStatus.ACTIVE.value,
            )
        )
        return int(count or 0)

    async def find_by_name(self, name: str, parent_id: uuid.UUID | None) -> OrgUnit | None:
        parent = org_units.c.parent_id.is_(None) if parent_id is None else org_units.c.parent_id == parent_id
        row = (
            await self._session.execute(
                select(org_units).where(and_(org_units.c.name == name, parent, org_units.c.dissolved_on.is_(None)))
            )
        ).one_or_none()
        return _unit(row) if row else None


def _translated(exc: IntegrityError, unit: OrgUnit) -> Exception:
    if violated_constraint(exc) == "org_units_active_name_uq":
        return ConflictError(f"同一上级下已有名为「{unit.name}」的组织", code="duplicate_org_unit_name")
    return exc
