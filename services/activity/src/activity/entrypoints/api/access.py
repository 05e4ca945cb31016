"""Who may call activity's routes, and the branch each resource belongs to (the access rules).

Each route takes one policy (exactly one ``allow``: the kit's shared ones in ``bastion.http.policies``, or
its own), then checks the branch of what it addresses: an activity by its organiser's branch (a party group
resolves to its branch), attendance and service records by their activity, learning hours by the member's
branch as roster last announced it, a QC project by its branch. What a handler loads anyway (an activity, a
service record, a QC project) it checks itself, in its own unit of work, with the check the route hands it
(``bastion.http.policies.own_branch``); the checks here are for what the handler does not load first.
"""

from __future__ import annotations

import uuid

from activity.adapters import roster_facts
from activity.domain.service_work import LearningRecord
from activity.service_layer import service_work
from activity.service_layer.lookups import activity_at
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from bastion.auth import Principal, Role
from bastion.errors import ForbiddenError
from bastion.handlers import any_branch
from bastion.http.auth import require_branch, sees_every_branch
from bastion.runtime import ServiceRuntime
from bastion_contracts.vocabulary import OrgUnitKind

ADMIN, SECRETARY, MEMBER, SERVICE = Role.ADMIN, Role.SECRETARY, Role.MEMBER, Role.SERVICE


def forbid_others(principal: Principal, member_id: uuid.UUID) -> None:
    """403 unless a member acts on or reads about themselves."""
    if not principal.is_member(member_id):
        raise ForbiddenError("只能查看或办理本人的事项 (members: only yourself)")


async def activity_branch(runtime: ServiceRuntime, activity_id: uuid.UUID) -> uuid.UUID:
    """The branch an activity belongs to (404 if there is no such activity)."""
    async with ActivityUnitOfWork(runtime.sessions) as uow:
        return (await activity_at(uow, activity_id, allowed=any_branch)).organiser.branch_id


async def require_activity(principal: Principal, runtime: ServiceRuntime, activity_id: uuid.UUID) -> None:
    """403 unless the caller may see or change everything of this activity's branch (for an activity the
    body names, which the handler looks up only after other checks)."""
    if not sees_every_branch(principal):
        require_branch(principal, await activity_branch(runtime, activity_id))


async def require_organiser(principal: Principal, runtime: ServiceRuntime, unit_id: uuid.UUID) -> None:
    """403 unless the caller manages the branch of this branch or party group. A unit roster has not
    announced yet counts as itself, so its secretary gets the handler's 422 rather than a 403."""
    if sees_every_branch(principal):
        return
    async with ActivityUnitOfWork(runtime.sessions) as uow:
        row = await roster_facts.unit(uow.session, unit_id)
    branch_id = row.parent_id if row is not None and row.kind == OrgUnitKind.PARTY_GROUP.value else unit_id
    require_branch(principal, branch_id)


async def member_branch(uow: ActivityUnitOfWork, member_id: uuid.UUID) -> uuid.UUID | None:
    """The member's branch as roster last announced it (None if not known)."""
    person = (await roster_facts.people(uow.session, [member_id])).get(member_id)
    return person.branch_id if person is not None else None


async def require_member(principal: Principal, runtime: ServiceRuntime, member_id: uuid.UUID) -> None:
    """403 unless the caller is the member, or manages the member's branch (or sees every branch)."""
    if sees_every_branch(principal):
        return
    if principal.role is MEMBER:
        forbid_others(principal, member_id)
        return
    async with ActivityUnitOfWork(runtime.sessions) as uow:
        require_branch(principal, await member_branch(uow, member_id))


async def learning_in_reach(principal: Principal, uow: ActivityUnitOfWork, record_id: uuid.UUID) -> LearningRecord:
    """The learning record (404 if none), if the caller may read it: it is the member's, so their branch's
    secretary (as of now, or the one it was recorded in) and the member may."""
    record = await service_work.learning_at(uow, record_id)
    if sees_every_branch(principal):
        return record
    if principal.role is MEMBER:
        forbid_others(principal, record.member_id)
        return record
    if not principal.manages(record.branch_id):
        require_branch(principal, await member_branch(uow, record.member_id))
    return record
