"""Officers of a party committee (党委委员) or general branch (总支委员): who holds office above the
branches. Holding office on the party committee gives the committee's role in Bastion; on a general
branch, a secretary's role over the branches under it."""

from __future__ import annotations

import uuid
from datetime import date

from bastion.errors import NotFoundError, RuleViolationError
from bastion_contracts.vocabulary import OrgUnitKind
from roster.adapters.account_repository import Officer
from roster.service_layer.lookups import named_members, org_unit_at
from roster.service_layer.unit_of_work import RosterUnitOfWork

OFFICE_KINDS = (OrgUnitKind.PARTY_COMMITTEE, OrgUnitKind.GENERAL_BRANCH)


async def officers_of(uow: RosterUnitOfWork, unit_id: uuid.UUID) -> list[Officer]:
    async with uow:
        unit = await org_unit_at(uow, unit_id)
        unit.require_kind(*OFFICE_KINDS, field="org_unit_id")
        return await uow.accounts.officers(unit_id)


async def seat_officer(
    uow: RosterUnitOfWork, unit_id: uuid.UUID, member_id: uuid.UUID, title: str, on: date, *, today: date
) -> list[Officer]:
    if on > today:
        raise RuleViolationError(f"任职日期 {on} 不能晚于今天", code="date_in_future")
    async with uow:
        unit = await org_unit_at(uow, unit_id)
        unit.require_kind(*OFFICE_KINDS, field="org_unit_id")
        (member,) = await named_members(uow, [member_id], "member_id")
        member.require_active()
        if not member.stage.is_party_member:
            raise RuleViolationError(f"{member.name} 不是党员，不能任职", code="officer_not_party_member")
        await uow.accounts.seat_officer(unit_id, member_id, title, on)
        await uow.commit()
        return await uow.accounts.officers(unit_id)


async def vacate_officer(uow: RosterUnitOfWork, unit_id: uuid.UUID, member_id: uuid.UUID, on: date) -> None:
    async with uow:
        await org_unit_at(uow, unit_id)
        if not await uow.accounts.vacate_officer(unit_id, member_id, on):
            raise NotFoundError("此人在该党组织没有在任的职务", code="officer_not_found")
        await uow.commit()
