"""An activity (组织生活/服务活动): planned → held (minutes recorded) → approved or returned; or cancelled.

A returned record goes back to the recorder and is held (re-submitted) again. Which organiser
each kind needs, and what else it needs (a lecturer, a subtype, a service post), is below.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from bastion.errors import ConflictError, RuleViolationError
from bastion_contracts.activity import ActivitySnapshot
from bastion_contracts.vocabulary import ActivityKind as K
from bastion_contracts.vocabulary import ActivityState, OrgUnitKind, ThemedPracticeSubtype

BRANCH_ONLY = frozenset({K.BRANCH_ASSEMBLY, K.COMMITTEE_MEETING, K.ORG_LIFE_MEETING, K.MEMBER_APPRAISAL})
GROUP_ONLY = frozenset({K.GROUP_MEETING})
LECTURER_REQUIRED = frozenset({K.PARTY_LESSON})
# Meetings (三会一课, theme days, org-life, appraisal, and a talk with the people named) have an expected
# list (应到) and are the only source of attendance deductions. Service work and the rest record who took
# part, so nobody is ever absent from them (domain.md §3).
WITH_EXPECTED_LIST = frozenset(
    {
        K.BRANCH_ASSEMBLY,
        K.COMMITTEE_MEETING,
        K.GROUP_MEETING,
        K.PARTY_LESSON,
        K.THEME_DAY,
        K.ORG_LIFE_MEETING,
        K.MEMBER_APPRAISAL,
        K.HEART_TO_HEART_TALK,
    }
)


@dataclass(frozen=True, slots=True)
class Organiser:
    """The branch or party group that organises an activity, and its branch."""

    id: uuid.UUID
    kind: OrgUnitKind
    name: str
    branch_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class Plan:
    """What is planned: everything a secretary fills in when scheduling."""

    kind: K
    title: str
    planned_start: datetime
    place: str
    subtype: ThemedPracticeSubtype | None = None
    planned_end: datetime | None = None
    host_id: uuid.UUID | None = None
    recorder_id: uuid.UUID | None = None
    lecturer_id: uuid.UUID | None = None
    five_services: tuple[str, ...] = ()
    agenda: str = ""
    service_post_id: uuid.UUID | None = None
    qc_project_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    id: uuid.UUID
    organiser: Organiser
    plan: Plan
    state: ActivityState
    created_at: datetime
    held_start: datetime | None = None
    held_end: datetime | None = None
    minutes: str | None = None
    resolutions: str | None = None
    approved_at: datetime | None = None
    state_reason: str | None = None

    @property
    def kind(self) -> K:
        return self.plan.kind

    @property
    def has_expected_list(self) -> bool:
        """A meeting has people expected (应到); service work records only who took part."""
        return self.kind in WITH_EXPECTED_LIST

    @property
    def start(self) -> datetime:
        """When it was held, or (until then) when it is planned."""
        return self.held_start or self.plan.planned_start

    def snapshot(self) -> ActivitySnapshot:
        plan = self.plan
        return ActivitySnapshot(
            activity_id=self.id,
            kind=plan.kind,
            subtype=plan.subtype,
            organiser_id=self.organiser.id,
            organiser_kind=self.organiser.kind,
            branch_id=self.organiser.branch_id,
            title=plan.title,
            planned_start=plan.planned_start,
            planned_end=plan.planned_end,
            place=plan.place,
            host_id=plan.host_id,
            recorder_id=plan.recorder_id,
            lecturer_id=plan.lecturer_id,
            five_services=list(plan.five_services),
            agenda=plan.agenda,
            state=self.state,
            held_start=self.held_start,
            held_end=self.held_end,
            minutes=self.minutes,
            resolutions=self.resolutions,
            approved_at=self.approved_at,
            service_post_id=plan.service_post_id,
            qc_project_id=plan.qc_project_id,
        )

    def require(self, *states: ActivityState, action: str) -> None:
        if self.state not in states:
            allowed = "、".join(f"「{s.label_zh}」" for s in states)
            raise ConflictError(
                f"「{self.plan.title}」现为「{self.state.label_zh}」，只有{allowed}的活动才能{action}",
                code=f"activity_not_{states[0].value}",
            )

    def rescheduled(self, start: datetime, end: datetime | None, place: str | None) -> Activity:
        self.require(ActivityState.PLANNED, action="改期")
        _check_times(start, end)
        return replace(
            self, plan=replace(self.plan, planned_start=start, planned_end=end, place=place or self.plan.place)
        )

    def held(
        self, start: datetime, end: datetime | None, minutes: str, resolutions: str | None, now: datetime
    ) -> Activity:
        self.require(ActivityState.PLANNED, ActivityState.RETURNED, action="记录召开情况")
        if self.plan.planned_start > now:
            raise RuleViolationError(
                f"「{self.plan.title}」计划于 {self.plan.planned_start:%Y-%m-%d %H:%M} 召开，"
                "还没到时间，不能记为已召开",
                code="activity_in_future",
            )
        if start > now:
            raise RuleViolationError("召开时间不能晚于现在", code="date_in_future")
        _check_times(start, end)
        if not minutes.strip():
            raise RuleViolationError("须填写会议记录（minutes）", code="minutes_required")
        return replace(
            self,
            state=ActivityState.HELD,
            held_start=start,
            held_end=end,
            minutes=minutes,
            resolutions=resolutions,
            state_reason=None,
        )

    def approved(self, at: datetime, now: datetime) -> Activity:
        """Approved at ``at`` (now, or when it was approved on paper: not before it was held)."""
        self.require(ActivityState.HELD, action="审核通过")
        if at > now:
            raise RuleViolationError("审核时间不能晚于现在", code="date_in_future")
        if self.held_start is not None and at < self.held_start:
            raise RuleViolationError("审核时间不能早于召开时间", code="date_order")
        return replace(self, state=ActivityState.APPROVED, approved_at=at)

    def returned(self, reason: str) -> Activity:
        self.require(ActivityState.HELD, action="退回")
        return replace(self, state=ActivityState.RETURNED, state_reason=reason)

    def cancelled(self, reason: str) -> Activity:
        self.require(ActivityState.PLANNED, action="取消")
        return replace(self, state=ActivityState.CANCELLED, state_reason=reason)


def _check_times(start: datetime, end: datetime | None) -> None:
    if end is not None and end <= start:
        raise RuleViolationError("结束时间须晚于开始时间", code="date_order")


def schedule(organiser: Organiser, plan: Plan, allowed_tags: frozenset[str], now: datetime) -> Activity:
    """A new planned activity, if the plan fits its kind."""
    _check_organiser(plan.kind, organiser)
    if (plan.kind is K.THEMED_PRACTICE) != (plan.subtype is not None):
        raise RuleViolationError("主题实践活动须注明类型（subtype），其他活动不填类型", code="subtype_mismatch")
    if plan.kind in LECTURER_REQUIRED and plan.lecturer_id is None:
        raise RuleViolationError(f"{plan.kind.label_zh}须有主讲人（lecturer_id）", code="lecturer_required")
    if (plan.kind is K.MOBILE_SERVICE_POST_SHIFT) != (plan.service_post_id is not None):
        raise RuleViolationError(
            "党员流动服务岗值守须注明服务岗（service_post_id），其他活动不填", code="service_post_mismatch"
        )
    if (plan.kind is K.QC_PROJECT_SESSION) != (plan.qc_project_id is not None):
        raise RuleViolationError("QC小组活动须注明 QC 课题（qc_project_id），其他活动不填", code="qc_project_mismatch")
    unknown = sorted(set(plan.five_services) - allowed_tags)
    if unknown:
        raise RuleViolationError(
            f"五个服务标签无效：{', '.join(unknown)}；可用：{', '.join(sorted(allowed_tags))}",
            code="unknown_five_services_tag",
        )
    _check_times(plan.planned_start, plan.planned_end)
    return Activity(uuid.uuid4(), organiser, plan, ActivityState.PLANNED, now)


def _check_organiser(kind: K, organiser: Organiser) -> None:
    if organiser.kind not in (OrgUnitKind.BRANCH, OrgUnitKind.PARTY_GROUP):
        raise RuleViolationError(
            f"organiser_id：活动由党支部或党小组组织，「{organiser.name}」是{organiser.kind.label_zh}",
            code="wrong_organiser",
        )
    if kind in BRANCH_ONLY and organiser.kind is not OrgUnitKind.BRANCH:
        raise RuleViolationError(f"{kind.label_zh}由党支部组织", code="wrong_organiser")
    if kind in GROUP_ONLY and organiser.kind is not OrgUnitKind.PARTY_GROUP:
        raise RuleViolationError(f"{kind.label_zh}由党小组组织", code="wrong_organiser")
