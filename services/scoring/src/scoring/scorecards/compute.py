"""A member's score card for one calendar year (党员年度积分), from facts and ledger sums (pure: no I/O).

domain.md §3: ``total = clamp(base − deductions, 0, base) + min(Σ capped service, cap) + satisfaction +
min(honours, cap)``, and a veto sets it to 0. The ledger says what single events were worth (attendance,
service, honours); what depends on the whole year (unpaid dues, learning hours, satisfaction, veto) is
worked out here, as at the end of ``as_of``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TypeVar

from scoring.rules.model import Bands, RuleSet, SatisfactionRules
from scoring.scorecards.card import (
    ZERO,
    AnswerCounts,
    Band,
    Deductions,
    HonourPoints,
    LearningShortfall,
    Person,
    SatisfactionPoints,
    SatisfactionSource,
    ScoreCard,
    ScoreInputs,
    ServiceCategory,
    ServicePoints,
    UnpaidDues,
    Veto,
)

CENT = Decimal("0.01")
K = TypeVar("K")


def decimal(value: float) -> Decimal:
    """A rule's number as the decimal it was written as (0.4, not 0.40000000000000002)."""
    return Decimal(str(value))


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def score_card(inputs: ScoreInputs) -> ScoreCard:
    """The card: every part, the total, the suggested band and whether to alert."""
    rules = inputs.rules.member
    attendance = max(ZERO, -inputs.ledger.get("deduction.attendance", ZERO))
    deductions = Deductions(attendance, unpaid_dues(inputs), learning_shortfall(inputs))
    service = service_points(inputs.ledger, inputs.rules)
    satisfaction = satisfaction_points(inputs)
    honours = HonourPoints(inputs.ledger.get("honours", ZERO), decimal(rules.honours.cap))
    veto = veto_of(inputs)
    base = decimal(rules.base)
    kept = min(max(base - deductions.total, ZERO), base)
    total = ZERO if veto.vetoed else cents(kept + service.counted + satisfaction.points + honours.counted)
    stage = inputs.person.stage
    return ScoreCard(
        inputs.person,
        inputs.year,
        inputs.as_of,
        inputs.rules.version,
        base,
        deductions,
        service,
        satisfaction,
        honours,
        veto,
        total,
        band_of(stage, total, veto.vetoed, rules.bands),
        alert_of(stage, total, rules.bands),
    )


def first_month(person: Person, year: int) -> int | None:
    """The first month of ``year`` the person is a Party member in; None if not one in that year."""
    joined = person.probationary_on
    if not person.is_party_member or (joined is not None and joined.year > year):
        return None
    return joined.month if joined is not None and joined.year == year else 1


def member_months(person: Person, year: int, as_of: date) -> range:
    """The months of ``year`` begun by ``as_of`` in which the person was a Party member on the active roll on
    some day: from the month they joined to the month of their last day before they left (转出, 脱党 …)."""
    first = first_month(person, year)
    if first is None:
        return range(0)
    last = as_of.month
    if person.left_on is not None:
        last_day = person.left_on - timedelta(days=1)
        if last_day.year < year:
            return range(0)
        last = min(last, last_day.month) if last_day.year == year else last
    return range(first, last + 1)


def months_ended(year: int, as_of: date) -> int:
    """Months of the year ended by ``as_of``: those before its month, all twelve on 31 December (the card
    that closes the year, and the default of a past year)."""
    return 12 if as_of == date(year, 12, 31) else as_of.month - 1


def unpaid_dues(inputs: ScoreInputs) -> UnpaidDues:
    """Each month ended without a payment while the person was a member: none before the month they joined
    (only Party members pay dues), none after the month they left."""
    ended = months_ended(inputs.year, inputs.as_of)
    months = [m for m in member_months(inputs.person, inputs.year, inputs.as_of) if m <= ended]
    due = tuple(f"{inputs.year:04d}-{month:02d}" for month in months)
    unpaid = tuple(month for month in due if month not in inputs.dues_paid)
    return UnpaidDues(due, unpaid, len(unpaid) * decimal(inputs.rules.member.deductions.unpaid_dues_month))


def learning_shortfall(inputs: ScoreInputs) -> LearningShortfall:
    """Hours under the year's requirement, prorated by the months begun as a member by ``as_of``."""
    rule = inputs.rules.member.deductions.learning
    months = len(member_months(inputs.person, inputs.year, inputs.as_of))
    required = decimal(rule.required_hours) * months / 12
    shortfall = max(ZERO, required - inputs.learning_hours)
    steps = (shortfall / decimal(rule.per_hours)).to_integral_value(ROUND_FLOOR)
    points = min(decimal(rule.max), steps * decimal(rule.points))
    return LearningShortfall(inputs.learning_hours, cents(required), cents(shortfall), points)


def service_points(ledger: Mapping[str, Decimal], rules: RuleSet) -> ServicePoints:
    """Each service category capped on its own, then the sum capped."""
    service = rules.member.service
    names = [name for name in type(service).model_fields if name != "cap"]
    categories = tuple(
        ServiceCategory(f"service.{name}", ledger.get(f"service.{name}", ZERO), decimal(getattr(service, name).cap))
        for name in names
    )
    return ServicePoints(categories, decimal(service.cap))


def satisfaction_index(counts: AnswerCounts, rules: SatisfactionRules) -> Decimal | None:
    """SI (0–100): answers scored, the mean per respondent group, groups weighted and renormalised over
    the groups that have ratings; None without ratings."""
    sums: dict[str, Decimal] = {}
    numbers: dict[str, int] = {}
    for (group, answer), n in counts.items():
        if n > 0:
            sums[group] = sums.get(group, ZERO) + decimal(getattr(rules.scores, answer)) * n
            numbers[group] = numbers.get(group, 0) + n
    weights = {group: decimal(getattr(rules.weights, group, 0)) for group in sums}
    weight = sum(weights.values(), ZERO)
    if weight == 0:
        return None
    return sum((weights[group] * sums[group] / numbers[group] for group in sums), ZERO) / weight


def satisfaction_points(inputs: ScoreInputs) -> SatisfactionPoints:
    """The member's index with n ≥ member_sample, else the branch's with n ≥ sufficient_sample, else the
    fallback; points = max × SI / 100."""
    rules = inputs.rules
    tries = (
        (inputs.member_ratings, SatisfactionSource.MEMBER, rules.member.satisfaction.member_sample),
        (inputs.branch_ratings, SatisfactionSource.BRANCH, rules.satisfaction.sufficient_sample),
    )
    index, source, sample = decimal(rules.member.satisfaction.fallback_index), SatisfactionSource.FALLBACK, 0
    for counts, candidate, minimum in tries:
        n = sum(counts.values())
        found = satisfaction_index(counts, rules.satisfaction)
        if n >= minimum and found is not None:
            index, source, sample = found, candidate, n
            break
    points = cents(decimal(rules.member.satisfaction.max) * index / 100)
    return SatisfactionPoints(cents(index), source, sample, points)


def veto_of(inputs: ScoreInputs) -> Veto:
    """Reasons the year's total is 0: a heavy sanction or a conviction decided in the year, or a lapse."""
    rules = inputs.rules.member.veto
    reasons: list[str] = []
    for record in inputs.discipline:
        if record.decided_on.year != inputs.year or record.decided_on > inputs.as_of:
            continue
        if record.level in rules.discipline_levels:
            reasons.append(f"discipline.{record.level}")
        if rules.criminal_conviction and record.criminal_conviction:
            reasons.append("criminal_conviction")
    if rules.lapsed and inputs.person.status == "lapsed":
        reasons.append("lapsed")
    return Veto(tuple(dict.fromkeys(reasons)))


def band_of(stage: str | None, total: Decimal, vetoed: bool, bands: Bands) -> Band | None:
    """Only full members are appraised: probationary members get no grade, earlier stages are not members.
    ≥ excellent: excellent candidate; ≥ qualified: qualified; ≥ basically qualified: to review as basically
    qualified; below it, or vetoed: to review as unqualified."""
    if stage != "full":
        return None
    if vetoed or total < decimal(bands.basically_qualified):
        return Band.UNQUALIFIED_REVIEW
    if total < decimal(bands.qualified):
        return Band.BASICALLY_QUALIFIED_REVIEW
    return Band.QUALIFIED if total < decimal(bands.excellent) else Band.EXCELLENT_CANDIDATE


def alert_of(stage: str | None, total: Decimal, bands: Bands) -> bool:
    """An activist or probationary member under the alert line needs the branch's attention."""
    return stage in ("activist", "probationary") and total < decimal(bands.alert_below)


def ranks(totals: Mapping[K, Decimal]) -> dict[K, int]:
    """1-based ranks by total, highest first; equal totals share a rank (1, 2, 2, 4)."""
    first: dict[Decimal, int] = {}
    for position, total in enumerate(sorted(totals.values(), reverse=True), start=1):
        first.setdefault(total, position)
    return {key: first[total] for key, total in totals.items()}
