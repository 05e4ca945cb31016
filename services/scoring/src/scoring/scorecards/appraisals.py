"""The 民主评议党员 results on score cards: a year's record is the latest meeting's grade in that year."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from scoring.adapters.orm import f_appraisal_grades
from scoring.period import Period
from scoring.scorecards.card import AppraisalDecision


async def decisions(
    connection: AsyncConnection, member_ids: Sequence[uuid.UUID], period: Period
) -> dict[uuid.UUID, AppraisalDecision]:
    """Each member's grade from the latest appraisal meeting of the year held by ``as_of``."""
    g = f_appraisal_grades.c
    rows = await connection.execute(
        select(g.member_id, g.grade, g.held_on, g.activity_id)
        .where(g.member_id.in_(list(member_ids)), g.year == period.year, g.held_on <= period.as_of)
        .order_by(g.held_on, g.activity_id)  # the latest meeting last: it wins
    )
    return {row.member_id: AppraisalDecision(row.grade, row.held_on, row.activity_id) for row in rows}
