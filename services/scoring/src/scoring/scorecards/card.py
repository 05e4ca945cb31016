"""What a score card is made of (党员年度积分卡): its inputs, and its parts as the rules counted them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from scoring.rules.model import RuleSet

ZERO = Decimal(0)
PARTY_STAGES = frozenset({"probationary", "full"})
AnswerCounts = Mapping[tuple[str, str], int]
"""How many ratings gave each (respondent group, answer)."""


class Band(StrEnum):
    """The suggested appraisal band (民主评议党员 建议档次): the score suggests, people decide."""

    EXCELLENT_CANDIDATE = "excellent_candidate"  # 优秀候选
    QUALIFIED = "qualified"  # 合格
    BASICALLY_QUALIFIED_REVIEW = "basically_qualified_review"  # 基本合格，待评议
    UNQUALIFIED_REVIEW = "unqualified_review"  # 不合格，待评议


class SatisfactionSource(StrEnum):
    MEMBER = "member"  # ratings of the member's own service
    BRANCH = "branch"  # the branch's index (too few ratings of the member)
    FALLBACK = "fallback"  # the rule set's default (too few ratings of the branch too)


@dataclass(frozen=True, slots=True)
class Person:
    """A person as they stood on the card's day: their branch, stage (None: not on a roll yet) and status
    then, the day they joined the Party (probationary_on) and the day they left the active roll, if they had."""

    member_id: uuid.UUID
    name: str
    branch_id: uuid.UUID
    stage: str | None
    status: str
    probationary_on: date | None = None
    left_on: date | None = None

    @property
    def is_party_member(self) -> bool:
        return self.stage in PARTY_STAGES


@dataclass(frozen=True, slots=True)
class Discipline:
    record_id: uuid.UUID
    level: str
    decided_on: date
    criminal_conviction: bool = False


@dataclass(frozen=True, slots=True)
class ScoreInputs:
    """What one card needs: the person, the year's facts as at ``as_of`` (a day of ``year``), the rules."""

    person: Person
    rules: RuleSet
    year: int
    as_of: date
    ledger: Mapping[str, Decimal] = field(default_factory=dict)
    """Net delta (entries and reversals) per ledger category."""
    dues_paid: frozenset[str] = frozenset()
    """Months paid for, 'YYYY-MM'."""
    learning_hours: Decimal = ZERO
    member_ratings: AnswerCounts = field(default_factory=dict)
    branch_ratings: AnswerCounts = field(default_factory=dict)
    discipline: tuple[Discipline, ...] = ()


@dataclass(frozen=True, slots=True)
class UnpaidDues:
    due: tuple[str, ...]
    months: tuple[str, ...]
    points: Decimal


@dataclass(frozen=True, slots=True)
class LearningShortfall:
    hours: Decimal
    required: Decimal
    shortfall: Decimal
    points: Decimal


@dataclass(frozen=True, slots=True)
class Deductions:
    attendance: Decimal
    unpaid_dues: UnpaidDues
    learning: LearningShortfall

    @property
    def total(self) -> Decimal:
        return self.attendance + self.unpaid_dues.points + self.learning.points


@dataclass(frozen=True, slots=True)
class ServiceCategory:
    category: str
    raw: Decimal
    cap: Decimal

    @property
    def counted(self) -> Decimal:
        return min(max(self.raw, ZERO), self.cap)


@dataclass(frozen=True, slots=True)
class ServicePoints:
    categories: tuple[ServiceCategory, ...]
    cap: Decimal

    @property
    def raw_total(self) -> Decimal:
        return sum((c.raw for c in self.categories), ZERO)

    @property
    def counted(self) -> Decimal:
        return min(sum((c.counted for c in self.categories), ZERO), self.cap)


@dataclass(frozen=True, slots=True)
class SatisfactionPoints:
    index: Decimal
    source: SatisfactionSource
    sample: int
    points: Decimal


@dataclass(frozen=True, slots=True)
class HonourPoints:
    raw: Decimal
    cap: Decimal

    @property
    def counted(self) -> Decimal:
        return min(max(self.raw, ZERO), self.cap)


@dataclass(frozen=True, slots=True)
class Veto:
    reasons: tuple[str, ...]

    @property
    def vetoed(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True, slots=True)
class AppraisalDecision:
    """The grade the branch's appraisal meeting decided (民主评议结果): the year's record, beside the band."""

    grade: str
    held_on: date
    activity_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class ScoreCard:
    """A member's year as at ``as_of``, part by part; ``rank`` is set among the Party members (full and
    probationary) on the branch's roll on ``as_of``; applicants, activists and candidates get none."""

    person: Person
    year: int
    as_of: date
    rule_set_version: str
    base: Decimal
    deductions: Deductions
    service: ServicePoints
    satisfaction: SatisfactionPoints
    honours: HonourPoints
    veto: Veto
    total: Decimal
    band: Band | None
    alert: bool
    rank: int | None = None
    rank_of: int = 0
    appraisal: AppraisalDecision | None = None

    @property
    def member_id(self) -> uuid.UUID:
        return self.person.member_id

    @property
    def base_counted(self) -> Decimal:
        """The base after deductions, never below 0 nor above the base."""
        return min(max(self.base - self.deductions.total, ZERO), self.base)
