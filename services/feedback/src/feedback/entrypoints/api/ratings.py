"""Ratings: submit (staff entry), list by subject and group, read, and a branch's satisfaction summary."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from bastion.auth import Principal
from bastion.clock import noon_of
from bastion.errors import NotFoundError
from bastion.http import RuntimeDep
from bastion.http.auth import allow, branches_to_list
from bastion.http.paging import PageDep
from bastion.http.policies import BranchList, BranchRead, BranchWrite, require_own_branch
from bastion_contracts.vocabulary import FeedbackChannel, RatingSubjectKind, RespondentGroup
from feedback.adapters.queries import Window, group_figures, list_ratings, public_share
from feedback.domain.periods import PERIOD_PATTERN, ReportingPeriod, reporting_period
from feedback.domain.respondents import RespondentBasis, device_notice
from feedback.domain.satisfaction import satisfaction_index
from feedback.entrypoints.api import access
from feedback.entrypoints.api.access import EVERY_ROLE
from feedback.entrypoints.api.dependencies import ContextDep
from feedback.entrypoints.api.schemas.ratings import (
    GroupFiguresPublic,
    RatingChanged,
    RatingCreate,
    RatingPublic,
    RatingsPage,
    RatingsSummary,
    SubjectKindSummary,
)
from feedback.service_layer import ratings
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork

router = APIRouter(tags=["ratings"])


@dataclass(frozen=True, slots=True)
class SubmittedIn:
    """The period asked for, and its window in time (None: all time)."""

    period: ReportingPeriod | None
    window: Window | None


def submitted_in(
    runtime: RuntimeDep,
    period: Annotated[
        str | None,
        Query(
            description="Ratings submitted in this year, quarter or month of the organisation's calendar (`TIMEZONE`): "
            "2026, 2026-Q3 or 2026-07; default: all time. Paper surveys count on the day they were filled in.",
            examples=["2026", "2026-Q3", "2026-07"],
            # Documented, not enforced by FastAPI: reporting_period refuses with the accepted forms in Chinese.
            json_schema_extra={"pattern": PERIOD_PATTERN},
        ),
    ] = None,
) -> SubmittedIn:
    if period is None:
        return SubmittedIn(None, None)
    found = reporting_period(period)
    return SubmittedIn(found, found.bounds(runtime.settings.timezone))


Period = Annotated[SubmittedIn, Depends(submitted_in)]
# A branch's satisfaction figures are aggregates without personal data: public branch figures.
FigureReader = Annotated[Principal, Depends(allow(*EVERY_ROLE, scope="public branch figures: any branch"))]


@router.post("/ratings", status_code=status.HTTP_201_CREATED, response_model=RatingChanged)
async def submit(
    body: RatingCreate, principal: BranchWrite, runtime: RuntimeDep, context: ContextDep, response: Response
) -> RatingChanged:
    """Record a rating of a branch, a held activity (incl. a service post shift or door-to-door visit) or
    an active member's service. One rating per respondent per subject per period (quarter by default).
    A secretary enters ratings of what belongs to their branch."""
    await access.require_subject(principal, runtime, body.subject_kind, body.subject_id)
    command = ratings.SubmitRating(
        subject_kind=body.subject_kind,
        subject_id=body.subject_id,
        respondent_group=body.respondent_group,
        respondent=body.respondent,
        answer=body.answer,
        channel=FeedbackChannel.STAFF,
        dimensions=body.dimensions,
        comment=body.comment,
        display_name=None if body.anonymous else body.display_name,
        collected_at=noon_of(body.collected_on, context.settings.timezone) if body.collected_on else None,
    )
    done = await ratings.submit_rating(command, context)
    response.headers["Location"] = f"/ratings/{done.value.id}"
    return RatingChanged(**RatingPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.get("/ratings", response_model=RatingsPage)
async def list_all(
    principal: BranchList,
    runtime: RuntimeDep,
    page: PageDep,
    submitted: Period,
    branch_id: uuid.UUID | None = None,
    subject_kind: RatingSubjectKind | None = None,
    subject_id: uuid.UUID | None = None,
    respondent_group: RespondentGroup | None = None,
    flagged: Annotated[bool | None, Query(description="true: only those flagged for a check (bursts)")] = None,
) -> RatingsPage:
    """Ratings, newest first, by branch, subject and respondent group, or only the flagged ones. A secretary
    sees their branches' (a branch filter naming another is refused). Anonymous public ratings are each
    only a device: ``respondent_notice`` says so when the page has any."""
    branch_ids = branches_to_list(principal, branch_id)
    async with runtime.engine.connect() as connection:
        found, total = await list_ratings(
            connection,
            page,
            branch_id=branch_id,
            branch_ids=branch_ids,
            subject_kind=subject_kind,
            subject_id=subject_id,
            group=respondent_group,
            submitted=submitted.window,
            flagged=flagged,
        )
    devices = sum(1 for r in found if r.respondent_basis is RespondentBasis.DEVICE)
    return RatingsPage(
        items=[RatingPublic.of(r) for r in found],
        total=total,
        page=page.page,
        page_size=page.page_size,
        respondent_notice=device_notice(devices),
    )


@router.get("/ratings/{rating_id}", response_model=RatingPublic, responses={404: {"description": "No such rating"}})
async def get_rating(rating_id: uuid.UUID, principal: BranchRead, runtime: RuntimeDep) -> RatingPublic:
    """One rating."""
    async with FeedbackUnitOfWork(runtime.sessions) as uow:
        rating = await uow.ratings.get(rating_id)
    if rating is None:
        raise NotFoundError(f"没有这条评价：{rating_id}", code="rating_not_found")
    require_own_branch(principal, rating.subject.branch_id)
    return RatingPublic.of(rating)


@router.get("/branches/{branch_id}/ratings/summary", response_model=RatingsSummary)
async def summary(
    branch_id: uuid.UUID, principal: FigureReader, runtime: RuntimeDep, submitted: Period
) -> RatingsSummary:
    """A branch's satisfaction index (满意度) for a period (or all time), the same figure as scoring's branch
    assessment for that period: all the branch's ratings (of the branch, its activities and its members' service)
    pooled per respondent group, each group's mean weighted department 40%, worker 40%, member 20%,
    renormalised over the groups that rated; flagged when fewer than 10. With the groups it rests on, and,
    as detail only, the same ratings by kind of subject; how many ratings are anonymous public ones (each only
    a device, said in ``respondent_notice``) and how many are flagged for a check."""
    async with runtime.engine.connect() as connection:
        figures = await group_figures(connection, branch_id, submitted.window)
        share = await public_share(connection, branch_id, submitted.window)
    overall = satisfaction_index(g for groups in figures.values() for g in groups)
    period = submitted.period
    return RatingsSummary(
        branch_id=branch_id,
        period=period.label if period else None,
        first_day=period.first_day if period else None,
        last_day=period.last_day if period else None,
        satisfaction_index=overall.index,
        satisfaction_rate=overall.satisfaction_rate,
        count=overall.count,
        sufficient_sample=overall.sufficient,
        by_group=[GroupFiguresPublic.of(g.figures, g.weight) for g in overall.groups],
        by_subject=[
            SubjectKindSummary(
                subject_kind=kind,
                groups=[GroupFiguresPublic.of(g) for g in sorted(groups, key=lambda g: g.group.value)],
            )
            for kind, groups in sorted(figures.items(), key=lambda item: item[0].value)
        ],
        device_ratings=share.device_ratings,
        flagged_ratings=share.flagged_ratings,
        respondent_notice=device_notice(share.device_ratings),
    )
