"""Read-side queries behind structure statistics: branches below a unit and their committees.

Committee terms and seats are read straight from their tables (the current term is the one
not ended; its seats are those not vacated), so statistics do not wait on the committee use cases.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bastion_contracts.vocabulary import CommitteeRole, OrgUnitKind
from roster.adapters.org_repository import subtree_condition
from roster.adapters.orm import committee_seats, committee_terms, org_units
from roster.domain.committee import CommitteeTerm, Completeness, Seat, completeness
from roster.domain.member import Member


async def branches_under(connection: AsyncConnection, unit_id: uuid.UUID) -> list[uuid.UUID]:
    """Active branches at or below the unit (the unit itself when it is one)."""
    rows = await connection.execute(
        select(org_units.c.id).where(
            subtree_condition(unit_id),
            org_units.c.kind == OrgUnitKind.BRANCH.value,
            org_units.c.dissolved_on.is_(None),
        )
    )
    return [row.id for row in rows]


async def current_terms(connection: AsyncConnection, branch_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, CommitteeTerm]:
    """Each branch's current committee term with its occupied seats; branches without one are absent."""
    if not branch_ids:
        return {}
    terms = (
        await connection.execute(
            select(committee_terms).where(
                committee_terms.c.branch_id.in_(branch_ids), committee_terms.c.ended_on.is_(None)
            )
        )
    ).all()
    seats: dict[uuid.UUID, list[Seat]] = defaultdict(list)
    if terms:
        rows = await connection.execute(
            select(committee_seats).where(
                committee_seats.c.term_id.in_([term.id for term in terms]), committee_seats.c.vacated_on.is_(None)
            )
        )
        for row in rows:
            seats[row.term_id].append(Seat(CommitteeRole(row.role), row.member_id, row.member_name, row.assigned_on))
    return {
        term.branch_id: CommitteeTerm(term.id, term.branch_id, term.starts_on, term.ends_on, tuple(seats[term.id]))
        for term in terms
    }


async def committee_completeness(
    connection: AsyncConnection, unit_id: uuid.UUID, people: Sequence[Member]
) -> dict[uuid.UUID, Completeness]:
    """Completeness of the committee of every active branch at or below the unit.

    ``people`` are the active people at or below the unit; each branch's full members are among them.
    """
    branch_ids = await branches_under(connection, unit_id)
    terms = await current_terms(connection, branch_ids)
    full_members = Counter(person.branch_id for person in people if person.is_full_member)
    return {branch_id: completeness(terms.get(branch_id), full_members[branch_id]) for branch_id in branch_ids}
