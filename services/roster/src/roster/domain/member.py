"""A person on a branch's roster: a Party member, or someone on the way to becoming one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime

from bastion.errors import ConflictError, RuleViolationError
from bastion_contracts.roster import MemberSnapshot
from bastion_contracts.vocabulary import (
    EducationLevel,
    Gender,
    GroupRole,
    MemberClass,
    MemberStatus,
    Stage,
)
from roster.domain.calendar import add_months, add_years, age_on

MINIMUM_AGE = 18
PROBATION_YEARS = 1


@dataclass(frozen=True, slots=True)
class PipelineDates:
    """When each stage of the recruitment pipeline began (发展党员各阶段日期)."""

    applied_on: date | None = None
    activist_on: date | None = None
    candidate_on: date | None = None
    probationary_on: date | None = None
    full_on: date | None = None

    def started(self, stage: Stage) -> date | None:
        value: date | None = getattr(self, _DATE_FIELD[stage])
        return value

    def with_start(self, stage: Stage, on: date) -> PipelineDates:
        return replace(self, **{_DATE_FIELD[stage]: on})

    def known(self) -> list[tuple[Stage, date]]:
        return [(stage, day) for stage in Stage if (day := self.started(stage)) is not None]


_DATE_FIELD = {
    Stage.APPLICANT: "applied_on",
    Stage.ACTIVIST: "activist_on",
    Stage.CANDIDATE: "candidate_on",
    Stage.PROBATIONARY: "probationary_on",
    Stage.FULL: "full_on",
}
# The dates registering at a stage needs (a full member's confirmation defaults to a year after joining),
# and the dates it must not have (later stages'): what ``register`` checks, for the API's document.
REGISTRATION_DATES = {
    stage: (
        "probationary_on" if stage is Stage.FULL else _DATE_FIELD[stage],
        [_DATE_FIELD[later] for later in list(Stage)[index + 1 :]],
    )
    for index, stage in enumerate(Stage)
}


@dataclass(frozen=True, slots=True)
class Person:
    """What a person is, independent of where they are in the organisation."""

    name: str
    gender: Gender
    birth_date: date
    education: EducationLevel
    department: str
    position: str
    employee_number: str
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class Member:
    id: uuid.UUID
    branch_id: uuid.UUID
    person: Person
    member_class: MemberClass
    stage: Stage
    pipeline: PipelineDates
    registered_at: datetime
    status: MemberStatus = MemberStatus.ACTIVE
    status_changed_on: date | None = None
    group_id: uuid.UUID | None = None
    group_role: GroupRole | None = None
    sponsor_ids: tuple[uuid.UUID, ...] = ()
    cultivation_contact_ids: tuple[uuid.UUID, ...] = ()
    probation_extension_months: int = 0
    application_talk_on: date | None = None
    last_activist_review_on: date | None = None

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def active(self) -> bool:
        return self.status is MemberStatus.ACTIVE

    @property
    def is_full_member(self) -> bool:
        return self.active and self.stage is Stage.FULL

    @property
    def probation_ends_on(self) -> date | None:
        start = self.pipeline.probationary_on
        if start is None or self.stage is not Stage.PROBATIONARY:
            return None
        return add_months(add_years(start, PROBATION_YEARS), self.probation_extension_months)

    def require_active(self) -> None:
        if not self.active:
            raise ConflictError(
                f"{self.name} 的状态是「{self.status.label_zh}」，不能再办理这项业务",
                code="member_not_active",
            )

    def snapshot(self) -> MemberSnapshot:
        person = self.person
        return MemberSnapshot(
            member_id=self.id,
            branch_id=self.branch_id,
            group_id=self.group_id,
            group_role=self.group_role,
            name=person.name,
            gender=person.gender,
            birth_date=person.birth_date,
            education=person.education,
            department=person.department,
            position=person.position,
            employee_number=person.employee_number,
            member_class=self.member_class,
            status=self.status,
            stage=self.stage,
            applied_on=self.pipeline.applied_on,
            activist_on=self.pipeline.activist_on,
            candidate_on=self.pipeline.candidate_on,
            probationary_on=self.pipeline.probationary_on,
            full_on=self.pipeline.full_on,
            probation_ends_on=self.probation_ends_on,
            sponsor_ids=list(self.sponsor_ids),
            cultivation_contact_ids=list(self.cultivation_contact_ids),
        )


def check_dates(person: Person, stage: Stage, pipeline: PipelineDates, today: date) -> None:
    """Birth and pipeline dates are possible: not in the future, in stage order, at 18 or older."""
    if person.birth_date > today:
        raise RuleViolationError("出生日期不能晚于今天", code="birth_date_in_future")
    if age_on(person.birth_date, today) > 120:
        raise RuleViolationError("出生日期不合理（超过 120 岁）", code="birth_date_implausible")
    if pipeline.started(stage) is None:
        raise RuleViolationError(
            f"登记为「{stage.label_zh}」须给出该阶段的开始日期（{_DATE_FIELD[stage]}）",
            code="stage_date_required",
        )
    previous: tuple[Stage, date] | None = None
    for known_stage, day in pipeline.known():
        if list(Stage).index(known_stage) > list(Stage).index(stage):
            raise RuleViolationError(
                f"{_DATE_FIELD[known_stage]}：还未到「{known_stage.label_zh}」阶段，不应有这个日期",
                code="stage_date_ahead_of_stage",
            )
        if day > today:
            raise RuleViolationError(f"{_DATE_FIELD[known_stage]} 不能晚于今天", code="date_in_future")
        if day <= person.birth_date:
            raise RuleViolationError(f"{_DATE_FIELD[known_stage]} 早于出生日期", code="date_before_birth")
        if age_on(person.birth_date, day) < MINIMUM_AGE:
            raise RuleViolationError(
                f"入党须年满 {MINIMUM_AGE} 周岁：{_DATE_FIELD[known_stage]} {day} 时只有 "
                f"{age_on(person.birth_date, day)} 岁",
                code="minimum_age",
            )
        if previous is not None and day < previous[1]:
            raise RuleViolationError(
                f"{_DATE_FIELD[known_stage]} 早于 {_DATE_FIELD[previous[0]]}，各阶段须依次进行",
                code="date_order",
            )
        previous = (known_stage, day)


def register(
    *,
    branch_id: uuid.UUID,
    person: Person,
    member_class: MemberClass,
    stage: Stage,
    pipeline: PipelineDates,
    now: datetime,
    today: date,
) -> Member:
    if stage is Stage.FULL:
        pipeline = _with_confirmation(pipeline)
    check_dates(person, stage, pipeline, today)
    return Member(
        id=uuid.uuid4(),
        branch_id=branch_id,
        person=person,
        member_class=member_class,
        stage=stage,
        pipeline=pipeline,
        registered_at=now,
    )


def _with_confirmation(pipeline: PipelineDates) -> PipelineDates:
    """A full member joined (probationary_on) and was confirmed a year later at the earliest."""
    joined = pipeline.probationary_on
    if joined is None:
        raise RuleViolationError(
            "登记正式党员须给出入党日期（probationary_on，接收为预备党员的日期）", code="stage_date_required"
        )
    earliest = add_years(joined, PROBATION_YEARS)
    if pipeline.full_on is None:
        return replace(pipeline, full_on=earliest)
    if pipeline.full_on < earliest:
        raise RuleViolationError(
            f"预备期为一年：{joined} 入党，最早 {earliest} 转正（full_on {pipeline.full_on} 太早）",
            code="probation_period",
        )
    return pipeline
