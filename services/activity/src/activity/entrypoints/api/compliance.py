"""Compliance (三会一课 完成情况): how often branches must meet, and whether they did."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from activity.domain.compliance import PERIOD_PATTERN, RULE_KINDS, Period, PeriodKind, gaps
from activity.entrypoints.api.access import ADMIN, MEMBER, SECRETARY, SERVICE
from activity.entrypoints.api.dependencies import ContextDep
from activity.entrypoints.api.schemas.compliance import (
    CompliancePublic,
    Gap,
    Gaps,
    RuleChanged,
    RulePublic,
    RulePut,
    RuleSet,
)
from activity.service_layer import compliance
from bastion.auth import Principal
from bastion.http.auth import allow
from bastion.http.policies import AdminOnly
from bastion_contracts.vocabulary import ActivityKind

router = APIRouter(tags=["compliance"])

RuleReader = Annotated[
    Principal,
    Depends(allow(ADMIN, SECRETARY, SERVICE, scope="secretary: any organisation (rules are org-wide); service: read")),
]
# A branch's 三会一课 figures are counts without personal data: public branch figures, for every role.
FigureReader = Annotated[
    Principal,
    Depends(allow(ADMIN, SECRETARY, MEMBER, SERVICE, scope="public branch figures: any branch; service: read")),
]

_404: dict[int | str, dict[str, Any]] = {404: {"description": "No such org unit"}}
# Only the 三会一课 kinds have a rule; the domain refuses the others (not_a_compliance_kind).
RuleKind = Annotated[ActivityKind, Path(json_schema_extra={"enum": [kind.value for kind in RULE_KINDS]})]
PeriodText = Annotated[
    str | None,
    Query(
        max_length=10,
        description="2026-07 (a month), 2026-Q3 (a quarter) or 2026 (a year); default this quarter.",
        json_schema_extra={"pattern": PERIOD_PATTERN},  # checked by Period.parse (invalid_period)
    ),
]


@router.get("/organisations/{organisation_id}/compliance-rules", responses=_404)
async def rules_of(organisation_id: uuid.UUID, principal: RuleReader, context: ContextDep) -> RuleSet:
    """How often the organisation's branches must hold each kind of 三会一课: the defaults of the Party
    regulations (branch assembly and party lesson quarterly; committee meeting, theme day monthly; group
    meeting monthly per group; org-life meeting and member appraisal yearly), each replaced by the
    organisation's own rule if it set one. The organisation is the top party committee."""
    rules = await compliance.organisation_rules(organisation_id, context)
    return RuleSet(organisation_id=organisation_id, rules=[RulePublic.of(rule) for rule in rules])


@router.put("/organisations/{organisation_id}/compliance-rules/{kind}", responses=_404)
async def set_rule(
    organisation_id: uuid.UUID, kind: RuleKind, body: RulePut, principal: AdminOnly, context: ContextDep
) -> RuleChanged:
    """Set how many activities of one 三会一课 kind the organisation's branches hold each month, quarter or
    year (0: not required). Group meetings are counted per party group."""
    done = await compliance.set_rule(organisation_id, kind, body.period, body.required, context)
    return RuleChanged(
        **RulePublic.of(done.value).model_dump(), organisation_id=organisation_id, event_ids=done.event_ids
    )


@router.get("/org-units/{branch_id}/compliance", responses=_404)
async def branch_compliance(
    branch_id: uuid.UUID, principal: FigureReader, context: ContextDep, period: PeriodText = None
) -> CompliancePublic:
    """A branch's 三会一课 in a month, quarter or year that has begun: for each kind, how many were required
    (monthly rules scaled to the period, group meetings per active party group; in a period still running
    only the months or quarters begun so far), how many were held (held, approved or returned; by held time
    in the organisation's time zone) and how many are missing. A rule over a longer period than the one
    asked about (a yearly rule in a quarter) is shown over its own period and left out of the totals."""
    asked = Period.parse(period) if period else Period.containing(PeriodKind.QUARTER, context.today)
    found = await compliance.branch_compliance(branch_id, asked, context)
    return CompliancePublic.of(found.branch_id, found.organisation_id, found.compliance)


@router.get("/org-units/{branch_id}/compliance/gaps", responses=_404)
async def branch_gaps(branch_id: uuid.UUID, principal: FigureReader, context: ContextDep) -> Gaps:
    """What the branch still has to hold this month and this quarter (in the organisation's time zone):
    each kind with something missing, and for group meetings the groups missing some."""
    month, quarter = await compliance.branch_gaps(branch_id, context)
    return Gaps(
        branch_id=branch_id,
        as_of=context.today,
        month=month.compliance.period.label,
        quarter=quarter.compliance.period.label,
        gaps=[Gap.of(item) for found in (month, quarter) for item in gaps(found.compliance)],
    )
