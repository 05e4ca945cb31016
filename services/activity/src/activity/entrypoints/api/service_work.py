"""Service work: what visits and service post shifts served, learning hours (学时), QC projects."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status

from activity.domain.service_work import QcProject, Service
from activity.entrypoints.api import access
from activity.entrypoints.api.access import ADMIN, MEMBER, SECRETARY, SERVICE
from activity.entrypoints.api.dependencies import ContextDep, local
from activity.entrypoints.api.schemas.service_work import (
    LearningHoursCreate,
    LearningRecordChanged,
    LearningRecordPublic,
    LearningYearPublic,
    QcAward,
    QcClose,
    QcProjectChanged,
    QcProjectCreate,
    QcProjectPublic,
    ServiceRecordChanged,
    ServiceRecordCreate,
    ServiceRecordPublic,
)
from activity.service_layer import service_work
from activity.service_layer.lookups import activity_at
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from bastion.auth import Principal
from bastion.handlers import Done
from bastion.http import RuntimeDep
from bastion.http.auth import allow
from bastion.http.policies import BranchRead, BranchWrite, own_branch, require_own_branch

router = APIRouter()

Year = Annotated[int, Query(ge=1900, le=2200, description="Calendar year, e.g. 2026; default this year.")]
_404: dict[int | str, dict[str, Any]] = {404: {"description": "Not found"}}
LearningReader = Annotated[
    Principal,
    Depends(
        allow(ADMIN, SECRETARY, MEMBER, SERVICE, scope="secretary: the member's branch; member: self; service: read")
    ),
]
LearningWriter = Annotated[Principal, Depends(allow(ADMIN, SECRETARY, scope="secretary: the member's branch"))]


@router.post("/activities/{activity_id}/service-records", status_code=status.HTTP_201_CREATED, tags=["service"])
async def record_service(
    activity_id: uuid.UUID,
    body: ServiceRecordCreate,
    principal: BranchWrite,
    context: ContextDep,
    response: Response,
) -> ServiceRecordChanged:
    """Record what a held (or approved) door-to-door visit (科室上门服务) or mobile service post shift
    (党员流动服务岗值守) served: departments of the branch's directory (for a shift, departments its post
    serves), the members who served and the hours (above 0, at most 24, one decimal).
    Emits ``bastion.activity.service.recorded.v1``."""
    service = Service(
        department_ids=tuple(dict.fromkeys(body.department_ids)),
        member_ids=tuple(dict.fromkeys(body.member_ids)),
        hours=body.hours,
        served_at=local(body.served_at, context),
    )
    done = await service_work.record_service(activity_id, service, context, allowed=own_branch(principal))
    response.headers["Location"] = f"/service-records/{done.value.id}"
    return ServiceRecordChanged(**ServiceRecordPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.get("/activities/{activity_id}/service-records", tags=["service"], responses=_404)
async def service_records_of(
    activity_id: uuid.UUID, principal: BranchRead, runtime: RuntimeDep
) -> list[ServiceRecordPublic]:
    """An activity's service records, oldest first."""
    async with ActivityUnitOfWork(runtime.sessions) as uow:
        await activity_at(uow, activity_id, allowed=own_branch(principal))
        return [ServiceRecordPublic.of(record) for record in await uow.service_work.services_of(activity_id)]


@router.get("/service-records/{record_id}", tags=["service"], responses=_404)
async def get_service_record(record_id: uuid.UUID, principal: BranchRead, runtime: RuntimeDep) -> ServiceRecordPublic:
    """One service record."""
    async with ActivityUnitOfWork(runtime.sessions) as uow:
        return ServiceRecordPublic.of(
            await service_work.service_record_at(uow, record_id, allowed=own_branch(principal))
        )


@router.post("/members/{member_id}/learning-hours", status_code=status.HTTP_201_CREATED, tags=["learning"])
async def record_learning(
    member_id: uuid.UUID,
    body: LearningHoursCreate,
    principal: LearningWriter,
    runtime: RuntimeDep,
    context: ContextDep,
    response: Response,
) -> LearningRecordChanged:
    """Record a member's learning hours (学时; 32 are required a year): above 0, at most 12 per record, one
    decimal, on a day not in the future, optionally at a held activity. The member must be active on the
    roster. Emits ``bastion.activity.learning_hours.recorded.v1``."""
    await access.require_member(principal, runtime, member_id)
    if body.activity_id is not None:
        await access.require_activity(principal, runtime, body.activity_id)
    command = service_work.RecordLearning(body.hours, body.learned_on, body.topic, body.activity_id)
    done = await service_work.record_learning(member_id, command, context)
    response.headers["Location"] = f"/learning-hours/{done.value.id}"
    return LearningRecordChanged(**LearningRecordPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.get("/members/{member_id}/learning-hours", tags=["learning"], responses=_404)
async def learning_of_year(
    member_id: uuid.UUID, principal: LearningReader, runtime: RuntimeDep, context: ContextDep, year: Year | None = None
) -> LearningYearPublic:
    """A member's learning hours in a year (default this year): the records, the total and the shortfall
    against the 32 hours required."""
    await access.require_member(principal, runtime, member_id)
    learning = await service_work.learning_year(member_id, year or context.today.year, context)
    return LearningYearPublic.of(member_id, learning)


@router.get("/learning-hours/{record_id}", tags=["learning"], responses=_404)
async def get_learning_record(
    record_id: uuid.UUID, principal: LearningReader, runtime: RuntimeDep
) -> LearningRecordPublic:
    """One learning-hours record."""
    async with ActivityUnitOfWork(runtime.sessions) as uow:
        return LearningRecordPublic.of(await access.learning_in_reach(principal, uow, record_id))


def _qc_changed(done: Done[QcProject]) -> QcProjectChanged:
    return QcProjectChanged(**QcProjectPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.post("/qc-projects", status_code=status.HTTP_201_CREATED, tags=["qc-projects"])
async def register_qc_project(
    body: QcProjectCreate, principal: BranchWrite, context: ContextDep, response: Response
) -> QcProjectChanged:
    """Register a QC circle project (QC小组课题) of a branch, led by a member of the branch; everyone named
    must be active on the roster. Emits ``bastion.activity.qc_project.registered.v1``."""
    require_own_branch(principal, body.branch_id)
    command = service_work.RegisterQcProject(
        body.branch_id, body.title, body.leader_id, list(dict.fromkeys(body.member_ids)), body.registered_on
    )
    done = await service_work.register_qc_project(command, context)
    response.headers["Location"] = f"/qc-projects/{done.value.id}"
    return _qc_changed(done)


@router.post("/qc-projects/{project_id}/close", tags=["qc-projects"], responses=_404)
async def close_qc_project(
    project_id: uuid.UUID, body: QcClose, principal: BranchWrite, context: ContextDep
) -> QcProjectChanged:
    """Close a QC project (结题), once, on a day not in the future nor before it was registered.
    Emits ``bastion.activity.qc_project.closed.v1``."""
    done = await service_work.close_qc_project(project_id, body.closed_on, context, allowed=own_branch(principal))
    return _qc_changed(done)


@router.post("/qc-projects/{project_id}/award", tags=["qc-projects"], responses=_404)
async def award_qc_project(
    project_id: uuid.UUID, body: QcAward, principal: BranchWrite, context: ContextDep
) -> QcProjectChanged:
    """Record the award of a closed QC project (once). Emits ``bastion.activity.qc_project.awarded.v1``."""
    done = await service_work.award_qc_project(project_id, body.award, context, allowed=own_branch(principal))
    return _qc_changed(done)


@router.get("/qc-projects", tags=["qc-projects"])
async def qc_projects_of(branch_id: uuid.UUID, principal: BranchRead, runtime: RuntimeDep) -> list[QcProjectPublic]:
    """A branch's QC projects, newest registration first."""
    require_own_branch(principal, branch_id)
    async with ActivityUnitOfWork(runtime.sessions) as uow:
        return [QcProjectPublic.of(project) for project in await uow.service_work.qc_of_branch(branch_id)]


@router.get("/qc-projects/{project_id}", tags=["qc-projects"], responses=_404)
async def get_qc_project(project_id: uuid.UUID, principal: BranchRead, runtime: RuntimeDep) -> QcProjectPublic:
    """One QC project."""
    async with ActivityUnitOfWork(runtime.sessions) as uow:
        return QcProjectPublic.of(await service_work.qc_project_at(uow, project_id, allowed=own_branch(principal)))
