"""Branch committees (支委会): terms and seats.

A seat row with ``vacated_on`` NULL is held; vacated rows stay as the committee's history.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.db.integrity import violated_constraint
from bastion.errors import ConflictError
from bastion_contracts.vocabulary import CommitteeRole, MemberStatus, Stage
from roster.adapters.orm import committee_seats, committee_terms, members
from roster.domain.committee import CommitteeTerm, Seat

# The partial unique indexes back the domain's rules when two requests race past its checks.
_CONFLICTS = {
    "committee_terms_current_uq": ("这个支部刚刚开始了新一届支委会，请刷新后再试", "committee_term_exists"),
    "committee_seats_single_role_uq": ("这个职务刚刚有人就任，请刷新后再试", "seat_taken"),
    "committee_seats_one_per_member_uq": ("此人刚刚在本届支委会就任，一人只任一职", "already_seated"),
}


def _translated(exc: IntegrityError) -> Exception:
    conflict = _CONFLICTS.get(violated_constraint(exc) or "")
    if conflict is None:
        return exc
    message, code = conflict
    return ConflictError(message, code=code)


def _term(row: Any, seats: tuple[Seat, ...] = ()) -> CommitteeTerm:
    return CommitteeTerm(
        id=row.id,
        branch_id=row.branch_id,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        seats=seats,
        ended_on=row.ended_on,
    )


class CommitteeRepository:
    """Terms of branch committees with the seats held in them."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def current_term(self, branch_id: uuid.UUID, *, for_update: bool = False) -> CommitteeTerm | None:
        """The branch's current term (not replaced yet) with its held seats; locked if ``for_update``."""
        query = select(committee_terms).where(
            committee_terms.c.branch_id == branch_id, committee_terms.c.ended_on.is_(None)
        )
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        if row is None:
            return None
        return _term(row, await self._held_seats(row.id))

    async def _held_seats(self, term_id: uuid.UUID) -> tuple[Seat, ...]:
        rows = await self._session.execute(
            select(committee_seats)
            .where(committee_seats.c.term_id == term_id, committee_seats.c.vacated_on.is_(None))
            .order_by(committee_seats.c.assigned_on, committee_seats.c.member_name)
        )
        return tuple(Seat(CommitteeRole(r.role), r.member_id, r.member_name, r.assigned_on) for r in rows)

    async def get_term(self, term_id: uuid.UUID) -> CommitteeTerm | None:
        """One term by id, with the seats it still holds (none once a later term replaced it)."""
        row = (
            await self._session.execute(select(committee_terms).where(committee_terms.c.id == term_id))
        ).one_or_none()
        return _term(row, await self._held_seats(row.id)) if row is not None else None

    async def seat_history(self, term_id: uuid.UUID) -> list[Any]:
        """Every seat the term had, held or vacated, in the order they were taken."""
        rows = await self._session.execute(
            select(committee_seats)
            .where(committee_seats.c.term_id == term_id)
            .order_by(committee_seats.c.assigned_on, committee_seats.c.member_name)
        )
        return list(rows)

    async def terms(self, branch_id: uuid.UUID) -> list[CommitteeTerm]:
        """Every term of the branch, latest first, without their seats."""
        rows = await self._session.execute(
            select(committee_terms)
            .where(committee_terms.c.branch_id == branch_id)
            .order_by(committee_terms.c.starts_on.desc(), committee_terms.c.ended_on.desc().nulls_first())
        )
        return [_term(row) for row in rows]

    async def add_term(self, term: CommitteeTerm) -> None:
        try:
            await self._session.execute(
                insert(committee_terms).values(
                    id=term.id, branch_id=term.branch_id, starts_on=term.starts_on, ends_on=term.ends_on
                )
            )
        except IntegrityError as exc:
            raise _translated(exc) from exc

    async def end_term(self, term_id: uuid.UUID, on: date) -> None:
        await self._session.execute(update(committee_terms).where(committee_terms.c.id == term_id).values(ended_on=on))

    async def add_seat(self, term_id: uuid.UUID, seat: Seat) -> None:
        try:
            await self._session.execute(
                insert(committee_seats).values(
                    id=uuid.uuid4(),
                    term_id=term_id,
                    role=seat.role.value,
                    member_id=seat.member_id,
                    member_name=seat.member_name,
                    assigned_on=seat.assigned_on,
                )
            )
        except IntegrityError as exc:
            raise _translated(exc) from exc

    async def vacate_seat(self, term_id: uuid.UUID, seat: Seat, on: date, reason: str) -> None:
        await self._session.execute(
            update(committee_seats)
            .where(
                committee_seats.c.term_id == term_id,
                committee_seats.c.role == seat.role.value,
                committee_seats.c.member_id == seat.member_id,
                committee_seats.c.vacated_on.is_(None),
            )
            .values(vacated_on=on, vacate_reason=reason)
        )

    async def count_full_members(self, branch_id: uuid.UUID) -> int:
        """Active full members (正式党员) on the branch's roster: what decides whether a committee is required."""
        count = await self._session.scalar(
            select(func.count()).where(
                members.c.branch_id == branch_id,
                members.c.status == MemberStatus.ACTIVE.value,
                members.c.stage == Stage.FULL.value,
            )
        )
        return int(count or 0)
