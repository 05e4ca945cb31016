"""Use cases of the working-day calendar: public holidays (节假日) and weekend working days (调休上班).

A setting, not a fact: no events. Deadlines already set do not move when the calendar changes.
"""

from __future__ import annotations

from datetime import date

from bastion.errors import NotFoundError
from feedback.domain.working_days import CalendarDay, configured_day, default_day
from feedback.service_layer.context import Context
from feedback.service_layer.lookups import Done


async def set_calendar_day(day: date, working: bool, name: str, context: Context) -> Done[CalendarDay]:
    """Mark a day a holiday (working false) or a weekend day a working day (working true)."""
    async with context.uow as uow:
        configured = configured_day(day, working, name)
        await uow.suggestions.set_calendar_day(configured)
        await uow.commit()
        return Done(configured, uow.event_ids)


async def remove_calendar_day(day: date, context: Context) -> Done[CalendarDay]:
    """Forget what the calendar says of a day: it is again working from Monday to Friday."""
    async with context.uow as uow:
        if not await uow.suggestions.remove_calendar_day(day):
            raise NotFoundError(f"日历中没有设置 {day:%Y-%m-%d}", code="calendar_day_not_found")
        await uow.commit()
        return Done(default_day(day), uow.event_ids)


async def calendar_of_year(year: int, context: Context) -> list[CalendarDay]:
    """The days configured in a year, in order."""
    async with context.uow as uow:
        return await uow.suggestions.calendar_between(date(year, 1, 1), date(year, 12, 31))
