"""Today's date where the organisation is: a branch's 'this month' is in its own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def local_today(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def utc_now() -> datetime:
    return datetime.now(UTC)
