"""Finding what a command names: 404 for the resource in the path, 422 for one named in the body."""

from __future__ import annotations

import uuid

from bastion.errors import NotFoundError, RuleViolationError
from bastion_contracts.vocabulary import OrgUnitKind
from roster.domain.member import Member
from roster.domain.org import OrgUnit
from roster.service_layer.unit_of_work import RosterUnitOfWork


async def org_unit_at(uow: RosterUnitOfWork, unit_id: uuid.UUID, *, for_update: bool = False) -> OrgUnit:
    unit = await uow.org_units.get(unit_id, for_update=for_update)
    if unit is None:
        raise NotFoundError(f"没有这个组织：{unit_id}", code="org_unit_not_found")
    return unit


async def named_org_unit(
    uow: RosterUnitOfWork, unit_id: uuid.UUID, field: str, *kinds: OrgUnitKind, active: bool = True
) -> OrgUnit:
    """An org unit the request names in ``field``: it must exist, be active, and be of ``kinds``."""
    unit = await uow.org_units.get(unit_id)
    if unit is None:
        raise RuleViolationError(f"{field}：没有这个组织（{unit_id}）", code="unknown_org_unit")
    if active:
        unit.require_active()
    if kinds:
        unit.require_kind(*kinds, field=field)
    return unit


async def member_at(uow: RosterUnitOfWork, member_id: uuid.UUID, *, for_update: bool = False) -> Member:
    member = await uow.members.get(member_id, for_update=for_update)
    if member is None:
        raise NotFoundError(f"没有这个人：{member_id}", code="member_not_found")
    return member


async def named_members(uow: RosterUnitOfWork, member_ids: list[uuid.UUID], field: str) -> list[Member]:
    """The people the request names in ``field``, in the order given; all must exist."""
    found = await uow.members.get_many(member_ids)
    missing = [str(member_id) for member_id in member_ids if member_id not in found]
    if missing:
        raise RuleViolationError(f"{field}：没有这些人：{', '.join(missing)}", code="unknown_member")
    return [found[member_id] for member_id in member_ids]
