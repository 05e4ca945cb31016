"""Served departments, service posts and reserve talents."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.db.integrity import violated_constraint
from bastion.errors import ConflictError
from bastion_contracts.vocabulary import EducationLevel, Gender, ServicePostKind
from roster.adapters.orm import departments, reserve_talents, service_posts
from roster.domain.service import Candidate, ReserveTalent, ServedDepartment, ServicePost


def _department(row: Any) -> ServedDepartment:
    return ServedDepartment(row.id, row.branch_id, row.name, row.added_on, row.removed_on)


def _post(row: Any) -> ServicePost:
    return ServicePost(
        id=row.id,
        branch_id=row.branch_id,
        kind=ServicePostKind(row.kind),
        name=row.name,
        holder_ids=tuple(row.holder_ids),
        department_ids=tuple(row.department_ids),
        assigned_on=row.assigned_on,
        closed_on=row.closed_on,
    )


def _talent(row: Any) -> ReserveTalent:
    return ReserveTalent(
        id=row.id,
        branch_id=row.branch_id,
        candidate=Candidate(
            name=row.name,
            gender=Gender(row.gender),
            birth_date=row.birth_date,
            education=EducationLevel(row.education),
            department=row.department,
        ),
        mentor_id=row.mentor_id,
        member_id=row.member_id,
        added_on=row.added_on,
        removed_on=row.removed_on,
        remove_reason=row.remove_reason,
    )


class ServiceRepository:
    """A branch's served departments, service posts and reserve talents."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _one(self, table: Table, row_id: uuid.UUID, for_update: bool) -> Any:
        query = select(table).where(table.c.id == row_id)
        if for_update:
            query = query.with_for_update()
        return (await self._session.execute(query)).one_or_none()

    async def _all(self, table: Table, *conditions: ColumnElement[bool], order: Sequence[Any]) -> list[Any]:
        return list(await self._session.execute(select(table).where(and_(True, *conditions)).order_by(*order)))

    # Served departments (服务对象部门)

    async def department(self, department_id: uuid.UUID, *, for_update: bool = False) -> ServedDepartment | None:
        row = await self._one(departments, department_id, for_update)
        return _department(row) if row else None

    async def departments_by_id(self, department_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ServedDepartment]:
        rows = await self._all(departments, departments.c.id.in_(department_ids), order=[departments.c.id])
        return {row.id: _department(row) for row in rows}

    async def departments_of(self, branch_id: uuid.UUID, *, include_removed: bool = False) -> list[ServedDepartment]:
        conditions = [departments.c.branch_id == branch_id]
        if not include_removed:
            conditions.append(departments.c.removed_on.is_(None))
        rows = await self._all(departments, *conditions, order=[departments.c.name, departments.c.added_on])
        return [_department(row) for row in rows]

    async def add_department(self, department: ServedDepartment) -> None:
        values = {"branch_id": department.branch_id, "name": department.name, "added_on": department.added_on}
        try:
            await self._session.execute(insert(departments).values(id=department.id, **values))
        except IntegrityError as exc:
            # The partial unique index is the rule: a name once among the branch's active departments.
            if violated_constraint(exc) == "departments_active_name_uq":
                raise ConflictError(
                    f"本支部的服务对象中已有「{department.name}」", code="duplicate_department"
                ) from exc
            raise

    async def save_department(self, department: ServedDepartment) -> None:
        await self._session.execute(
            update(departments).where(departments.c.id == department.id).values(removed_on=department.removed_on)
        )

    # Service posts (党员流动服务岗、党员先锋岗)

    async def post(self, post_id: uuid.UUID, *, for_update: bool = False) -> ServicePost | None:
        row = await self._one(service_posts, post_id, for_update)
        return _post(row) if row else None

    async def posts_of(
        self, branch_id: uuid.UUID, *, kind: ServicePostKind | None = None, include_closed: bool = False
    ) -> list[ServicePost]:
        conditions = [service_posts.c.branch_id == branch_id]
        if kind is not None:
            conditions.append(service_posts.c.kind == kind.value)
        if not include_closed:
            conditions.append(service_posts.c.closed_on.is_(None))
        order = [service_posts.c.kind, service_posts.c.name, service_posts.c.assigned_on]
        return [_post(row) for row in await self._all(service_posts, *conditions, order=order)]

    async def add_post(self, post: ServicePost) -> None:
        await self._session.execute(insert(service_posts).values(id=post.id, **_post_values(post)))

    async def save_post(self, post: ServicePost) -> None:
        await self._session.execute(
            update(service_posts).where(service_posts.c.id == post.id).values(**_post_values(post))
        )

    # Reserve talents (后备力量)

    async def talent(self, talent_id: uuid.UUID, *, for_update: bool = False) -> ReserveTalent | None:
        row = await self._one(reserve_talents, talent_id, for_update)
        return _talent(row) if row else None

    async def talents_of(self, branch_id: uuid.UUID, *, include_removed: bool = False) -> list[ReserveTalent]:
        conditions = [reserve_talents.c.branch_id == branch_id]
        if not include_removed:
            conditions.append(reserve_talents.c.removed_on.is_(None))
        order = [reserve_talents.c.name, reserve_talents.c.added_on]
        return [_talent(row) for row in await self._all(reserve_talents, *conditions, order=order)]

    async def active_talent_for(self, member_id: uuid.UUID) -> ReserveTalent | None:
        """The reserve entry of a person on the roster, if they are in a reserve now."""
        rows = await self._all(
            reserve_talents,
            reserve_talents.c.member_id == member_id,
            reserve_talents.c.removed_on.is_(None),
            order=[reserve_talents.c.added_on],
        )
        return _talent(rows[0]) if rows else None

    async def add_talent(self, talent: ReserveTalent) -> None:
        candidate = talent.candidate
        await self._session.execute(
            insert(reserve_talents).values(
                id=talent.id,
                branch_id=talent.branch_id,
                name=candidate.name,
                gender=candidate.gender.value,
                birth_date=candidate.birth_date,
                education=candidate.education.value,
                department=candidate.department,
                mentor_id=talent.mentor_id,
                member_id=talent.member_id,
                added_on=talent.added_on,
            )
        )

    async def save_talent(self, talent: ReserveTalent) -> None:
        await self._session.execute(
            update(reserve_talents)
            .where(reserve_talents.c.id == talent.id)
            .values(removed_on=talent.removed_on, remove_reason=talent.remove_reason)
        )


def _post_values(post: ServicePost) -> dict[str, Any]:
    return {
        "branch_id": post.branch_id,
        "kind": post.kind.value,
        "name": post.name,
        "holder_ids": list(post.holder_ids),
        "department_ids": list(post.department_ids),
        "assigned_on": post.assigned_on,
        "closed_on": post.closed_on,
    }
