"""The period a card or an assessment covers: 1 January of a year to a day of it, in the organisation's zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_


@dataclass(frozen=True, slots=True)
class Window:
    """1 January of ``year`` to the end of ``as_of`` (both included), in ``timezone``."""

    year: int
    as_of: date
    timezone: str

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(0), ZoneInfo(self.timezone))

    @property
    def end(self) -> datetime:
        """The first moment after the period (exclusive)."""
        return datetime.combine(self.as_of + timedelta(days=1), time(0), ZoneInfo(self.timezone))

    def day(self, moment: datetime) -> date:
        return moment.astimezone(ZoneInfo(self.timezone)).date()

    def covers(self, column: Any) -> ColumnElement[bool]:
        """A timestamp column's condition: within the period."""
        return and_(column >= self.start, column < self.end)

    def covers_day(self, column: Any) -> ColumnElement[bool]:
        """A date column's condition: within the period."""
        return and_(column >= self.first_day, column <= self.as_of)
