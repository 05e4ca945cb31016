"""Service work of a branch (服务): the departments it serves, its service posts, its reserve talent.

- Served departments (服务对象部门目录): a branch's list of the departments (科室/车间) it serves; a name
  appears once among the active ones.
- Service posts (党员流动服务岗 / 党员先锋岗): held by one or more Party members (probationary or full)
  of the branch, serving some of its active departments.
- Reserve talent (后备力量): young people, at least 14, each with an active full member of the
  branch as mentor; optionally someone already on the branch's roster.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from bastion.errors import ConflictError, RuleViolationError
from bastion_contracts.vocabulary import EducationLevel, Gender, ServicePostKind
from roster.domain.calendar import age_on
from roster.domain.member import Member

RESERVE_MINIMUM_AGE = 14


def require_not_in_future(day: date, today: date, field: str) -> None:
    if day > today:
        raise RuleViolationError(f"{field}：日期 {day} 不能晚于今天", code="date_in_future")


def _require_not_before(day: date, earliest: date, field: str, what: str) -> None:
    if day < earliest:
        raise RuleViolationError(f"{field}：日期 {day} 早于{what} {earliest}", code="date_order")


@dataclass(frozen=True, slots=True)
class ServedDepartment:
    """A department (科室/车间) a branch serves; removed ones stay for history."""

    id: uuid.UUID
    branch_id: uuid.UUID
    name: str
    added_on: date
    removed_on: date | None = None

    @property
    def active(self) -> bool:
        return self.removed_on is None

    def removed(self, on: date, today: date) -> ServedDepartment:
        if not self.active:
            raise ConflictError(f"「{self.name}」已于 {self.removed_on} 移出服务对象", code="department_removed")
        require_not_in_future(on, today, "removed_on")
        _require_not_before(on, self.added_on, "removed_on", "加入日期")
        return replace(self, removed_on=on)


def add_department(branch_id: uuid.UUID, name: str, on: date, today: date) -> ServedDepartment:
    require_not_in_future(on, today, "added_on")
    return ServedDepartment(uuid.uuid4(), branch_id, name, on)


@dataclass(frozen=True, slots=True)
class ServicePost:
    """A service post (党员流动服务岗 or 党员先锋岗): who holds it and which departments it serves."""

    id: uuid.UUID
    branch_id: uuid.UUID
    kind: ServicePostKind
    name: str
    holder_ids: tuple[uuid.UUID, ...]
    department_ids: tuple[uuid.UUID, ...]
    assigned_on: date
    closed_on: date | None = None

    @property
    def open(self) -> bool:
        return self.closed_on is None

    def require_open(self) -> None:
        if not self.open:
            raise ConflictError(f"「{self.name}」已于 {self.closed_on} 撤岗", code="service_post_closed")

    def changed(self, name: str, holders: list[Member], departments: list[ServedDepartment]) -> ServicePost:
        """The post with a new name, holders and departments (a full replacement)."""
        self.require_open()
        check_holders(self.branch_id, holders)
        check_departments(self.branch_id, departments)
        changed = replace(self, name=name, holder_ids=_ids(holders), department_ids=tuple(d.id for d in departments))
        if changed == self:
            raise ConflictError("没有需要修改的内容：给出的值与现有记录相同", code="nothing_to_update")
        return changed

    def closed(self, on: date, today: date) -> ServicePost:
        self.require_open()
        require_not_in_future(on, today, "closed_on")
        _require_not_before(on, self.assigned_on, "closed_on", "设岗日期")
        return replace(self, closed_on=on)


def _ids(members: list[Member]) -> tuple[uuid.UUID, ...]:
    return tuple(member.id for member in members)


def check_holders(branch_id: uuid.UUID, holders: list[Member]) -> None:
    """At least one holder, no one twice, each an active Party member (probationary or full) of the branch."""
    if not holders:
        raise RuleViolationError("holder_ids：服务岗至少要有一名党员", code="holders_required")
    if len(set(_ids(holders))) != len(holders):
        raise RuleViolationError("holder_ids：同一人不能重复列出", code="holders_distinct")
    for holder in holders:
        if holder.branch_id != branch_id:
            raise RuleViolationError(f"holder_ids：{holder.name} 不在这个支部", code="holder_other_branch")
        if not (holder.active and holder.stage.is_party_member):
            raise RuleViolationError(
                f"holder_ids：服务岗由党员（预备或正式）担任；{holder.name} 现为「{holder.stage.label_zh}」"
                f"（{holder.status.label_zh}）",
                code="holder_not_party_member",
            )


def check_departments(branch_id: uuid.UUID, departments: list[ServedDepartment]) -> None:
    """Departments served by the post: distinct, active, on this branch's list."""
    if len({d.id for d in departments}) != len(departments):
        raise RuleViolationError("department_ids：同一部门不能重复列出", code="departments_distinct")
    for department in departments:
        if department.branch_id != branch_id:
            raise RuleViolationError(
                f"department_ids：「{department.name}」不是本支部的服务对象", code="department_other_branch"
            )
        if not department.active:
            raise RuleViolationError(
                f"department_ids：「{department.name}」已于 {department.removed_on} 移出服务对象",
                code="department_removed",
            )


def open_service_post(
    branch_id: uuid.UUID,
    kind: ServicePostKind,
    name: str,
    holders: list[Member],
    departments: list[ServedDepartment],
    on: date,
    today: date,
) -> ServicePost:
    require_not_in_future(on, today, "assigned_on")
    check_holders(branch_id, holders)
    check_departments(branch_id, departments)
    return ServicePost(uuid.uuid4(), branch_id, kind, name, _ids(holders), tuple(d.id for d in departments), on)


@dataclass(frozen=True, slots=True)
class Candidate:
    """Who is proposed for the reserve: their particulars as the branch records them."""

    name: str
    gender: Gender
    birth_date: date
    education: EducationLevel
    department: str


@dataclass(frozen=True, slots=True)
class ReserveTalent:
    """A young person in a branch's reserve (后备力量), with a mentor; removed ones stay for history."""

    id: uuid.UUID
    branch_id: uuid.UUID
    candidate: Candidate
    mentor_id: uuid.UUID
    member_id: uuid.UUID | None
    added_on: date
    removed_on: date | None = None
    remove_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.removed_on is None

    def removed(self, on: date, reason: str, today: date) -> ReserveTalent:
        if not self.active:
            raise ConflictError(
                f"{self.candidate.name} 已于 {self.removed_on} 移出后备力量", code="reserve_talent_removed"
            )
        require_not_in_future(on, today, "removed_on")
        _require_not_before(on, self.added_on, "removed_on", "列入日期")
        return replace(self, removed_on=on, remove_reason=reason)


def add_reserve_talent(
    branch_id: uuid.UUID,
    candidate: Candidate,
    mentor: Member,
    member: Member | None,
    on: date,
    today: date,
) -> ReserveTalent:
    """A new reserve talent of ``branch_id`` from ``on``, mentored by ``mentor``."""
    _check_candidate(candidate, on, today)
    _check_mentor(branch_id, mentor)
    if member is not None:
        if member.branch_id != branch_id or not member.active:
            raise RuleViolationError(
                f"member_id：{member.name} 不在这个支部的在册名单上", code="reserve_member_not_on_roster"
            )
        if member.id == mentor.id:
            raise RuleViolationError("mentor_id：培养人不能是本人", code="mentor_is_talent")
    return ReserveTalent(uuid.uuid4(), branch_id, candidate, mentor.id, member.id if member else None, on)


def _check_mentor(branch_id: uuid.UUID, mentor: Member) -> None:
    if mentor.branch_id != branch_id:
        raise RuleViolationError(
            f"mentor_id：培养人须为本支部党员，{mentor.name} 不在这个支部", code="mentor_other_branch"
        )
    if not mentor.is_full_member:
        raise RuleViolationError(
            f"mentor_id：培养人须为正式党员；{mentor.name} 现为「{mentor.stage.label_zh}」（{mentor.status.label_zh}）",
            code="mentor_not_full_member",
        )


def _check_candidate(candidate: Candidate, on: date, today: date) -> None:
    if candidate.birth_date > today:
        raise RuleViolationError("birth_date：出生日期不能晚于今天", code="birth_date_in_future")
    require_not_in_future(on, today, "added_on")
    age = age_on(candidate.birth_date, on)
    if age < RESERVE_MINIMUM_AGE:
        raise RuleViolationError(
            f"列入后备力量须年满 {RESERVE_MINIMUM_AGE} 周岁：{candidate.name} 在 {on} 时只有 {max(age, 0)} 岁",
            code="reserve_talent_too_young",
        )


def require_not_in_reserve(member: Member, existing: ReserveTalent | None) -> None:
    """A person on the roster is in a branch's reserve at most once at a time."""
    if existing is not None:
        raise ConflictError(f"{member.name} 已于 {existing.added_on} 列入后备力量", code="already_reserve_talent")
