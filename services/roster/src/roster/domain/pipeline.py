"""The recruitment pipeline (发展党员): applicant → activist → candidate → probationary → full.

Rules (domain.md §2): no stage is skipped; candidate only after a year as activist; two
sponsors, both full members, before admission; probation lasts a year and may be extended
once by 6-12 months; the branch talks with an applicant within a month and reviews each
activist every half year.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from bastion.errors import ConflictError, RuleViolationError
from bastion_contracts.vocabulary import Stage
from roster.domain.calendar import add_months, add_years
from roster.domain.member import Member

ACTIVIST_YEARS_BEFORE_CANDIDATE = 1
SPONSORS_REQUIRED = 2
TALK_WITHIN_MONTHS = 1
REVIEW_EVERY_MONTHS = 6
EXTENSION_MONTHS = range(6, 13)


def advance(member: Member, to: Stage, on: date, today: date) -> Member:
    """The member at the next stage, from ``on``; refuses a skipped stage and early steps."""
    member.require_active()
    expected = member.stage.next()
    if expected is None:
        raise ConflictError(f"{member.name} 已是正式党员，没有下一阶段", code="stage_final")
    if to is not expected:
        raise ConflictError(
            f"不能跳过阶段：{member.name} 现为「{member.stage.label_zh}」，下一步只能是「{expected.label_zh}」",
            code="stage_skipped",
        )
    _check_step_date(member, on, today)
    if to is Stage.CANDIDATE:
        _check_activist_year(member, on)
    if to is Stage.PROBATIONARY:
        _check_sponsors(member)
    if to is Stage.FULL:
        _check_probation_over(member, on)
    return replace(member, stage=to, pipeline=member.pipeline.with_start(to, on))


def _check_step_date(member: Member, on: date, today: date) -> None:
    if on > today:
        raise RuleViolationError("日期不能晚于今天", code="date_in_future")
    since = member.pipeline.started(member.stage)
    if since is not None and on < since:
        raise RuleViolationError(
            f"日期 {on} 早于{member.name}成为「{member.stage.label_zh}」的日期 {since}", code="date_order"
        )


def _check_activist_year(member: Member, on: date) -> None:
    became = member.pipeline.activist_on
    if became is None:
        return  # registered as an activist without a date on record: nothing to measure
    earliest = add_years(became, ACTIVIST_YEARS_BEFORE_CANDIDATE)
    if on < earliest:
        raise RuleViolationError(
            f"列为入党积极分子满一年后才能确定为发展对象：{member.name} {became} 起为积极分子，最早 {earliest}",
            code="activist_period",
        )


def _check_sponsors(member: Member) -> None:
    if len(member.sponsor_ids) < SPONSORS_REQUIRED:
        raise RuleViolationError(
            f"接收预备党员前须有两名正式党员作入党介绍人：{member.name} 现有 {len(member.sponsor_ids)} 名",
            code="sponsors_required",
        )


def _check_probation_over(member: Member, on: date) -> None:
    ends = member.probation_ends_on
    if ends is not None and on < ends:
        raise RuleViolationError(f"预备期未满：{member.name} 的预备期到 {ends} 为止", code="probation_not_over")


def assign_sponsors(member: Member, sponsors: list[Member]) -> Member:
    """Two distinct active full members sponsor a candidate (or an activist about to become one)."""
    member.require_active()
    if member.stage not in (Stage.ACTIVIST, Stage.CANDIDATE):
        raise ConflictError(
            f"入党介绍人在确定发展对象时确定；{member.name} 现为「{member.stage.label_zh}」",
            code="sponsors_wrong_stage",
        )
    _require_full_members(member, sponsors, count=range(2, 3), what="入党介绍人", code="sponsors")
    return replace(member, sponsor_ids=tuple(s.id for s in sponsors))


def assign_cultivation_contacts(member: Member, contacts: list[Member]) -> Member:
    """One or two full members cultivate an activist (培养联系人)."""
    member.require_active()
    if member.stage not in (Stage.ACTIVIST, Stage.CANDIDATE):
        raise ConflictError(
            f"培养联系人为入党积极分子指定；{member.name} 现为「{member.stage.label_zh}」",
            code="contacts_wrong_stage",
        )
    _require_full_members(member, contacts, count=range(1, 3), what="培养联系人", code="cultivation_contacts")
    return replace(member, cultivation_contact_ids=tuple(c.id for c in contacts))


def _require_full_members(member: Member, people: list[Member], *, count: range, what: str, code: str) -> None:
    ids = [p.id for p in people]
    if len(set(ids)) != len(ids) or member.id in ids:
        raise RuleViolationError(f"{what}不能重复，也不能是本人", code=f"{code}_distinct")
    if len(people) not in count:
        wanted = f"{count.start}" if len(count) == 1 else f"{count.start}～{count.stop - 1}"
        raise RuleViolationError(f"{what}须为 {wanted} 名，给出了 {len(people)} 名", code=f"{code}_count")
    for person in people:
        if not person.is_full_member:
            raise RuleViolationError(
                f"{what}须为正式党员：{person.name} 现为「{person.stage.label_zh}」（{person.status.label_zh}）",
                code=f"{code}_not_full_members",
            )


def record_application_talk(member: Member, on: date, today: date) -> Member:
    member.require_active()
    if member.stage is not Stage.APPLICANT:
        raise ConflictError(f"{member.name} 现为「{member.stage.label_zh}」，不是入党申请人", code="talk_wrong_stage")
    if member.application_talk_on is not None:
        raise ConflictError(f"已于 {member.application_talk_on} 与 {member.name} 谈话", code="talk_already_held")
    _check_step_date(member, on, today)
    return replace(member, application_talk_on=on)


def record_activist_review(member: Member, on: date, today: date) -> Member:
    member.require_active()
    if member.stage is not Stage.ACTIVIST:
        raise ConflictError(
            f"{member.name} 现为「{member.stage.label_zh}」，不是入党积极分子", code="review_wrong_stage"
        )
    _check_step_date(member, on, today)
    if member.last_activist_review_on is not None and on < member.last_activist_review_on:
        raise RuleViolationError(f"已有 {member.last_activist_review_on} 的考察记录，日期不能更早", code="date_order")
    return replace(member, last_activist_review_on=on)


def extend_probation(member: Member, months: int) -> Member:
    member.require_active()
    if member.stage is not Stage.PROBATIONARY:
        raise ConflictError(
            f"{member.name} 现为「{member.stage.label_zh}」，不是预备党员", code="extension_wrong_stage"
        )
    if member.probation_extension_months:
        raise ConflictError(
            f"预备期只能延长一次：{member.name} 已延长 {member.probation_extension_months} 个月",
            code="probation_already_extended",
        )
    if months not in EXTENSION_MONTHS:
        raise RuleViolationError(f"预备期可延长 6～12 个月，给出了 {months} 个月", code="probation_extension_months")
    return replace(member, probation_extension_months=months)


@dataclass(frozen=True, slots=True)
class OverdueStep:
    """A pipeline step that should have happened by ``due_on``."""

    member_id: uuid.UUID
    member_name: str
    kind: str  # application_talk | activist_review | confirmation
    due_on: date
    days_overdue: int


def overdue_step(member: Member, today: date) -> OverdueStep | None:
    """The member's overdue step as of ``today``, if any."""
    if not member.active:
        return None
    due: tuple[str, date] | None = None
    pipeline = member.pipeline
    if member.stage is Stage.APPLICANT and member.application_talk_on is None and pipeline.applied_on:
        due = ("application_talk", add_months(pipeline.applied_on, TALK_WITHIN_MONTHS))
    elif member.stage is Stage.ACTIVIST and pipeline.activist_on:
        last = member.last_activist_review_on or pipeline.activist_on
        due = ("activist_review", add_months(last, REVIEW_EVERY_MONTHS))
    elif member.stage is Stage.PROBATIONARY and member.probation_ends_on:
        due = ("confirmation", member.probation_ends_on)
    if due is None or today <= due[1]:
        return None
    return OverdueStep(member.id, member.name, due[0], due[1], (today - due[1]).days)
