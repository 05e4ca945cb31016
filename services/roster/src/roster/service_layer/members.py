"""Use cases of people on the roster: register, update, transfer, change status, group."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields, replace
from datetime import date

from bastion.errors import ConflictError, RuleViolationError
from bastion.handlers import Done
from bastion_contracts.roster import (
    MemberGroupChanged,
    MemberRegistered,
    MemberStatusChanged,
    MemberTransferred,
    MemberUpdated,
)
from bastion_contracts.vocabulary import (
    EducationLevel,
    Gender,
    GroupRole,
    MemberClass,
    MemberStatus,
    OrgUnitKind,
    Stage,
)
from roster.domain.member import Member, Person, PipelineDates, check_dates, register
from roster.service_layer.committee import vacate_seats_of
from roster.service_layer.context import Context
from roster.service_layer.lookups import member_at, named_org_unit
from roster.service_layer.unit_of_work import RosterUnitOfWork


@dataclass(frozen=True, slots=True)
class RegisterMember:
    branch_id: uuid.UUID
    person: Person
    member_class: MemberClass
    stage: Stage
    pipeline: PipelineDates


async def register_member(command: RegisterMember, context: Context) -> Done[Member]:
    async with context.uow as uow:
        await named_org_unit(uow, command.branch_id, "branch_id", OrgUnitKind.BRANCH)
        member = register(
            branch_id=command.branch_id,
            person=command.person,
            member_class=command.member_class,
            stage=command.stage,
            pipeline=command.pipeline,
            now=context.now,
            today=context.today,
        )
        await uow.members.add(member)
        uow.record(MemberRegistered(member=member.snapshot()), time=context.now)
        await uow.commit()
        return Done(member, uow.event_ids)


@dataclass(frozen=True, slots=True)
class UpdateMember:
    """Only the fields given change; ``phone=""`` clears the phone number."""

    name: str | None = None
    gender: Gender | None = None
    birth_date: date | None = None
    education: EducationLevel | None = None
    department: str | None = None
    position: str | None = None
    employee_number: str | None = None
    phone: str | None = None
    member_class: MemberClass | None = None


async def update_member(member_id: uuid.UUID, command: UpdateMember, context: Context) -> Done[Member]:
    async with context.uow as uow:
        member = await member_at(uow, member_id, for_update=True)
        person_changes = {
            f.name: getattr(command, f.name)
            for f in fields(Person)
            if getattr(command, f.name, None) is not None and getattr(command, f.name) != getattr(member.person, f.name)
        }
        if "phone" in person_changes and person_changes["phone"] == "":
            person_changes["phone"] = None
        changed = sorted(person_changes)
        updated = replace(member, person=replace(member.person, **person_changes))
        if command.member_class is not None and command.member_class is not member.member_class:
            updated = replace(updated, member_class=command.member_class)
            changed.append("member_class")
        if not changed:
            raise ConflictError("没有需要修改的内容：给出的值与现有记录相同", code="nothing_to_update")
        if "birth_date" in person_changes:
            check_dates(updated.person, updated.stage, updated.pipeline, context.today)
        await uow.members.save(updated)
        uow.record(MemberUpdated(member=updated.snapshot(), changed_fields=changed))
        await uow.commit()
        return Done(updated, uow.event_ids)


async def transfer_member(
    member_id: uuid.UUID, to_branch_id: uuid.UUID, on: date, note: str, context: Context
) -> Done[Member]:
    async with context.uow as uow:
        member = await member_at(uow, member_id, for_update=True)
        member.require_active()
        await named_org_unit(uow, to_branch_id, "to_branch_id", OrgUnitKind.BRANCH)
        if to_branch_id == member.branch_id:
            raise ConflictError(f"{member.name} 已在这个支部，不需要转接", code="same_branch")
        _check_not_future(on, context.today)
        await vacate_seats_of(uow, member, on, "组织关系转出")
        moved = replace(member, branch_id=to_branch_id, group_id=None, group_role=None)
        await uow.members.save(moved)
        await uow.members.record_transfer(moved, member.branch_id, on, note, context.now)
        uow.record(
            MemberTransferred(
                member=moved.snapshot(),
                from_branch_id=member.branch_id,
                to_branch_id=to_branch_id,
                transferred_on=on,
                left_group_id=member.group_id,
            )
        )
        await uow.commit()
        return Done(moved, uow.event_ids)


async def change_status(
    member_id: uuid.UUID, status: MemberStatus, on: date, reason: str, context: Context
) -> Done[Member]:
    async with context.uow as uow:
        member = await member_at(uow, member_id, for_update=True)
        changed = await apply_status_change(uow, member, status, on, reason, context.today)
        await uow.commit()
        return Done(changed, uow.event_ids)


async def apply_status_change(
    uow: RosterUnitOfWork, member: Member, status: MemberStatus, on: date, reason: str, today: date
) -> Member:
    """Leave the active roster: seats and group are given up; one event says what happened."""
    member.require_active()
    if status is MemberStatus.ACTIVE:
        raise ConflictError(f"{member.name} 已经是正常状态", code="same_status")
    _check_not_future(on, today)
    await vacate_seats_of(uow, member, on, f"状态变为{status.label_zh}")
    changed = replace(member, status=status, status_changed_on=on, group_id=None, group_role=None)
    await uow.members.save(changed)
    uow.record(
        MemberStatusChanged(member=changed.snapshot(), previous_status=member.status, changed_on=on, reason=reason)
    )
    return changed


async def set_group(
    member_id: uuid.UUID, group_id: uuid.UUID | None, role: GroupRole, context: Context
) -> Done[Member]:
    """Put a member in a party group of their branch (or take them out); a new leader replaces the old."""
    async with context.uow as uow:
        member = await member_at(uow, member_id, for_update=True)
        member.require_active()
        if group_id is not None:
            group = await named_org_unit(uow, group_id, "group_id", OrgUnitKind.PARTY_GROUP)
            if group.parent_id != member.branch_id:
                raise RuleViolationError(
                    f"group_id：「{group.name}」不属于 {member.name} 所在的支部", code="group_of_other_branch"
                )
            if role is GroupRole.LEADER:
                await _demote_current_leader(uow, group_id, member.id)
        new_role = role if group_id is not None else None
        if (group_id, new_role) == (member.group_id, member.group_role):
            raise ConflictError(f"{member.name} 已是这样的党小组安排", code="same_group")
        grouped = replace(member, group_id=group_id, group_role=new_role)
        await uow.members.save(grouped)
        uow.record(
            MemberGroupChanged(
                member=grouped.snapshot(), previous_group_id=member.group_id, previous_role=member.group_role
            )
        )
        await uow.commit()
        return Done(grouped, uow.event_ids)


async def _demote_current_leader(uow: RosterUnitOfWork, group_id: uuid.UUID, new_leader: uuid.UUID) -> None:
    for other in await uow.members.in_group(group_id):
        if other.group_role is GroupRole.LEADER and other.id != new_leader:
            demoted = replace(other, group_role=GroupRole.MEMBER)
            await uow.members.save(demoted)
            uow.record(
                MemberGroupChanged(
                    member=demoted.snapshot(), previous_group_id=group_id, previous_role=GroupRole.LEADER
                )
            )


def _check_not_future(on: date, today: date) -> None:
    if on > today:
        raise RuleViolationError("日期不能晚于今天", code="date_in_future")
