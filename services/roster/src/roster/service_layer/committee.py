"""Use cases of branch committees (支委会): terms and seats."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from bastion.errors import ConflictError, RuleViolationError
from bastion.handlers import Done
from bastion_contracts.roster import CommitteeSeat, CommitteeSeatAssigned, CommitteeSeatVacated, CommitteeTermStarted
from bastion_contracts.vocabulary import CommitteeRole, OrgUnitKind
from roster.domain.committee import CommitteeTerm, Completeness, Seat, completeness, new_term
from roster.domain.member import Member
from roster.domain.org import OrgUnit
from roster.service_layer.context import Context
from roster.service_layer.lookups import org_unit_at
from roster.service_layer.unit_of_work import RosterUnitOfWork

NEW_TERM_REASON = "换届"


async def branch_at(uow: RosterUnitOfWork, branch_id: uuid.UUID, *, active: bool = True) -> OrgUnit:
    """The branch in the path: 404 if unknown, 422 if not a branch, 409 if dissolved (when ``active``)."""
    branch = await org_unit_at(uow, branch_id)
    branch.require_kind(OrgUnitKind.BRANCH, field="branch_id")
    if active:
        branch.require_active()
    return branch


async def _current_term(uow: RosterUnitOfWork, branch: OrgUnit) -> CommitteeTerm:
    term = await uow.committees.current_term(branch.id, for_update=True)
    if term is None:
        raise ConflictError(f"「{branch.name}」还没有支委会任期，须先开始一届", code="no_committee_term")
    return term


@dataclass(frozen=True, slots=True)
class CommitteeView:
    """A branch's committee as the secretary sees it: the current term, whether it is complete, past terms."""

    branch_id: uuid.UUID
    current: CommitteeTerm | None
    completeness: Completeness
    past_terms: list[CommitteeTerm]


async def committee_of(branch_id: uuid.UUID, uow: RosterUnitOfWork) -> CommitteeView:
    async with uow:
        await branch_at(uow, branch_id, active=False)
        current = await uow.committees.current_term(branch_id)
        full_members = await uow.committees.count_full_members(branch_id)
        past = [term for term in await uow.committees.terms(branch_id) if term.ended_on is not None]
    return CommitteeView(branch_id, current, completeness(current, full_members), past)


async def start_term(
    branch_id: uuid.UUID, starts_on: date | None, ends_on: date | None, context: Context
) -> Done[CommitteeTerm]:
    """Begin a new term (换届); the current one ends that day and its seats are vacated."""
    async with context.uow as uow:
        branch = await branch_at(uow, branch_id)
        # The term's row lock serialises two new terms; where there is no term yet, the partial unique
        # index refuses the second (locking the branch instead could deadlock with a transfer).
        current = await uow.committees.current_term(branch.id, for_update=True)
        term = new_term(branch.id, starts_on or context.today, ends_on, current, context.today)
        if current is not None:
            for seat in current.seats:
                current = await _vacate(uow, current, seat, term.starts_on, NEW_TERM_REASON)
            await uow.committees.end_term(current.id, term.starts_on)
        await uow.committees.add_term(term)
        uow.record(
            CommitteeTermStarted(**_term_fields(term), previous_term_id=current.id if current is not None else None)
        )
        await uow.commit()
        return Done(term, uow.event_ids)


async def assign_seat(
    branch_id: uuid.UUID, role: CommitteeRole, member_id: uuid.UUID, on: date | None, context: Context
) -> Done[CommitteeTerm]:
    """Seat a member as ``role`` in the current term (for ``committee_member``: one more seat)."""
    async with context.uow as uow:
        branch = await branch_at(uow, branch_id)
        member = await _member_locked(uow, member_id)
        term = await _current_term(uow, branch)
        day = on or context.today
        seated = term.assign(role, member, day, context.today)
        await uow.committees.add_seat(term.id, Seat(role, member.id, member.name, day))
        uow.record(CommitteeSeatAssigned(**_term_fields(seated), role=role, member_id=member.id, assigned_on=day))
        await uow.commit()
        return Done(seated, uow.event_ids)


async def _member_locked(uow: RosterUnitOfWork, member_id: uuid.UUID) -> Member:
    """The member named in the body, locked before the term: the order transfers and status changes
    take them in (member, then term), so the two cannot deadlock."""
    member = await uow.members.get(member_id, for_update=True)
    if member is None:
        raise RuleViolationError(f"member_id：没有这个人（{member_id}）", code="unknown_member")
    return member


async def vacate_seat(
    branch_id: uuid.UUID,
    role: CommitteeRole,
    member_id: uuid.UUID | None,
    on: date | None,
    reason: str,
    context: Context,
) -> Done[CommitteeTerm]:
    """Empty a seat of the current term (免职、辞职 ...)."""
    async with context.uow as uow:
        branch = await branch_at(uow, branch_id)
        term = await _current_term(uow, branch)
        seat = term.held_seat(role, member_id)
        day = on or context.today
        if day > context.today:
            raise RuleViolationError(f"vacated_on：日期 {day} 不能晚于今天", code="date_in_future")
        vacated = await _vacate(uow, term, seat, day, reason)
        await uow.commit()
        return Done(vacated, uow.event_ids)


async def vacate_seats_of(uow: RosterUnitOfWork, member: Member, on: date, reason: str) -> None:
    """Vacate every committee seat ``member`` holds, recording a seat-vacated event for each.

    Callers (transfer, status change) have checked that ``on`` is not in the future.
    """
    term = await uow.committees.current_term(member.branch_id, for_update=True)
    if term is None:
        return
    for seat in [seat for seat in term.seats if seat.member_id == member.id]:
        term = await _vacate(uow, term, seat, on, reason)


async def _vacate(uow: RosterUnitOfWork, term: CommitteeTerm, seat: Seat, on: date, reason: str) -> CommitteeTerm:
    vacated = term.vacate(seat, on)
    await uow.committees.vacate_seat(term.id, seat, on, reason)
    uow.record(
        CommitteeSeatVacated(
            **_term_fields(vacated), role=seat.role, member_id=seat.member_id, vacated_on=on, reason=reason
        )
    )
    return vacated


class _TermFields(TypedDict):
    branch_id: uuid.UUID
    term_id: uuid.UUID
    term_starts_on: date
    term_ends_on: date
    seats: list[CommitteeSeat]


def _term_fields(term: CommitteeTerm) -> _TermFields:
    """What every committee event says about the term: its dates and every seat held after the event."""
    return {
        "branch_id": term.branch_id,
        "term_id": term.id,
        "term_starts_on": term.starts_on,
        "term_ends_on": term.ends_on,
        "seats": term.published_seats(),
    }
