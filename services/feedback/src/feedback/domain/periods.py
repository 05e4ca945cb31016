"""Rating periods: one rating per respondent per subject in each."""

from __future__ import annotations

from datetime import date
from typing import Literal

PeriodKind = Literal["month", "quarter", "year"]


def period_of(day: date, kind: PeriodKind) -> str:
    if kind == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if kind == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"
