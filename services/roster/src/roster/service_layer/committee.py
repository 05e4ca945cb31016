"""Use cases of branch committees (支委会): terms and seats."""

from __future__ import annotations

from datetime import date

from roster.domain.member import Member
from roster.service_layer.unit_of_work import RosterUnitOfWork


async def vacate_seats_of(uow: RosterUnitOfWork, member: Member, on: date, reason: str) -> None:
    """Vacate every committee seat ``member`` holds, recording a seat-vacated event for each."""
    # Implemented with the committee use cases.
    return None
