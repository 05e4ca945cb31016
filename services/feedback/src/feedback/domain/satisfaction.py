"""The satisfaction index (满意度, 0-100) of a branch (domain.md §3).

Every rating of the branch (of the branch itself, its activities, service shifts, visits and its members'
service) is pooled per respondent group; per group the mean score; the index weights the groups
department 40%, worker 40%, member 20%, renormalised over the groups that have ratings. n >= 10 is a
sufficient sample. Scoring's assessment computes the same figure from the same ratings (its rule set's
``satisfaction:``), in decimals and rounded to two places the same way, so the two always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from bastion_contracts.vocabulary import RespondentGroup

GROUP_WEIGHTS = {
    RespondentGroup.DEPARTMENT: Decimal("0.4"),
    RespondentGroup.WORKER: Decimal("0.4"),
    RespondentGroup.MEMBER: Decimal("0.2"),
}
SUFFICIENT_SAMPLE = 10


@dataclass(frozen=True, slots=True)
class GroupFigures:
    """The ratings of one respondent group: how many, their scores' sum, how many at 基本满意 or better."""

    group: RespondentGroup
    count: int
    score_sum: int
    satisfied: int

    @property
    def mean(self) -> float:
        return self.score_sum / self.count if self.count else 0.0


@dataclass(frozen=True, slots=True)
class WeightedGroup:
    """A respondent group as the index counts it: its figures and its weight after renormalising."""

    figures: GroupFigures
    weight: float


@dataclass(frozen=True, slots=True)
class SatisfactionIndex:
    index: float | None  # None without any rating
    count: int
    satisfaction_rate: float | None
    sufficient: bool
    groups: tuple[WeightedGroup, ...]  # the groups that have ratings, department, worker, member


def pooled(figures: Iterable[GroupFigures]) -> list[GroupFigures]:
    """The figures of the same respondent group added up (e.g. over the kinds of subject rated)."""
    totals: dict[RespondentGroup, GroupFigures] = {}
    for f in figures:
        before = totals.get(f.group, GroupFigures(f.group, 0, 0, 0))
        totals[f.group] = GroupFigures(
            f.group, before.count + f.count, before.score_sum + f.score_sum, before.satisfied + f.satisfied
        )
    return [totals[group] for group in GROUP_WEIGHTS if group in totals]


def satisfaction_index(figures: Iterable[GroupFigures]) -> SatisfactionIndex:
    """The branch's index over ``figures`` (several of one group are pooled first)."""
    rated = [g for g in pooled(figures) if g.count]
    count = sum(g.count for g in rated)
    if not rated:
        return SatisfactionIndex(None, 0, None, False, ())
    weight = sum((GROUP_WEIGHTS[g.group] for g in rated), Decimal(0))
    index = sum((GROUP_WEIGHTS[g.group] * Decimal(g.score_sum) / g.count for g in rated), Decimal(0)) / weight
    groups = tuple(WeightedGroup(g, round(float(GROUP_WEIGHTS[g.group] / weight), 2)) for g in rated)
    rate = sum(g.satisfied for g in rated) / count
    return SatisfactionIndex(round(float(index), 2), count, round(rate, 4), count >= SUFFICIENT_SAMPLE, groups)
