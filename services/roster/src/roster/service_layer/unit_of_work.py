"""Roster's unit of work: the kit's transaction and outbox, plus roster's repositories."""

from __future__ import annotations

from typing import Self

from bastion.outbox import UnitOfWork
from roster.adapters.repository import MemberRepository


class RosterUnitOfWork(UnitOfWork):
    members: MemberRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.members = MemberRepository(self.session)
        return self
