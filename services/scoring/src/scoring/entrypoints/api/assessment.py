"""Branch assessment (党支部“六有”考评与星级评定): a branch's, its explanation, and the branches below a unit."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, cast

from fastapi import APIRouter, Query

from bastion.clock import local_today
from bastion.errors import RuleViolationError
from scoring.assessment import service
from scoring.entrypoints.api.access import AnyRole
from scoring.entrypoints.api.schemas.assessment import (
    AssessmentExplained,
    AssessmentPublic,
    RankedBranch,
    UnitAssessments,
)
from scoring.period import Period
from scoring.reads import Reading, ReadingDep
from scoring.scorecards.service import resolve_period
from scoring.settings import ScoringSettings

router = APIRouter(tags=["branch assessment"], dependencies=[AnyRole])

_BRANCH: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such branch (branch_not_found)"},
    422: {"description": "The period has not begun (period_in_future), or as_of is not a day of it"},
}
_UNIT: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such org unit (org_unit_not_found)"},
    422: {"description": "The year has not begun (period_in_future)"},
}
Year = Annotated[
    int | None,
    Query(ge=2000, le=2100, description="Calendar year, in the organisation's time zone (default: this year)."),
]
Quarter = Annotated[
    int | None,
    Query(ge=1, le=4, description="Preview up to the end of this quarter (or today, if sooner): year to date."),
]
AsOf = Annotated[
    date | None,
    Query(
        description="Assess 1 January to this day of the year (default: today this year, 31 December in a past "
        "one); not with quarter, not after today."
    ),
]


def _period(reading: Reading, year: int | None, quarter: int | None, as_of: date | None) -> Period:
    timezone = cast(ScoringSettings, reading.runtime.settings).timezone
    today = local_today(timezone)
    if as_of is None:
        year, as_of = service.assessment_day(year, quarter, today)
    elif quarter is not None:
        raise RuleViolationError("quarter 和 as_of 只能给一个", code="quarter_and_as_of")
    else:
        year, as_of = resolve_period(as_of.year if year is None else year, as_of, today)
    return Period.of(year, as_of, reading.rules, timezone)


@router.get("/branches/{branch_id}/assessment", responses=_BRANCH)
async def get_assessment(
    branch_id: uuid.UUID, reading: ReadingDep, year: Year = None, quarter: Quarter = None, as_of: AsOf = None
) -> AssessmentPublic:
    """A branch's assessment on the 六有 standard (100 points) for a calendar year so far, or a quarter's
    preview: each dimension and indicator (value, target, points, score), 三会一课 required and held, the
    五个服务 covered, the satisfaction index by respondent group, suggestions decided in time, the member
    structure, the bonus for honours and the committee's recognitions (by default 创新成果 +3, 经验推广 +2;
    capped at 10 together), the deductions for members' disciplinary cases, the total and the stars
    (★ 90/80/70/60). With at least 10 ratings, a satisfaction index under 60 caps the
    stars at two and under 50 at one. Computed when read, with the rule set in force on 1 January."""
    period = _period(reading, year, quarter, as_of)
    async with reading.engine.connect() as connection:
        found = await service.branch_assessment(connection, branch_id, period)
    return AssessmentPublic.of(found, reading.includes_requested_events)


@router.get("/branches/{branch_id}/assessment/explain", responses=_BRANCH)
async def explain_assessment(
    branch_id: uuid.UUID, reading: ReadingDep, year: Year = None, quarter: Quarter = None, as_of: AsOf = None
) -> AssessmentExplained:
    """Where every point of a branch's assessment comes from (考评明细): for each indicator the facts counted
    (the held activities with their ids, kinds and days; the months with a service post shift or a public
    rating; the departments and quarters visited; the seats of the committee; the overdue pipeline steps;
    the ratings by group and answer; the suggestions in time, late or overdue) and the rule numbers used;
    the honours and recognitions behind the bonus, each in a sentence, and the cases behind the deductions;
    the star thresholds and caps."""
    period = _period(reading, year, quarter, as_of)
    async with reading.engine.connect() as connection:
        found = await service.branch_assessment(connection, branch_id, period)
    branch = period.rule_set.branch
    thresholds = {"stars": branch.stars.model_dump(), "satisfaction_caps": branch.satisfaction_caps.model_dump()}
    return AssessmentExplained.of(found, thresholds, reading.includes_requested_events)


@router.get("/org-units/{unit_id}/assessments", responses=_UNIT)
async def list_assessments(unit_id: uuid.UUID, reading: ReadingDep, year: Year = None) -> UnitAssessments:
    """The assessment totals and stars of every branch (not dissolved) that is the org unit or lies below it
    (a party committee's or general branch's branches), highest total first, for a calendar year so far."""
    period = _period(reading, year, None, None)
    async with reading.engine.connect() as connection:
        found = await service.unit_assessments(connection, unit_id, period)
    return UnitAssessments(
        unit_id=unit_id,
        year=period.year,
        as_of=period.as_of,
        rule_set_version=period.rule_set.version,
        branches=[RankedBranch.of(a) for a in found],
        includes_requested_events=reading.includes_requested_events,
    )
