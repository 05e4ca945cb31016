"""The working-day calendar that suggestion deadlines are counted in: statutory holidays and 调休 working
days, and the organisation's own days, which take precedence."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from bastion.auth import Principal
from bastion.handlers import Done
from bastion.http.auth import allow
from bastion.http.policies import AdminOnly
from feedback.domain.working_days import CalendarDay
from feedback.entrypoints.api.access import EVERY_ROLE
from feedback.entrypoints.api.dependencies import ContextDep
from feedback.entrypoints.api.schemas.calendar import (
    CalendarDayChanged,
    CalendarDayPublic,
    CalendarDayPut,
    CalendarYear,
    StatutorySource,
)
from feedback.service_layer import calendar

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
    """A year's holidays (节假日) and weekend days worked (调休上班): the State Council's arrangement (`source`
    statutory) and the organisation's own days (`source` local, which take precedence). Every other day is a
    working day from Monday to Friday. `statutory` says whether the year's arrangement is known; if it is not
    (a year the installed calendar does not carry yet), deadlines count weekends and the local days only."""
    found = await calendar.calendar_of_year(year or context.today.year, context)
    return CalendarYear(
        year=found.year, days=[CalendarDayPublic.of(day) for day in found.days], statutory=StatutorySource.of(found)
    )


@router.put("/{day}", response_model=CalendarDayChanged)
async def set_day(day: date, body: CalendarDayPut, principal: AdminOnly, context: ContextDep) -> CalendarDayChanged:
    """Set a day for the organisation, over the statutory arrangement: a day off (``working: false``, e.g. 厂庆,
    or a holiday of a year the statutory calendar does not know yet) or a day worked that otherwise would not
    be (``working: true``: a Saturday or Sunday, 调休上班, or a statutory holiday the organisation works).
    Deadlines already set do not move; suggestions submitted from now on count with it."""
    return _changed(await calendar.set_calendar_day(day, body.working, body.name, context))


@router.delete("/{day}", response_model=CalendarDayChanged, responses={404: {"description": "Day not configured"}})
async def remove_day(day: date, principal: AdminOnly, context: ContextDep) -> CalendarDayChanged:
    """Remove the organisation's setting of a day: it is again what the statutory arrangement says, or an
    ordinary day (working from Monday to Friday)."""
    return _changed(await calendar.remove_calendar_day(day, context))
