"""The working-day calendar that suggestion deadlines are counted in: holidays and 调休 working days."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from bastion.auth import Principal
from bastion.http.auth import allow
from feedback.domain.working_days import CalendarDay
from feedback.entrypoints.api.access import EVERY_ROLE, AdminOnly
from feedback.entrypoints.api.dependencies import ContextDep
from feedback.entrypoints.api.schemas.calendar import (
    CalendarDayChanged,
    CalendarDayPublic,
    CalendarDayPut,
    CalendarYear,
)
from feedback.service_layer import calendar
from feedback.service_layer.lookups import Done

router = APIRouter(prefix="/calendar", tags=["calendar"])

CalendarReader = Annotated[Principal, Depends(allow(*EVERY_ROLE, scope="every role: the calendar is public"))]


def _changed(done: Done[CalendarDay]) -> CalendarDayChanged:
    return CalendarDayChanged(**CalendarDayPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.get("", response_model=CalendarYear)
async def year_calendar(
    principal: CalendarReader,
    context: ContextDep,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="Default: this year")] = None,
) -> CalendarYear:
    """The days configured in a year: holidays (节假日) and weekend days made working days (调休上班).
    Every other day is a working day from Monday to Friday."""
    asked = year or context.today.year
    days = await calendar.calendar_of_year(asked, context)
    return CalendarYear(year=asked, days=[CalendarDayPublic.of(day) for day in days])


@router.put("/{day}", response_model=CalendarDayChanged)
async def set_day(day: date, body: CalendarDayPut, principal: AdminOnly, context: ContextDep) -> CalendarDayChanged:
    """Mark a day a holiday (``working: false``, e.g. 国庆节; weekend days of a holiday too) or a weekend
    day a working day (``working: true``, 调休上班; only Saturdays and Sundays). Deadlines already set do not
    move; suggestions submitted from now on count with it."""
    return _changed(await calendar.set_calendar_day(day, body.working, body.name, context))


@router.delete("/{day}", response_model=CalendarDayChanged, responses={404: {"description": "Day not configured"}})
async def remove_day(day: date, principal: AdminOnly, context: ContextDep) -> CalendarDayChanged:
    """Remove a day from the calendar: it is again an ordinary day (working from Monday to Friday)."""
    return _changed(await calendar.remove_calendar_day(day, context))
