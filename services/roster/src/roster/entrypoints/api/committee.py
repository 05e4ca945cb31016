"""Branch committees (支委会): the current term and its seats, completeness, earlier terms."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from bastion.errors import NotFoundError
from bastion.handlers import Done
from bastion.http import RuntimeDep
from bastion.http.auth import require_branch
from bastion.http.policies import BranchRead, BranchWrite
from bastion.http.text import Reason
from bastion_contracts.vocabulary import CommitteeRole
from roster.domain.committee import CommitteeTerm
from roster.entrypoints.api import access
from roster.entrypoints.api.dependencies import ContextDep
from roster.entrypoints.api.schemas.committee import (
    CommitteePublic,
    SeatAssignment,
    SeatHistoryPublic,
    TermChanged,
    TermDetailPublic,
    TermPublic,
    TermStart,
)
from roster.service_layer import committee
from roster.service_layer.unit_of_work import RosterUnitOfWork

router = APIRouter(prefix="/org-units/{branch_id}/committee", tags=["branch committees"])
terms_router = APIRouter(prefix="/committee-terms", tags=["branch committees"])


def _changed(done: Done[CommitteeTerm]) -> TermChanged:
    return TermChanged(**TermPublic.of(done.value).model_dump(), event_ids=done.event_ids)


@router.get("", response_model=CommitteePublic, responses={404: {"description": "No such org unit"}})
async def get_committee(branch_id: uuid.UUID, runtime: RuntimeDep, principal: BranchRead) -> CommitteePublic:
    """The branch's committee: the current term with its seats (or null), whether it is complete for
    the branch's size (a secretary; with 7 or more full members, at least 3 seated), and earlier terms."""
    access.require_reach(principal, branch_id)
    return CommitteePublic.of(await committee.committee_of(branch_id, RosterUnitOfWork(runtime.sessions)))


@router.post("/terms", status_code=status.HTTP_201_CREATED, response_model=TermChanged)
async def start_term(
    branch_id: uuid.UUID, body: TermStart, context: ContextDep, response: Response, principal: BranchWrite
) -> TermChanged:
    """Begin a new term (换届), three years unless ``ends_on`` says otherwise. The current term ends on
    the new one's start date and every seat in it is vacated (reason 「换届」)."""
    require_branch(principal, branch_id)
    done = await committee.start_term(branch_id, body.starts_on, body.ends_on, context)
    response.headers["Location"] = f"/org-units/{branch_id}/committee"
    return _changed(done)


@router.put("/seats/{role}", response_model=TermChanged)
async def assign_seat(
    branch_id: uuid.UUID, role: CommitteeRole, body: SeatAssignment, context: ContextDep, principal: BranchWrite
) -> TermChanged:
    """Seat an active full member of the branch in the current term. One person holds one seat; each
    role but ``committee_member`` (委员) has one seat, and putting a ``committee_member`` adds a seat;
    at most 7 seats."""
    require_branch(principal, branch_id)
    return _changed(await committee.assign_seat(branch_id, role, body.member_id, body.assigned_on, context))


@router.delete("/seats/{role}", response_model=TermChanged)
async def vacate_seat(
    branch_id: uuid.UUID,
    role: CommitteeRole,
    context: ContextDep,
    principal: BranchWrite,
    reason: Annotated[Reason, Query(description="Why the seat is vacated (免职、辞职 ...).")],
    member_id: Annotated[
        uuid.UUID | None, Query(description="Who leaves the seat; required for committee_member.")
    ] = None,
    vacated_on: Annotated[date | None, Query(description="Defaults to today.")] = None,
) -> TermChanged:
    """Vacate a seat of the current term; the answer is the term with the seats still held."""
    require_branch(principal, branch_id)
    return _changed(await committee.vacate_seat(branch_id, role, member_id, vacated_on, reason, context))


@terms_router.get("/{term_id}", response_model=TermDetailPublic, responses={404: {"description": "No such term"}})
async def get_term(term_id: uuid.UUID, runtime: RuntimeDep, principal: BranchRead) -> TermDetailPublic:
    """One committee term (届) with the seats it holds and the history of every seat it had."""
    async with RosterUnitOfWork(runtime.sessions) as uow:
        term = await uow.committees.get_term(term_id)
        if term is None:
            raise NotFoundError(f"没有这一届支委会：{term_id}", code="committee_term_not_found")
        access.require_reach(principal, term.branch_id)
        history = await uow.committees.seat_history(term_id)
    return TermDetailPublic(
        **TermPublic.of(term).model_dump(),
        history=[
            SeatHistoryPublic(
                role=row.role,
                member_id=row.member_id,
                member_name=row.member_name,
                assigned_on=row.assigned_on,
                vacated_on=row.vacated_on,
                vacate_reason=row.vacate_reason,
            )
            for row in history
        ],
    )
