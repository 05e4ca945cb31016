"""Suggestions (意见建议), for staff: enter, follow the loop (acknowledge, decide, note progress, respond,
close, reopen, record the proposer's rating of the answer), list by deadline, and a branch's overdue ones."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, status

from bastion.auth import Principal
from bastion.handlers import Done
from bastion.http.auth import allow, branches_to_list
from bastion.http.paging import Page, PageDep
from bastion.http.policies import BranchRead, BranchWrite, require_own_branch
from bastion_contracts.vocabulary import FeedbackChannel, SuggestionState
from feedback.adapters.suggestions_repository import SuggestionFilter
from feedback.domain.suggestions import Suggestion
from feedback.entrypoints.api import access
from feedback.entrypoints.api.access import ADMIN, EVERY_ROLE, MEMBER, SECRETARY, SERVICE, OwnSuggestionStep
from feedback.entrypoints.api.dependencies import ContextDep, RecordedContextDep
from feedback.entrypoints.api.schemas.suggestions import (
    Answer,
    AnswerRating,
    Decision,
    LatenessPublic,
    LateSuggestion,
    LateSuggestions,
    ProgressNote,
    Reopening,
    SuggestionChanged,
    SuggestionCreate,
    SuggestionCreated,
    SuggestionDetail,
    SuggestionPublic,
)
from feedback.service_layer import suggestions
from feedback.service_layer.context import Context

router = APIRouter(tags=["suggestions"])

_404: dict[int | str, dict[str, Any]] = {404: {"description": "No such suggestion"}}
_STEP: dict[int | str, dict[str, Any]] = {**_404, 409: {"description": "Not in a state for this step"}}

Proposer = Annotated[
    Principal,
    Depends(allow(ADMIN, SECRETARY, MEMBER, scope="secretary: own branch; member: self as proposer, not backdated")),
]
Lister = Annotated[
    Principal,
    Depends(
        allow(*EVERY_ROLE, scope="secretary: own branches (narrowed; another branch 403); member: own; service: read")
    ),
]
Reader = Annotated[
    Principal,
    Depends(
        allow(*EVERY_ROLE, scope="secretary: own branch; member: own; service: read without proposer name, contact")
    ),
]


async def _changed(done: Done[Suggestion], context: Context) -> SuggestionChanged:
    async with context.uow as uow:
        history = await uow.suggestions.history(done.value.id)
    detail = SuggestionDetail.with_history(done.value, history)
    return SuggestionChanged(**detail.model_dump(), event_ids=done.event_ids)


@router.post(
    "/suggestions",
    status_code=status.HTTP_201_CREATED,
    response_model=SuggestionCreated,
    responses={409: {"description": "The same content to the same branch within 24 hours, or a dissolved branch"}},
)
async def submit(
    body: SuggestionCreate, principal: Proposer, request: Request, context: RecordedContextDep, response: Response
) -> SuggestionCreated:
    """Enter a suggestion to a branch (staff entry). Acknowledge-by is the 3rd and decide-by the 15th
    working day after today. Anonymous ones need a contact for the answer. The same content to the same
    branch within 24 hours is refused. The answer carries the receipt code (回执码), shown only this once.
    A secretary enters suggestions to their branch; a member submits their own (to any branch)."""
    if principal.role is MEMBER:
        access.require_proposer(principal, body.proposer_member_id)
        access.forbid_backdating(principal, request)
    else:
        require_own_branch(principal, body.branch_id)
    command = suggestions.SubmitSuggestion(**body.model_dump(), channel=FeedbackChannel.STAFF)
    done = await suggestions.submit_suggestion(command, context)
    suggestion, receipt = done.value
    response.headers["Location"] = f"/suggestions/{suggestion.id}"
    changed = await _changed(Done(suggestion, done.event_ids), context)
    return SuggestionCreated(**changed.model_dump(), receipt=receipt)


@router.get("/suggestions", response_model=Page[SuggestionPublic])
async def list_all(
    principal: Lister,
    context: ContextDep,
    page: PageDep,
    branch_id: uuid.UUID | None = None,
    state: SuggestionState | None = None,
    overdue: bool | None = None,
) -> Page[SuggestionPublic]:
    """Suggestions with a step due first, by that deadline (acknowledge-by for submitted ones, decide-by
    for acknowledged and reopened ones); then the others, newest first. ``overdue=true``: only those past
    acknowledge-by and not acknowledged, or past decide-by and not decided. A secretary sees their
    branches' (a branch filter naming another is refused), a member their own."""
    asked = SuggestionFilter(branch_id, state, overdue)
    if principal.role is MEMBER:
        asked = replace(asked, proposer_member_id=access.own_member_id(principal))
    else:
        asked = replace(asked, branch_ids=branches_to_list(principal, branch_id))
    found, total = await suggestions.list_suggestions(asked, page, context)
    return Page(items=[SuggestionPublic.of(s) for s in found], total=total, page=page.page, page_size=page.page_size)


@router.get("/suggestions/{suggestion_id}", response_model=SuggestionDetail, responses=_404)
async def get_suggestion(suggestion_id: uuid.UUID, principal: Reader, context: ContextDep) -> SuggestionDetail:
    """One suggestion with its history, and the proposer's name and contact (not for machine clients)."""
    suggestion, history = await suggestions.suggestion_with_history(suggestion_id, context)
    access.may_see_suggestion(principal, suggestion)
    detail = SuggestionDetail.with_history(suggestion, history)
    if principal.role is SERVICE:
        detail = detail.model_copy(update={"proposer_name": None, "contact": None})
    return detail


@router.post("/suggestions/{suggestion_id}/acknowledge", response_model=SuggestionChanged, responses=_STEP)
async def acknowledge(
    suggestion_id: uuid.UUID,
    principal: BranchWrite,
    context: RecordedContextDep,
) -> SuggestionChanged:
    """Acknowledge a submitted suggestion (受理)."""
    return await _changed(
        await suggestions.acknowledge_suggestion(suggestion_id, context, allowed=access.on_suggestion(principal)),
        context,
    )


@router.post("/suggestions/{suggestion_id}/decide", response_model=SuggestionChanged, responses=_STEP)
async def decide(
    suggestion_id: uuid.UUID,
    body: Decision,
    principal: BranchWrite,
    context: RecordedContextDep,
) -> SuggestionChanged:
    """Decide on an acknowledged (or reopened) suggestion: adopted, partially adopted or rejected, always
    with a reason. The event says whether it was decided by decide-by."""
    done = await suggestions.decide_suggestion(
        suggestion_id, body.decision, body.reason, context, allowed=access.on_suggestion(principal)
    )
    return await _changed(done, context)


@router.post("/suggestions/{suggestion_id}/progress", response_model=SuggestionChanged, responses=_STEP)
async def note_progress(
    suggestion_id: uuid.UUID,
    body: ProgressNote,
    principal: BranchWrite,
    context: RecordedContextDep,
) -> SuggestionChanged:
    """Note progress on an adopted or partially adopted suggestion, until it is closed."""
    return await _changed(
        await suggestions.note_progress(suggestion_id, body.note, context, allowed=access.on_suggestion(principal)),
        context,
    )


@router.post("/suggestions/{suggestion_id}/respond", response_model=SuggestionChanged, responses=_STEP)
async def respond(
    suggestion_id: uuid.UUID,
    body: Answer,
    principal: BranchWrite,
    context: RecordedContextDep,
) -> SuggestionChanged:
    """Answer the proposer (反馈) once the suggestion is decided."""
    return await _changed(
        await suggestions.respond_to_suggestion(
            suggestion_id, body.response, context, allowed=access.on_suggestion(principal)
        ),
        context,
    )


@router.post("/suggestions/{suggestion_id}/close", response_model=SuggestionChanged, responses=_STEP)
async def close(
    suggestion_id: uuid.UUID,
    principal: BranchWrite,
    context: RecordedContextDep,
) -> SuggestionChanged:
    """Close an answered suggestion (办结)."""
    return await _changed(
        await suggestions.close_suggestion(suggestion_id, context, allowed=access.on_suggestion(principal)), context
    )


@router.post("/suggestions/{suggestion_id}/reopen", response_model=SuggestionChanged, responses=_STEP)
async def reopen(
    suggestion_id: uuid.UUID,
    body: Reopening,
    principal: OwnSuggestionStep,
    request: Request,
    context: RecordedContextDep,
) -> SuggestionChanged:
    """Reopen a closed suggestion (within 30 days of closing), with a reason. It must be decided again by a
    new decide-by (15 working days from today), then answered and closed. A member reopens only their own."""
    access.forbid_backdating(principal, request)
    allowed = access.on_suggestion(principal)
    return await _changed(
        await suggestions.reopen_suggestion(suggestion_id, body.reason, context, allowed=allowed), context
    )


@router.post("/suggestions/{suggestion_id}/answer-rating", response_model=SuggestionChanged, responses=_STEP)
async def rate_answer(
    suggestion_id: uuid.UUID,
    body: AnswerRating,
    principal: OwnSuggestionStep,
    request: Request,
    context: RecordedContextDep,
) -> SuggestionChanged:
    """Record the proposer's rating of the answer (answered or closed suggestions; once per answer). A
    member rates only the answers to their own suggestions."""
    access.forbid_backdating(principal, request)
    allowed = access.on_suggestion(principal)
    return await _changed(await suggestions.rate_answer(suggestion_id, body.answer, context, allowed=allowed), context)


@router.get(
    "/branches/{branch_id}/suggestions/overdue",
    response_model=LateSuggestions,
    responses={404: {"description": "No such branch"}},
)
async def overdue(branch_id: uuid.UUID, principal: BranchRead, context: ContextDep) -> LateSuggestions:
    """A branch's overdue suggestions: past acknowledge-by and not acknowledged, or past decide-by and not
    decided, with the days each is overdue (calendar days, in the organisation's time zone)."""
    require_own_branch(principal, branch_id)
    late = await suggestions.late_suggestions(branch_id, context)
    items = [
        LateSuggestion(
            **SuggestionPublic.of(s).model_dump(), overdue=[LatenessPublic.of(x) for x in s.lateness(context.today)]
        )
        for s in late
    ]
    return LateSuggestions(branch_id=branch_id, as_of=context.today, items=items)
