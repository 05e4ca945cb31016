"""The working-day calendar (工作日历): public holidays and weekend working days (调休)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from feedback.domain.working_days import CalendarDay
from feedback.entrypoints.api.schemas.common import EventIds, ShortText


class CalendarDayPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    working: bool = Field(description="false: a holiday (节假日); true: a weekend day made a working day (调休上班).")
    name: ShortText = Field(examples=["国庆节", "调休上班"])


class CalendarDayPublic(BaseModel):
    day: date
    weekday: int = Field(description="1 Monday … 7 Sunday")
    working: bool = Field(description="Whether it counts as a working day for deadlines.")
    name: str | None = Field(description="The holiday or 调休 it is; null for an ordinary day.")
    configured: bool = Field(description="Set in the calendar (else Monday–Friday are working days).")

    @classmethod
    def of(cls, day: CalendarDay) -> CalendarDayPublic:
        return cls(
            day=day.day, weekday=day.day.isoweekday(), working=day.working, name=day.name, configured=day.configured
        )


class CalendarDayChanged(CalendarDayPublic):
    event_ids: EventIds


class CalendarYear(BaseModel):
    year: int
    days: list[CalendarDayPublic] = Field(description="The configured days, in order.")
