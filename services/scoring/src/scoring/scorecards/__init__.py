"""Member score cards (党员年度积分卡): computed when read, from the ledger and the year's facts.

``compute`` is the pure arithmetic of domain.md §3, ``queries`` loads its inputs (batched per branch),
``service`` puts the two together for the API and for the branch assessment.
"""

from scoring.scorecards.card import Band, Person, SatisfactionSource, ScoreCard, ScoreInputs
from scoring.scorecards.service import member_totals_of_branch, score_card

__all__ = [
    "Band",
    "Person",
    "SatisfactionSource",
    "ScoreCard",
    "ScoreInputs",
    "member_totals_of_branch",
    "score_card",
]
