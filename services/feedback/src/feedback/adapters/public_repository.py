"""The public channel's codes and the record of recent submissions (for rate limiting)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.adapters.orm import public_codes, public_submissions


class PublicRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def code_of(self, branch_id: uuid.UUID) -> str | None:
        code: str | None = await self._session.scalar(
            select(public_codes.c.code).where(public_codes.c.branch_id == branch_id)
        )
        return code

    async def claim_code(self, branch_id: uuid.UUID, code: str, now: datetime) -> str:
        """Give the branch ``code`` unless it already has one (or the code is taken); its code."""
        await self._session.execute(
            pg_insert(public_codes).values(code=code, branch_id=branch_id, created_at=now).on_conflict_do_nothing()
        )
        return await self.code_of(branch_id) or ""

    async def branch_of(self, code: str) -> uuid.UUID | None:
        branch: uuid.UUID | None = await self._session.scalar(
            select(public_codes.c.branch_id).where(public_codes.c.code == code)
        )
        return branch

    async def count_since(self, client_hash: bytes, since: datetime) -> int:
        count = await self._session.scalar(
            select(func.count()).where(
                public_submissions.c.client_hash == client_hash, public_submissions.c.at >= since
            )
        )
        return int(count or 0)

    async def record(self, client_hash: bytes, code: str, at: datetime) -> None:
        await self._session.execute(insert(public_submissions).values(client_hash=client_hash, code=code, at=at))

    async def forget_before(self, cutoff: datetime) -> None:
        await self._session.execute(delete(public_submissions).where(public_submissions.c.at < cutoff))
