"""Working days (工作日) for suggestion deadlines.

What a day is, first rule that speaks wins:
1. what the organisation set for it (a day of its own off, or a day worked: ``PUT /calendar/{day}``);
2. the State Council's arrangement for its year (法定节假日 and 调休上班), for the years the statutory
   source knows;
3. Monday to Friday working, Saturday and Sunday not.

Pure: the local days and the statutory source are passed in. Deadlines are computed once, when they are
set; changing the calendar later does not move them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from bastion.errors import RuleViolationError

_SEARCH_LIMIT = timedelta(days=3 * 366)


class DaySource(StrEnum):
    """Who says what a day is: the organisation (local) or the State Council's arrangement (statutory)."""

    LOCAL = "local"
    STATUTORY = "statutory"


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """A day as the calendar has it: named by a source (a holiday or a 调休 working day), or ordinary."""

    day: date
    working: bool
    name: str | None = None
    source: DaySource | None = None  # None: an ordinary day (working from Monday to Friday)

    @property
    def configured(self) -> bool:
        """Set by the organisation through the API (and so removable there)."""
        return self.source is DaySource.LOCAL


class StatutoryCalendar(Protocol):
    """The yearly arrangement of public holidays and weekend working days (国务院办公厅关于部分节假日安排的通知)."""

    @property
    def first_year(self) -> int: ...

    @property
    def last_year(self) -> int: ...

    @property
    def source(self) -> str:
        """Where the arrangement comes from, for people (e.g. a package and its version)."""
        ...

    def day(self, day: date) -> CalendarDay | None:
        """The day if the arrangement names it (a holiday, or a weekend day worked); None for an ordinary
        day, and for every day of a year it does not know."""
        ...


def knows(statutory: StatutoryCalendar, year: int) -> bool:
    return statutory.first_year <= year <= statutory.last_year


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """The organisation's own days over the statutory arrangement over Monday–Friday."""

    local: Mapping[date, CalendarDay]
    statutory: StatutoryCalendar

    def day(self, day: date) -> CalendarDay:
        return self.local.get(day) or self.statutory.day(day) or default_day(day)

    def is_working(self, day: date) -> bool:
        return self.day(day).working

    def named_days(self, first: date, last: date) -> list[CalendarDay]:
        """The days between ``first`` and ``last`` (both included) that a source names, in order."""
        days = (first + timedelta(days=i) for i in range((last - first).days + 1))
        return [found for found in map(self.day, days) if found.source is not None]


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def add_working_days(start_day: date, n: int, calendar: WorkingCalendar) -> date:
    """The n-th working day after ``start_day`` (the start day itself never counts; n = 0 gives it back)."""
    if n < 0:
        raise ValueError(f"n must not be negative: {n}")
    day, found = start_day, 0
    while found < n:
        day += timedelta(days=1)
        if day - start_day > _SEARCH_LIMIT:
            raise ValueError(f"no {n} working days within {_SEARCH_LIMIT.days} days after {start_day}")
        if calendar.is_working(day):
            found += 1
    return day


def default_day(day: date) -> CalendarDay:
    """A day no source names: working from Monday to Friday."""
    return CalendarDay(day, not is_weekend(day))


def configured_day(day: date, working: bool, name: str, otherwise: CalendarDay) -> CalendarDay:
    """The organisation's own setting of a day: a day off (any day, e.g. 厂庆), or a day worked that would
    not be (a weekend day, or a statutory holiday the factory works). ``otherwise`` is the day without it."""
    name = name.strip()
    if not name:
        raise RuleViolationError("name：须填写名称（如：国庆节、调休上班）", code="name_required")
    if working and otherwise.working and not is_weekend(day):
        raise RuleViolationError(
            f"{day:%Y-%m-%d} 本来就是工作日：只有周末或法定节假日才能设为上班（调休上班）", code="not_a_weekend"
        )
    return CalendarDay(day, working, name, DaySource.LOCAL)
