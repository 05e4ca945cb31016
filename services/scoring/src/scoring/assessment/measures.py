"""The assessment's building blocks (pure): the scored indicator, dates, the satisfaction index, stars."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from scoring.assessment import (
    AssessmentInputs,
    Dimension,
    GroupSatisfaction,
    HeldActivity,
    Indicator,
    Person,
    Satisfaction,
    Structure,
)
from scoring.rules.model import SatisfactionCaps, SatisfactionRules, Stars
from scoring.scorecards.compute import satisfaction_index as member_card_index

LABELS = {
    "leadership_team": "有坚强有力的领导班子",
    "backbone_team": "有本领过硬的骨干队伍",
    "service_venue": "有功能实用的服务场所",
    "service_carrier": "有形式多样的服务载体",
    "institutions": "有健全完善的制度机制",
    "service_results": "有群众满意的服务业绩",
}
COMPLIANCE_KINDS = ("branch_assembly", "committee_meeting", "group_meeting", "party_lesson", "theme_day")
MEETING_KINDS = (*COMPLIANCE_KINDS, "org_life_meeting")  # 三会一课, theme days and org-life meetings
THEMED_SUBTYPES = frozenset(
    {"innovation_development", "quality_efficiency", "lean_management", "poverty_relief", "service_support"}
)
DEGREES = frozenset({"bachelor", "master", "doctorate"})


def rounded(value: float) -> float:
    return round(value, 2)


def clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def indicator(
    code: str,
    label: str,
    value: float,
    target: float,
    points: float,
    *,
    empty: float = 0.0,
    rule: Mapping[str, Any] | None = None,
    facts: Mapping[str, Any] | None = None,
    note: str = "",
) -> Indicator:
    """``points × min(1, value / target)``; with nothing to reach (target 0), ``points × empty``."""
    fraction = min(1.0, value / target) if target > 0 else empty
    numbers = {"points": points, "target": rounded(target), **(rule or {})}
    return Indicator(
        code, label, rounded(value), rounded(target), points, rounded(points * fraction), numbers, facts or {}, note
    )


def dimension(code: str, *indicators: Indicator) -> Dimension:
    return Dimension(code, LABELS[code], indicators)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it has no such day (31 Jan + 1: 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    last = (following - date.resolution).day
    return date(year, month, min(day.day, last))


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def held(inputs: AssessmentInputs, kind: str) -> list[HeldActivity]:
    """The held activities of one kind, in the order they were held."""
    return sorted((a for a in inputs.activities if a.kind == kind), key=lambda a: a.held_start)


def listed(activities: Iterable[HeldActivity]) -> list[dict[str, Any]]:
    return [{"activity_id": a.activity_id, "kind": a.kind, "held_on": a.held_on} for a in activities]


def counted(inputs: AssessmentInputs, kind: str, code: str, label: str, target: float, points: float) -> Indicator:
    """Activities of ``kind`` held against a target."""
    found = held(inputs, kind)
    return indicator(code, label, len(found), target, points, facts={"activities": listed(found)})


def satisfaction_index(counts: Mapping[tuple[str, str], int], rules: SatisfactionRules) -> Satisfaction:
    """Per respondent group the mean score; the groups weighted, the weights renormalised over those rated.

    ``counts`` is the number of ratings per (respondent group, answer). The index is the score cards' own
    computation, so a member's card and the branch's assessment always show the same branch index."""
    scores, weights = rules.scores.model_dump(), rules.weights.model_dump()
    rated = []
    for group, weight in weights.items():
        answers = {a: n for (g, a), n in sorted(counts.items()) if g == group and a in scores and n > 0}
        count = sum(answers.values())
        if count:
            rated.append((group, weight, count, sum(scores[a] * n for a, n in answers.items()) / count, answers))
    total_weight = sum(weight for _, weight, _, _, _ in rated)
    count = sum(n for _, _, n, _, _ in rated)
    by_group = tuple(
        GroupSatisfaction(g, n, rounded(mean), rounded(w / total_weight) if total_weight else 0.0, answers)
        for g, w, n, mean, answers in rated
    )
    index = member_card_index({key: n for key, n in counts.items() if key[1] in scores}, rules)  # the same SI
    return Satisfaction(
        None if index is None else rounded(float(index)), count, count >= rules.sufficient_sample, by_group
    )


def stars_for(total: float, stars: Stars) -> int:
    for count, threshold in ((5, stars.five), (4, stars.four), (3, stars.three), (2, stars.two)):
        if total >= threshold:
            return count
    return 1


def star_cap(si: Satisfaction, caps: SatisfactionCaps) -> tuple[int, str] | None:
    """The most stars the satisfaction index allows, and why; none without a sufficient sample."""
    if not si.sufficient or si.index is None:
        return None
    for below, most in ((caps.far_below, caps.far_max_stars), (caps.below, caps.max_stars)):
        if si.index < below:
            return most, f"满意度指数 {si.index:g} 低于 {below:g}（样本 {si.count} 份），最多 {most} 星"
    return None


def structure(members: Iterable[Person], as_of: date) -> Structure:
    """The report's figures: how many, born in the 1970s/80s, with a degree, how old on average."""
    people = list(members)
    n = len(people)

    def share(count: int) -> float:
        return round(count / n, 4) if n else 0.0

    return Structure(
        party_members=n,
        full=sum(1 for p in people if p.stage == "full"),
        probationary=sum(1 for p in people if p.stage == "probationary"),
        born_1970s_1980s_share=share(sum(1 for p in people if 1970 <= p.birth_date.year <= 1989)),
        bachelor_or_above_share=share(sum(1 for p in people if p.education in DEGREES)),
        average_age=round(sum(age_on(p.birth_date, as_of) for p in people) / n, 1) if n else None,
    )
