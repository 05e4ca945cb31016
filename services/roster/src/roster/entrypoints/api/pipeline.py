"""The recruitment pipeline (发展党员): stages, sponsors, contacts, talks, reviews, probation."""

from __future__ import annotations

import uuid
from dataclasses import asdict

from fastapi import APIRouter

from bastion.clock import local_today
from bastion.http import RuntimeDep
from bastion.http.policies import BranchRead, BranchWrite
from roster.adapters.queries import members_under
from roster.domain.pipeline import overdue_step
from roster.entrypoints.api import access
from roster.entrypoints.api.dependencies import ContextDep
from roster.entrypoints.api.members import changed, check_managed
from roster.entrypoints.api.schemas.members import (
    ActivistReview,
    ApplicationTalk,
    CultivationContacts,
    MemberChanged,
    OverdueStepPublic,
    ProbationExtension,
    Sponsors,
    StageChange,
)
from roster.service_layer import pipeline
from roster.service_layer.unit_of_work import RosterUnitOfWork

router = APIRouter(tags=["recruitment pipeline"])


@router.post("/members/{member_id}/stage", response_model=MemberChanged)
async def advance_stage(
    member_id: uuid.UUID, body: StageChange, context: ContextDep, principal: BranchWrite
) -> MemberChanged:
    """Move a person to the next stage. No stage is skipped; a candidate needs a year as activist;
    admission needs two sponsors; confirmation comes after the probation year (and any extension)."""
    await check_managed(principal, context, member_id)
    return changed(await pipeline.advance_stage(member_id, body.stage, body.changed_on, context), principal)


@router.put("/members/{member_id}/sponsors", response_model=MemberChanged)
async def assign_sponsors(
    member_id: uuid.UUID, body: Sponsors, context: ContextDep, principal: BranchWrite
) -> MemberChanged:
    """Name the two sponsors (入党介绍人); both must be full members."""
    await check_managed(principal, context, member_id)
    return changed(await pipeline.assign_sponsors(member_id, body.sponsor_ids, context), principal)


@router.put("/members/{member_id}/cultivation-contacts", response_model=MemberChanged)
async def assign_contacts(
    member_id: uuid.UUID, body: CultivationContacts, context: ContextDep, principal: BranchWrite
) -> MemberChanged:
    """Name one or two cultivation contacts (培养联系人) for an activist; full members only."""
    await check_managed(principal, context, member_id)
    return changed(await pipeline.assign_cultivation_contacts(member_id, body.contact_ids, context), principal)


@router.post("/members/{member_id}/application-talk", response_model=MemberChanged)
async def record_talk(
    member_id: uuid.UUID, body: ApplicationTalk, context: ContextDep, principal: BranchWrite
) -> MemberChanged:
    """Record the talk with an applicant (due within a month of the application)."""
    await check_managed(principal, context, member_id)
    done = await pipeline.record_application_talk(member_id, body.held_on, body.talked_by_id, context)
    return changed(done, principal)


@router.post("/members/{member_id}/activist-reviews", response_model=MemberChanged)
async def record_review(
    member_id: uuid.UUID, body: ActivistReview, context: ContextDep, principal: BranchWrite
) -> MemberChanged:
    """Record an activist's half-yearly review (考察)."""
    await check_managed(principal, context, member_id)
    return changed(await pipeline.record_activist_review(member_id, body.reviewed_on, body.outcome, context), principal)


@router.post("/members/{member_id}/probation-extension", response_model=MemberChanged)
async def extend_probation(
    member_id: uuid.UUID, body: ProbationExtension, context: ContextDep, principal: BranchWrite
) -> MemberChanged:
    """Extend a probationary member's probation once, by 6 to 12 months (延长预备期)."""
    await check_managed(principal, context, member_id)
    return changed(await pipeline.extend_probation(member_id, body.months, context), principal)


@router.get("/org-units/{unit_id}/overdue-steps", response_model=list[OverdueStepPublic])
async def overdue_steps(unit_id: uuid.UUID, runtime: RuntimeDep, principal: BranchRead) -> list[OverdueStepPublic]:
    """Pipeline steps that are late at or below this unit: talks with applicants (1 month), activist
    reviews (every 6 months), confirmations of probationary members; most overdue first. A secretary
    asks about their own branch or a party group in it."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        await access.unit_in_reach(principal, uow, unit_id)
    today = local_today(runtime.settings.timezone)
    async with runtime.engine.connect() as connection:
        people = await members_under(connection, unit_id)
    steps = [step for person in people if (step := overdue_step(person, today)) is not None]
    steps.sort(key=lambda step: (-step.days_overdue, step.member_name))
    return [OverdueStepPublic(**asdict(step)) for step in steps]
