"""有坚强有力的领导班子 and 有本领过硬的骨干队伍: the indicators about people (pure)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from scoring.assessment import AssessmentInputs, Dimension, Indicator, Person
from scoring.assessment.measures import add_months, age_on, clamp, counted, dimension, held, indicator, listed, rounded
from scoring.rules.model import BackboneTeam, BranchRules, LeadershipTeam

FULL_MEMBERS_NEEDING_COMMITTEE = 7  # from this many full members on, a branch has a committee of 3 or more
COMMITTEE_MINIMUM = 3
PIPELINE_STAGES = ("activist", "candidate")


def secretary_of(inputs: AssessmentInputs) -> uuid.UUID | None:
    return next((member for role, member in inputs.seats if role == "secretary"), None)


def committee_in_place(inputs: AssessmentInputs, r: LeadershipTeam) -> Indicator:
    """A secretary seated and, with ≥7 full members, at least 3 seated; a secretary alone then gets less."""
    secretary, seated = secretary_of(inputs), len({member for _, member in inputs.seats})
    full = sum(1 for p in inputs.members if p.stage == "full")
    needed = COMMITTEE_MINIMUM if full >= FULL_MEMBERS_NEEDING_COMMITTEE else 1
    score = 0.0 if secretary is None else r.committee_in_place if seated >= needed else r.secretary_only
    rule = {"points": r.committee_in_place, "target": needed, "secretary_only": r.secretary_only}
    rule |= {"full_members_needing_committee": FULL_MEMBERS_NEEDING_COMMITTEE, "committee_minimum": COMMITTEE_MINIMUM}
    seats = [{"role": role, "member_id": member} for role, member in inputs.seats]
    facts = {"seats": seats, "full_members": full, "secretary_id": secretary}
    note = "" if secretary else "没有书记"
    return Indicator(
        "committee_in_place", "支部委员会健全", seated, needed, r.committee_in_place, score, rule, facts, note
    )


def secretary_lectured(inputs: AssessmentInputs, points: float) -> Indicator:
    secretary = secretary_of(inputs)
    lectured = [a for a in held(inputs, "party_lesson") if secretary is not None and a.lecturer_id == secretary]
    facts = {"secretary_id": secretary, "activities": listed(lectured)}
    return indicator("secretary_lectured", "书记讲党课", len(lectured), 1, points, facts=facts)


def leadership(inputs: AssessmentInputs, rules: BranchRules, months: int) -> Dimension:
    r = rules.leadership_team
    meetings = counted(
        inputs, "committee_meeting", "committee_meetings", "支委会（每月）", months, r.committee_meetings_monthly
    )
    return dimension(
        "leadership_team",
        committee_in_place(inputs, r),
        meetings,
        secretary_lectured(inputs, r.secretary_lectured),
    )


def overdue_steps(people: Iterable[Person], as_of: date) -> list[dict[str, Any]]:
    """Pipeline steps past due: the talk within a month of applying, an activist's half-yearly review,
    the conversion of a probationary member whose probation has ended."""
    found = []
    for p in people:
        due, step = None, ""
        if p.stage == "applicant" and p.applied_on and not p.talk_held:
            due, step = add_months(p.applied_on, 1), "application_talk"
        elif p.stage == "activist" and (last := p.last_review_on or p.activist_on):
            due, step = add_months(last, 6), "activist_review"
        elif p.stage == "probationary" and p.probation_ends_on:
            due, step = p.probation_ends_on, "probation_conversion"
        if due is not None and due < as_of:
            found.append({"member_id": p.member_id, "name": p.name, "step": step, "due": due})
    return found


def average_member_total(inputs: AssessmentInputs, r: BackboneTeam) -> Indicator:
    """``points × clamp((average − floor) / span, 0, 1)`` over the members' score totals."""
    a = r.average_member_total
    totals = {str(member): float(total) for member, total in inputs.member_totals.items()}
    average = sum(totals.values()) / len(totals) if totals else None
    score = a.points * clamp((average - a.floor) / a.span) if average is not None else 0.0
    rule = {"points": a.points, "floor": a.floor, "span": a.span}
    value = None if average is None else rounded(average)
    note = "" if totals else "没有党员积分"
    target = a.floor + a.span
    return Indicator(
        "average_member_total", "党员平均积分", value, target, a.points, rounded(score), rule, {"totals": totals}, note
    )


def activists_and_candidates(inputs: AssessmentInputs, r: BackboneTeam) -> Indicator:
    """Against ``max(minimum, share × members)``."""
    c = r.activists_and_candidates
    people = [{"member_id": p.member_id, "stage": p.stage} for p in inputs.people if p.stage in PIPELINE_STAGES]
    target = max(float(c.minimum), c.share_of_members * len(inputs.members))
    rule = {"minimum": c.minimum, "share_of_members": c.share_of_members}
    return indicator(
        "activists_and_candidates",
        "入党积极分子和发展对象",
        len(people),
        target,
        c.points,
        rule=rule,
        facts={"people": people, "party_members": len(inputs.members)},
    )


def young_reserve(inputs: AssessmentInputs, r: BackboneTeam) -> Indicator:
    y = r.young_reserve
    young = [t.record_id for t in inputs.reserve if age_on(t.day, inputs.as_of) < y.under_age]
    label = f"{y.under_age}岁以下后备力量"
    facts = {"talent_ids": young}
    return indicator(
        "young_reserve", label, len(young), y.target, y.points, rule={"under_age": y.under_age}, facts=facts
    )


def no_overdue_step(inputs: AssessmentInputs, points: float) -> Indicator:
    """All the points without an overdue step, none with one."""
    overdue = overdue_steps(inputs.people, inputs.as_of)
    rule = {"points": points, "talk_within_months": 1, "review_every_months": 6}
    score = 0.0 if overdue else points
    return Indicator(
        "no_overdue_step", "发展党员无超期环节", len(overdue), 0, points, score, rule, {"overdue": overdue}
    )


def backbone(inputs: AssessmentInputs, rules: BranchRules) -> Dimension:
    r = rules.backbone_team
    return dimension(
        "backbone_team",
        average_member_total(inputs, r),
        activists_and_candidates(inputs, r),
        young_reserve(inputs, r),
        no_overdue_step(inputs, r.no_overdue_step),
    )
