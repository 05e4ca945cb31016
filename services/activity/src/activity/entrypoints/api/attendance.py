"""Attendance (考勤): the sheet, the recorder's bulk entry, corrections, self check-in with a code."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from activity.domain.attendance import Requested
from activity.entrypoints.api import access
from activity.entrypoints.api.access import ADMIN, MEMBER, SECRETARY, SERVICE
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
from bastion.auth import Principal
from bastion.errors import ForbiddenError
from bastion.handlers import BranchCheck, any_branch
from bastion.http import RuntimeDep
from bastion.http.auth import allow
from bastion.http.policies import BranchWrite, own_branch

router = APIRouter(prefix="/activities", tags=["attendance"])

SheetReader = Annotated[
    Principal,
    Depends(
        allow(ADMIN, SECRETARY, MEMBER, SERVICE, scope="secretary: own branch; member: own line only; service: read")
    ),
]
CheckingIn = Annotated[Principal, Depends(allow(ADMIN, SECRETARY, MEMBER, scope="secretary: own branch; member: self"))]


@router.get("/{activity_id}/attendance", response_model=AttendanceSheet)
async def attendance_sheet(activity_id: uuid.UUID, principal: SheetReader, runtime: RuntimeDep) -> AttendanceSheet:
    """The attendance sheet: everyone expected (应到) and every observer (列席), each with their current
    state (the latest entry; none until recorded), and the count of each state; for service work, who took
    part. A member on the sheet sees the counts and only their own line."""
    # A member may read the sheet of any branch's activity, but sees only their own line of it.
    allowed = any_branch if principal.role is MEMBER else own_branch(principal)
    uow = ActivityUnitOfWork(runtime.sessions)
    sheet = AttendanceSheet.of(await attendance.attendance_sheet(activity_id, uow, allowed=allowed))
    if principal.role is MEMBER:
        sheet.people = [line for line in sheet.people if principal.is_member(line.member_id)]
        if not sheet.people:
            raise ForbiddenError("只能查看本人参加的活动的考勤 (members: only activities you are on the sheet of)")
    return sheet


@router.put("/{activity_id}/attendance", response_model=AttendanceChanged)
async def record_attendance(
    activity_id: uuid.UUID, body: AttendanceEntries, principal: BranchWrite, context: ContextDep
) -> AttendanceChanged:
    """Enter attendance in bulk (the recorder). All or nothing: everyone must be known to roster and appear
    once, people not expected at a meeting can only be observers, and excused needs a reason. Service work
    has no expected list: enter who took part (present or late) or observed; absent only withdraws someone
    entered by mistake, and nobody is excused (`participants_only`). Open from a day before the planned
    start; not for a cancelled activity. An entry equal to the current state is skipped; a change once the
    activity is held is recorded as a correction."""
    requests = [Requested(e.member_id, e.state, e.reason or None, e.role) for e in body.entries]
    done = await attendance.record_attendance(activity_id, requests, context, allowed=own_branch(principal))
    return AttendanceChanged.of_done(done)


@router.post(
    "/{activity_id}/attendance/{member_id}/corrections",
    status_code=status.HTTP_201_CREATED,
    response_model=AttendanceLineChanged,
)
async def correct_attendance(
    activity_id: uuid.UUID,
    member_id: uuid.UUID,
    body: Correction,
    principal: BranchWrite,
    context: ContextDep,
) -> AttendanceLineChanged:
    """Correct one person's attendance at a held, approved or returned activity. The correction is a new
    entry that names the state it replaces; earlier entries stay as they were."""
    request = Requested(member_id, body.state, body.reason or None)
    done = await attendance.correct_attendance(activity_id, request, context, allowed=own_branch(principal))
    return AttendanceLineChanged.of_change(done, member_id)


@router.post("/{activity_id}/check-in-codes", status_code=status.HTTP_201_CREATED, response_model=CheckInCodePublic)
async def issue_check_in_code(activity_id: uuid.UUID, principal: BranchWrite, context: ContextDep) -> CheckInCodePublic:
    """Issue a random 6-digit code for self check-in (签到码) at a planned activity. It replaces any earlier
    code and expires after the configured minutes (`check_in_code_minutes`)."""
    code = await attendance.issue_check_in_code(activity_id, context, allowed=own_branch(principal))
    return CheckInCodePublic(activity_id=code.activity_id, code=code.code, expires_at=code.expires_at)


@router.post("/{activity_id}/check-in", status_code=status.HTTP_201_CREATED, response_model=AttendanceLineChanged)
async def check_in(
    activity_id: uuid.UUID, body: CheckIn, principal: CheckingIn, context: ContextDep
) -> AttendanceLineChanged:
    """Check in with the activity's current code (at a meeting the expected people only; observers are
    entered by the recorder; at service work anyone taking part). Present until `late_after_minutes` past
    the planned start, late after that. A member checks in only themselves."""
    allowed: BranchCheck = any_branch
    if principal.role is MEMBER:
        access.forbid_others(principal, body.member_id)
    else:
        allowed = own_branch(principal)
    done = await attendance.check_in(activity_id, body.member_id, body.code, context, allowed=allowed)
    return AttendanceLineChanged.of_change(done, body.member_id)
