"""Scoring's consumer: which topics it reads, which events it applies, and how."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bastion.consumer import ConsumerSpec, ReceivedEvent
from bastion_contracts import ROSTER_MEMBERS, MemberRegistered
from scoring.projections.members import apply_member_events

CONSUMER_NAME = "scoring"


async def apply_events(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    await apply_member_events(session, events)


SCORING_CONSUMER = ConsumerSpec(
    name=CONSUMER_NAME,
    topics=(ROSTER_MEMBERS,),
    handles=frozenset({MemberRegistered.event_type}),
    handler=apply_events,
)
