"""Attendance (考勤): the sheet, the recorder's bulk entry, corrections, self check-in with a code."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from activity.domain.attendance import Requested
from activity.entrypoints.api.dependencies import ContextDep
from activity.entrypoints.api.schemas.attendance import (
    AttendanceChanged,
    AttendanceEntries,
    AttendanceLineChanged,
    AttendanceSheet,
    CheckIn,
    CheckInCodePublic,
    Correction,
)
from activity.service_layer import attendance
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from bastion.http import RuntimeDep

router = APIRouter(prefix="/activities", tags=["attendance"])


@router.get("/{activity_id}/attendance", response_model=AttendanceSheet)
async def attendance_sheet(activity_id: uuid.UUID, runtime: RuntimeDep) -> AttendanceSheet:
    """The attendance sheet: everyone expected (应到) and every observer (列席), each with their current
    state (the latest entry; none until recorded), and the count of each state."""
    return AttendanceSheet.of(await attendance.attendance_sheet(activity_id, ActivityUnitOfWork(runtime.sessions)))


@router.put("/{activity_id}/attendance", response_model=AttendanceChanged)
async def record_attendance(activity_id: uuid.UUID, body: AttendanceEntries, context: ContextDep) -> AttendanceChanged:
    """Enter attendance in bulk (the recorder). All or nothing: everyone must be known to roster and appear
    once, people not expected can only be observers, and excused needs a reason. Open from a day before
    the planned start; not for a cancelled activity. An entry equal to the current state is skipped; a
    change once the activity is held is recorded as a correction."""
    requests = [Requested(e.member_id, e.state, e.reason or None, e.role) for e in body.entries]
    done = await attendance.record_attendance(activity_id, requests, context)
    return AttendanceChanged(**AttendanceSheet.of(done.value).model_dump(), event_ids=done.event_ids)


@router.post(
    "/{activity_id}/attendance/{member_id}/corrections",
    status_code=status.HTTP_201_CREATED,
    response_model=AttendanceLineChanged,
)
async def correct_attendance(
    activity_id: uuid.UUID, member_id: uuid.UUID, body: Correction, context: ContextDep
) -> AttendanceLineChanged:
    """Correct one person's attendance at a held, approved or returned activity. The correction is a new
    entry that names the state it replaces; earlier entries stay as they were."""
    request = Requested(member_id, body.state, body.reason or None)
    done = await attendance.correct_attendance(activity_id, request, context)
    return AttendanceLineChanged.of_change(done, member_id)


@router.post("/{activity_id}/check-in-codes", status_code=status.HTTP_201_CREATED, response_model=CheckInCodePublic)
async def issue_check_in_code(activity_id: uuid.UUID, context: ContextDep) -> CheckInCodePublic:
    """Issue a random 6-digit code for self check-in (签到码) at a planned activity. It replaces any earlier
    code and expires after the configured minutes (`check_in_code_minutes`)."""
    code = await attendance.issue_check_in_code(activity_id, context)
    return CheckInCodePublic(activity_id=code.activity_id, code=code.code, expires_at=code.expires_at)


@router.post("/{activity_id}/check-in", status_code=status.HTTP_201_CREATED, response_model=AttendanceLineChanged)
async def check_in(activity_id: uuid.UUID, body: CheckIn, context: ContextDep) -> AttendanceLineChanged:
    """Check in with the activity's current code (expected people only; observers are entered by the
    recorder). Present until `late_after_minutes` past the planned start, late after that."""
    done = await attendance.check_in(activity_id, body.member_id, body.code, context)
    return AttendanceLineChanged.of_change(done, body.member_id)
