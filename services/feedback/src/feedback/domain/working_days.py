"""Working days (工作日) for suggestion deadlines: Monday to Friday, except the days the calendar marks as
holidays (节假日); a weekend day the calendar marks as working (调休上班) is a working day.

Pure: the configured days are passed in. Deadlines are computed once, when they are set; changing the
calendar later does not move them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bastion.errors import RuleViolationError

Calendar = Mapping[date, bool]  # a configured day → working or not; every other day: Monday–Friday
_SEARCH_LIMIT = timedelta(days=3 * 366)


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """A day as the calendar has it: configured (a holiday or a 调休 working day, with its name) or not."""

    day: date
    working: bool
    name: str | None = None

    @property
    def configured(self) -> bool:
        return self.name is not None


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def is_working_day(day: date, calendar: Calendar) -> bool:
    configured = calendar.get(day)
    return configured if configured is not None else not is_weekend(day)


def add_working_days(start_day: date, n: int, calendar: Calendar) -> date:
    """The n-th working day after ``start_day`` (the start day itself never counts; n = 0 gives it back)."""
    if n < 0:
        raise ValueError(f"n must not be negative: {n}")
    day, found = start_day, 0
    while found < n:
        day += timedelta(days=1)
        if day - start_day > _SEARCH_LIMIT:
            raise ValueError(f"no {n} working days within {_SEARCH_LIMIT.days} days after {start_day}")
        if is_working_day(day, calendar):
            found += 1
    return day


def default_day(day: date) -> CalendarDay:
    """A day the calendar does not configure: working from Monday to Friday."""
    return CalendarDay(day, not is_weekend(day))


def configured_day(day: date, working: bool, name: str) -> CalendarDay:
    """A holiday (any day, e.g. 国庆节 over a weekend too) or a weekend day made a working day (调休上班)."""
    name = name.strip()
    if not name:
        raise RuleViolationError("name：须填写名称（如：国庆节、调休上班）", code="name_required")
    if working and not is_weekend(day):
        raise RuleViolationError(
            f"{day:%Y-%m-%d} 是工作日（周一至周五），只有周末才能设为调休上班", code="not_a_weekend"
        )
    return CalendarDay(day, working, name)
