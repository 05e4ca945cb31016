"""场所、载体、制度、业绩: the indicators about what the branch did and how it was received (pure).

When nothing was required of the branch (no party groups, no suggestion due) an indicator gets its
points; when the base the branch should have is empty (no members, no served departments, no
meeting held) it gets none.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from scoring.assessment import AssessmentInputs, Dimension, Indicator, Satisfaction
from scoring.assessment.measures import (
    MEETING_KINDS,
    THEMED_SUBTYPES,
    clamp,
    counted,
    dimension,
    held,
    indicator,
    listed,
    quarter_of,
    rounded,
)
from scoring.rules.model import BranchRules, Institutions, RuleSet

# The 三会一课 kinds held on a schedule: (kind, code, label, per month or quarter or year, rule field).
SCHEDULED = (
    ("branch_assembly", "branch_assemblies", "支部党员大会（每季度）", "quarter", "branch_assembly_quarterly"),
    ("party_lesson", "party_lessons", "党课（每季度）", "quarter", "party_lesson_quarterly"),
    ("theme_day", "theme_days", "主题党日（每月）", "month", "theme_day_monthly"),
    ("org_life_meeting", "org_life_meeting", "组织生活会（每年）", "year", "org_life_meeting_yearly"),
    ("member_appraisal", "member_appraisal", "民主评议党员（每年）", "year", "member_appraisal_yearly"),
)


def venue(inputs: AssessmentInputs, rules: BranchRules, months: int) -> Dimension:
    """Months begun with a mobile service post shift held; with a rating or suggestion from the public page."""
    r = rules.service_venue
    shifts = held(inputs, "mobile_service_post_shift")
    shift_months = sorted({a.held_on.month for a in shifts})
    public = sorted(m for m in inputs.public_months if m <= months)
    shift_facts = {"months": shift_months, "activities": listed(shifts)}
    return dimension(
        "service_venue",
        indicator(
            "service_post_months",
            "党员流动服务岗按月值守",
            len(shift_months),
            months,
            r.service_post_months,
            facts=shift_facts,
        ),
        indicator(
            "public_channel_months",
            "公开渠道按月收到评价或建议",
            len(public),
            months,
            r.public_channel_months,
            facts={"months": public},
        ),
    )


def themed_subtypes(inputs: AssessmentInputs, per_subtype: float) -> Indicator:
    """``per_subtype`` points for each of the five subtypes held at least once."""
    themed = held(inputs, "themed_practice")
    subtypes = sorted({a.subtype for a in themed if a.subtype is not None and a.subtype in THEMED_SUBTYPES})
    kinds = len(THEMED_SUBTYPES)
    facts = {"subtypes": subtypes, "activities": listed(themed)}
    rule = {"per_subtype": per_subtype}
    return indicator(
        "themed_practice_subtypes",
        "主题实践活动类型",
        len(subtypes),
        kinds,
        per_subtype * kinds,
        rule=rule,
        facts=facts,
    )


def departments_visited(inputs: AssessmentInputs, points: float) -> Indicator:
    """(served department, quarter begun while it was served) pairs with a door-to-door visit that served it."""
    pairs = []
    for department in inputs.departments:
        for quarter in inputs.quarters_of(department):
            visits = [v for v in inputs.visits if department in v.department_ids and quarter_of(v.served_on) == quarter]
            pairs.append({"department_id": department, "quarter": quarter, "record_ids": [v.record_id for v in visits]})
    visited = sum(1 for pair in pairs if pair["record_ids"])
    note = "" if inputs.departments else "未登记服务科室"
    label = "服务科室按季度上门服务"
    return indicator("departments_visited", label, visited, len(pairs), points, facts={"pairs": pairs}, note=note)


def carrier(inputs: AssessmentInputs, rules: BranchRules) -> Dimension:
    r = rules.service_carrier
    qc = [{"project_id": p.record_id, "closed_on": p.day} for p in inputs.qc_closed]
    relief = r.poverty_relief
    return dimension(
        "service_carrier",
        themed_subtypes(inputs, r.themed_practice_subtype),
        indicator(
            "qc_projects_closed",
            "QC项目结题",
            len(qc),
            r.qc_projects_closed.target,
            r.qc_projects_closed.points,
            facts={"projects": qc},
        ),
        counted(inputs, "poverty_relief", "poverty_relief", "扶贫帮困活动", relief.target, relief.points),
        departments_visited(inputs, r.departments_visited_each_quarter),
    )


def group_meetings_required(inputs: AssessmentInputs) -> int:
    """One a month per party group, for the months in which the group existed (a group set up in December
    adds December only: reorganising changes no past month's target)."""
    return sum(len(inputs.months_of(group)) for group in inputs.groups)


def group_meetings(inputs: AssessmentInputs, points: float) -> Indicator:
    """One a month per party group; one group's extra meeting does not make up for another's missing one."""
    meetings = held(inputs, "group_meeting")
    groups, value = [], 0
    for group, name in inputs.groups.items():
        found, months = [a for a in meetings if a.organiser_id == group], inputs.months_of(group)
        value += min(len(found), len(months))
        groups.append({"group_id": group, "name": name, "months": list(months), "activities": listed(found)})
    note = "" if inputs.groups else "支部没有党小组，不适用"
    target = group_meetings_required(inputs)
    label = "党小组会（每月每组）"
    return indicator("group_meetings", label, value, target, points, empty=1.0, facts={"groups": groups}, note=note)


def approved_in_time(inputs: AssessmentInputs, points: float, days: int) -> Indicator:
    """Held meetings approved within ``days`` of being held; one not approved counts once its days are over."""
    window = timedelta(days=days)
    due = [
        a
        for a in inputs.activities
        if a.kind in MEETING_KINDS and (a.approved_at is not None or a.held_on + window < inputs.as_of)
    ]
    in_time = [a for a in due if a.approved_at is not None and a.approved_at - a.held_start <= window]
    late = [a for a in due if a not in in_time]
    facts = {"in_time": listed(in_time), "late_or_not_approved": listed(late)}
    return indicator(
        "approved_in_time", f"会议{days}日内审核", len(in_time), len(due), points, rule={"days": days}, facts=facts
    )


def scheduled(inputs: AssessmentInputs, r: Institutions, months: int, quarters: int) -> list[Indicator]:
    """Held against one a month, quarter or year (of those begun)."""
    per = {"month": months, "quarter": quarters, "year": 1}
    return [
        counted(inputs, kind, code, label, per[every], float(getattr(r, field)))
        for kind, code, label, every, field in SCHEDULED
    ]


def institutions(inputs: AssessmentInputs, rules: BranchRules, months: int, quarters: int) -> Dimension:
    r = rules.institutions
    assembly, lessons, theme_days, org_life, appraisal = scheduled(inputs, r, months, quarters)
    members = {p.member_id for p in inputs.members}
    talked = sorted(inputs.talked & members)
    return dimension(
        "institutions",
        assembly,
        group_meetings(inputs, r.group_meeting_monthly_per_group),
        lessons,
        theme_days,
        org_life,
        appraisal,
        indicator(
            "heart_to_heart",
            "谈心谈话覆盖党员",
            len(talked),
            len(members),
            r.heart_to_heart_share,
            facts={"member_ids": talked},
        ),
        approved_in_time(inputs, r.approved_within_days.points, r.approved_within_days.days),
    )


def suggestion_figures(inputs: AssessmentInputs) -> tuple[dict[str, int], dict[str, Any]]:
    """Decided by ``as_of`` or overdue by then; of those, decided within the deadline; adopted (fully or partly)."""
    as_of = inputs.as_of
    decided = [s for s in inputs.suggestions if s.decided_on is not None and s.decided_on <= as_of]
    overdue = [s for s in inputs.suggestions if s not in decided and s.decide_due < as_of]
    in_time = [s for s in decided if s.decided_on is not None and s.decided_on <= s.decide_due]
    adopted = [s for s in decided if s.decision in ("adopted", "partially_adopted")]
    figures = {"decided_or_overdue": len(decided) + len(overdue), "in_time": len(in_time), "adopted": len(adopted)}
    late = [s.suggestion_id for s in decided if s not in in_time]
    facts = {"in_time": [s.suggestion_id for s in in_time], "late": late, "overdue": [s.suggestion_id for s in overdue]}
    return figures, facts


def five_services(inputs: AssessmentInputs) -> tuple[str, ...]:
    return tuple(sorted({tag for a in inputs.activities for tag in a.five_services}))


def satisfaction(si: Satisfaction, rules: RuleSet) -> Indicator:
    """``points × clamp((SI − floor) / span, 0, 1)``; no ratings, no points."""
    s, c = rules.branch.service_results.satisfaction, rules.satisfaction
    score = s.points * clamp((si.index - s.floor) / s.span) if si.index is not None else 0.0
    groups = {
        g.group: {"count": g.count, "mean": g.mean, "weight": g.weight, "answers": g.answers} for g in si.by_group
    }
    rule = {"points": s.points, "floor": s.floor, "span": s.span, "weights": c.weights.model_dump()}
    rule |= {"scores": c.scores.model_dump(), "sufficient_sample": c.sufficient_sample}
    facts = {"count": si.count, "sufficient": si.sufficient, "by_group": groups}
    note = "" if si.sufficient else f"样本少于 {c.sufficient_sample} 份：仅供参考，不限制星级"
    return Indicator(
        "satisfaction_index", "群众满意度指数", si.index, s.floor + s.span, s.points, rounded(score), rule, facts, note
    )


def results(inputs: AssessmentInputs, rules: RuleSet, si: Satisfaction) -> Dimension:
    r = rules.branch.service_results
    figures, facts = suggestion_figures(inputs)
    tags = five_services(inputs)
    return dimension(
        "service_results",
        satisfaction(si, rules),
        indicator(
            "suggestions_in_time",
            "意见建议按期答复",
            figures["in_time"],
            figures["decided_or_overdue"],
            r.suggestions_decided_in_time,
            empty=1.0,
            facts=facts,
        ),
        indicator(
            "five_services_tags",
            "五个服务覆盖",
            len(tags),
            r.five_services_tags.target,
            r.five_services_tags.points,
            facts={"tags": list(tags)},
        ),
    )
