"""Loading the roll's history from the live projection: one query per kind of fact for a whole branch."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Uuid, or_, select, union
from sqlalchemy.ext.asyncio import AsyncConnection

from bastion.db.bulk import any_array
from scoring.adapters.orm import f_members, f_seat_assignments, f_seat_vacancies, f_status_changes, f_transfers
from scoring.roll.history import MemberHistory, StatusChange, Transfer
from scoring.roll.seats import SeatChange, seats_held

m = f_members.c
_COLUMNS = (m.member_id, m.name, m.branch_id, m.stage, m.status, m.birth_date, m.education, m.probation_ends_on)
_DATES = {
    "applicant": m.applied_on,
    "activist": m.activist_on,
    "candidate": m.candidate_on,
    "probationary": m.probationary_on,
    "full": m.full_on,
}


def ever_on_branch(branch_id: uuid.UUID) -> Any:
    """The ids of everyone on the branch's roster now, or who was transferred into or out of it."""
    t = f_transfers.c
    return union(
        select(m.member_id).where(m.branch_id == branch_id),
        select(t.member_id).where(or_(t.from_branch_id == branch_id, t.to_branch_id == branch_id)),
    )


async def branch_histories(connection: AsyncConnection, branch_id: uuid.UUID) -> list[MemberHistory]:
    """Everyone who is or was on the branch's roster, by name, with their changes."""
    return await _histories(connection, m.member_id.in_(ever_on_branch(branch_id)))


async def member_history(connection: AsyncConnection, member_id: uuid.UUID) -> MemberHistory | None:
    found = await _histories(connection, m.member_id == member_id)
    return found[0] if found else None


async def roll_on(connection: AsyncConnection, branch_id: uuid.UUID, day: date) -> list[MemberHistory]:
    """The people on the branch's roll on ``day``, active and at some stage of the pipeline, by name."""
    return [h for h in await branch_histories(connection, branch_id) if h.on_roll_of(branch_id, day)]


async def seats_on(connection: AsyncConnection, branch_id: uuid.UUID, day: date) -> tuple[tuple[str, uuid.UUID], ...]:
    """The branch committee's seats held on ``day``: (role, member)."""
    a, v = f_seat_assignments.c, f_seat_vacancies.c
    assigned = await connection.execute(
        select(a.role, a.member_id, a.assigned_on, a.sequence).where(a.branch_id == branch_id, a.assigned_on <= day)
    )
    vacated = await connection.execute(
        select(v.role, v.member_id, v.vacated_on, v.sequence).where(v.branch_id == branch_id, v.vacated_on <= day)
    )
    changes = [SeatChange(*row, held=True) for row in assigned] + [SeatChange(*row, held=False) for row in vacated]
    return seats_held(changes, day)


async def _histories(connection: AsyncConnection, which: ColumnElement[bool]) -> list[MemberHistory]:
    rows = (
        await connection.execute(
            select(*_COLUMNS, *(column.label(stage) for stage, column in _DATES.items()))
            .where(which)
            .order_by(m.name, m.member_id)
        )
    ).all()
    ids = [row.member_id for row in rows]
    changes, transfers = await _status_changes(connection, ids), await _transfers(connection, ids)
    return [
        MemberHistory(
            member_id=row.member_id,
            name=row.name,
            branch_id=row.branch_id,
            stage=row.stage,
            status=row.status,
            birth_date=row.birth_date,
            education=row.education,
            stage_dates={stage: row._mapping[stage] for stage in _DATES},
            probation_ends_on=row.probation_ends_on,
            status_changes=tuple(changes.get(row.member_id, ())),
            transfers=tuple(transfers.get(row.member_id, ())),
        )
        for row in rows
    ]


async def _status_changes(connection: AsyncConnection, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[StatusChange]]:
    s = f_status_changes.c
    found: dict[uuid.UUID, list[StatusChange]] = defaultdict(list)
    if ids:
        rows = await connection.execute(
            select(s.member_id, s.changed_on, s.sequence, s.previous_status, s.status).where(
                s.member_id == any_array(ids, Uuid)
            )
        )
        for member_id, *change in rows:
            found[member_id].append(StatusChange(*change))
    return found


async def _transfers(connection: AsyncConnection, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Transfer]]:
    t = f_transfers.c
    found: dict[uuid.UUID, list[Transfer]] = defaultdict(list)
    if ids:
        rows = await connection.execute(
            select(t.member_id, t.transferred_on, t.sequence, t.from_branch_id, t.to_branch_id).where(
                t.member_id == any_array(ids, Uuid)
            )
        )
        for member_id, *transfer in rows:
            found[member_id].append(Transfer(*transfer))
    return found
