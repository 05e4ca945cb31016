"""The periods a rating list or summary covers: a year, a quarter or a month of the organisation's calendar."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from bastion.errors import RuleViolationError
from feedback.domain.periods import PERIOD_PATTERN, reporting_period


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-07", date(2026, 7, 1), date(2026, 7, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_a_year_a_quarter_and_a_month_are_accepted(text: str, first: date, last: date) -> None:
    period = reporting_period(text)
    assert (period.label, period.first_day, period.last_day) == (text, first, last)


def test_a_period_runs_from_midnight_to_midnight_in_the_organisations_time_zone() -> None:
    start, end = reporting_period("2026").bounds("Asia/Shanghai")
    assert (start.astimezone(UTC), end.astimezone(UTC)) == (
        datetime(2025, 12, 31, 16, tzinfo=UTC),
        datetime(2026, 12, 31, 16, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-00", "2026-Q5", "2026-q3", "2026-7", "2026Q3", "26", "", "1999", "２０２６", "2026-Q3 "]
)
def test_anything_else_is_refused_naming_the_parameter_and_the_forms(text: str) -> None:
    with pytest.raises(RuleViolationError) as refused:
        reporting_period(text)
    assert refused.value.code == "invalid_period"
    assert refused.value.message.startswith("period：")
    assert all(form in refused.value.message for form in ("2026", "2026-Q3", "2026-07"))


@pytest.mark.parametrize(
    "text", ["2026", "2026-Q3", "2026-07", "2000-01", "2100-Q4", "1999", "2101", "2026-13", "2026-Q5", "26", "2026-7"]
)
def test_the_documented_pattern_accepts_exactly_what_is_accepted(text: str) -> None:
    documented = re.fullmatch(PERIOD_PATTERN.strip("^$"), text) is not None
    try:
        reporting_period(text)
    except RuleViolationError:
        accepted = False
    else:
        accepted = True
    assert documented == accepted
