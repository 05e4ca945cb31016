"""Periods: the rating period (one rating per respondent per subject in each), and the period a list or a
summary covers (a year, a quarter or a month of the organisation's calendar)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bastion.errors import RuleViolationError

PeriodKind = Literal["month", "quarter", "year"]
FIRST_YEAR, LAST_YEAR = 2000, 2100
_REPORTING = re.compile(r"(?P<year>[0-9]{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?")
PERIOD_FORMS = "年度（2026）、季度（2026-Q3）或月份（2026-07）"
# The same forms as a JSON Schema pattern, for the OpenAPI document (years FIRST_YEAR to LAST_YEAR).
PERIOD_PATTERN = r"^(20[0-9]{2}|2100)(-Q[1-4]|-(0[1-9]|1[0-2]))?$"


def period_of(day: date, kind: PeriodKind) -> str:
    if kind == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if kind == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


@dataclass(frozen=True, slots=True)
class ReportingPeriod:
    """A year, quarter or month of the organisation's calendar: from the first day's midnight to the
    midnight after the last day, in its time zone (the window scoring assesses in)."""

    label: str
    first_day: date
    last_day: date

    def bounds(self, timezone: str) -> tuple[datetime, datetime]:
        """The first moment of the period and the first moment after it."""
        zone = ZoneInfo(timezone)
        after = self.last_day + timedelta(days=1)
        return datetime.combine(self.first_day, time(0), zone), datetime.combine(after, time(0), zone)


def _first_of_month(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def reporting_period(text: str) -> ReportingPeriod:
    """``2026``, ``2026-Q3`` or ``2026-07``; anything else is refused, naming the accepted forms."""
    found = _REPORTING.fullmatch(text)
    if found is None or not FIRST_YEAR <= int(found["year"]) <= LAST_YEAR:
        raise RuleViolationError(
            f"period：须为{PERIOD_FORMS}，年份在 {FIRST_YEAR}–{LAST_YEAR} 之间", code="invalid_period"
        )
    year = int(found["year"])
    if found["quarter"]:
        first_month, months = 3 * int(found["quarter"]) - 2, 3
    elif found["month"]:
        first_month, months = int(found["month"]), 1
    else:
        first_month, months = 1, 12
    first = _first_of_month(year, first_month)
    return ReportingPeriod(text, first, _first_of_month(year, first_month + months) - timedelta(days=1))
