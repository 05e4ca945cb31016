"""Handlers: one per command; each commits the state change and its events together."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from roster.domain.member import Member
from roster.service_layer.commands import RegisterMember
from roster.service_layer.unit_of_work import RosterUnitOfWork


async def register_member(command: RegisterMember, uow: RosterUnitOfWork) -> tuple[Member, uuid.UUID]:
    """Register a member; returns the member and the id of the event recorded."""
    async with uow:
        member, event = Member.register(
            branch_id=command.branch_id,
            name=command.name,
            birth_date=command.birth_date,
            education=command.education,
            now=datetime.now(UTC),
        )
        await uow.members.add(member)
        event_id = uow.record(event, time=member.registered_at)
        await uow.commit()
    return member, event_id
