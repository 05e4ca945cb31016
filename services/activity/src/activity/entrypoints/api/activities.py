"""Activities: plan, reschedule, record as held, approve or return, cancel; read and list."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Response, status

from activity.adapters.queries import list_activities
from activity.domain.activity import Activity, Plan
from activity.entrypoints.api import access
from activity.entrypoints.api.dependencies import ContextDep, local
from activity.entrypoints.api.schemas.activities import (
    ActivityChanged,
    ActivityCreate,
    ActivityPublic,
    Approval,
    Held,
    Reschedule,
    StateReason,
)
from activity.service_layer import activities
from activity.service_layer.lookups import activity_at
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from bastion.handlers import Done
from bastion.http import RuntimeDep
from bastion.http.auth import branches_to_list
from bastion.http.paging import Page, PageDep
from bastion.http.policies import BranchList, BranchRead, BranchWrite, own_branch
from bastion_contracts.vocabulary import ActivityKind, ActivityState

router = APIRouter(prefix="/activities", tags=["activities"])


def changed(done: Done[Activity]) -> ActivityChanged:
    return ActivityChanged(**ActivityPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ActivityChanged)
async def schedule(
    body: ActivityCreate, principal: BranchWrite, runtime: RuntimeDep, context: ContextDep, response: Response
) -> ActivityChanged:
    """Plan an activity. Branch assemblies, committee meetings, org-life meetings and appraisals are the
    branch's; group meetings a group's. A party lesson needs a lecturer, themed practice its subtype, a
    service post shift its post, a QC session its project; tags are from the 五个服务 set. Only meetings
    have an expected list (应到); service work records who took part, so naming `expected_ids` for it is
    refused (`no_expected_list`)."""
    await access.require_organiser(principal, runtime, body.organiser_id)
    plan = Plan(
        kind=body.kind,
        title=body.title,
        planned_start=local(body.planned_start, context),
        place=body.place,
        subtype=body.subtype,
        planned_end=local(body.planned_end, context),
        host_id=body.host_id,
        recorder_id=body.recorder_id,
        lecturer_id=body.lecturer_id,
        five_services=tuple(dict.fromkeys(body.five_services)),
        agenda=body.agenda,
        service_post_id=body.service_post_id,
        qc_project_id=body.qc_project_id,
    )
    command = activities.ScheduleActivity(body.organiser_id, plan, body.expected_ids)
    done = await activities.schedule_activity(command, context)
    response.headers["Location"] = f"/activities/{done.value.id}"
    return changed(done)


@router.get("", response_model=Page[ActivityPublic])
async def list_all(
    principal: BranchList,
    runtime: RuntimeDep,
    page: PageDep,
    branch_id: uuid.UUID | None = None,
    organiser_id: uuid.UUID | None = None,
    kind: ActivityKind | None = None,
    state: ActivityState | None = None,
    starts_from: datetime | None = None,
    starts_before: datetime | None = None,
) -> Page[ActivityPublic]:
    """Activities, newest planned start first; filter by branch, organiser, kind, state, time. A secretary
    sees their branches' (a filter naming another branch or its group is refused)."""
    branch_ids = branches_to_list(principal, branch_id)
    if organiser_id is not None:
        await access.require_organiser(principal, runtime, organiser_id)
    async with runtime.engine.connect() as connection:
        found, total = await list_activities(
            connection,
            page,
            branch_id=branch_id,
            branch_ids=branch_ids,
            organiser_id=organiser_id,
            kind=kind,
            state=state,
            starts_from=starts_from,
            starts_before=starts_before,
        )
    return Page(items=[ActivityPublic.of(a) for a in found], total=total, page=page.page, page_size=page.page_size)


@router.get("/{activity_id}", response_model=ActivityPublic, responses={404: {"description": "No such activity"}})
async def get_activity(activity_id: uuid.UUID, principal: BranchRead, runtime: RuntimeDep) -> ActivityPublic:
    """One activity."""
    async with ActivityUnitOfWork(runtime.sessions) as uow:
        return ActivityPublic.of(await activity_at(uow, activity_id, allowed=own_branch(principal)))


@router.post("/{activity_id}/reschedule", response_model=ActivityChanged)
async def reschedule(
    activity_id: uuid.UUID, body: Reschedule, principal: BranchWrite, context: ContextDep
) -> ActivityChanged:
    """Move a planned activity to another time (and place)."""
    start, end = local(body.planned_start, context), local(body.planned_end, context)
    done = await activities.reschedule_activity(
        activity_id, start, end, body.place, body.reason, context, allowed=own_branch(principal)
    )
    return changed(done)


@router.post("/{activity_id}/held", response_model=ActivityChanged)
async def hold(activity_id: uuid.UUID, body: Held, principal: BranchWrite, context: ContextDep) -> ActivityChanged:
    """Record that a planned (or returned) activity took place, with its minutes. Not before its planned time.
    At a meeting, everyone expected who has no attendance recorded yet is recorded absent (correctable);
    service work has no expected list, so nobody is recorded absent from it."""
    return changed(
        await activities.hold_activity(
            activity_id,
            local(body.held_start, context),
            local(body.held_end, context),
            body.minutes,
            body.resolutions,
            context,
            allowed=own_branch(principal),
        )
    )


@router.post("/{activity_id}/approve", response_model=ActivityChanged)
async def approve(
    activity_id: uuid.UUID,
    principal: BranchWrite,
    context: ContextDep,
    body: Approval | None = None,
) -> ActivityChanged:
    """Approve the record of a held activity (审核); not before it was held, not in the future."""
    at = local(body.approved_at, context) if body is not None else None
    return changed(await activities.approve_activity(activity_id, at, context, allowed=own_branch(principal)))


@router.post("/{activity_id}/return", response_model=ActivityChanged)
async def return_record(
    activity_id: uuid.UUID, body: StateReason, principal: BranchWrite, context: ContextDep
) -> ActivityChanged:
    """Send the record of a held activity back to be completed (退回); it is then held again."""
    return changed(await activities.return_activity(activity_id, body.reason, context, allowed=own_branch(principal)))


@router.post("/{activity_id}/cancel", response_model=ActivityChanged)
async def cancel(
    activity_id: uuid.UUID, body: StateReason, principal: BranchWrite, context: ContextDep
) -> ActivityChanged:
    """Cancel a planned activity."""
    return changed(await activities.cancel_activity(activity_id, body.reason, context, allowed=own_branch(principal)))
