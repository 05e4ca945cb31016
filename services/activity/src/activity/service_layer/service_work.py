"""Use cases of service work: service records of visits and shifts, learning hours, QC projects."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from activity.adapters import roster_facts
from activity.domain import service_work as rules
from activity.domain.activity import Activity
from activity.domain.service_work import (
    LearningRecord,
    LearningYear,
    QcProject,
    ServedDepartment,
    Service,
    ServiceRecord,
)
from activity.service_layer.context import Context
from activity.service_layer.lookups import activity_at, people_named
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from bastion.errors import ConflictError, NotFoundError, RuleViolationError
from bastion.handlers import BranchCheck, Done
from bastion_contracts.activity import (
    LearningHoursRecorded,
    QcProjectAwarded,
    QcProjectClosed,
    QcProjectRegistered,
    ServiceRecorded,
)
from bastion_contracts.vocabulary import ActivityKind, ActivityState, OrgUnitKind

# --- service records -------------------------------------------------------------------------


async def record_service(
    activity_id: uuid.UUID, service: Service, context: Context, *, allowed: BranchCheck
) -> Done[ServiceRecord]:
    """What a held door-to-door visit or service post shift served: departments, members, hours."""
    async with context.uow as uow:
        activity = await activity_at(uow, activity_id, for_update=True, allowed=allowed)
        rules.require_service_work(activity)
        await people_named(uow, list(service.member_ids), "member_ids")
        departments = await _departments(uow, service.department_ids)
        post_departments = await _post_departments(uow, activity)
        record = rules.record_service(activity, service, departments, post_departments, context.now)
        await uow.service_work.add_service(record)
        uow.record(
            ServiceRecorded(
                record_id=record.id,
                activity_id=record.activity_id,
                kind=record.kind,
                branch_id=record.branch_id,
                service_post_id=record.service_post_id,
                department_ids=list(record.department_ids),
                member_ids=list(record.member_ids),
                hours=record.hours,
                served_at=record.served_at,
            )
        )
        await uow.commit()
        return Done(record, uow.event_ids)


async def _departments(
    uow: ActivityUnitOfWork, department_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ServedDepartment]:
    rows = await roster_facts.departments(uow.session, department_ids)
    return {d: ServedDepartment(row.department_id, row.branch_id, row.name, row.removed) for d, row in rows.items()}


async def _post_departments(uow: ActivityUnitOfWork, activity: Activity) -> list[uuid.UUID] | None:
    """For a service post shift, the departments its post serves (as roster last announced)."""
    if activity.kind is not ActivityKind.MOBILE_SERVICE_POST_SHIFT or activity.plan.service_post_id is None:
        return None
    post = await roster_facts.service_post(uow.session, activity.plan.service_post_id)
    return list(post.department_ids) if post is not None else []


async def service_record_at(uow: ActivityUnitOfWork, record_id: uuid.UUID, *, allowed: BranchCheck) -> ServiceRecord:
    """The service record (404 if none), if the caller may act on its branch (``allowed``)."""
    record = await uow.service_work.get_service(record_id)
    if record is None:
        raise NotFoundError(f"没有这条服务记录：{record_id}", code="service_record_not_found")
    allowed(record.branch_id)
    return record


# --- learning hours --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordLearning:
    hours: Decimal
    learned_on: date
    topic: str
    activity_id: uuid.UUID | None = None


async def record_learning(member_id: uuid.UUID, command: RecordLearning, context: Context) -> Done[LearningRecord]:
    """A member's learning hours (学时); the branch is the member's, as roster announced it."""
    async with context.uow as uow:
        branch_id = await _learner_branch(uow, member_id)
        if command.activity_id is not None:
            await _learned_at(uow, command.activity_id)
        record = rules.record_learning(
            member_id, branch_id, command.hours, command.learned_on, command.topic, command.activity_id, context.today
        )
        await uow.service_work.add_learning(record)
        uow.record(
            LearningHoursRecorded(
                record_id=record.id,
                member_id=record.member_id,
                branch_id=record.branch_id,
                hours=record.hours,
                learned_on=record.learned_on,
                topic_name=record.topic,
                activity_id=record.activity_id,
            )
        )
        await uow.commit()
        return Done(record, uow.event_ids)


async def _learner_branch(uow: ActivityUnitOfWork, member_id: uuid.UUID) -> uuid.UUID:
    person = (await roster_facts.people(uow.session, [member_id])).get(member_id)
    if person is None:
        raise RuleViolationError(f"没有这个人（{member_id}），或 roster 的消息还没有到达", code="unknown_member")
    if person.status != "active":
        raise ConflictError(f"{person.name} 已不在册，不能登记学时", code="member_not_active")
    branch_id: uuid.UUID = person.branch_id
    return branch_id


async def _learned_at(uow: ActivityUnitOfWork, activity_id: uuid.UUID) -> None:
    activity = await uow.activities.get(activity_id)
    if activity is None:
        raise RuleViolationError(f"activity_id：没有这个活动：{activity_id}", code="unknown_activity")
    activity.require(ActivityState.HELD, ActivityState.APPROVED, ActivityState.RETURNED, action="登记学时")


async def learning_year(member_id: uuid.UUID, year: int, context: Context) -> LearningYear:
    async with context.uow as uow:
        if member_id not in await roster_facts.people(uow.session, [member_id]):
            raise NotFoundError(f"没有这个人：{member_id}", code="member_not_found")
        return LearningYear(year, tuple(await uow.service_work.learning_of(member_id, year)))


async def learning_at(uow: ActivityUnitOfWork, record_id: uuid.UUID) -> LearningRecord:
    record = await uow.service_work.get_learning(record_id)
    if record is None:
        raise NotFoundError(f"没有这条学时记录：{record_id}", code="learning_record_not_found")
    return record


# --- QC projects -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegisterQcProject:
    branch_id: uuid.UUID
    title: str
    leader_id: uuid.UUID
    member_ids: list[uuid.UUID]
    registered_on: date | None = None


async def register_qc_project(command: RegisterQcProject, context: Context) -> Done[QcProject]:
    async with context.uow as uow:
        await _branch_named(uow, command.branch_id)
        leader = (await people_named(uow, [command.leader_id], "leader_id"))[command.leader_id]
        if leader.branch_id != command.branch_id:
            raise RuleViolationError(f"leader_id：{leader.name} 不是本支部的人", code="leader_other_branch")
        await people_named(uow, command.member_ids, "member_ids")
        project = rules.register_qc_project(
            command.branch_id,
            command.title,
            command.leader_id,
            command.member_ids,
            command.registered_on or context.today,
            context.today,
        )
        await uow.service_work.add_qc(project)
        uow.record(QcProjectRegistered(project=project.snapshot()))
        await uow.commit()
        return Done(project, uow.event_ids)


async def _branch_named(uow: ActivityUnitOfWork, branch_id: uuid.UUID) -> None:
    row = await roster_facts.unit(uow.session, branch_id)
    if row is None:
        raise RuleViolationError(
            f"branch_id：没有这个组织（{branch_id}），或 roster 的消息还没有到达", code="unknown_org_unit"
        )
    if row.kind != OrgUnitKind.BRANCH.value:
        kind = OrgUnitKind(row.kind).label_zh
        raise RuleViolationError(f"branch_id：「{row.name}」是{kind}，不是党支部", code="wrong_org_unit_kind")
    if row.dissolved:
        raise ConflictError(f"「{row.name}」已撤销", code="org_unit_dissolved")


async def close_qc_project(
    project_id: uuid.UUID, on: date | None, context: Context, *, allowed: BranchCheck
) -> Done[QcProject]:
    """Close (结题) a QC project."""
    async with context.uow as uow:
        project = await qc_project_at(uow, project_id, for_update=True, allowed=allowed)
        closed = project.closed(on or context.today, context.today)
        await uow.service_work.save_qc(closed)
        uow.record(QcProjectClosed(project=closed.snapshot()))
        await uow.commit()
        return Done(closed, uow.event_ids)


async def award_qc_project(
    project_id: uuid.UUID, award: str, context: Context, *, allowed: BranchCheck
) -> Done[QcProject]:
    """Record the award of a closed QC project (once)."""
    async with context.uow as uow:
        project = await qc_project_at(uow, project_id, for_update=True, allowed=allowed)
        awarded = project.awarded(award)
        await uow.service_work.save_qc(awarded)
        uow.record(QcProjectAwarded(project=awarded.snapshot()))
        await uow.commit()
        return Done(awarded, uow.event_ids)


async def qc_project_at(
    uow: ActivityUnitOfWork, project_id: uuid.UUID, *, for_update: bool = False, allowed: BranchCheck
) -> QcProject:
    """The QC project (404 if none), if the caller may act on its branch (``allowed``)."""
    project = await uow.service_work.get_qc(project_id, for_update=for_update)
    if project is None:
        raise NotFoundError(f"没有这个 QC 课题：{project_id}", code="qc_project_not_found")
    allowed(project.branch_id)
    return project
