"""Records scoring needs: dues (党费), honours (表彰), branch recognitions and sanctions (党纪处分).

Dues are paid per member and month, by Party members only, from the month they joined and at
most a year ahead; a month counts as unpaid once it has ended without a payment (domain.md §3).
Honours go to a member or a branch; the committee also recognises a branch's innovation (创新成果)
or publishes its experience (经验推广), like an honour; sanctions go to a Party member, and expulsion
ends membership.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bastion.errors import ConflictError, RuleViolationError
from bastion_contracts.vocabulary import BranchRecognitionKind, DisciplineLevel, HonourLevel, SubjectKind
from roster.domain.calendar import add_months, month_of, months_between
from roster.domain.member import Member
from roster.domain.org import OrgUnit

MONTHS_AHEAD = 12  # dues may be paid in advance, up to a year
# Far beyond any month's dues, well inside the fen column; a larger figure is a typing error.
MAXIMUM_DUES = Decimal("1000000")
FEN_PER_YUAN = 100


def require_party_member(member: Member, doing: str) -> None:
    """Only active probationary and full members are Party members (applicants etc. are not yet)."""
    member.require_active()
    if not member.stage.is_party_member:
        raise ConflictError(
            f"{member.name} 现为「{member.stage.label_zh}」，还不是党员，不能{doing}", code="not_party_member"
        )


def check_not_future(on: date, today: date, field: str) -> None:
    if on > today:
        raise RuleViolationError(f"{field} 不能晚于今天（{today}）", code="date_in_future")


def amount_in_fen(amount: Decimal) -> int:
    """Yuan with at most two decimals, above zero, as whole fen."""
    if not amount.is_finite() or amount <= 0:
        raise RuleViolationError(f"党费金额须大于 0 元，给出了 {amount}", code="dues_amount")
    fen = amount * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise RuleViolationError(f"党费金额最多两位小数（到分），给出了 {amount}", code="dues_amount")
    if amount > MAXIMUM_DUES:
        raise RuleViolationError(f"党费金额不合理：{amount} 元超过 {MAXIMUM_DUES} 元", code="dues_amount")
    return int(fen)


def yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


@dataclass(frozen=True, slots=True)
class DuesPayment:
    """One member's dues for one month (党费), in fen."""

    id: uuid.UUID
    member_id: uuid.UUID
    branch_id: uuid.UUID
    month: str
    amount_fen: int
    paid_on: date

    @property
    def amount(self) -> Decimal:
        return yuan(self.amount_fen)


def pay_dues(member: Member, month: str, amount: Decimal, paid_on: date, today: date) -> DuesPayment:
    """The member's payment for ``month``; refuses non-members, months before joining or too far ahead."""
    require_party_member(member, "交纳党费")
    check_not_future(paid_on, today, "paid_on")
    joined = member.pipeline.probationary_on
    if joined is not None and month < month_of(joined):
        raise RuleViolationError(
            f"{member.name} {joined} 入党，不能交纳此前 {month} 的党费", code="dues_before_joining"
        )
    latest = month_of(add_months(today.replace(day=1), MONTHS_AHEAD))
    if month > latest:
        raise RuleViolationError(
            f"党费最多预交 {MONTHS_AHEAD} 个月：最晚到 {latest}，给出了 {month}", code="dues_too_far_ahead"
        )
    return DuesPayment(uuid.uuid4(), member.id, member.branch_id, month, amount_in_fen(amount), paid_on)


def unpaid_months(member: Member, year: int, paid: set[str], today: date) -> list[str]:
    """Months of ``year`` that have ended without a payment, from the joining month on.

    A person who has left the roster owes nothing from the month they left.
    """
    joined = member.pipeline.probationary_on
    if not member.stage.is_party_member or joined is None:
        return []
    first = max(f"{year:04d}-01", month_of(joined))
    last = min(f"{year:04d}-12", month_of(add_months(today.replace(day=1), -1)))
    if not member.active and member.status_changed_on is not None:
        last = min(last, month_of(add_months(member.status_changed_on.replace(day=1), -1)))
    return [month for month in months_between(first, last) if month not in paid]


@dataclass(frozen=True, slots=True)
class Honour:
    """An honour (表彰) for a member or a branch; ``branch_id`` is the member's branch for a member."""

    id: uuid.UUID
    subject_kind: SubjectKind
    member_id: uuid.UUID | None
    branch_id: uuid.UUID
    level: HonourLevel
    title: str
    awarded_on: date


def honour_subject_id(kind: SubjectKind, member_id: uuid.UUID | None, branch_id: uuid.UUID | None) -> uuid.UUID:
    """Who is honoured: a member (whose branch follows) or a branch; the request names exactly that one."""
    if kind is SubjectKind.MEMBER:
        if member_id is None or branch_id is not None:
            raise RuleViolationError(
                "表彰党员须给出 member_id，不给 branch_id（取其所在支部）", code="honour_subject_mismatch"
            )
        return member_id
    if branch_id is None or member_id is not None:
        raise RuleViolationError("表彰党支部须给出 branch_id，不给 member_id", code="honour_subject_mismatch")
    return branch_id


def honour_member(member: Member, level: HonourLevel, title: str, awarded_on: date, today: date) -> Honour:
    member.require_active()
    check_not_future(awarded_on, today, "awarded_on")
    return Honour(uuid.uuid4(), SubjectKind.MEMBER, member.id, member.branch_id, level, title, awarded_on)


def honour_branch(branch: OrgUnit, level: HonourLevel, title: str, awarded_on: date, today: date) -> Honour:
    branch.require_active()
    check_not_future(awarded_on, today, "awarded_on")
    return Honour(uuid.uuid4(), SubjectKind.BRANCH, None, branch.id, level, title, awarded_on)


@dataclass(frozen=True, slots=True)
class BranchRecognition:
    """The committee's recognition of a branch: an innovation (创新成果) or a published experience (经验推广)."""

    id: uuid.UUID
    branch_id: uuid.UUID
    kind: BranchRecognitionKind
    title: str
    recognised_on: date


def recognise_branch(
    branch: OrgUnit, kind: BranchRecognitionKind, title: str, recognised_on: date, today: date
) -> BranchRecognition:
    branch.require_active()
    check_not_future(recognised_on, today, "recognised_on")
    return BranchRecognition(uuid.uuid4(), branch.id, kind, title, recognised_on)


@dataclass(frozen=True, slots=True)
class DisciplineRecord:
    """A disciplinary sanction (党纪处分) on a Party member."""

    id: uuid.UUID
    member_id: uuid.UUID
    branch_id: uuid.UUID
    level: DisciplineLevel
    decided_on: date
    reason: str
    criminal_conviction: bool = False

    @property
    def expels(self) -> bool:
        return self.level is DisciplineLevel.EXPULSION


def discipline(
    member: Member, level: DisciplineLevel, decided_on: date, reason: str, criminal_conviction: bool, today: date
) -> DisciplineRecord:
    """A sanction on an active Party member, decided on or after the day they joined."""
    require_party_member(member, "给予党纪处分")
    check_not_future(decided_on, today, "decided_on")
    joined = member.pipeline.probationary_on
    if joined is not None and decided_on < joined:
        raise RuleViolationError(
            f"处分日期 {decided_on} 早于{member.name}入党日期 {joined}", code="date_before_joining"
        )
    return DisciplineRecord(uuid.uuid4(), member.id, member.branch_id, level, decided_on, reason, criminal_conviction)
