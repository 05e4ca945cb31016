"""Who may reach what on the roster (the access rules), for roster's routes.

Every route names its roles with one ``allow(...)``; the policies shared by many routes are here as
``Annotated`` aliases. The route then narrows by branch: a resource is checked by the branch it belongs
to (a party group by its branch, a record by its member's branch). Phone numbers and discipline records
are sensitive: only the committee, the member's own branch secretary and the member see them.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from bastion.auth import Principal, Role
from bastion.errors import ForbiddenError
from bastion.http.auth import allow, require_branch
from bastion_contracts.vocabulary import OrgUnitKind
from roster.domain.member import Member
from roster.domain.org import OrgUnit
from roster.entrypoints.api.schemas.members import MemberPublic
from roster.service_layer.lookups import member_at, org_unit_at
from roster.service_layer.unit_of_work import RosterUnitOfWork

ADMIN, SECRETARY, MEMBER, SERVICE = Role.ADMIN, Role.SECRETARY, Role.MEMBER, Role.SERVICE

PersonReader = Annotated[
    Principal,
    Depends(
        allow(
            ADMIN,
            SECRETARY,
            MEMBER,
            SERVICE,
            scope="secretary: own branch; member: self; service: read, phone hidden",
        )
    ),
]
Anyone = Annotated[
    Principal,
    Depends(allow(ADMIN, SECRETARY, MEMBER, SERVICE, scope="every role: public structure and aggregate figures")),
]

_COMMITTEE_ONLY = "只有党委可以调整支部及以上组织 (only the party committee changes branches and the units above them)"
_SELF_ONLY = "只能查看本人的数据 (members see only their own records)"
_SENSITIVE = "无权查看处分记录 (discipline records are for the committee, the member's branch secretary and the member)"


def branch_of(unit: OrgUnit) -> uuid.UUID | None:
    """The branch a unit belongs to: a branch itself, a party group's parent; none above branches."""
    if unit.kind is OrgUnitKind.BRANCH:
        return unit.id
    if unit.kind is OrgUnitKind.PARTY_GROUP:
        return unit.parent_id
    return None


async def unit_in_reach(principal: Principal, uow: RosterUnitOfWork, unit_id: uuid.UUID) -> OrgUnit:
    """The unit (404 if unknown), if the caller may read what is at or below it."""
    unit = await org_unit_at(uow, unit_id)
    require_reach(principal, branch_of(unit))
    return unit


async def managed_member(principal: Principal, uow: RosterUnitOfWork, member_id: uuid.UUID) -> Member:
    """The person (404 if unknown), if the caller manages their branch."""
    member = await member_at(uow, member_id)
    require_branch(principal, member.branch_id)
    return member


async def member_in_reach(principal: Principal, uow: RosterUnitOfWork, member_id: uuid.UUID) -> Member:
    """The person (404 if unknown), if the caller may read about them."""
    member = await member_at(uow, member_id)
    require_reach(principal, member.branch_id, member.id)
    return member


def require_reach(principal: Principal, branch_id: uuid.UUID | None, member_id: uuid.UUID | None = None) -> None:
    """For reads: the committee and machine clients see all, a secretary their branch, a member
    themselves (the route's ``allow`` has already said whether the role may read at all)."""
    if principal.role is SERVICE:
        return
    if principal.role is MEMBER:
        if not principal.is_member(member_id):
            raise ForbiddenError(_SELF_ONLY)
        return
    require_branch(principal, branch_id)


def require_unit_change(principal: Principal, unit: OrgUnit) -> None:
    """A secretary may only rename, move or dissolve a party group of their own branch."""
    if principal.role is ADMIN:
        return
    if unit.kind is not OrgUnitKind.PARTY_GROUP:
        raise ForbiddenError(_COMMITTEE_ONLY)
    require_branch(principal, unit.parent_id)


def require_unit_kind(principal: Principal, kind: OrgUnitKind) -> None:
    if principal.role is not ADMIN and kind is not OrgUnitKind.PARTY_GROUP:
        raise ForbiddenError(_COMMITTEE_ONLY)


def sees_sensitive(principal: Principal, member: Member) -> bool:
    """Phone and discipline: the committee, the member's own branch secretary, the member."""
    return principal.manages(member.branch_id) or principal.is_member(member.id)


def require_sensitive(principal: Principal, member: Member) -> None:
    if not sees_sensitive(principal, member):
        raise ForbiddenError(_SENSITIVE)


def member_view(principal: Principal, member: Member) -> MemberPublic:
    """The person as this caller may see them: the phone blanked unless :func:`sees_sensitive`."""
    public = MemberPublic.of(member)
    return public if sees_sensitive(principal, member) else public.model_copy(update={"phone": None})
