"""Members, stored in roster's database."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bastion_contracts import EducationLevel
from roster.adapters.orm import members
from roster.domain.member import Member


class MemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, member: Member) -> None:
        await self._session.execute(
            insert(members).values(
                id=member.id,
                branch_id=member.branch_id,
                name=member.name,
                birth_date=member.birth_date,
                education=member.education.value,
                registered_at=member.registered_at,
            )
        )

    async def get(self, member_id: uuid.UUID) -> Member | None:
        row = (await self._session.execute(select(members).where(members.c.id == member_id))).one_or_none()
        if row is None:
            return None
        return Member(
            id=row.id,
            branch_id=row.branch_id,
            name=row.name,
            birth_date=row.birth_date,
            education=EducationLevel(row.education),
            registered_at=row.registered_at,
        )
