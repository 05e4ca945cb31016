"""The working-day calendar (工作日历): statutory holidays and weekend working days (调休), and the days the
organisation sets itself."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from bastion.http.event_ids import EventIds
from bastion.http.text import ShortText
from feedback.domain.working_days import CalendarDay, DaySource
from feedback.service_layer.calendar import YearCalendar


class CalendarDayPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    working: bool = Field(
        description="false: a day off (节假日, e.g. 厂庆); true: a day worked that otherwise would not be (a weekend "
        "day, 调休上班, or a statutory holiday the organisation works)."
    )
    name: ShortText = Field(examples=["厂庆", "调休上班"])


class CalendarDayPublic(BaseModel):
    day: date
    weekday: int = Field(description="1 Monday … 7 Sunday")
    working: bool = Field(description="Whether it counts as a working day for deadlines.")
    name: str | None = Field(description="The holiday or 调休 it is; null for an ordinary day.")
    source: DaySource | None = Field(
        description="Who says so: `local` (set by the organisation, takes precedence), `statutory` (the State "
        "Council's arrangement), null for an ordinary day (Monday–Friday working)."
    )
    configured: bool = Field(description="Set by the organisation (`source` local); only such a day can be removed.")

    @classmethod
    def of(cls, day: CalendarDay) -> CalendarDayPublic:
        return cls(
            day=day.day,
            weekday=day.day.isoweekday(),
            working=day.working,
            name=day.name,
            source=day.source,
            configured=day.configured,
        )


class CalendarDayChanged(CalendarDayPublic):
    event_ids: EventIds


class StatutorySource(BaseModel):
    """Where the statutory holidays come from, and whether it has this year's arrangement."""

    source: str = Field(examples=["chinese-calendar 1.11.0"])
    first_year: int
    last_year: int
    known: bool = Field(description="Whether the year's arrangement is known (else weekends and local days only).")
    notice: str | None = Field(description="For people, when the year's arrangement is not known (Chinese).")

    @classmethod
    def of(cls, found: YearCalendar) -> StatutorySource:
        statutory, year = found.statutory, found.year
        notice = None
        if not found.statutory_known:
            notice = (
                f"尚未收录 {year} 年的法定节假日和调休安排（已收录 {statutory.first_year}–{statutory.last_year} 年）："
                "该年除本单位设置的日子外，按周一至周五为工作日计算期限。"
                "国务院公布安排后请升级系统，或在此逐日设置。"
            )
        return cls(
            source=statutory.source,
            first_year=statutory.first_year,
            last_year=statutory.last_year,
            known=found.statutory_known,
            notice=notice,
        )


class CalendarYear(BaseModel):
    year: int
    days: list[CalendarDayPublic] = Field(
        description="The holidays and 调休 working days, statutory and the organisation's own, in order."
    )
    statutory: StatutorySource
