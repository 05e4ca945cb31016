"""The rules of attendance, without a database: who may be entered, corrections, roles, check-in codes."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from activity.domain import attendance
from activity.domain.activity import Activity, Organiser, Plan, schedule
from activity.domain.attendance import CheckInCode, Entry, Person, Requested, Roll
from bastion.errors import ConflictError, DomainError, RuleViolationError
from bastion_contracts.vocabulary import (
    ActivityKind,
    AttendanceState,
    MemberClass,
    OrgUnitKind,
    ThemedPracticeSubtype,
)

NOW = datetime(2026, 3, 15, 9, 0, tzinfo=UTC)
LATE_AFTER = timedelta(minutes=10)
BRANCH = Organiser(uuid.uuid4(), OrgUnitKind.BRANCH, "四支部", uuid.uuid4())
A, B, C, GUEST, STRANGER = (uuid.uuid4() for _ in range(5))
P = AttendanceState


def planned(kind: ActivityKind = ActivityKind.THEME_DAY, start: datetime = NOW, **changes: object) -> Activity:
    plan = replace(Plan(kind, "主题党日", start, "党员活动室"), **changes)  # type: ignore[arg-type]
    return schedule(BRANCH, plan, frozenset(), NOW - timedelta(days=7))


def held(**changes: object) -> Activity:
    return planned(**changes).held(NOW, None, "会议记录", None, NOW + timedelta(hours=2))


def entry(member_id: uuid.UUID, state: AttendanceState, **changes: object) -> Entry:
    base = Entry(uuid.uuid4(), uuid.uuid4(), member_id, state, None, None, "recorder", "participant", NOW)
    return replace(base, **changes)  # type: ignore[arg-type]


def roll(*current: Entry, expected: tuple[uuid.UUID, ...] = (A, B, C)) -> Roll:
    people = {m: Person(f"党员{i}", MemberClass.ORDINARY) for i, m in enumerate((A, B, C, GUEST))}
    return Roll(frozenset(expected), people, {e.member_id: e for e in current})


def refused(error: type[DomainError], code: str, call: object, *args: object) -> None:
    with pytest.raises(error) as caught:
        call(*args)  # type: ignore[operator]
    assert caught.value.code == code


def test_bulk_entry_refuses_the_whole_request_for_one_bad_entry() -> None:
    ok = Requested(A, P.PRESENT)
    cases = [
        ([ok, Requested(B, P.PRESENT), Requested(B, P.LATE)], "duplicate_entry"),
        ([ok, Requested(STRANGER, P.OBSERVER)], "unknown_member"),
        ([ok, Requested(GUEST, P.PRESENT)], "not_expected"),
        ([ok, Requested(B, P.EXCUSED)], "reason_required"),
        ([ok, Requested(B, P.EXCUSED, "")], "reason_required"),
    ]
    for requests, code in cases:
        refused(RuleViolationError, code, attendance.recorded, planned(), requests, roll(), NOW)


def test_someone_not_expected_can_be_entered_as_an_observer() -> None:
    entries = attendance.recorded(planned(), [Requested(GUEST, P.OBSERVER)], roll(), NOW)

    assert [(e.member_id, e.state, e.source) for e in entries] == [(GUEST, P.OBSERVER, "recorder")]


def test_attendance_opens_a_day_before_the_start_and_never_for_a_cancelled_activity() -> None:
    request, too_early = [Requested(A, P.EXCUSED, "出差")], planned(start=NOW + timedelta(days=1, minutes=1))

    refused(ConflictError, "activity_not_started", attendance.recorded, too_early, request, roll(), NOW)
    refused(ConflictError, "activity_cancelled", attendance.recorded, planned().cancelled("停产"), request, roll(), NOW)

    assert len(attendance.recorded(planned(start=NOW + timedelta(days=1)), request, roll(), NOW)) == 1


def test_an_entry_equal_to_the_current_state_is_skipped_and_a_change_before_holding_is_no_correction() -> None:
    current = roll(entry(A, P.EXCUSED, reason="出差"))
    requests = [Requested(A, P.EXCUSED, "出差"), Requested(B, P.PRESENT)]

    assert [e.member_id for e in attendance.recorded(planned(), requests, current, NOW)] == [B]
    changed = attendance.recorded(planned(), [Requested(A, P.PRESENT)], current, NOW)
    assert [(e.state, e.source, e.previous_state) for e in changed] == [(P.PRESENT, "recorder", None)]


def test_a_change_after_holding_is_a_correction_naming_the_previous_state() -> None:
    current = roll(entry(A, P.ABSENT, source="absent_when_held"))

    new, first = attendance.recorded(held(), [Requested(A, P.EXCUSED, "病假"), Requested(B, P.PRESENT)], current, NOW)

    assert (new.state, new.reason, new.source, new.previous_state) == (P.EXCUSED, "病假", "correction", P.ABSENT)
    assert (first.source, first.previous_state) == ("recorder", None)


def test_a_new_entry_sorts_after_the_current_one_even_when_the_clock_read_earlier() -> None:
    current = roll(entry(A, P.PRESENT, recorded_at=NOW))

    (new,) = attendance.recorded(planned(), [Requested(A, P.LATE)], current, NOW - timedelta(seconds=5))

    assert new.recorded_at > NOW


def test_roles_default_to_lecturer_host_or_lead_unless_given_or_already_recorded() -> None:
    lesson = planned(ActivityKind.PARTY_LESSON, lecturer_id=A, host_id=B)
    practice = planned(ActivityKind.THEMED_PRACTICE, subtype=ThemedPracticeSubtype.POVERTY_RELIEF, host_id=A)
    everyone = [Requested(A, P.PRESENT), Requested(B, P.PRESENT), Requested(C, P.PRESENT)]

    assert [e.role for e in attendance.recorded(lesson, everyone, roll(), NOW)] == ["lecturer", "host", "participant"]
    assert [e.role for e in attendance.recorded(practice, everyone, roll(), NOW)] == ["lead"] + ["participant"] * 2
    (given,) = attendance.recorded(practice, [Requested(C, P.PRESENT, role="lead")], roll(), NOW)
    (kept,) = attendance.recorded(practice, [Requested(C, P.LATE)], roll(entry(C, P.PRESENT, role="lead")), NOW)
    assert (given.role, kept.role) == ("lead", "lead")


def test_corrections_only_after_holding_and_only_when_something_changes() -> None:
    current = roll(entry(A, P.EXCUSED, reason="出差"))

    refused(ConflictError, "activity_not_held", attendance.corrected, planned(), Requested(A, P.PRESENT), current, NOW)
    same = Requested(A, P.EXCUSED, "出差")
    refused(ConflictError, "nothing_to_correct", attendance.corrected, held(), same, current, NOW)
    refused(RuleViolationError, "reason_required", attendance.corrected, held(), Requested(A, P.EXCUSED), current, NOW)
    fixed = attendance.corrected(held(), Requested(A, P.EXCUSED, "病假"), current, NOW)
    assert (fixed.source, fixed.previous_state, fixed.reason) == ("correction", P.EXCUSED, "病假")


def test_holding_records_absent_only_for_the_expected_without_an_entry() -> None:
    current = roll(entry(A, P.PRESENT), entry(GUEST, P.OBSERVER))

    absent = attendance.absences(held(), current, NOW)

    assert {(e.member_id, e.state, e.source) for e in absent} == {(m, P.ABSENT, "absent_when_held") for m in (B, C)}
    assert len(absent) == 2


def test_a_check_in_code_has_six_digits_lives_its_minutes_and_only_for_a_planned_activity() -> None:
    codes = {attendance.new_code(planned(), NOW, 30).code for _ in range(20)}

    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 1
    assert attendance.new_code(planned(), NOW, 30).expires_at == NOW + timedelta(minutes=30)
    refused(ConflictError, "activity_not_planned", attendance.new_code, held(), NOW, 30)


WRONG, EXPIRED = "check_in_code_wrong", "check_in_code_expired"


@pytest.mark.parametrize(
    ("issued", "code", "member", "current", "at", "error", "rule"),
    [
        (False, "123456", A, (), NOW, RuleViolationError, WRONG),
        (True, "654321", A, (), NOW, RuleViolationError, WRONG),
        (True, "123456", A, (), NOW + timedelta(minutes=31), RuleViolationError, EXPIRED),
        (True, "123456", GUEST, (), NOW, RuleViolationError, "not_expected"),
        (True, "123456", A, (entry(A, P.LATE),), NOW, ConflictError, "already_checked_in"),
    ],
)
def test_check_in_needs_the_current_code_in_time_a_place_on_the_list_and_no_earlier_check_in(
    issued: bool,
    code: str,
    member: uuid.UUID,
    current: tuple[Entry, ...],
    at: datetime,
    error: type[DomainError],
    rule: str,
) -> None:
    activity = planned()
    issued_code = CheckInCode(activity.id, "123456", NOW + timedelta(minutes=30)) if issued else None
    arguments = (activity, issued_code, code, member, roll(*current), at, LATE_AFTER)

    refused(error, rule, attendance.checked_in, *arguments)


def test_check_in_is_present_until_the_grace_minutes_and_late_after() -> None:
    activity = planned()
    issued = CheckInCode(activity.id, "123456", NOW + timedelta(hours=1))

    def state_at(moment: datetime, current: Roll) -> AttendanceState:
        return attendance.checked_in(activity, issued, "123456", A, current, moment, LATE_AFTER).state

    assert state_at(NOW + LATE_AFTER, roll()) is P.PRESENT
    assert state_at(NOW + LATE_AFTER + timedelta(seconds=1), roll()) is P.LATE
    assert state_at(NOW, roll(entry(A, P.EXCUSED, reason="出差"))) is P.PRESENT
