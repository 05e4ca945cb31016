"""The people a branch has, as scoring knows them from roster's events.

Every roster member event carries the person's whole record after the change; the newest
record (highest ``sequence``) wins, whatever order the events arrive in.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bastion.consumer import ReceivedEvent
from bastion_contracts.roster import MemberSnapshot
from bastion_contracts.vocabulary import MemberStatus, Stage
from scoring.adapters.orm import member_facts

PARTY_MEMBER_STAGES = [Stage.PROBATIONARY.value, Stage.FULL.value]


async def apply_member_events(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    """Upsert each person's latest record; an older event never overwrites a newer one."""
    latest: dict[uuid.UUID, tuple[int, MemberSnapshot]] = {}
    for event in events:
        snapshot = getattr(event.payload, "member", None)
        if not isinstance(snapshot, MemberSnapshot):
            continue
        known = latest.get(snapshot.member_id)
        if known is None or known[0] < event.envelope.sequence:
            latest[snapshot.member_id] = (event.envelope.sequence, snapshot)
    if not latest:
        return
    rows = [
        {
            "member_id": member_id,
            "branch_id": snapshot.branch_id,
            "birth_date": snapshot.birth_date,
            "education": snapshot.education.value,
            "stage": snapshot.stage.value,
            "status": snapshot.status.value,
            "sequence": sequence,
        }
        for member_id, (sequence, snapshot) in sorted(latest.items())
    ]
    statement = insert(member_facts).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[member_facts.c.member_id],
        set_={column: statement.excluded[column] for column in rows[0] if column != "member_id"},
        where=member_facts.c.sequence < statement.excluded.sequence,
    )
    await session.execute(statement)


async def member_count(connection: AsyncConnection, branch_id: uuid.UUID) -> int:
    """Active Party members (probationary and full) on the branch's roster."""
    count = await connection.scalar(
        select(func.count())
        .select_from(member_facts)
        .where(
            member_facts.c.branch_id == branch_id,
            member_facts.c.status == MemberStatus.ACTIVE.value,
            member_facts.c.stage.in_(PARTY_MEMBER_STAGES),
        )
    )
    return int(count or 0)
