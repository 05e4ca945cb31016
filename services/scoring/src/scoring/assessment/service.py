"""Branch assessments read from the live projection: one branch's, and every branch's below an org unit.

An assessment is computed when it is read (never stored), from the facts of the period and the
member totals of the score cards, with the rule set in force on the year's 1 January.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from bastion.errors import NotFoundError, RuleViolationError
from scoring.assessment import BranchAssessment
from scoring.assessment import inputs as loading
from scoring.assessment.compute import assess
from scoring.assessment.measures import add_months
from scoring.period import Period
from scoring.scorecards.service import member_totals_of_branch


def assessment_day(year: int | None, quarter: int | None, today: date) -> tuple[int, date]:
    """The year (default: this one) and the day it is assessed as at: today in this year, 31 December in a
    past one; with ``quarter`` the end of that quarter, or today if sooner. A period not begun is refused."""
    year = year if year is not None else today.year
    first = date(year, 1, 1) if quarter is None else date(year, 3 * quarter - 2, 1)
    if first > today:
        period = f"{year} 年" if quarter is None else f"{year} 年第 {quarter} 季度"
        raise RuleViolationError(f"{period}还没有开始（今天是 {today}），没有考评可算", code="period_in_future")
    last = date(year, 12, 31) if quarter is None else add_months(first, 3) - timedelta(days=1)
    return year, min(last, today)


async def branch_assessment(connection: AsyncConnection, branch_id: uuid.UUID, period: Period) -> BranchAssessment:
    """The branch's assessment for the period (1 January – ``as_of``); ``branch_not_found`` if unknown."""
    found = await assess_branch(connection, branch_id, period)
    if found is None:
        raise NotFoundError(f"没有这个党支部：{branch_id}", code="branch_not_found")
    return found


async def assess_branch(connection: AsyncConnection, branch_id: uuid.UUID, period: Period) -> BranchAssessment | None:
    """Like :func:`branch_assessment`, None for a branch the projection does not know (for the announcer)."""
    name = await loading.branch_name(connection, branch_id)
    if name is None:
        return None
    return await _assessed(connection, branch_id, name, period)


async def unit_assessments(connection: AsyncConnection, unit_id: uuid.UUID, period: Period) -> list[BranchAssessment]:
    """Every branch at or below the org unit that existed in the period, the best total first (then by
    name); ``org_unit_not_found``."""
    branches = await loading.branches_at_or_below(connection, unit_id, period)
    if branches is None:
        raise NotFoundError(f"没有这个党组织：{unit_id}", code="org_unit_not_found")
    found = [await _assessed(connection, b, name, period) for b, name in branches]
    return sorted(found, key=lambda a: (-a.total, a.name, str(a.branch_id)))


async def _assessed(connection: AsyncConnection, branch_id: uuid.UUID, name: str, period: Period) -> BranchAssessment:
    facts = await loading.load(connection, branch_id, name, period)
    totals = await member_totals_of_branch(connection, branch_id, period)
    return assess(replace(facts, member_totals=totals), period.rule_set)
