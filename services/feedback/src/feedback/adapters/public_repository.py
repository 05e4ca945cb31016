"""The public channel's codes and modes, and the record of recent submissions (limits and bursts)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.adapters.orm import public_codes, public_submissions
from feedback.domain.allowance import Recent
from feedback.domain.public import PublicMode


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

    async def branch_of(self, code: str) -> tuple[uuid.UUID, PublicMode] | None:
        """The branch a code opens, and how its page counts a respondent."""
        row = (
            await self._session.execute(
                select(public_codes.c.branch_id, public_codes.c.mode).where(public_codes.c.code == code)
            )
        ).one_or_none()
        return (row.branch_id, PublicMode(row.mode or PublicMode.ANONYMOUS)) if row else None

    async def mode_of(self, branch_id: uuid.UUID) -> PublicMode:
        mode = await self._session.scalar(select(public_codes.c.mode).where(public_codes.c.branch_id == branch_id))
        return PublicMode(mode or PublicMode.ANONYMOUS)

    async def set_mode(self, branch_id: uuid.UUID, mode: PublicMode) -> None:
        await self._session.execute(
            update(public_codes).where(public_codes.c.branch_id == branch_id).values(mode=mode.value)
        )

    async def recent(self, device_hash: bytes, client_hash: bytes, since: datetime) -> tuple[Recent, Recent]:
        """Submissions since then from this device, and from this address (one statement: it runs on every
        submission)."""
        submissions = public_submissions.c
        by_device, by_address = submissions.device_hash == device_hash, submissions.client_hash == client_hash
        row = (
            await self._session.execute(
                select(
                    func.count().filter(by_device),
                    func.min(submissions.at).filter(by_device),
                    func.count().filter(by_address),
                    func.min(submissions.at).filter(by_address),
                ).where(by_device | by_address, submissions.at >= since)
            )
        ).one()
        return Recent(int(row[0] or 0), row[1]), Recent(int(row[2] or 0), row[3])

    async def ratings_from_address(self, client_hash: bytes, subject_id: uuid.UUID, since: datetime) -> list[uuid.UUID]:
        """The ratings of this subject submitted from this address since then."""
        rows = await self._session.scalars(
            select(public_submissions.c.rating_id).where(
                public_submissions.c.client_hash == client_hash,
                public_submissions.c.subject_id == subject_id,
                public_submissions.c.rating_id.is_not(None),
                public_submissions.c.at >= since,
            )
        )
        return [rating_id for rating_id in rows if rating_id is not None]

    async def record(
        self,
        client_hash: bytes,
        device_hash: bytes,
        code: str,
        at: datetime,
        *,
        subject_id: uuid.UUID | None = None,
        rating_id: uuid.UUID | None = None,
    ) -> None:
        await self._session.execute(
            insert(public_submissions).values(
                client_hash=client_hash,
                device_hash=device_hash,
                code=code,
                at=at,
                subject_id=subject_id,
                rating_id=rating_id,
            )
        )

    async def forget_before(self, cutoff: datetime) -> None:
        await self._session.execute(delete(public_submissions).where(public_submissions.c.at < cutoff))
