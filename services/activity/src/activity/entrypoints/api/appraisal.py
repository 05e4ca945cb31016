"""民主评议党员 results: the grades a held member appraisal decided, recorded by the branch."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from activity.domain.appraisal import Graded
from activity.entrypoints.api.dependencies import ContextDep
from activity.entrypoints.api.schemas.appraisal import AppraisalResults, AppraisalResultsChanged, GradeEntries
from activity.service_layer import appraisal
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from bastion.http import RuntimeDep
from bastion.http.policies import BranchRead, BranchWrite, own_branch

router = APIRouter(prefix="/activities", tags=["appraisal"])


@router.get("/{activity_id}/appraisal-results", response_model=AppraisalResults)
async def appraisal_results(activity_id: uuid.UUID, principal: BranchRead, runtime: RuntimeDep) -> AppraisalResults:
    """The grades a member appraisal (民主评议党员) decided, by name, with the count of each grade, the
    most 优秀 it may give, and the branch's full members not graded yet."""
    uow = ActivityUnitOfWork(runtime.sessions)
    sheet = await appraisal.appraisal_sheet(activity_id, uow, allowed=own_branch(principal))
    return AppraisalResults.of(sheet, runtime.settings.timezone)


@router.put("/{activity_id}/appraisal-results", response_model=AppraisalResultsChanged)
async def record_appraisal_results(
    activity_id: uuid.UUID, body: GradeEntries, principal: BranchWrite, context: ContextDep
) -> AppraisalResultsChanged:
    """Record the grades the meeting decided (民主评议结果): 优秀 excellent, 合格 qualified, 基本合格
    basically_qualified, 不合格 unqualified, for full members of the branch. All or nothing: the activity is a
    held (or returned) member appraisal, each person appears once and is an active full member of the branch
    (probationary members are not graded), and 优秀 goes to at most a third of those graded. A new grade for
    someone already graded replaces it (a correction), until the record is approved; one equal to the
    current grade is skipped. Emits one `bastion.activity.appraisal.recorded.v1` per grade changed."""
    requests = [Graded(entry.member_id, entry.grade) for entry in body.grades]
    done = await appraisal.record_grades(activity_id, requests, context, allowed=own_branch(principal))
    return AppraisalResultsChanged.of_done(done, context.settings.timezone)
