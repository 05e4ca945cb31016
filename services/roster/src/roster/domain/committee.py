"""Branch committees (支委会): terms of three years, seats with the people in them.

A branch with seven or more full members must have a committee (3-7 people); one with fewer
has a secretary. Seat holders are active full members of the branch; each role but
``committee_member`` has one seat; a person holds one seat per term.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from bastion.errors import ConflictError, NotFoundError, RuleViolationError
from bastion_contracts.roster import CommitteeSeat
from bastion_contracts.vocabulary import CommitteeRole
from roster.domain.calendar import add_years
from roster.domain.member import Member

TERM_YEARS = 3
COMMITTEE_REQUIRED_FROM = 7  # full members
COMMITTEE_SIZE = range(3, 8)


@dataclass(frozen=True, slots=True)
class Seat:
    """A seat on a committee and the member in it (委员职务)."""

    role: CommitteeRole
    member_id: uuid.UUID
    member_name: str
    assigned_on: date

    def published(self) -> CommitteeSeat:
        return CommitteeSeat(
            role=self.role, member_id=self.member_id, member_name=self.member_name, assigned_on=self.assigned_on
        )


@dataclass(frozen=True, slots=True)
class CommitteeTerm:
    """One term (届) of a branch committee with the seats currently held; ``ended_on`` once replaced."""

    id: uuid.UUID
    branch_id: uuid.UUID
    starts_on: date
    ends_on: date
    seats: tuple[Seat, ...] = ()
    ended_on: date | None = None

    def seat_of(self, member_id: uuid.UUID) -> Seat | None:
        return next((seat for seat in self.seats if seat.member_id == member_id), None)

    def holder(self, role: CommitteeRole) -> Seat | None:
        return next((seat for seat in self.seats if seat.role is role), None)

    def ordered_seats(self) -> list[Seat]:
        """The seats held, secretary first (the order of ``CommitteeRole``), then by date."""
        return sorted(self.seats, key=lambda seat: (_ROLE_ORDER.index(seat.role), seat.assigned_on))

    def published_seats(self) -> list[CommitteeSeat]:
        return [seat.published() for seat in self.ordered_seats()]

    def held_seat(self, role: CommitteeRole, member_id: uuid.UUID | None) -> Seat:
        """The seat ``role`` held (by ``member_id``, if given; required where a role has several seats)."""
        if member_id is None and not role.single_seat:
            raise RuleViolationError(
                f"{role.label_zh}有多个席位，须指明是哪一位（member_id）", code="member_id_required"
            )
        seat = next((s for s in self.seats if s.role is role and member_id in (None, s.member_id)), None)
        if seat is None:
            who = "" if member_id is None else f"此人（{member_id}）"
            raise NotFoundError(f"本届支委会中{who}没有在任的{role.label_zh}", code="seat_not_held")
        return seat

    def assign(self, role: CommitteeRole, member: Member, on: date, today: date) -> CommitteeTerm:
        """The term with ``member`` seated as ``role`` from ``on``."""
        _require_not_in_future(on, today)
        member.require_active()
        if member.branch_id != self.branch_id:
            raise RuleViolationError(f"{member.name} 不在这个支部，不能进入本支部支委会", code="seat_other_branch")
        if not member.is_full_member:
            raise RuleViolationError(
                f"支委会成员须为正式党员：{member.name} 现为「{member.stage.label_zh}」", code="seat_not_full_member"
            )
        if not self.starts_on <= on <= self.ends_on:
            raise RuleViolationError(
                f"日期 {on} 不在本届任期（{self.starts_on}～{self.ends_on}）内", code="seat_outside_term"
            )
        if (seated := self.seat_of(member.id)) is not None:
            raise ConflictError(f"{member.name} 已任{seated.role.label_zh}，一人只任一职", code="already_seated")
        if role.single_seat and (holder := self.holder(role)) is not None:
            raise ConflictError(f"{role.label_zh}一职已由 {holder.member_name} 担任，须先空出", code="seat_taken")
        if len(self.seats) >= COMMITTEE_SIZE.stop - 1:
            raise RuleViolationError(f"支委会最多 {COMMITTEE_SIZE.stop - 1} 人", code="committee_size")
        return replace(self, seats=(*self.seats, Seat(role, member.id, member.name, on)))

    def vacate(self, seat: Seat, on: date) -> CommitteeTerm:
        """The term without ``seat`` from ``on`` (callers check ``on`` is not in the future)."""
        if on < seat.assigned_on:
            raise RuleViolationError(
                f"{seat.member_name} {seat.assigned_on} 起任{seat.role.label_zh}，离任日期 {on} 不能更早",
                code="date_order",
            )
        return replace(self, seats=tuple(s for s in self.seats if s is not seat))


_ROLE_ORDER = list(CommitteeRole)


def _require_not_in_future(day: date, today: date) -> None:
    if day > today:
        raise RuleViolationError(f"日期 {day} 不能晚于今天", code="date_in_future")


def new_term(
    branch_id: uuid.UUID, starts_on: date, ends_on: date | None, current: CommitteeTerm | None, today: date
) -> CommitteeTerm:
    """A term from ``starts_on``, three years unless ``ends_on`` says otherwise; it replaces ``current``."""
    _require_not_in_future(starts_on, today)
    ends = ends_on or add_years(starts_on, TERM_YEARS)
    if ends <= starts_on:
        raise RuleViolationError("任期结束日期须晚于开始日期", code="date_order")
    if current is not None and starts_on <= current.starts_on:
        raise RuleViolationError(f"新一届须晚于现任一届的开始日期 {current.starts_on}", code="date_order")
    return CommitteeTerm(uuid.uuid4(), branch_id, starts_on, ends)


@dataclass(frozen=True, slots=True)
class Completeness:
    """Is the committee in place for the branch's size? (the leadership_team indicator's inputs)"""

    full_members: int
    required: bool
    secretary_seated: bool
    seated: int
    complete: bool


def completeness(term: CommitteeTerm | None, full_members: int) -> Completeness:
    required = full_members >= COMMITTEE_REQUIRED_FROM
    seats = term.seats if term is not None else ()
    secretary = any(seat.role is CommitteeRole.SECRETARY for seat in seats)
    complete = secretary and (not required or len(seats) >= COMMITTEE_SIZE.start)
    return Completeness(full_members, required, secretary, len(seats), complete)
