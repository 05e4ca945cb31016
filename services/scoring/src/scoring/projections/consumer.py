"""Scoring's consumer: which topics it reads, which events it applies, and how."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bastion.consumer import ConsumerSpec, ReceivedEvent
from bastion_contracts import ROSTER_MEMBERS
from bastion_contracts.roster import ROSTER_EVENTS
from scoring.projections.members import apply_member_events

CONSUMER_NAME = "scoring"

MEMBER_EVENTS = frozenset(
    model.event_type for model in ROSTER_EVENTS if "member" in model.model_fields and model.topic == ROSTER_MEMBERS
)


async def apply_events(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    await apply_member_events(session, events)


SCORING_CONSUMER = ConsumerSpec(
    name=CONSUMER_NAME,
    topics=(ROSTER_MEMBERS,),
    handles=MEMBER_EVENTS,
    handler=apply_events,
)
