"""China's statutory holidays and 调休 working days, from the ``chinese-calendar`` package.

The package carries each year's arrangement as the State Council published it (国务院办公厅关于部分节假日安排
的通知, usually in November for the next year) and is updated when a new one appears: upgrading it is how
next year's calendar arrives. For a year it does not carry it says nothing, and the calendar falls back to
weekends and the organisation's own days (the calendar API says so for that year).
"""

from __future__ import annotations

from datetime import date
from importlib.metadata import version

import chinese_calendar

from feedback.domain.working_days import CalendarDay, DaySource

# The package's names are English; these are the names people know (ux.md: the Party's and the State's words).
_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
}


def _name_zh(english: str) -> str:
    if english in _NAMES_ZH:
        return _NAMES_ZH[english]
    try:  # a one-off holiday (e.g. a commemoration) carries its Chinese name in the package's enum
        return str(chinese_calendar.Holiday(english).chinese)
    except ValueError:
        return english


class ChineseStatutoryCalendar:
    """The arrangement for every year the installed ``chinese-calendar`` knows."""

    def __init__(self) -> None:
        years: set[int] = {day.year for day in chinese_calendar.holidays}
        self._first_year, self._last_year = min(years), max(years)
        self._source = f"chinese-calendar {version('chinese-calendar')}"

    @property
    def first_year(self) -> int:
        return self._first_year

    @property
    def last_year(self) -> int:
        return self._last_year

    @property
    def source(self) -> str:
        return self._source

    def day(self, day: date) -> CalendarDay | None:
        if not self._first_year <= day.year <= self._last_year:
            return None  # the package raises for an unknown year; here it is simply not named
        off, name = chinese_calendar.get_holiday_detail(day)
        if name is None:
            return None  # an ordinary weekday or weekend day
        holiday = _name_zh(str(name))
        return CalendarDay(day, not off, holiday if off else f"{holiday}调休上班", DaySource.STATUTORY)


CHINA = ChineseStatutoryCalendar()
