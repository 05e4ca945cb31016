"""The members a branch has, as scoring knows them from roster's events."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bastion.consumer import ReceivedEvent
from bastion_contracts import MemberRegistered
from scoring.adapters.orm import member_facts


async def apply_member_events(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    """Upsert each member's latest facts; an older event never overwrites a newer one."""
    latest: dict[uuid.UUID, tuple[int, MemberRegistered]] = {}
    for event in events:
        payload = event.payload
        if not isinstance(payload, MemberRegistered):
            continue
        known = latest.get(payload.member_id)
        if known is None or known[0] < event.envelope.sequence:
            latest[payload.member_id] = (event.envelope.sequence, payload)
    if not latest:
        return
    rows = [
        {
            "member_id": member_id,
            "branch_id": payload.branch_id,
            "birth_date": payload.birth_date,
            "education": payload.education.value,
            "sequence": sequence,
        }
        for member_id, (sequence, payload) in sorted(latest.items())
    ]
    statement = insert(member_facts).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[member_facts.c.member_id],
        set_={
            "branch_id": statement.excluded.branch_id,
            "birth_date": statement.excluded.birth_date,
            "education": statement.excluded.education,
            "sequence": statement.excluded.sequence,
        },
        where=member_facts.c.sequence < statement.excluded.sequence,
    )
    await session.execute(statement)


async def member_count(connection: AsyncConnection, branch_id: uuid.UUID) -> int:
    count = await connection.scalar(
        select(func.count()).select_from(member_facts).where(member_facts.c.branch_id == branch_id)
    )
    return int(count or 0)
