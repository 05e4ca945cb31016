"""Finding what a command names: 404 for the resource in the path, 422 for what the body names."""

from __future__ import annotations

import uuid
from typing import Any

from activity.adapters import roster_facts
from activity.domain.activity import Activity, Organiser
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from bastion.errors import ConflictError, NotFoundError, RuleViolationError
from bastion.handlers import BranchCheck
from bastion_contracts.vocabulary import OrgUnitKind


async def activity_at(
    uow: ActivityUnitOfWork, activity_id: uuid.UUID, *, for_update: bool = False, allowed: BranchCheck
) -> Activity:
    """The activity (404 if none), if the caller may act on its organiser's branch (``allowed``)."""
    activity = await uow.activities.get(activity_id, for_update=for_update)
    if activity is None:
        raise NotFoundError(f"没有这个活动：{activity_id}", code="activity_not_found")
    allowed(activity.organiser.branch_id)
    return activity


async def organiser_named(uow: ActivityUnitOfWork, unit_id: uuid.UUID, field: str = "organiser_id") -> Organiser:
    """A branch or party group the request names; known from roster's events and not dissolved."""
    row = await roster_facts.unit(uow.session, unit_id)
    if row is None:
        raise RuleViolationError(
            f"{field}：没有这个组织（{unit_id}），或 roster 的消息还没有到达", code="unknown_org_unit"
        )
    if row.dissolved:
        raise ConflictError(f"「{row.name}」已撤销", code="org_unit_dissolved")
    kind = OrgUnitKind(row.kind)
    branch_id = row.parent_id if kind is OrgUnitKind.PARTY_GROUP else row.org_unit_id
    return Organiser(row.org_unit_id, kind, row.name, branch_id)


async def people_named(uow: ActivityUnitOfWork, member_ids: list[uuid.UUID], field: str) -> dict[uuid.UUID, Any]:
    """People the request names, as roster announced them; all must be known and active."""
    found = await roster_facts.people(uow.session, member_ids)
    missing = [str(m) for m in member_ids if m not in found]
    if missing:
        raise RuleViolationError(f"{field}：没有这些人：{', '.join(missing)}", code="unknown_member")
    inactive = [found[m].name for m in member_ids if found[m].status != "active"]
    if inactive:
        raise RuleViolationError(f"{field}：这些人已不在册：{'、'.join(inactive)}", code="member_not_active")
    return found
