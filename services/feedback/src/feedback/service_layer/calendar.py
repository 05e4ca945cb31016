"""Use cases of the working-day calendar: the statutory holidays and 调休 working days, and the days the
organisation sets itself (its own days off, days worked), which take precedence.

A setting, not a fact: no events. Deadlines already set do not move when the calendar changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bastion.errors import NotFoundError
from bastion.handlers import Done
from feedback.domain.working_days import (
    CalendarDay,
    StatutoryCalendar,
    WorkingCalendar,
    configured_day,
    default_day,
    knows,
)
from feedback.service_layer.context import Context
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork


@dataclass(frozen=True, slots=True)
class YearCalendar:
    year: int
    days: list[CalendarDay]  # the days a source names, the organisation's over the statutory
    statutory: StatutoryCalendar

    @property
    def statutory_known(self) -> bool:
        return knows(self.statutory, self.year)


async def working_calendar_after(uow: FeedbackUnitOfWork, day: date, statutory: StatutoryCalendar) -> WorkingCalendar:
    """The calendar to count a deadline from ``day`` in."""
    return WorkingCalendar(await uow.suggestions.calendar_after(day), statutory)


async def set_calendar_day(day: date, working: bool, name: str, context: Context) -> Done[CalendarDay]:
    """Set a day off (working false) or a day worked that otherwise would not be (working true)."""
    async with context.uow as uow:
        configured = configured_day(day, working, name, context.statutory.day(day) or default_day(day))
        await uow.suggestions.set_calendar_day(configured)
        await uow.commit()
        return Done(configured, uow.event_ids)


async def remove_calendar_day(day: date, context: Context) -> Done[CalendarDay]:
    """Forget the organisation's setting of a day: it is again what the statutory arrangement says, or an
    ordinary day."""
    async with context.uow as uow:
        if not await uow.suggestions.remove_calendar_day(day):
            raise NotFoundError(f"日历中没有设置 {day:%Y-%m-%d}", code="calendar_day_not_found")
        await uow.commit()
        return Done(context.statutory.day(day) or default_day(day), uow.event_ids)


async def calendar_of_year(year: int, context: Context) -> YearCalendar:
    """The named days of a year, in order."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    async with context.uow as uow:
        local = {d.day: d for d in await uow.suggestions.calendar_between(first, last)}
    days = WorkingCalendar(local, context.statutory).named_days(first, last)
    return YearCalendar(year, days, context.statutory)
