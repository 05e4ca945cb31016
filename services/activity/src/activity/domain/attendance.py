"""Attendance (考勤) at an activity: who is expected (应到) and each person's state.

States (domain.md §2): 出席 present, 迟到 late, 请假 excused (with a reason), 缺席 absent, 列席 observer.
Entries are append-only: a person's latest entry is their state. A change once the activity has been held
is a correction, a new entry naming the previous state; nothing is edited in place. Only the recorder
enters observers; people check themselves in with a short-lived code while the activity is planned.
Service work has no expected list (domain.md §3): it records who took part, and nobody is absent from it.
"""

from __future__ import annotations

import secrets
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from activity.domain.activity import Activity
from bastion.errors import ConflictError, RuleViolationError
from bastion_contracts.vocabulary import ActivityKind, ActivityState, AttendanceState, MemberClass

Source = Literal["recorder", "self_check_in", "correction", "absent_when_held"]
Role = Literal["participant", "host", "lecturer", "lead"]

ENTRY_OPENS_BEFORE = timedelta(days=1)  # attendance may be entered from a day before the planned start
CORRECTABLE = (ActivityState.HELD, ActivityState.APPROVED, ActivityState.RETURNED)
CHECKED_IN = frozenset({AttendanceState.PRESENT, AttendanceState.LATE})
CODE_DIGITS = 6
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class Entry:
    """One recorded attendance of one person (a row of the append-only log)."""

    id: uuid.UUID
    activity_id: uuid.UUID
    member_id: uuid.UUID
    state: AttendanceState
    reason: str | None
    previous_state: AttendanceState | None
    source: Source
    role: Role
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class Requested:
    """What a recorder enters for one person; ``role`` None keeps the current role or the default."""

    member_id: uuid.UUID
    state: AttendanceState
    reason: str | None = None
    role: Role | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """A person as roster announced them."""

    name: str
    member_class: MemberClass


@dataclass(frozen=True, slots=True)
class Roll:
    """What entries are checked against: the expected list, the people roster knows, the current entries.

    Without an expected list (service work) the roll is only who took part.
    """

    expected: frozenset[uuid.UUID]
    people: Mapping[uuid.UUID, Person]
    current: Mapping[uuid.UUID, Entry]
    has_expected_list: bool = True

    def name(self, member_id: uuid.UUID) -> str:
        person = self.people.get(member_id)
        return person.name if person else str(member_id)

    def names(self, member_ids: Sequence[uuid.UUID]) -> str:
        return "、".join(self.name(m) for m in member_ids)

    def members(self) -> list[uuid.UUID]:
        """Everyone on the sheet: the expected (by name), then the others with an entry (observers)."""
        others = [m for m in self.current if m not in self.expected]
        return sorted(self.expected, key=self._order) + sorted(others, key=self._order)

    def _order(self, member_id: uuid.UUID) -> tuple[str, str]:
        return self.name(member_id), str(member_id)


@dataclass(frozen=True, slots=True)
class CheckInCode:
    """The activity's current self check-in code (签到码); short-lived, so kept in plain text."""

    activity_id: uuid.UUID
    code: str
    expires_at: datetime


def default_role(activity: Activity, member_id: uuid.UUID) -> Role:
    """The lecturer lectures; the host hosts, and leads a themed practice; everyone else takes part."""
    if member_id == activity.plan.lecturer_id:
        return "lecturer"
    if member_id == activity.plan.host_id:
        return "lead" if activity.kind is ActivityKind.THEMED_PRACTICE else "host"
    return "participant"


def _new(
    activity: Activity,
    request: Requested,
    source: Source,
    roll: Roll,
    now: datetime,
    previous: AttendanceState | None = None,
) -> Entry:
    current = roll.current.get(request.member_id)
    # The latest entry counts, so a new one must sort after the current one even if the clock that
    # stamped this request read earlier (requests wait for the activity's lock in any order).
    recorded_at = max(now, current.recorded_at + _TICK) if current else now
    role = request.role or (current.role if current else default_role(activity, request.member_id))
    return Entry(
        uuid.uuid4(), activity.id, request.member_id, request.state, request.reason, previous, source, role, recorded_at
    )


def no_expected_list(activity: Activity, named: Sequence[uuid.UUID] | None) -> None:
    """Refuses an expected list named for an activity that has none (service work)."""
    if named:
        raise RuleViolationError(
            f"expected_ids：{activity.kind.label_zh}没有应到名单，活动后登记参加的人即可", code="no_expected_list"
        )


def check_open_for_entry(activity: Activity, now: datetime) -> None:
    if activity.state is ActivityState.CANCELLED:
        raise ConflictError(f"「{activity.plan.title}」已取消，不能登记考勤", code="activity_cancelled")
    if activity.state is ActivityState.PLANNED and activity.plan.planned_start > now + ENTRY_OPENS_BEFORE:
        raise ConflictError(
            f"「{activity.plan.title}」计划于 {activity.plan.planned_start:%Y-%m-%d %H:%M} 召开，"
            "开始前一天内才能登记考勤",
            code="activity_not_started",
        )


def check_requests(requests: Sequence[Requested], roll: Roll) -> None:
    """All or nothing: each person once, known to roster, expected or an observer, excused with a reason."""
    twice = [m for m, n in Counter(r.member_id for r in requests).items() if n > 1]
    if twice:
        raise RuleViolationError(f"同一人在一次登记中只能出现一次：{roll.names(twice)}", code="duplicate_entry")
    unknown = [str(r.member_id) for r in requests if r.member_id not in roll.people]
    if unknown:
        raise RuleViolationError(f"没有这些人：{', '.join(unknown)}，或 roster 的消息还没有到达", code="unknown_member")
    if roll.has_expected_list:
        strangers = [
            r.member_id
            for r in requests
            if r.member_id not in roll.expected and r.state is not AttendanceState.OBSERVER
        ]
        if strangers:
            raise RuleViolationError(
                f"不在应到名单上的人只能登记为「列席」：{roll.names(strangers)}", code="not_expected"
            )
    else:
        check_participants(requests, roll)
    unexcused = [r.member_id for r in requests if r.state is AttendanceState.EXCUSED and not r.reason]
    if unexcused:
        raise RuleViolationError(f"请假须填写原因：{roll.names(unexcused)}", code="reason_required")


def check_participants(requests: Sequence[Requested], roll: Roll) -> None:
    """Without an expected list, anyone takes part (present, late) or observes; nobody is excused from
    what nobody was expected at, and absent only withdraws someone entered by mistake."""
    wrong = [
        r.member_id
        for r in requests
        if r.state is AttendanceState.EXCUSED or (r.state is AttendanceState.ABSENT and r.member_id not in roll.current)
    ]
    if wrong:
        raise RuleViolationError(
            "这项活动没有应到名单，只登记参加的人（出席、迟到）或列席；不登记请假，"
            f"「缺席」只用于撤回登记错的人：{roll.names(wrong)}",
            code="participants_only",
        )


def recorded(activity: Activity, requests: Sequence[Requested], roll: Roll, now: datetime) -> list[Entry]:
    """The recorder's entries that change something; after the activity was held, changes are corrections."""
    check_open_for_entry(activity, now)
    check_requests(requests, roll)
    entries = []
    for request in requests:
        current = roll.current.get(request.member_id)
        if current is None:
            entries.append(_new(activity, request, "recorder", roll, now))
            continue
        kept = replace(request, role=request.role or current.role)
        if (current.state, current.reason, current.role) == (kept.state, kept.reason, kept.role):
            continue
        if activity.state in CORRECTABLE:
            entries.append(_new(activity, kept, "correction", roll, now, previous=current.state))
        else:
            entries.append(_new(activity, kept, "recorder", roll, now))
    return entries


def corrected(activity: Activity, request: Requested, roll: Roll, now: datetime) -> Entry:
    """A correction after the fact: a new entry naming the state it replaces."""
    activity.require(*CORRECTABLE, action="更正考勤")
    check_requests([request], roll)
    current = roll.current.get(request.member_id)
    if current and (current.state, current.reason) == (request.state, request.reason):
        raise ConflictError(
            f"{roll.name(request.member_id)} 的考勤已是「{current.state.label_zh}」，无需更正",
            code="nothing_to_correct",
        )
    return _new(activity, request, "correction", roll, now, previous=current.state if current else None)


def absences(activity: Activity, roll: Roll, now: datetime) -> list[Entry]:
    """Everyone expected without an entry when the activity is held is absent (correctable later)."""
    missing = [m for m in roll.members() if m not in roll.current]  # the others on the sheet have entries
    return [_new(activity, Requested(m, AttendanceState.ABSENT), "absent_when_held", roll, now) for m in missing]


def new_code(activity: Activity, now: datetime, minutes: int) -> CheckInCode:
    """A random code for self check-in, replacing any earlier one; only before the activity is held."""
    activity.require(ActivityState.PLANNED, action="生成签到码")
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    return CheckInCode(activity.id, code, now + timedelta(minutes=minutes))


def checked_in(
    activity: Activity,
    issued: CheckInCode | None,
    code: str,
    member_id: uuid.UUID,
    roll: Roll,
    now: datetime,
    late_after: timedelta,
) -> Entry:
    """A person checks themselves in: present until ``late_after`` past the planned start, late after."""
    activity.require(ActivityState.PLANNED, action="签到")
    if issued is None or not secrets.compare_digest(issued.code.encode(), code.encode()):
        raise RuleViolationError("签到码不对，请向记录人核对", code="check_in_code_wrong")
    if now > issued.expires_at:
        raise RuleViolationError("签到码已过期，请向记录人索取新的签到码", code="check_in_code_expired")
    if not roll.has_expected_list and member_id not in roll.people:
        raise RuleViolationError(f"没有这个人：{member_id}，或 roster 的消息还没有到达", code="unknown_member")
    if roll.has_expected_list and member_id not in roll.expected:
        raise RuleViolationError(
            f"{roll.name(member_id)} 不在「{activity.plan.title}」的应到名单上；列席人员由记录人登记",
            code="not_expected",
        )
    current = roll.current.get(member_id)
    if current and current.state in CHECKED_IN:
        raise ConflictError(f"{roll.name(member_id)} 已签到（{current.state.label_zh}）", code="already_checked_in")
    on_time = now <= activity.plan.planned_start + late_after
    state = AttendanceState.PRESENT if on_time else AttendanceState.LATE
    return _new(activity, Requested(member_id, state), "self_check_in", roll, now)
