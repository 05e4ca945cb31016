"""Attendance entries (append-only) and check-in codes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncSession

from activity.adapters.orm import attendance_entries, check_in_codes
from activity.domain.attendance import CheckInCode, Entry
from bastion_contracts.vocabulary import AttendanceState


def entry_from_row(row: Any) -> Entry:
    return Entry(
        id=row.id,
        activity_id=row.activity_id,
        member_id=row.member_id,
        state=AttendanceState(row.state),
        reason=row.reason,
        previous_state=AttendanceState(row.previous_state) if row.previous_state else None,
        source=row.source,
        role=row.role,
        recorded_at=row.recorded_at,
    )


class AttendanceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def current(self, activity_id: uuid.UUID) -> dict[uuid.UUID, Entry]:
        """Each person's latest entry at the activity (their current state)."""
        query = (
            select(attendance_entries)
            .where(attendance_entries.c.activity_id == activity_id)
            .ext(distinct_on(attendance_entries.c.member_id))
            .order_by(attendance_entries.c.member_id, attendance_entries.c.recorded_at.desc())
        )
        return {row.member_id: entry_from_row(row) for row in await self._session.execute(query)}

    async def add(self, entries: Sequence[Entry]) -> None:
        """Append entries; rows are never updated or deleted."""
        if not entries:
            return
        await self._session.execute(
            insert(attendance_entries),
            [
                {
                    "id": e.id,
                    "activity_id": e.activity_id,
                    "member_id": e.member_id,
                    "state": e.state.value,
                    "reason": e.reason,
                    "previous_state": e.previous_state.value if e.previous_state else None,
                    "source": e.source,
                    "role": e.role,
                    "recorded_at": e.recorded_at,
                }
                for e in entries
            ],
        )

    async def code(self, activity_id: uuid.UUID) -> CheckInCode | None:
        query = select(check_in_codes).where(check_in_codes.c.activity_id == activity_id)
        row = (await self._session.execute(query)).one_or_none()
        return CheckInCode(row.activity_id, row.code, row.expires_at) if row else None

    async def set_code(self, code: CheckInCode) -> None:
        """Store the activity's check-in code, replacing an earlier one."""
        values = {"activity_id": code.activity_id, "code": code.code, "expires_at": code.expires_at}
        statement = upsert(check_in_codes).values(**values)
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[check_in_codes.c.activity_id],
                set_={"code": statement.excluded.code, "expires_at": statement.excluded.expires_at},
            )
        )
