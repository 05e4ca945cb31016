"""The period a card or an assessment covers: 1 January of a year to a day of it, in the organisation's zone,
scored by the rule set in force on that 1 January. One object, so that the reads cannot mix a year with
another year's rules or forget the organisation's time zone."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_

from scoring.rules import RuleBook, RuleSet


@dataclass(frozen=True, slots=True)
class Period:
    """1 January of ``year`` to the end of ``as_of`` (both included), in ``timezone`` (the organisation's,
    from its settings), and the ``rule_set`` the year is scored by."""

    year: int
    as_of: date
    rule_set: RuleSet
    timezone: str

    @classmethod
    def of(cls, year: int, as_of: date, rules: RuleBook, timezone: str) -> Period:
        """The period of ``year`` up to ``as_of``, with the rule set in force on the year's 1 January."""
        return cls(year, as_of, rules.for_year(year), timezone)

    def until(self, as_of: date) -> Period:
        """The same year and rules, up to another day."""
        return replace(self, as_of=as_of)

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


@dataclass(frozen=True, slots=True)
class Span:
    """When a party group or a served department existed: from ``since`` to ``until`` (the day it was
    dissolved or removed), both included. None: before any period (no day recorded), or still there."""

    since: date | None = None
    until: date | None = None

    def covers(self, first: date, last: date) -> bool:
        """It existed on some day from ``first`` to ``last``."""
        return (self.since is None or self.since <= last) and (self.until is None or self.until >= first)

    def months(self, year: int, as_of: date) -> tuple[int, ...]:
        """The months of ``year`` begun by ``as_of`` in which it existed on some day up to ``as_of``."""
        return tuple(m for m in range(1, as_of.month + 1) if self.covers(date(year, m, 1), _last(year, m, 1, as_of)))

    def quarters(self, year: int, as_of: date) -> tuple[int, ...]:
        """The quarters of ``year`` begun by ``as_of`` in which it existed on some day up to ``as_of``."""
        begun = (as_of.month - 1) // 3 + 1
        return tuple(
            q for q in range(1, begun + 1) if self.covers(date(year, 3 * q - 2, 1), _last(year, 3 * q - 2, 3, as_of))
        )


def _last(year: int, month: int, months: int, as_of: date) -> date:
    """The last day of the ``months`` months starting with ``month``, or ``as_of`` if sooner."""
    index = month - 1 + months
    following = date(year + index // 12, index % 12 + 1, 1)
    return min(following - timedelta(days=1), as_of)
