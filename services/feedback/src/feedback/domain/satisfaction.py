"""The satisfaction index (满意度, 0-100) of a set of ratings (domain.md §3).

Per respondent group the mean score; the index weights the groups department 40%, worker 40%,
member 20%, renormalised over the groups that have ratings. n >= 10 is a sufficient sample.
"""

from __future__ import annotations

from dataclasses import dataclass

from bastion_contracts.vocabulary import RespondentGroup

GROUP_WEIGHTS = {RespondentGroup.DEPARTMENT: 0.4, RespondentGroup.WORKER: 0.4, RespondentGroup.MEMBER: 0.2}
SUFFICIENT_SAMPLE = 10


@dataclass(frozen=True, slots=True)
class GroupFigures:
    group: RespondentGroup
    count: int
    score_sum: int
    satisfied: int  # at 基本满意 or better

    @property
    def mean(self) -> float:
        return self.score_sum / self.count if self.count else 0.0


@dataclass(frozen=True, slots=True)
class SatisfactionIndex:
    index: float | None  # None without any rating
    count: int
    satisfaction_rate: float | None
    sufficient: bool


def satisfaction_index(groups: list[GroupFigures]) -> SatisfactionIndex:
    rated = [g for g in groups if g.count]
    count = sum(g.count for g in rated)
    if not rated:
        return SatisfactionIndex(None, 0, None, False)
    weight = sum(GROUP_WEIGHTS[g.group] for g in rated)
    index = sum(GROUP_WEIGHTS[g.group] * g.mean for g in rated) / weight
    rate = sum(g.satisfied for g in rated) / count
    return SatisfactionIndex(round(index, 2), count, round(rate, 4), count >= SUFFICIENT_SAMPLE)
