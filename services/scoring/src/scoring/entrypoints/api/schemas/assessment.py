"""Branch assessments (党支部六有考评与星级) as the API shows them; points as numbers with two decimals."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from scoring.assessment import Adjustment, BranchAssessment, Dimension, Indicator, Satisfaction

INCLUDED = Field(description="False when the events named in `after` were not all applied within the wait bound.")


class AssessmentIndicator(BaseModel):
    code: str
    label_zh: str
    value: float | None = Field(description="What was counted (a count, a share's numerator, an average, an index).")
    target: float = Field(description="What earns all the points (a count so far, a share's base, a level).")
    points: float = Field(description="The most the indicator can give.")
    score: float

    @classmethod
    def of(cls, i: Indicator) -> AssessmentIndicator:
        return cls(code=i.code, label_zh=i.label_zh, value=i.value, target=i.target, points=i.points, score=i.score)


class AssessmentDimension(BaseModel):
    dimension: str = Field(description="One of the 六有: leadership_team, backbone_team, service_venue, …")
    label_zh: str
    points: float
    score: float
    indicators: list[AssessmentIndicator]

    @classmethod
    def of(cls, d: Dimension) -> AssessmentDimension:
        indicators = [AssessmentIndicator.of(i) for i in d.indicators]
        return cls(dimension=d.dimension, label_zh=d.label_zh, points=d.points, score=d.score, indicators=indicators)


class RequiredHeld(BaseModel):
    required: float = Field(description="Required so far (months or quarters begun; group meetings per group).")
    held: int


class FiveServicesPublic(BaseModel):
    tags: list[str] = Field(description="五个服务 tags of the held activities.")
    distinct: int


class GroupSatisfactionPublic(BaseModel):
    group: str = Field(description="department (科室), worker (职工) or member (党员).")
    count: int
    mean: float


class AssessmentSatisfaction(BaseModel):
    index: float | None = Field(description="Satisfaction index (满意度指数) 0–100; null without ratings.")
    count: int
    sufficient: bool = Field(description="Enough ratings (10 by default) for the index to cap the stars.")
    by_group: list[GroupSatisfactionPublic]

    @classmethod
    def of(cls, s: Satisfaction) -> AssessmentSatisfaction:
        groups = [GroupSatisfactionPublic(group=g.group, count=g.count, mean=g.mean) for g in s.by_group]
        return cls(index=s.index, count=s.count, sufficient=s.sufficient, by_group=groups)


class SuggestionFigures(BaseModel):
    decided_or_overdue: int = Field(description="Submitted in the period and decided, or past their deadline.")
    in_time: int = Field(description="Decided on or before their deadline.")
    adopted: int = Field(description="Adopted or partially adopted (采纳、部分采纳).")


class StructurePublic(BaseModel):
    party_members: int
    full: int
    probationary: int
    born_1970s_1980s_share: float = Field(description="Share (0–1) born 1970–1989.")
    bachelor_or_above_share: float = Field(description="Share (0–1) with a bachelor's degree or more.")
    average_age: float | None


class _Heading(BaseModel):
    branch_id: uuid.UUID
    name: str
    year: int
    as_of: date = Field(description="The period is 1 January to this day, inclusive.")
    rule_set_version: str


class _Outcome(BaseModel):
    bonus: float = Field(
        description="Bonus points (capped): the branch's honours and the committee's recognitions (创新成果, 经验推广)."
    )
    deductions: float = Field(description="Points off for the members' disciplinary cases.")
    total: float
    stars: int
    stars_before_cap: int
    cap_applied: str | None = Field(description="Why the satisfaction index capped the stars, if it did.")


class AssessmentPublic(_Heading, _Outcome):
    dimensions: list[AssessmentDimension]
    compliance: dict[str, RequiredHeld] = Field(description="三会一课 and theme days: required so far, held.")
    five_services: FiveServicesPublic
    satisfaction: AssessmentSatisfaction
    suggestions: SuggestionFigures
    structure: StructurePublic
    includes_requested_events: bool = INCLUDED

    @classmethod
    def of(cls, a: BranchAssessment, included: bool) -> AssessmentPublic:
        return cls(
            **_heading(a),
            **_outcome(a),
            dimensions=[AssessmentDimension.of(d) for d in a.dimensions],
            compliance={kind: RequiredHeld(required=r, held=h) for kind, (r, h) in a.compliance.items()},
            five_services=FiveServicesPublic(tags=list(a.five_services), distinct=len(a.five_services)),
            satisfaction=AssessmentSatisfaction.of(a.satisfaction),
            suggestions=SuggestionFigures(**a.suggestions),
            structure=StructurePublic(**asdict(a.structure)),
            includes_requested_events=included,
        )


class ExplainedIndicator(AssessmentIndicator):
    dimension: str
    rule: dict[str, Any] = Field(description="The rule numbers used.")
    facts: dict[str, Any] = Field(description="What was counted: activities, months, pairs, ratings, people.")
    note: str

    @classmethod
    def explained(cls, dimension: str, i: Indicator) -> ExplainedIndicator:
        base = AssessmentIndicator.of(i).model_dump()
        return cls(**base, dimension=dimension, rule=dict(i.rule), facts=dict(i.facts), note=i.note)


class ExplainedAdjustment(BaseModel):
    amount: float
    rule: dict[str, Any]
    facts: dict[str, Any]
    note: str
    lines: list[str] = Field(description="One sentence per record, newest first, e.g. `4月20日 创新成果「…」 +3`.")

    @classmethod
    def of(cls, a: Adjustment) -> ExplainedAdjustment:
        return cls(amount=a.amount, rule=dict(a.rule), facts=dict(a.facts), note=a.note, lines=list(a.lines))


class AssessmentExplained(_Heading):
    indicators: list[ExplainedIndicator]
    bonus: ExplainedAdjustment
    deductions: ExplainedAdjustment
    total: float
    stars: int
    stars_before_cap: int
    cap_applied: str | None
    star_thresholds: dict[str, Any] = Field(description="The stars' thresholds and the satisfaction caps.")
    includes_requested_events: bool = INCLUDED

    @classmethod
    def of(cls, a: BranchAssessment, thresholds: dict[str, Any], included: bool) -> AssessmentExplained:
        return cls(
            **_heading(a),
            indicators=[ExplainedIndicator.explained(d.dimension, i) for d in a.dimensions for i in d.indicators],
            bonus=ExplainedAdjustment.of(a.bonus),
            deductions=ExplainedAdjustment.of(a.deductions),
            total=a.total,
            stars=a.stars,
            stars_before_cap=a.stars_before_cap,
            cap_applied=a.cap_applied,
            star_thresholds=thresholds,
            includes_requested_events=included,
        )


class RankedBranch(_Outcome):
    branch_id: uuid.UUID
    name: str

    @classmethod
    def of(cls, a: BranchAssessment) -> RankedBranch:
        return cls(branch_id=a.branch_id, name=a.name, **_outcome(a))


class UnitAssessments(BaseModel):
    unit_id: uuid.UUID
    year: int
    as_of: date
    rule_set_version: str
    branches: list[RankedBranch] = Field(description="The branches at or below the unit, highest total first.")
    includes_requested_events: bool = INCLUDED


def _heading(a: BranchAssessment) -> dict[str, Any]:
    return {
        "branch_id": a.branch_id,
        "name": a.name,
        "year": a.year,
        "as_of": a.as_of,
        "rule_set_version": a.rule_set_version,
    }


def _outcome(a: BranchAssessment) -> dict[str, Any]:
    return {
        "bonus": a.bonus.amount,
        "deductions": a.deductions.amount,
        "total": a.total,
        "stars": a.stars,
        "stars_before_cap": a.stars_before_cap,
        "cap_applied": a.cap_applied,
    }
