"""Working days for suggestion deadlines: weekends, holidays (节假日) and weekend working days (调休上班), from
the organisation's own days over the statutory arrangement over Monday–Friday."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bastion.errors import RuleViolationError
from feedback.adapters.statutory_holidays import CHINA
from feedback.domain.working_days import (
    CalendarDay,
    DaySource,
    WorkingCalendar,
    add_working_days,
    configured_day,
    default_day,
)


class NoStatutoryCalendar:
    """A statutory source that knows no year."""

    first_year, last_year, source = 1, 0, "none"

    def day(self, day: date) -> CalendarDay | None:
        return None


def local(days: dict[date, bool]) -> WorkingCalendar:
    """The organisation's own days only (no statutory arrangement)."""
    named = {d: CalendarDay(d, working, "本单位", DaySource.LOCAL) for d, working in days.items()}
    return WorkingCalendar(named, NoStatutoryCalendar())


# Made-up days of its own: 1 to 8 October off (over a weekend), Saturday 10 October worked.
NATIONAL_DAY = {date(2026, 10, 1) + timedelta(days=i): False for i in range(8)}
CALENDAR = local(NATIONAL_DAY | {date(2026, 10, 10): True})
NONE = local({})


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 9, 21), 3, date(2026, 9, 24)),  # Monday → Thursday
        (date(2026, 9, 25), 3, date(2026, 9, 30)),  # Friday → over the weekend → Wednesday
        (date(2026, 9, 26), 1, date(2026, 9, 28)),  # from a Saturday: the next Monday is the first
        (date(2026, 9, 27), 5, date(2026, 10, 2)),  # from a Sunday: Monday to Friday
    ],
)
def test_working_days_skip_weekends_and_never_count_the_start_day(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n, NONE) == expected


def test_a_holiday_is_skipped_and_a_weekend_working_day_counts() -> None:
    # Wednesday 30 September, then Friday 9 October and the 调休 Saturday 10 October.
    assert add_working_days(date(2026, 9, 29), 3, CALENDAR) == date(2026, 10, 10)
    assert add_working_days(date(2026, 9, 29), 3, NONE) == date(2026, 10, 2)


def test_fifteen_working_days_across_the_national_day_holiday() -> None:
    assert add_working_days(date(2026, 9, 29), 15, CALENDAR) == date(2026, 10, 27)
    assert add_working_days(date(2026, 9, 29), 15, NONE) == date(2026, 10, 20)


def test_a_deadline_counted_from_inside_a_holiday_starts_after_it() -> None:
    assert add_working_days(date(2026, 10, 3), 1, CALENDAR) == date(2026, 10, 9)


def test_a_working_saturday_counts_only_when_the_calendar_says_so() -> None:
    assert CALENDAR.is_working(date(2026, 10, 10))
    assert not CALENDAR.is_working(date(2026, 10, 17))
    assert not CALENDAR.is_working(date(2026, 10, 5)), "a Monday in the holiday"
    assert NONE.is_working(date(2026, 10, 5))


def test_zero_working_days_is_the_start_day_and_a_negative_count_is_a_mistake() -> None:
    assert add_working_days(date(2026, 10, 3), 0, CALENDAR) == date(2026, 10, 3)
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 10, 3), -1, CALENDAR)


def test_a_calendar_without_working_days_is_refused_rather_than_searched_for_ever() -> None:
    everything_off = local({date(2026, 1, 1) + timedelta(days=i): False for i in range(4 * 366)})
    with pytest.raises(ValueError, match="no 3 working days"):
        add_working_days(date(2026, 1, 1), 3, everything_off)


def test_only_a_day_that_would_be_off_can_be_made_a_working_day() -> None:
    def ordinary(day: date) -> CalendarDay:
        return default_day(day)

    assert configured_day(date(2026, 10, 17), True, " 调休上班 ", ordinary(date(2026, 10, 17))).name == "调休上班"
    assert configured_day(date(2026, 10, 3), False, "国庆节", ordinary(date(2026, 10, 3))).working is False
    national_day = CalendarDay(date(2026, 10, 7), False, "国庆节", DaySource.STATUTORY)
    worked = configured_day(date(2026, 10, 7), True, "生产保障", national_day)
    assert (worked.working, worked.source) == (True, DaySource.LOCAL), "a statutory holiday the factory works"
    with pytest.raises(RuleViolationError) as caught:
        configured_day(date(2026, 10, 9), True, "调休上班", ordinary(date(2026, 10, 9)))
    assert caught.value.code == "not_a_weekend"
    with pytest.raises(RuleViolationError) as unnamed:
        configured_day(date(2026, 10, 1), False, "  ", ordinary(date(2026, 10, 1)))
    assert unnamed.value.code == "name_required"


def test_a_day_not_configured_is_working_from_monday_to_friday() -> None:
    assert (default_day(date(2026, 10, 9)).working, default_day(date(2026, 10, 10)).working) == (True, False)
    assert not default_day(date(2026, 10, 9)).configured


# The State Council's arrangement for 2026: 国庆节 1–7 October off, Sunday 20 September and Saturday
# 10 October worked; 中秋节 25–27 September off; 春节 15–23 February off, Saturdays 14 and 28 February worked.
@pytest.mark.parametrize(
    ("day", "working", "name"),
    [
        (date(2026, 10, 1), False, "国庆节"),
        (date(2026, 10, 5), False, "国庆节"),  # a Monday
        (date(2026, 10, 10), True, "国庆节调休上班"),  # a Saturday
        (date(2026, 9, 20), True, "国庆节调休上班"),  # a Sunday
        (date(2026, 2, 16), False, "春节"),
        (date(2026, 2, 28), True, "春节调休上班"),
        (date(2026, 1, 1), False, "元旦"),
    ],
)
def test_the_statutory_arrangement_names_holidays_and_weekend_working_days(day: date, working: bool, name: str) -> None:
    assert CHINA.day(day) == CalendarDay(day, working, name, DaySource.STATUTORY)


def test_ordinary_days_and_unknown_years_are_not_named_by_the_statutory_arrangement() -> None:
    assert CHINA.day(date(2026, 10, 9)) is None, "an ordinary Friday"
    assert CHINA.day(date(2026, 10, 17)) is None, "an ordinary Saturday"
    beyond = date(CHINA.last_year + 1, 10, 1)
    assert CHINA.day(beyond) is None
    assert WorkingCalendar({}, CHINA).is_working(beyond) is (beyond.weekday() < 5), "weekends only"
    assert CHINA.first_year <= 2026 <= CHINA.last_year
    assert CHINA.source.startswith("chinese-calendar ")


def test_deadlines_follow_the_statutory_arrangement_and_the_organisations_own_days_win() -> None:
    statutory = WorkingCalendar({}, CHINA)
    # From Wednesday 30 September: Thu 8, Fri 9 and the 调休 Saturday 10 October.
    assert add_working_days(date(2026, 9, 30), 3, statutory) == date(2026, 10, 10)
    saturday_off = CalendarDay(date(2026, 10, 10), False, "厂休", DaySource.LOCAL)
    assert add_working_days(date(2026, 9, 30), 3, WorkingCalendar({saturday_off.day: saturday_off}, CHINA)) == date(
        2026, 10, 12
    )
    worked = CalendarDay(date(2026, 10, 7), True, "生产保障", DaySource.LOCAL)
    assert add_working_days(date(2026, 9, 30), 1, WorkingCalendar({worked.day: worked}, CHINA)) == date(2026, 10, 7)


def test_a_year_lists_the_named_days_the_organisations_over_the_statutory() -> None:
    mine = CalendarDay(date(2026, 10, 10), False, "厂休", DaySource.LOCAL)
    days = WorkingCalendar({mine.day: mine}, CHINA).named_days(date(2026, 9, 20), date(2026, 10, 31))
    assert [(d.day.isoformat(), d.working, d.source) for d in days] == [
        ("2026-09-20", True, DaySource.STATUTORY),
        *((f"2026-09-{i}", False, DaySource.STATUTORY) for i in (25, 26, 27)),
        *((f"2026-10-0{i}", False, DaySource.STATUTORY) for i in range(1, 8)),
        ("2026-10-10", False, DaySource.LOCAL),
    ]
