"""Today's date where the organisation is: a branch's 'this month' is in its own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def local_today(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime, timezone: str) -> datetime:
    """A time in UTC; one given without a zone (as a secretary types it) is in the organisation's zone."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(timezone))
    return aware.astimezone(UTC)


def local_day(moment: datetime, timezone: str) -> date:
    """The organisation's calendar day at ``moment``."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def noon_of(day: date, timezone: str) -> datetime:
    """Midday of a calendar day in the organisation's zone, in UTC: a time for 'that day'."""
    return datetime.combine(day, time(12), ZoneInfo(timezone)).astimezone(UTC)
