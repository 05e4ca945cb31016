"""Use cases of a branch's service work: served departments, service posts, reserve talent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from bastion.errors import ConflictError, NotFoundError, RuleViolationError
from bastion.handlers import Done
from bastion_contracts.roster import (
    ReserveTalentAdded,
    ReserveTalentRemoved,
    ServedDepartmentAdded,
    ServedDepartmentRemoved,
    ServicePostAssigned,
    ServicePostClosed,
)
from bastion_contracts.vocabulary import OrgUnitKind, ServicePostKind
from roster.domain import service
from roster.domain.service import Candidate, ReserveTalent, ServedDepartment, ServicePost
from roster.service_layer.committee import branch_at
from roster.service_layer.context import Context
from roster.service_layer.lookups import named_members, named_org_unit
from roster.service_layer.unit_of_work import RosterUnitOfWork

# Served departments (服务对象部门目录)


async def department_at(
    uow: RosterUnitOfWork, department_id: uuid.UUID, *, for_update: bool = False
) -> ServedDepartment:
    department = await uow.service.department(department_id, for_update=for_update)
    if department is None:
        raise NotFoundError(f"没有这个服务对象部门：{department_id}", code="department_not_found")
    return department


async def named_departments(uow: RosterUnitOfWork, department_ids: list[uuid.UUID]) -> list[ServedDepartment]:
    """The departments a request names in ``department_ids``, in the order given; all must exist."""
    found = await uow.service.departments_by_id(department_ids)
    missing = [str(department_id) for department_id in department_ids if department_id not in found]
    if missing:
        raise RuleViolationError(f"department_ids：没有这些部门：{', '.join(missing)}", code="unknown_department")
    return [found[department_id] for department_id in department_ids]


async def add_department(branch_id: uuid.UUID, name: str, on: date | None, context: Context) -> Done[ServedDepartment]:
    async with context.uow as uow:
        branch = await branch_at(uow, branch_id)
        department = service.add_department(branch.id, name, on or context.today, context.today)
        await uow.service.add_department(department)
        uow.record(
            ServedDepartmentAdded(
                department_id=department.id, branch_id=branch.id, name=name, added_on=department.added_on
            )
        )
        await uow.commit()
        return Done(department, uow.event_ids)


async def remove_department(department_id: uuid.UUID, on: date | None, context: Context) -> Done[ServedDepartment]:
    """Take a department off the branch's list; no open service post may still serve it."""
    async with context.uow as uow:
        department = await department_at(uow, department_id, for_update=True)
        day = on or context.today
        removed = department.removed(day, context.today)
        serving = [p for p in await uow.service.posts_of(department.branch_id) if department.id in p.department_ids]
        if serving:
            names = "、".join(f"「{post.name}」" for post in serving)
            raise ConflictError(
                f"「{department.name}」仍由服务岗{names}服务，须先调整这些岗位", code="department_in_use"
            )
        await uow.service.save_department(removed)
        uow.record(
            ServedDepartmentRemoved(
                department_id=removed.id, branch_id=removed.branch_id, name=removed.name, removed_on=day
            )
        )
        await uow.commit()
        return Done(removed, uow.event_ids)


# Service posts (党员流动服务岗、党员先锋岗)


@dataclass(frozen=True, slots=True)
class OpenServicePost:
    branch_id: uuid.UUID
    kind: ServicePostKind
    name: str
    holder_ids: list[uuid.UUID]
    department_ids: list[uuid.UUID]
    assigned_on: date | None


async def post_at(uow: RosterUnitOfWork, post_id: uuid.UUID, *, for_update: bool = False) -> ServicePost:
    post = await uow.service.post(post_id, for_update=for_update)
    if post is None:
        raise NotFoundError(f"没有这个服务岗：{post_id}", code="service_post_not_found")
    return post


async def open_post(command: OpenServicePost, context: Context) -> Done[ServicePost]:
    async with context.uow as uow:
        await named_org_unit(uow, command.branch_id, "branch_id", OrgUnitKind.BRANCH)
        post = service.open_service_post(
            command.branch_id,
            command.kind,
            command.name,
            await named_members(uow, command.holder_ids, "holder_ids"),
            await named_departments(uow, command.department_ids),
            command.assigned_on or context.today,
            context.today,
        )
        await uow.service.add_post(post)
        uow.record(_assigned(post))
        await uow.commit()
        return Done(post, uow.event_ids)


async def change_post(
    post_id: uuid.UUID, name: str, holder_ids: list[uuid.UUID], department_ids: list[uuid.UUID], context: Context
) -> Done[ServicePost]:
    """Replace a post's name, holders and departments; the event carries the whole post again."""
    async with context.uow as uow:
        post = await post_at(uow, post_id, for_update=True)
        changed = post.changed(
            name, await named_members(uow, holder_ids, "holder_ids"), await named_departments(uow, department_ids)
        )
        await uow.service.save_post(changed)
        uow.record(_assigned(changed))
        await uow.commit()
        return Done(changed, uow.event_ids)


async def close_post(post_id: uuid.UUID, on: date | None, context: Context) -> Done[ServicePost]:
    async with context.uow as uow:
        post = await post_at(uow, post_id, for_update=True)
        day = on or context.today
        closed = post.closed(day, context.today)
        await uow.service.save_post(closed)
        uow.record(ServicePostClosed(post_id=closed.id, branch_id=closed.branch_id, kind=closed.kind, closed_on=day))
        await uow.commit()
        return Done(closed, uow.event_ids)


def _assigned(post: ServicePost) -> ServicePostAssigned:
    return ServicePostAssigned(
        post_id=post.id,
        branch_id=post.branch_id,
        kind=post.kind,
        name=post.name,
        holder_ids=list(post.holder_ids),
        department_ids=list(post.department_ids),
        assigned_on=post.assigned_on,
    )


# Reserve talent (后备力量)


@dataclass(frozen=True, slots=True)
class AddReserveTalent:
    branch_id: uuid.UUID
    candidate: Candidate
    mentor_id: uuid.UUID
    member_id: uuid.UUID | None
    added_on: date | None


async def talent_at(uow: RosterUnitOfWork, talent_id: uuid.UUID, *, for_update: bool = False) -> ReserveTalent:
    talent = await uow.service.talent(talent_id, for_update=for_update)
    if talent is None:
        raise NotFoundError(f"没有这个后备力量记录：{talent_id}", code="reserve_talent_not_found")
    return talent


async def add_talent(command: AddReserveTalent, context: Context) -> Done[ReserveTalent]:
    async with context.uow as uow:
        await named_org_unit(uow, command.branch_id, "branch_id", OrgUnitKind.BRANCH)
        [mentor] = await named_members(uow, [command.mentor_id], "mentor_id")
        member = None
        if command.member_id is not None:
            [member] = await named_members(uow, [command.member_id], "member_id")
        day = command.added_on or context.today
        talent = service.add_reserve_talent(command.branch_id, command.candidate, mentor, member, day, context.today)
        if member is not None:
            service.require_not_in_reserve(member, await uow.service.active_talent_for(member.id))
        await uow.service.add_talent(talent)
        uow.record(_added(talent))
        await uow.commit()
        return Done(talent, uow.event_ids)


async def remove_talent(talent_id: uuid.UUID, on: date | None, reason: str, context: Context) -> Done[ReserveTalent]:
    async with context.uow as uow:
        talent = await talent_at(uow, talent_id, for_update=True)
        day = on or context.today
        removed = talent.removed(day, reason, context.today)
        await uow.service.save_talent(removed)
        uow.record(
            ReserveTalentRemoved(talent_id=removed.id, branch_id=removed.branch_id, removed_on=day, reason=reason)
        )
        await uow.commit()
        return Done(removed, uow.event_ids)


def _added(talent: ReserveTalent) -> ReserveTalentAdded:
    candidate = talent.candidate
    return ReserveTalentAdded(
        talent_id=talent.id,
        branch_id=talent.branch_id,
        name=candidate.name,
        gender=candidate.gender,
        birth_date=candidate.birth_date,
        education=candidate.education,
        department=candidate.department,
        mentor_id=talent.mentor_id,
        member_id=talent.member_id,
        added_on=talent.added_on,
    )
