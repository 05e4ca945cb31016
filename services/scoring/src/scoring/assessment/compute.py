"""The branch assessment from its inputs and the year's rule set (pure: no I/O).

Period: 1 January to ``as_of``. An indicator scores ``points × min(1, value / target)`` unless the
rule says otherwise; a target that accrues counts the months or quarters begun by ``as_of`` (on
28 November: 11 months, 4 quarters). Total = the six dimensions + bonus (capped) − deductions, not
below 0; stars by thresholds, capped by a low satisfaction index when its sample is sufficient.
"""

from __future__ import annotations

from scoring.assessment import Adjustment, AssessmentInputs, BranchAssessment, Dimension, Satisfaction
from scoring.assessment.bonus import bonus_of
from scoring.assessment.measures import (
    COMPLIANCE_KINDS,
    held,
    quarter_of,
    rounded,
    satisfaction_index,
    star_cap,
    stars_for,
    structure,
)
from scoring.assessment.team import backbone, leadership
from scoring.assessment.work import (
    carrier,
    five_services,
    group_meetings_required,
    institutions,
    results,
    suggestion_figures,
    venue,
)
from scoring.rules.model import BranchRules, RuleSet


def compliance(inputs: AssessmentInputs, months: int, quarters: int) -> dict[str, tuple[float, int]]:
    """三会一课 and theme days: (required so far, held) per kind; group meetings over all the groups."""
    required = {"branch_assembly": quarters, "committee_meeting": months, "party_lesson": quarters}
    required |= {"group_meeting": group_meetings_required(inputs), "theme_day": months}
    return {kind: (required[kind], len(held(inputs, kind))) for kind in COMPLIANCE_KINDS}


def deductions_of(inputs: AssessmentInputs, rules: BranchRules) -> Adjustment:
    """So much per disciplinary case of a member of the branch decided in the period."""
    cases = [
        {"record_id": d.record_id, "member_id": d.member_id, "level": d.level, "decided_on": d.day}
        for d in inputs.discipline
    ]
    per_case = rules.deduction_per_discipline_case
    return Adjustment(rounded(per_case * len(cases)), {"cases": cases}, {"per_case": per_case})


def dimensions_of(inputs: AssessmentInputs, rules: RuleSet, si: Satisfaction) -> tuple[Dimension, ...]:
    b, months, quarters = rules.branch, inputs.as_of.month, quarter_of(inputs.as_of)
    return (
        leadership(inputs, b, months),
        backbone(inputs, b),
        venue(inputs, b, months),
        carrier(inputs, b),
        institutions(inputs, b, months, quarters),
        results(inputs, rules, si),
    )


def assess(inputs: AssessmentInputs, rules: RuleSet) -> BranchAssessment:
    """The six dimensions, bonus, deductions, total and stars of the period 1 January – ``as_of``."""
    b, si = rules.branch, satisfaction_index(inputs.ratings, rules.satisfaction)
    dimensions = dimensions_of(inputs, rules, si)
    bonus, deductions = bonus_of(inputs, b), deductions_of(inputs, b)
    total = rounded(max(0.0, sum(d.score for d in dimensions) + bonus.amount - deductions.amount))
    before, cap = stars_for(total, b.stars), star_cap(si, b.satisfaction_caps)
    return BranchAssessment(
        branch_id=inputs.branch_id,
        name=inputs.name,
        year=inputs.year,
        as_of=inputs.as_of,
        rule_set_version=rules.version,
        dimensions=dimensions,
        compliance=compliance(inputs, inputs.as_of.month, quarter_of(inputs.as_of)),
        five_services=five_services(inputs),
        satisfaction=si,
        suggestions=suggestion_figures(inputs)[0],
        structure=structure(inputs.members, inputs.as_of),
        bonus=bonus,
        deductions=deductions,
        total=total,
        stars=min(before, cap[0]) if cap else before,
        stars_before_cap=before,
        cap_applied=cap[1] if cap else None,
    )
