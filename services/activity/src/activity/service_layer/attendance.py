"""Use cases of attendance: expected lists, states, self check-in, bulk entry, corrections.

Every change appends entries and records one ``AttendanceRecorded`` per person, self-contained (the
activity, the person's class as roster announced it, whether they were expected). Handlers lock the
activity's row, so entries for one activity are written one request at a time.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from activity.adapters import roster_facts
from activity.domain import attendance
from activity.domain.activity import Activity
from activity.domain.attendance import CheckInCode, Entry, Person, Requested, Roll
from activity.service_layer.context import Context
from activity.service_layer.lookups import activity_at
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from bastion.clock import utc_now
from bastion.handlers import BranchCheck, Done
from bastion_contracts.activity.attendance import AttendanceRecorded
from bastion_contracts.vocabulary import MemberClass


@dataclass(frozen=True, slots=True)
class Sheet:
    """An activity and its roll, as a handler left them."""

    activity: Activity
    roll: Roll


async def _roll(uow: ActivityUnitOfWork, activity: Activity, named: Sequence[uuid.UUID] = ()) -> Roll:
    """The expected list, the current entries, and what roster says of everyone involved."""
    # Service work planned before it lost its expected list may still have one stored: it counts for nothing.
    expected = await uow.activities.expected(activity.id) if activity.has_expected_list else []
    current = await uow.attendance.current(activity.id)
    rows = await roster_facts.people(uow.session, list(dict.fromkeys([*expected, *current, *named])))
    people = {m: Person(row.name, MemberClass(row.member_class)) for m, row in rows.items()}
    return Roll(frozenset(expected), people, current, activity.has_expected_list)


async def _record(uow: ActivityUnitOfWork, activity: Activity, roll: Roll, entries: Sequence[Entry]) -> Roll:
    """Append the entries, record one event each; the roll as it is afterwards."""
    await uow.attendance.add(entries)
    for entry in entries:
        person = roll.people.get(entry.member_id)
        event = AttendanceRecorded(
            attendance_id=entry.id,
            activity_id=activity.id,
            kind=activity.kind,
            subtype=activity.plan.subtype,
            organiser_id=activity.organiser.id,
            organiser_kind=activity.organiser.kind,
            branch_id=activity.organiser.branch_id,
            activity_start=activity.start,
            member_id=entry.member_id,
            member_class=person.member_class if person else None,
            expected=entry.member_id in roll.expected,
            state=entry.state,
            reason=entry.reason,
            previous_state=entry.previous_state,
            source=entry.source,
            role=entry.role,
        )
        uow.record(event, time=entry.recorded_at)
    return replace(roll, current={**roll.current, **{e.member_id: e for e in entries}})


async def absent_when_held(uow: ActivityUnitOfWork, activity: Activity) -> None:
    """Record ``absent`` for everyone expected who has no attendance yet when the activity is held."""
    roll = await _roll(uow, activity)
    await _record(uow, activity, roll, attendance.absences(activity, roll, utc_now()))


async def attendance_sheet(activity_id: uuid.UUID, uow: ActivityUnitOfWork, *, allowed: BranchCheck) -> Sheet:
    """The activity and its roll: who is expected, everyone's current state."""
    async with uow:
        activity = await activity_at(uow, activity_id, allowed=allowed)
        return Sheet(activity, await _roll(uow, activity))


async def record_attendance(
    activity_id: uuid.UUID, requests: Sequence[Requested], context: Context, *, allowed: BranchCheck
) -> Done[Sheet]:
    """The recorder's bulk entry (all or nothing); entries equal to the current state are skipped."""
    async with context.uow as uow:
        activity = await activity_at(uow, activity_id, for_update=True, allowed=allowed)
        roll = await _roll(uow, activity, [r.member_id for r in requests])
        entries = attendance.recorded(activity, requests, roll, context.now)
        after = await _record(uow, activity, roll, entries)
        await uow.commit()
        return Done(Sheet(activity, after), uow.event_ids)


async def correct_attendance(
    activity_id: uuid.UUID, request: Requested, context: Context, *, allowed: BranchCheck
) -> Done[Sheet]:
    """Correct one person's attendance after the activity was held: a new entry, never an edit."""
    async with context.uow as uow:
        activity = await activity_at(uow, activity_id, for_update=True, allowed=allowed)
        roll = await _roll(uow, activity, [request.member_id])
        entry = attendance.corrected(activity, request, roll, context.now)
        after = await _record(uow, activity, roll, [entry])
        await uow.commit()
        return Done(Sheet(activity, after), uow.event_ids)


async def issue_check_in_code(activity_id: uuid.UUID, context: Context, *, allowed: BranchCheck) -> CheckInCode:
    """A new self check-in code for a planned activity, replacing the previous one."""
    async with context.uow as uow:
        activity = await activity_at(uow, activity_id, for_update=True, allowed=allowed)
        code = attendance.new_code(activity, context.now, context.settings.check_in_code_minutes)
        await uow.attendance.set_code(code)
        await uow.commit()
        return code


async def check_in(
    activity_id: uuid.UUID, member_id: uuid.UUID, code: str, context: Context, *, allowed: BranchCheck
) -> Done[Sheet]:
    """An expected person checks in with the activity's current code: present, or late."""
    async with context.uow as uow:
        activity = await activity_at(uow, activity_id, for_update=True, allowed=allowed)
        roll = await _roll(uow, activity, [member_id])
        issued = await uow.attendance.code(activity_id)
        late_after = timedelta(minutes=context.settings.late_after_minutes)
        entry = attendance.checked_in(activity, issued, code, member_id, roll, context.now, late_after)
        after = await _record(uow, activity, roll, [entry])
        await uow.commit()
        return Done(Sheet(activity, after), uow.event_ids)
