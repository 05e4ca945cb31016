"""The grades decided at member appraisals (民主评议党员): the current one per meeting and member."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncSession

from activity.adapters.orm import appraisal_grades
from activity.domain.appraisal import Grade
from bastion_contracts.vocabulary import AppraisalGrade


class AppraisalRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def grades(self, activity_id: uuid.UUID) -> dict[uuid.UUID, Grade]:
        rows = await self._session.execute(
            select(appraisal_grades).where(appraisal_grades.c.activity_id == activity_id)
        )
        return {
            row.member_id: Grade(row.activity_id, row.member_id, AppraisalGrade(row.grade), row.recorded_at)
            for row in rows
        }

    async def save(self, grades: Sequence[Grade]) -> None:
        """Record the grades; a member's new grade at the same meeting replaces the old (its event keeps both)."""
        if not grades:
            return
        statement = upsert(appraisal_grades).values(
            [
                {
                    "activity_id": g.activity_id,
                    "member_id": g.member_id,
                    "grade": g.grade.value,
                    "recorded_at": g.recorded_at,
                }
                for g in grades
            ]
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[appraisal_grades.c.activity_id, appraisal_grades.c.member_id],
                set_={"grade": statement.excluded.grade, "recorded_at": statement.excluded.recorded_at},
            )
        )
