"""A score card explained (积分明细): each part with the ledger entries or facts and the rule numbers used."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from scoring.entrypoints.api.schemas.scorecards import (
    INCLUDES_REQUESTED,
    AppraisalPublic,
    LedgerEntryPublic,
    Points,
    ServiceCategoryPublic,
)
from scoring.rules.model import SatisfactionRules
from scoring.scorecards.card import Band, SatisfactionSource
from scoring.scorecards.compute import satisfaction_index
from scoring.scorecards.service import Explanation

RuleNumbers = dict[str, Any]


class ExplainedEntries(BaseModel):
    points: Points = Field(description="What the part counts (a deduction as a positive number).")
    entries: list[LedgerEntryPublic]
    rules: RuleNumbers


class ExplainedDues(BaseModel):
    points: Points
    joined_on: date | None = Field(description="入党日期: dues are owed from this month.")
    months_due: list[str] = Field(description="Months of the year that have ended since joining.")
    months_paid: list[str]
    months_unpaid: list[str]
    rules: RuleNumbers


class LearningRecordPublic(BaseModel):
    record_id: uuid.UUID
    hours: Points
    learned_on: date


class ExplainedLearning(BaseModel):
    hours: Points
    required: Points
    shortfall: Points
    points: Points
    records: list[LearningRecordPublic]
    rules: RuleNumbers


class ExplainedCategory(ServiceCategoryPublic):
    entries: list[LedgerEntryPublic]


class ExplainedService(BaseModel):
    categories: list[ExplainedCategory]
    raw_total: Points
    cap: Points
    counted: Points
    rules: RuleNumbers


class RatingCount(BaseModel):
    respondent_group: str
    answer: str
    count: int


class ExplainedRatings(BaseModel):
    sample: int
    index: Points | None = Field(description="The index of these ratings, if there are any.")
    ratings: list[RatingCount]

    @classmethod
    def of(cls, counts: Mapping[tuple[str, str], int], rules: SatisfactionRules) -> ExplainedRatings:
        ratings = [RatingCount(respondent_group=g, answer=a, count=n) for (g, a), n in sorted(counts.items())]
        return cls(sample=sum(counts.values()), index=satisfaction_index(counts, rules), ratings=ratings)


class ExplainedSatisfaction(BaseModel):
    index: Points
    source: SatisfactionSource
    sample: int
    points: Points
    member: ExplainedRatings = Field(description="Ratings of the member's own service in the year.")
    branch: ExplainedRatings = Field(description="Every rating of the branch (itself, activities, members).")
    rules: RuleNumbers


class ExplainedHonours(BaseModel):
    raw: Points
    cap: Points
    counted: Points
    entries: list[LedgerEntryPublic]
    rules: RuleNumbers


class DisciplinePublic(BaseModel):
    record_id: uuid.UUID
    level: str
    decided_on: date
    criminal_conviction: bool


class ExplainedVeto(BaseModel):
    vetoed: bool
    reasons: list[str]
    status: str
    discipline: list[DisciplinePublic] = Field(description="Sanctions decided in the year up to as_of.")
    rules: RuleNumbers


class ScoreCardExplained(BaseModel):
    """The card part by part, with what each part rests on."""

    member_id: uuid.UUID
    name: str
    branch_id: uuid.UUID
    year: int
    as_of: date
    rule_set_version: str
    stage: str
    base: Points
    base_counted: Points
    attendance: ExplainedEntries
    unpaid_dues: ExplainedDues
    learning: ExplainedLearning
    service: ExplainedService
    satisfaction: ExplainedSatisfaction
    honours: ExplainedHonours
    veto: ExplainedVeto
    total: Points
    band: Band | None
    appraisal: AppraisalPublic | None = Field(default=None, description="The grade the branch decided (民主评议结果).")
    alert: bool
    rank: int | None
    rank_of: int
    includes_requested_events: bool = INCLUDES_REQUESTED

    @classmethod
    def of(cls, e: Explanation, included: bool) -> ScoreCardExplained:
        card = e.card
        return cls(
            member_id=card.member_id,
            name=card.person.name,
            branch_id=card.person.branch_id,
            year=card.year,
            as_of=card.as_of,
            rule_set_version=card.rule_set_version,
            stage=card.person.stage,
            base=card.base,
            base_counted=card.base_counted,
            attendance=_attendance(e),
            unpaid_dues=_dues(e),
            learning=_learning(e),
            service=_service(e),
            satisfaction=_satisfaction(e),
            honours=_honours(e),
            veto=_veto(e),
            total=card.total,
            band=card.band,
            appraisal=AppraisalPublic.of(card.appraisal),
            alert=card.alert,
            rank=card.rank,
            rank_of=card.rank_of,
            includes_requested_events=included,
        )


def _entries(e: Explanation, category: str) -> list[LedgerEntryPublic]:
    return [LedgerEntryPublic.of(row) for row in e.entries if row.category == category]


def _attendance(e: Explanation) -> ExplainedEntries:
    deductions = e.rules.member.deductions
    rules = {"unexcused_absence": deductions.unexcused_absence.model_dump(), "late": deductions.late.model_dump()}
    return ExplainedEntries(
        points=e.card.deductions.attendance, entries=_entries(e, "deduction.attendance"), rules=rules
    )


def _dues(e: Explanation) -> ExplainedDues:
    dues = e.card.deductions.unpaid_dues
    return ExplainedDues(
        points=dues.points,
        joined_on=e.card.person.probationary_on,
        months_due=list(dues.due),
        months_paid=list(e.dues_paid),
        months_unpaid=list(dues.months),
        rules={"unpaid_dues_month": e.rules.member.deductions.unpaid_dues_month},
    )


def _learning(e: Explanation) -> ExplainedLearning:
    found = e.card.deductions.learning
    records = [LearningRecordPublic(record_id=r.record_id, hours=r.hours, learned_on=r.learned_on) for r in e.learning]
    return ExplainedLearning(
        hours=found.hours,
        required=found.required,
        shortfall=found.shortfall,
        points=found.points,
        records=records,
        rules=e.rules.member.deductions.learning.model_dump(),
    )


def _service(e: Explanation) -> ExplainedService:
    service = e.card.service
    categories = [
        ExplainedCategory(category=c.category, raw=c.raw, cap=c.cap, counted=c.counted, entries=_entries(e, c.category))
        for c in service.categories
    ]
    return ExplainedService(
        categories=categories,
        raw_total=service.raw_total,
        cap=service.cap,
        counted=service.counted,
        rules=e.rules.member.service.model_dump(),
    )


def _satisfaction(e: Explanation) -> ExplainedSatisfaction:
    found, rules = e.card.satisfaction, e.rules
    return ExplainedSatisfaction(
        index=found.index,
        source=found.source,
        sample=found.sample,
        points=found.points,
        member=ExplainedRatings.of(e.member_ratings, rules.satisfaction),
        branch=ExplainedRatings.of(e.branch_ratings, rules.satisfaction),
        rules={"member": rules.member.satisfaction.model_dump(), "index": rules.satisfaction.model_dump()},
    )


def _honours(e: Explanation) -> ExplainedHonours:
    found = e.card.honours
    return ExplainedHonours(
        raw=found.raw,
        cap=found.cap,
        counted=found.counted,
        entries=_entries(e, "honours"),
        rules=e.rules.member.honours.model_dump(),
    )


def _veto(e: Explanation) -> ExplainedVeto:
    records = [
        DisciplinePublic(
            record_id=d.record_id, level=d.level, decided_on=d.decided_on, criminal_conviction=d.criminal_conviction
        )
        for d in e.discipline
    ]
    return ExplainedVeto(
        vetoed=e.card.veto.vetoed,
        reasons=list(e.card.veto.reasons),
        status=e.card.person.status,
        discipline=records,
        rules=e.rules.member.veto.model_dump(),
    )
