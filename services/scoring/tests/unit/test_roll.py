"""The organisation as it was on a day (domain.md §3): a person's stage, status and branch from the dates
things took effect, committee seats from assignments and vacancies, and when a group or department existed."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from scoring.period import Span
from scoring.roll import MemberHistory, SeatChange, StatusChange, Transfer, seats_held

HERE, THERE = uuid.uuid4(), uuid.uuid4()
JOINED = {"applicant": date(2023, 3, 1), "activist": date(2023, 9, 1), "candidate": date(2024, 9, 1)}
JOINED |= {"probationary": date(2025, 6, 15), "full": date(2026, 6, 15)}


def history(stage: str = "full", status: str = "active", **changes: Any) -> MemberHistory:
    values: dict[str, Any] = {"stage_dates": JOINED, **changes}
    return MemberHistory(uuid.uuid4(), "王芳", HERE, stage, status, date(1990, 1, 1), "bachelor", **values)


@pytest.mark.parametrize(
    ("day", "stage"),
    [
        (date(2023, 2, 28), None),  # not on a roll before applying
        (date(2023, 3, 1), "applicant"),
        (date(2024, 9, 1), "candidate"),
        (date(2025, 6, 14), "candidate"),
        (date(2025, 6, 15), "probationary"),
        (date(2026, 3, 30), "probationary"),  # joined on 15 June: a probationary member on 30 March
        (date(2026, 6, 15), "full"),
    ],
)
def test_the_stage_on_a_day_is_the_last_one_begun_by_then(day: date, stage: str | None) -> None:
    assert history().stage_on(day) == stage


def test_a_stage_reached_later_or_with_no_recorded_day_is_read_from_what_is_known() -> None:
    candidate = history("candidate")  # the probationary and full dates are not theirs yet
    legacy = history("full", stage_dates={"probationary": date(2000, 7, 1)})  # facts kept before full_on was

    assert candidate.stage_on(date(2027, 1, 1)) == "candidate"
    assert legacy.stage_on(date(1999, 1, 1)) == "full"


def test_a_status_change_counts_from_its_day_and_the_status_before_it_applies_until_then() -> None:
    lapsed = StatusChange(date(2026, 9, 1), 7, "active", "lapsed")
    member = history(status="lapsed", status_changes=(lapsed,))

    assert member.on(date(2026, 3, 30)).status == "active"
    assert member.on(date(2026, 8, 31)).on_roll
    assert member.on(date(2026, 9, 1)).status == "lapsed"
    assert member.on(date(2026, 12, 31)).left_on == date(2026, 9, 1)
    assert member.on(date(2026, 3, 30)).left_on is None


def test_with_several_changes_the_earliest_after_the_day_says_what_it_was() -> None:
    changes = (
        StatusChange(date(2025, 2, 1), 3, "active", "lapsed"),
        StatusChange(date(2025, 5, 1), 5, "lapsed", "active"),
        StatusChange(date(2025, 10, 1), 9, "active", "deceased"),
    )
    member = history(status="deceased", status_changes=changes)

    assert [member.status_on(date(2025, m, 15)) for m in (1, 3, 6, 11)] == ["active", "lapsed", "active", "deceased"]


def test_a_transfer_moves_the_person_from_its_day() -> None:
    moved = history(transfers=(Transfer(date(2026, 9, 1), 4, THERE, HERE),))

    assert moved.branch_on(date(2026, 8, 31)) == THERE
    assert moved.branch_on(date(2026, 9, 1)) == HERE
    assert moved.on_roll_of(THERE, date(2026, 3, 30))
    assert not moved.on_roll_of(HERE, date(2026, 3, 30))


def seat(role: str, member: uuid.UUID, day: date, sequence: int, held: bool = True) -> SeatChange:
    return SeatChange(role, member, day, sequence, held)


def test_seats_are_held_from_their_assignment_until_vacated() -> None:
    li, zhang = uuid.uuid4(), uuid.uuid4()
    changes = [
        seat("secretary", li, date(2024, 1, 1), 2),
        seat("org_officer", zhang, date(2024, 1, 1), 3),
        seat("org_officer", zhang, date(2025, 6, 1), 7, held=False),  # transferred out
        seat("org_officer", li, date(2025, 3, 1), 8),  # assigned afterwards, with an earlier day
    ]

    assert seats_held(changes, date(2023, 12, 31)) == ()
    assert seats_held(changes, date(2025, 4, 1)) == (("secretary", li), ("org_officer", zhang), ("org_officer", li))
    assert seats_held(changes, date(2025, 6, 1)) == (("secretary", li), ("org_officer", li))


def test_a_new_term_that_vacates_and_fills_a_seat_the_same_day_leaves_it_held() -> None:
    li = uuid.uuid4()
    changes = [
        seat("secretary", li, date(2024, 1, 1), 2),
        seat("secretary", li, date(2027, 1, 1), 9, held=False),  # 换届: the old term's seat
        seat("secretary", li, date(2027, 1, 1), 11),  # and the new term's
    ]

    assert seats_held(changes, date(2027, 1, 1)) == (("secretary", li),)


@pytest.mark.parametrize(
    ("span", "as_of", "months"),
    [
        (Span(), date(2026, 12, 31), tuple(range(1, 13))),  # no day recorded: throughout
        (Span(since=date(2026, 12, 10)), date(2026, 12, 31), (12,)),  # set up in December: December only
        (Span(since=date(2026, 12, 10)), date(2026, 12, 9), ()),  # not yet set up by as_of
        (Span(since=date(2025, 3, 1), until=date(2026, 4, 1)), date(2026, 12, 31), (1, 2, 3, 4)),
        (Span(until=date(2025, 12, 31)), date(2026, 6, 30), ()),  # dissolved before the year
        (Span(since=date(2026, 5, 31)), date(2026, 5, 31), (5,)),
    ],
)
def test_a_unit_counts_in_the_months_it_existed_up_to_as_of(span: Span, as_of: date, months: tuple[int, ...]) -> None:
    assert span.months(as_of.year, as_of) == months


def test_a_department_counts_in_the_quarters_it_was_served() -> None:
    added_in_may = Span(since=date(2026, 5, 20))

    assert added_in_may.quarters(2026, date(2026, 12, 31)) == (2, 3, 4)
    assert added_in_may.quarters(2026, date(2026, 5, 19)) == ()
    assert Span(until=date(2026, 7, 1)).quarters(2026, date(2026, 11, 28)) == (1, 2, 3)
