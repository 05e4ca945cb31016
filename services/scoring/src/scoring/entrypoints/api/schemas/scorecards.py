"""Score cards (党员年度积分卡) as the API shows them: points as JSON numbers with two decimals."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import BaseModel, Field, PlainSerializer

from bastion_contracts.vocabulary import AppraisalGrade
from scoring.scorecards.card import (
    AppraisalDecision,
    Band,
    Deductions,
    SatisfactionPoints,
    SatisfactionSource,
    ScoreCard,
    ServicePoints,
)
from scoring.scorecards.queries import LedgerRow


def _two_places(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


Points = Annotated[Decimal, PlainSerializer(_two_places, return_type=float, when_used="json")]

INCLUDES_REQUESTED = Field(
    description="False when the events named in `after` were not all applied within the wait bound."
)


class UnpaidDuesPublic(BaseModel):
    months: list[str] = Field(description="Months (YYYY-MM) that ended without a payment (欠缴党费的月份).")
    points: Points


class LearningPublic(BaseModel):
    hours: Points = Field(description="Learning hours recorded in the year up to as_of (学时).")
    required: Points = Field(description="Hours required by as_of: the year's hours prorated by months begun.")
    shortfall: Points
    points: Points


class DeductionsPublic(BaseModel):
    attendance: Points = Field(description="Unexcused absences (and lateness, if the rules count it).")
    unpaid_dues: UnpaidDuesPublic
    learning: LearningPublic
    total: Points

    @classmethod
    def of(cls, d: Deductions) -> DeductionsPublic:
        learning = d.learning
        return cls(
            attendance=d.attendance,
            unpaid_dues=UnpaidDuesPublic(months=list(d.unpaid_dues.months), points=d.unpaid_dues.points),
            learning=LearningPublic(
                hours=learning.hours, required=learning.required, shortfall=learning.shortfall, points=learning.points
            ),
            total=d.total,
        )


class ServiceCategoryPublic(BaseModel):
    category: str = Field(description="The ledger category, e.g. service.mobile_service_post.")
    raw: Points
    cap: Points
    counted: Points


class ServicePublic(BaseModel):
    categories: list[ServiceCategoryPublic]
    raw_total: Points
    cap: Points
    counted: Points

    @classmethod
    def of(cls, s: ServicePoints) -> ServicePublic:
        categories = [
            ServiceCategoryPublic(category=c.category, raw=c.raw, cap=c.cap, counted=c.counted) for c in s.categories
        ]
        return cls(categories=categories, raw_total=s.raw_total, cap=s.cap, counted=s.counted)


class SatisfactionPublic(BaseModel):
    index: Points = Field(description="Satisfaction index (满意度指数), 0–100.")
    source: SatisfactionSource = Field(description="member (n ≥ 5), branch (n ≥ 10) or fallback.")
    sample: int = Field(description="Ratings behind the index (0 for the fallback).")
    points: Points

    @classmethod
    def of(cls, s: SatisfactionPoints) -> SatisfactionPublic:
        return cls(index=s.index, source=s.source, sample=s.sample, points=s.points)


class CappedPublic(BaseModel):
    raw: Points
    cap: Points
    counted: Points


class VetoPublic(BaseModel):
    vetoed: bool
    reasons: list[str] = Field(description="discipline.<level>, criminal_conviction or lapsed (一票否决).")


class AppraisalPublic(BaseModel):
    """The grade the branch's appraisal meeting decided (民主评议结果): what the year's record shows."""

    grade: AppraisalGrade
    grade_label: str = Field(description="优秀, 合格, 基本合格 or 不合格.")
    held_on: date = Field(description="The meeting's date.")
    activity_id: uuid.UUID = Field(description="The member appraisal (民主评议党员) that decided it.")

    @classmethod
    def of(cls, decision: AppraisalDecision | None) -> AppraisalPublic | None:
        if decision is None:
            return None
        grade = AppraisalGrade(decision.grade)
        return cls(grade=grade, grade_label=grade.label_zh, held_on=decision.held_on, activity_id=decision.activity_id)


class ScoreCardPublic(BaseModel):
    """A member's year: ``total = clamp(base − deductions, 0, base) + service + satisfaction + honours``,
    0 when vetoed."""

    member_id: uuid.UUID
    name: str
    branch_id: uuid.UUID
    year: int
    as_of: date
    rule_set_version: str
    stage: str | None = Field(description="The stage reached by as_of; none if not on a branch's roll yet then.")
    status: str = Field(description="The status on as_of.")
    base: Points
    base_counted: Points = Field(description="The base after deductions, between 0 and the base.")
    deductions: DeductionsPublic
    service: ServicePublic
    satisfaction: SatisfactionPublic
    honours: CappedPublic
    veto: VetoPublic
    total: Points
    band: Band | None = Field(
        description="Suggested appraisal band (≥ 90 excellent candidate, 60–89 qualified, 50–59 basically qualified "
        "to review, < 50 or vetoed unqualified to review); none for anyone but full members."
    )
    appraisal: AppraisalPublic | None = Field(
        default=None,
        description="The grade the branch decided at the year's latest member appraisal up to as_of (民主评议结果), "
        "beside the suggested band; None until one is recorded.",
    )
    alert: bool = Field(description="An activist or probationary member under the alert line (75).")
    rank: int | None = Field(
        description="Among the Party members (full and probationary) on the branch's roll on as_of, 1 = highest; "
        "ties share a rank; none for applicants, activists and candidates, and for anyone not on the roll then."
    )
    rank_of: int = Field(description="How many Party members the rank is among.")
    includes_requested_events: bool = INCLUDES_REQUESTED

    @classmethod
    def of(cls, card: ScoreCard, included: bool) -> ScoreCardPublic:
        p, h = card.person, card.honours
        return cls(
            member_id=p.member_id,
            name=p.name,
            branch_id=p.branch_id,
            year=card.year,
            as_of=card.as_of,
            rule_set_version=card.rule_set_version,
            stage=p.stage,
            status=p.status,
            base=card.base,
            base_counted=card.base_counted,
            deductions=DeductionsPublic.of(card.deductions),
            service=ServicePublic.of(card.service),
            satisfaction=SatisfactionPublic.of(card.satisfaction),
            honours=CappedPublic(raw=h.raw, cap=h.cap, counted=h.counted),
            veto=VetoPublic(vetoed=card.veto.vetoed, reasons=list(card.veto.reasons)),
            total=card.total,
            band=card.band,
            appraisal=AppraisalPublic.of(card.appraisal),
            alert=card.alert,
            rank=card.rank,
            rank_of=card.rank_of,
            includes_requested_events=included,
        )


class LedgerEntryPublic(BaseModel):
    """One ledger row: an entry, or the reversal of an entry whose event was superseded (更正)."""

    entry_id: uuid.UUID
    kind: str = Field(description="entry | reversal")
    category: str
    rule: str = Field(
        description="The rule's code in the rule set, e.g. member.deductions.unexcused_absence.theme_day."
    )
    delta: Points
    note: str
    occurred_at: datetime
    source_event_id: uuid.UUID
    source_event_type: str
    rule_set_version: str
    reverses: uuid.UUID | None

    @classmethod
    def of(cls, row: LedgerRow) -> LedgerEntryPublic:
        return cls(
            entry_id=row.entry_id,
            kind=row.kind,
            category=row.category,
            rule=row.rule,
            delta=row.delta,
            note=row.note,
            occurred_at=row.occurred_at,
            source_event_id=row.source_event_id,
            source_event_type=row.source_event_type,
            rule_set_version=row.rule_set_version,
            reverses=row.reverses,
        )


class LedgerPage(BaseModel):
    member_id: uuid.UUID
    year: int
    items: list[LedgerEntryPublic]
    total: int
    page: int
    page_size: int
    includes_requested_events: bool = INCLUDES_REQUESTED


class RankedPerson(BaseModel):
    member_id: uuid.UUID
    name: str
    stage: str | None
    total: Points
    band: Band | None
    alert: bool
    rank: int | None

    @classmethod
    def of(cls, card: ScoreCard) -> RankedPerson:
        p = card.person
        return cls(
            member_id=p.member_id,
            name=p.name,
            stage=p.stage,
            total=card.total,
            band=card.band,
            alert=card.alert,
            rank=card.rank,
        )


class BranchRanking(BaseModel):
    """The branch's roll on as_of: its Party members ranked, and those on the way listed apart."""

    branch_id: uuid.UUID
    year: int
    as_of: date
    rule_set_version: str
    people: list[RankedPerson] = Field(
        description="The Party members (full and probationary) on the branch's roll on as_of, by rank (党员积分排名)."
    )
    pipeline: list[RankedPerson] = Field(
        description="Applicants, activists and candidates on the roll on as_of (入党申请人、积极分子、发展对象), by "
        "total: their totals and alerts, no rank and no band (they are not ranked among the members)."
    )
    includes_requested_events: bool = INCLUDES_REQUESTED

    @classmethod
    def of(
        cls, branch_id: uuid.UUID, cards: list[ScoreCard], version: str, as_of: date, included: bool
    ) -> BranchRanking:
        return cls(
            branch_id=branch_id,
            year=as_of.year,
            as_of=as_of,
            rule_set_version=version,
            people=[RankedPerson.of(c) for c in cards if c.rank is not None],
            pipeline=[RankedPerson.of(c) for c in cards if c.rank is None],
            includes_requested_events=included,
        )
