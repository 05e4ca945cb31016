"""Use cases of compliance (三会一课 完成情况): rules per organisation, figures and gaps per branch."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from activity.adapters import compliance_queries, roster_facts
from activity.domain.compliance import (
    Compliance,
    Period,
    PeriodKind,
    Rule,
    configured_rule,
    evaluate,
    merged_rules,
    require_started,
)
from activity.service_layer.context import Context
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from bastion.errors import NotFoundError, RuleViolationError
from bastion.handlers import Done
from bastion_contracts.vocabulary import ActivityKind, OrgUnitKind


@dataclass(frozen=True, slots=True)
class BranchCompliance:
    branch_id: uuid.UUID
    organisation_id: uuid.UUID
    compliance: Compliance


async def _unit_at(uow: ActivityUnitOfWork, unit_id: uuid.UUID) -> Any:
    row = await roster_facts.unit(uow.session, unit_id)
    if row is None:
        raise NotFoundError(f"没有这个组织（{unit_id}），或 roster 的消息还没有到达", code="org_unit_not_found")
    return row


async def _branch_at(uow: ActivityUnitOfWork, branch_id: uuid.UUID) -> Any:
    row = await _unit_at(uow, branch_id)
    if row.kind != OrgUnitKind.BRANCH.value:
        kind = OrgUnitKind(row.kind).label_zh
        raise RuleViolationError(f"「{row.name}」是{kind}；完成情况按党支部计算", code="wrong_org_unit_kind")
    return row


def _organisation_of(unit: Any) -> uuid.UUID:
    """The top party committee above a unit (the first of its ancestors), or the unit itself."""
    ancestors: list[uuid.UUID] = list(unit.ancestor_ids)
    return ancestors[0] if ancestors else unit.org_unit_id


async def _organisation_at(uow: ActivityUnitOfWork, organisation_id: uuid.UUID) -> None:
    unit = await _unit_at(uow, organisation_id)
    top = _organisation_of(unit)
    if top != organisation_id:
        raise RuleViolationError(
            f"「{unit.name}」不是最上级的组织；频次要求按其上级党委（{top}）配置", code="not_top_organisation"
        )


async def _rules(uow: ActivityUnitOfWork, organisation_id: uuid.UUID) -> list[Rule]:
    return merged_rules(await uow.service_work.rules_of(organisation_id))


async def organisation_rules(organisation_id: uuid.UUID, context: Context) -> list[Rule]:
    """The organisation's rules: the defaults of domain.md §2, each replaced by its own if configured."""
    async with context.uow as uow:
        await _organisation_at(uow, organisation_id)
        return await _rules(uow, organisation_id)


async def set_rule(
    organisation_id: uuid.UUID, kind: ActivityKind, period: PeriodKind, required: int, context: Context
) -> Done[Rule]:
    """Configure how often the organisation's branches hold one kind (no event: a setting, not a fact)."""
    async with context.uow as uow:
        await _organisation_at(uow, organisation_id)
        rule = configured_rule(kind, period, required)
        await uow.service_work.set_rule(organisation_id, rule)
        await uow.commit()
        return Done(rule, uow.event_ids)


async def _evaluate(uow: ActivityUnitOfWork, branch: Any, periods: list[Period], context: Context) -> list[Compliance]:
    organisation_id = _organisation_of(branch)
    rules = await _rules(uow, organisation_id)
    groups = await compliance_queries.active_groups(uow.session, branch.org_unit_id)
    years = [period.enclosing(PeriodKind.YEAR) for period in periods]
    held = await compliance_queries.held_activities(
        uow.session,
        branch.org_unit_id,
        [rule.kind for rule in rules],
        min(year.first_day for year in years),
        max(year.end for year in years),
        context.settings.timezone,
    )
    return [evaluate(rules, period, context.today, branch.org_unit_id, groups, held) for period in periods]


async def branch_compliance(branch_id: uuid.UUID, period: Period, context: Context) -> BranchCompliance:
    """Required, held and missing per kind for a branch in a period that has started."""
    async with context.uow as uow:
        branch = await _branch_at(uow, branch_id)
        require_started(period, context.today)
        [compliance] = await _evaluate(uow, branch, [period], context)
        return BranchCompliance(branch_id, _organisation_of(branch), compliance)


async def branch_gaps(branch_id: uuid.UUID, context: Context) -> list[BranchCompliance]:
    """This month's and this quarter's figures (in the organisation's time zone), to find what is missing."""
    periods = [Period.containing(kind, context.today) for kind in (PeriodKind.MONTH, PeriodKind.QUARTER)]
    async with context.uow as uow:
        branch = await _branch_at(uow, branch_id)
        found = await _evaluate(uow, branch, periods, context)
        return [BranchCompliance(branch_id, _organisation_of(branch), compliance) for compliance in found]
