"""Compliance (三会一课 完成情况): rules per organisation, figures and gaps per branch."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from activity.domain.compliance import MAXIMUM_REQUIRED, Compliance, GroupTally, Item, PeriodKind, Rule
from bastion_contracts.vocabulary import ActivityKind


class RulePublic(BaseModel):
    kind: ActivityKind
    label_zh: str
    period: PeriodKind
    required: int = Field(description="How many each period (per group if per_group).")
    per_group: bool
    configured: bool = Field(description="False: the default of the Party regulations.")

    @classmethod
    def of(cls, rule: Rule) -> RulePublic:
        return cls(
            kind=rule.kind,
            label_zh=rule.kind.label_zh,
            period=rule.period,
            required=rule.required,
            per_group=rule.per_group,
            configured=rule.configured,
        )


class RuleSet(BaseModel):
    organisation_id: uuid.UUID
    rules: list[RulePublic]


class RulePut(BaseModel):
    """How often the organisation's branches hold one kind."""

    model_config = ConfigDict(extra="forbid")
    period: PeriodKind
    required: int = Field(
        ge=0,
        description="How many each period (0: not required), at most 100.",
        json_schema_extra={"maximum": MAXIMUM_REQUIRED},  # checked by the domain: required_range
    )


class RuleChanged(RulePublic):
    organisation_id: uuid.UUID
    event_ids: list[uuid.UUID] = Field(description="Always empty: a rule is configuration, not an event.")


class GroupFigures(BaseModel):
    group_id: uuid.UUID
    name: str
    required: int
    held: int
    missing: int

    @classmethod
    def of(cls, figures: GroupTally) -> GroupFigures:
        tally = figures.tally
        return cls(
            group_id=figures.group.id,
            name=figures.group.name,
            required=tally.required,
            held=tally.held,
            missing=tally.missing,
        )


def _groups(item: Item) -> list[GroupFigures] | None:
    return [GroupFigures.of(g) for g in item.groups] if item.groups is not None else None


class ComplianceItem(BaseModel):
    kind: ActivityKind
    label_zh: str
    rule: RulePublic
    period: PeriodKind = Field(description="What the figures are reckoned over: a longer rule period keeps its own.")
    window: str = Field(description="That period, e.g. 2026 for a yearly rule in a quarter's view.")
    required: int
    held: int
    missing: int
    complete: bool
    in_totals: bool = Field(description="False when reckoned over a longer period than the one asked about.")
    groups: list[GroupFigures] | None = Field(description="Per party group, for per-group rules.")

    @classmethod
    def of(cls, item: Item) -> ComplianceItem:
        return cls(
            kind=item.rule.kind,
            label_zh=item.rule.kind.label_zh,
            rule=RulePublic.of(item.rule),
            period=item.window.kind,
            window=item.window.label,
            required=item.required,
            held=item.held,
            missing=item.missing,
            complete=item.complete,
            in_totals=item.in_totals,
            groups=_groups(item),
        )


class CompliancePublic(BaseModel):
    """Required against held, per kind, for a branch in a period."""

    branch_id: uuid.UUID
    organisation_id: uuid.UUID = Field(description="Whose rules apply.")
    period: str = Field(examples=["2026-Q3"])
    period_kind: PeriodKind
    starts_on: date
    ends_on: date = Field(description="Last day of the period.")
    as_of: date = Field(description="Today, in the organisation's time zone.")
    in_progress: bool = Field(description="The period has not ended: only the rule periods begun so far count.")
    items: list[ComplianceItem]
    required: int = Field(description="Totals over the items reckoned over this period.")
    held: int
    missing: int
    complete: bool

    @classmethod
    def of(cls, branch_id: uuid.UUID, organisation_id: uuid.UUID, compliance: Compliance) -> CompliancePublic:
        period = compliance.period
        return cls(
            branch_id=branch_id,
            organisation_id=organisation_id,
            period=period.label,
            period_kind=period.kind,
            starts_on=period.first_day,
            ends_on=period.end - timedelta(days=1),
            as_of=compliance.as_of,
            in_progress=compliance.in_progress,
            items=[ComplianceItem.of(item) for item in compliance.items],
            required=compliance.required,
            held=compliance.held,
            missing=compliance.missing,
            complete=compliance.complete,
        )


class Gap(BaseModel):
    kind: ActivityKind
    label_zh: str
    period: str = Field(examples=["2026-07", "2026-Q3"])
    period_kind: PeriodKind
    required: int
    held: int
    missing: int
    groups: list[GroupFigures] | None = Field(description="For group meetings: the groups missing some.")

    @classmethod
    def of(cls, item: Item) -> Gap:
        return cls(
            kind=item.rule.kind,
            label_zh=item.rule.kind.label_zh,
            period=item.window.label,
            period_kind=item.window.kind,
            required=item.required,
            held=item.held,
            missing=item.missing,
            groups=_groups(item),
        )


class Gaps(BaseModel):
    """What is still missing this month and this quarter."""

    branch_id: uuid.UUID
    as_of: date
    month: str
    quarter: str
    gaps: list[Gap]
