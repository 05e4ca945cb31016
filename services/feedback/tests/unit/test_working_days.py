"""Working days for suggestion deadlines: weekends, holidays (节假日) and weekend working days (调休上班)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bastion.errors import RuleViolationError
from feedback.domain.working_days import add_working_days, configured_day, default_day, is_working_day

# 2026: 国庆节 from Thursday 1 to Thursday 8 October (over a weekend), Saturday 10 October worked (调休).
NATIONAL_DAY = {date(2026, 10, 1) + timedelta(days=i): False for i in range(8)}
CALENDAR = NATIONAL_DAY | {date(2026, 10, 10): True}


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
    assert add_working_days(start, n, {}) == expected


def test_a_holiday_is_skipped_and_a_weekend_working_day_counts() -> None:
    # Wednesday 30 September, then Friday 9 October and the 调休 Saturday 10 October.
    assert add_working_days(date(2026, 9, 29), 3, CALENDAR) == date(2026, 10, 10)
    assert add_working_days(date(2026, 9, 29), 3, {}) == date(2026, 10, 2)


def test_fifteen_working_days_across_the_national_day_holiday() -> None:
    assert add_working_days(date(2026, 9, 29), 15, CALENDAR) == date(2026, 10, 27)
    assert add_working_days(date(2026, 9, 29), 15, {}) == date(2026, 10, 20)


def test_a_deadline_counted_from_inside_a_holiday_starts_after_it() -> None:
    assert add_working_days(date(2026, 10, 3), 1, CALENDAR) == date(2026, 10, 9)


def test_a_working_saturday_counts_only_when_the_calendar_says_so() -> None:
    assert is_working_day(date(2026, 10, 10), CALENDAR)
    assert not is_working_day(date(2026, 10, 17), CALENDAR)
    assert not is_working_day(date(2026, 10, 5), CALENDAR), "a Monday in the holiday"
    assert is_working_day(date(2026, 10, 5), {})


def test_zero_working_days_is_the_start_day_and_a_negative_count_is_a_mistake() -> None:
    assert add_working_days(date(2026, 10, 3), 0, CALENDAR) == date(2026, 10, 3)
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 10, 3), -1, CALENDAR)


def test_a_calendar_without_working_days_is_refused_rather_than_searched_for_ever() -> None:
    everything_off = {date(2026, 1, 1) + timedelta(days=i): False for i in range(4 * 366)}
    with pytest.raises(ValueError, match="no 3 working days"):
        add_working_days(date(2026, 1, 1), 3, everything_off)


def test_only_a_weekend_day_can_be_made_a_working_day() -> None:
    assert configured_day(date(2026, 10, 10), True, " 调休上班 ").name == "调休上班"
    assert configured_day(date(2026, 10, 3), False, "国庆节").working is False, "a weekend day of a holiday"
    with pytest.raises(RuleViolationError) as caught:
        configured_day(date(2026, 10, 9), True, "调休上班")
    assert caught.value.code == "not_a_weekend"
    with pytest.raises(RuleViolationError) as unnamed:
        configured_day(date(2026, 10, 1), False, "  ")
    assert unnamed.value.code == "name_required"


def test_a_day_not_configured_is_working_from_monday_to_friday() -> None:
    assert (default_day(date(2026, 10, 9)).working, default_day(date(2026, 10, 10)).working) == (True, False)
    assert not default_day(date(2026, 10, 9)).configured
