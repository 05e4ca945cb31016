"""Service work: what a door-to-door visit or a service post shift served, learning hours, QC projects.

Rules (domain.md §2): a visit (科室上门服务) serves departments of its branch's directory; a mobile
service post shift (党员流动服务岗值守) serves departments its post serves; both are recorded only
once the activity was held. Members learn ≥32 class hours (学时) a year. A QC circle project
(QC小组课题) is registered, closed (结题) and then, at most once, awarded.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from activity.domain.activity import Activity
from bastion.errors import ConflictError, RuleViolationError
from bastion_contracts.activity import QcProjectSnapshot
from bastion_contracts.vocabulary import ActivityKind, ActivityState

SERVICE_KINDS = frozenset({ActivityKind.DOOR_TO_DOOR_VISIT, ActivityKind.MOBILE_SERVICE_POST_SHIFT})
MAXIMUM_SERVICE_HOURS = Decimal(24)  # one record covers at most a day
MAXIMUM_LEARNING_HOURS = Decimal(12)  # per record
LEARNING_HOURS_PER_YEAR = Decimal("32.0")
TENTH = Decimal("0.1")


def checked_hours(hours: Decimal, maximum: Decimal, what: str) -> Decimal:
    """Hours above 0, at most ``maximum``, with at most one decimal (to the tenth)."""
    try:
        tenths = hours.quantize(TENTH)
    except InvalidOperation:
        tenths = None
    if tenths is None or not hours.is_finite() or hours <= 0 or hours > maximum:
        raise RuleViolationError(f"{what}须大于 0、不超过 {maximum} 小时，给出了 {hours}", code="hours_out_of_range")
    if tenths != hours:
        raise RuleViolationError(f"{what}最多一位小数，给出了 {hours}", code="hours_out_of_range")
    return tenths


def check_not_future(day: date, today: date, field: str) -> None:
    if day > today:
        raise RuleViolationError(f"{field} 不能晚于今天（{today}）", code="date_in_future")


# --- service records -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServedDepartment:
    """A department of a branch's directory, as roster announced it."""

    id: uuid.UUID
    branch_id: uuid.UUID
    name: str
    removed: bool


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    id: uuid.UUID
    activity_id: uuid.UUID
    kind: ActivityKind
    branch_id: uuid.UUID
    service_post_id: uuid.UUID | None
    department_ids: tuple[uuid.UUID, ...]
    member_ids: tuple[uuid.UUID, ...]
    hours: Decimal
    served_at: datetime


@dataclass(frozen=True, slots=True)
class Service:
    """What a request says was served."""

    department_ids: tuple[uuid.UUID, ...]
    member_ids: tuple[uuid.UUID, ...]
    hours: Decimal
    served_at: datetime | None = None


def require_service_work(activity: Activity) -> None:
    if activity.kind not in SERVICE_KINDS:
        allowed = "、".join(k.label_zh for k in sorted(SERVICE_KINDS))
        raise RuleViolationError(
            f"「{activity.plan.title}」是{activity.kind.label_zh}，只有{allowed}才登记服务记录", code="not_service_work"
        )
    activity.require(ActivityState.HELD, ActivityState.APPROVED, action="登记服务记录")


def record_service(
    activity: Activity,
    service: Service,
    departments: Mapping[uuid.UUID, ServedDepartment],
    post_department_ids: Sequence[uuid.UUID] | None,
    now: datetime,
) -> ServiceRecord:
    """A record of the service a held visit or shift gave; ``post_department_ids`` only for a shift."""
    require_service_work(activity)
    hours = checked_hours(service.hours, MAXIMUM_SERVICE_HOURS, "服务时长")
    check_someone_served(activity.kind, service)
    check_departments(activity.organiser.branch_id, service.department_ids, departments)
    if post_department_ids is not None:
        check_served_by_post(service.department_ids, departments, post_department_ids)
    served_at = service.served_at or activity.held_start or activity.plan.planned_start
    if served_at > now:
        raise RuleViolationError("served_at：服务时间不能晚于现在", code="date_in_future")
    return ServiceRecord(
        id=uuid.uuid4(),
        activity_id=activity.id,
        kind=activity.kind,
        branch_id=activity.organiser.branch_id,
        service_post_id=activity.plan.service_post_id,
        department_ids=service.department_ids,
        member_ids=service.member_ids,
        hours=hours,
        served_at=served_at,
    )


def check_someone_served(kind: ActivityKind, service: Service) -> None:
    """Someone served; a visit went to at least one department (a shift may serve workers only)."""
    if not service.member_ids:
        raise RuleViolationError("member_ids：至少要有一名服务的人", code="members_required")
    if kind is ActivityKind.DOOR_TO_DOOR_VISIT and not service.department_ids:
        raise RuleViolationError("department_ids：科室上门服务至少要有一个服务的科室", code="departments_required")


def check_departments(
    branch_id: uuid.UUID, department_ids: Sequence[uuid.UUID], departments: Mapping[uuid.UUID, ServedDepartment]
) -> None:
    """Every department named is in the branch's directory and not removed from it."""
    unknown = [str(d) for d in department_ids if d not in departments]
    if unknown:
        raise RuleViolationError(f"department_ids：没有这些科室：{', '.join(unknown)}", code="unknown_department")
    foreign = [departments[d].name for d in department_ids if departments[d].branch_id != branch_id]
    if foreign:
        raise RuleViolationError(
            f"department_ids：{'、'.join(foreign)}不是本支部服务的科室", code="department_other_branch"
        )
    removed = [departments[d].name for d in department_ids if departments[d].removed]
    if removed:
        raise RuleViolationError(f"department_ids：{'、'.join(removed)}已不在服务科室之列", code="department_removed")


def check_served_by_post(
    department_ids: Sequence[uuid.UUID],
    departments: Mapping[uuid.UUID, ServedDepartment],
    post_department_ids: Sequence[uuid.UUID],
) -> None:
    outside = [departments[d].name for d in department_ids if d not in post_department_ids]
    if outside:
        raise RuleViolationError(
            f"department_ids：{'、'.join(outside)}不是这个服务岗服务的科室", code="department_not_served_by_post"
        )


# --- learning hours --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LearningRecord:
    """Class hours (学时) a member studied on a day."""

    id: uuid.UUID
    member_id: uuid.UUID
    branch_id: uuid.UUID
    hours: Decimal
    learned_on: date
    topic: str
    activity_id: uuid.UUID | None = None


def record_learning(
    member_id: uuid.UUID,
    branch_id: uuid.UUID,
    hours: Decimal,
    learned_on: date,
    topic: str,
    activity_id: uuid.UUID | None,
    today: date,
) -> LearningRecord:
    checked = checked_hours(hours, MAXIMUM_LEARNING_HOURS, "每条学时记录")
    check_not_future(learned_on, today, "learned_on")
    return LearningRecord(uuid.uuid4(), member_id, branch_id, checked, learned_on, topic, activity_id)


@dataclass(frozen=True, slots=True)
class LearningYear:
    """A member's learning in a year against the 32 hours required."""

    year: int
    records: tuple[LearningRecord, ...]
    required: Decimal = LEARNING_HOURS_PER_YEAR

    @property
    def total(self) -> Decimal:
        return sum((record.hours for record in self.records), Decimal("0.0"))

    @property
    def shortfall(self) -> Decimal:
        return max(Decimal("0.0"), self.required - self.total)


# --- QC projects -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QcProject:
    """A QC circle project (QC小组课题): registered → closed (结题) → awarded (at most once)."""

    id: uuid.UUID
    branch_id: uuid.UUID
    title: str
    leader_id: uuid.UUID
    member_ids: tuple[uuid.UUID, ...]
    registered_on: date
    closed_on: date | None = None
    award: str | None = None

    def snapshot(self) -> QcProjectSnapshot:
        return QcProjectSnapshot(
            project_id=self.id,
            branch_id=self.branch_id,
            title=self.title,
            leader_id=self.leader_id,
            member_ids=list(self.member_ids),
            registered_on=self.registered_on,
            closed_on=self.closed_on,
            award=self.award,
        )

    def closed(self, on: date, today: date) -> QcProject:
        if self.closed_on is not None:
            raise ConflictError(f"课题「{self.title}」已于 {self.closed_on} 结题", code="qc_project_already_closed")
        check_not_future(on, today, "closed_on")
        if on < self.registered_on:
            raise RuleViolationError(f"closed_on：结题日期 {on} 早于立项日期 {self.registered_on}", code="date_order")
        return replace(self, closed_on=on)

    def awarded(self, award: str) -> QcProject:
        if self.closed_on is None:
            raise ConflictError(f"课题「{self.title}」尚未结题，结题后才能登记获奖", code="qc_project_not_closed")
        if self.award is not None:
            raise ConflictError(
                f"课题「{self.title}」已登记获奖「{self.award}」，只能登记一次", code="qc_project_already_awarded"
            )
        return replace(self, award=award)


def register_qc_project(
    branch_id: uuid.UUID,
    title: str,
    leader_id: uuid.UUID,
    member_ids: Sequence[uuid.UUID],
    registered_on: date,
    today: date,
) -> QcProject:
    check_not_future(registered_on, today, "registered_on")
    return QcProject(uuid.uuid4(), branch_id, title, leader_id, tuple(dict.fromkeys(member_ids)), registered_on)
