"""Member score cards (党员年度积分卡): a member's card, its explanation and ledger; a branch's ranking."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, cast

from fastapi import APIRouter, Query

from bastion.clock import local_today
from scoring.entrypoints.api.access import CardReader, ExplanationReader, RankingReader, require_member, require_ranking
from scoring.entrypoints.api.schemas.explanations import ScoreCardExplained
from scoring.entrypoints.api.schemas.scorecards import BranchRanking, LedgerEntryPublic, LedgerPage, ScoreCardPublic
from scoring.period import Period
from scoring.reads import Reading, ReadingDep
from scoring.scorecards import service
from scoring.settings import ScoringSettings

router = APIRouter(tags=["score cards"])

_MEMBER_404: dict[int | str, dict[str, Any]] = {404: {"description": "No such person (member_not_found)"}}
_BRANCH_404: dict[int | str, dict[str, Any]] = {404: {"description": "No such branch (branch_not_found)"}}
Year = Annotated[
    int | None,
    Query(ge=2000, le=2100, description="Calendar year, in the organisation's time zone (default: this year)."),
]
AsOf = Annotated[
    date | None,
    Query(
        description="The day of the year the card is as at, inclusive (default: today this year, 31 December in "
        "a past one); not after today."
    ),
]


def _period(reading: Reading, year: int | None, as_of: date | None) -> Period:
    timezone = cast(ScoringSettings, reading.runtime.settings).timezone
    year, as_of = service.resolve_period(year, as_of, local_today(timezone))
    return Period.of(year, as_of, reading.rules, timezone)


@router.get("/members/{member_id}/score-card", responses=_MEMBER_404)
async def get_score_card(
    member_id: uuid.UUID, reading: ReadingDep, principal: CardReader, year: Year = None, as_of: AsOf = None
) -> ScoreCardPublic:
    """A member's score card for a calendar year (党员年度积分): the base (60) less deductions (unexcused
    absences, months of dues unpaid, learning hours short), service points capped per category and
    overall, satisfaction (0–10) and honours (capped); 0 when vetoed. With the suggested appraisal band
    (full members: ≥ 90 excellent candidate, 60–89 qualified, 50–59 basically qualified to review, < 50 or
    vetoed unqualified to review), an alert for activists and probationary members under 75, and the rank
    among the Party members of the branch. The person is taken as they stood on as_of (branch, stage,
    status), and dues are owed only for months they were a member. Computed as it is read from the rule
    set in force on 1 January of the year."""
    period = _period(reading, year, as_of)
    async with reading.engine.connect() as connection:
        await require_member(principal, connection, member_id)
        card = await service.score_card(connection, member_id, period)
    return ScoreCardPublic.of(card, reading.includes_requested_events)


@router.get("/members/{member_id}/score-card/explain", responses=_MEMBER_404)
async def explain_score_card(
    member_id: uuid.UUID,
    reading: ReadingDep,
    principal: ExplanationReader,
    year: Year = None,
    as_of: AsOf = None,
) -> ScoreCardExplained:
    """Where every point of a score card comes from (积分明细): the ledger entries and reversals behind
    attendance, service and honours (each with its rule, rule-set version and source event), the months of
    dues due, paid and unpaid, the learning records, the ratings counted for the satisfaction index, the
    disciplinary records, and the rule numbers used."""
    period = _period(reading, year, as_of)
    async with reading.engine.connect() as connection:
        await require_member(principal, connection, member_id)
        found = await service.explain(connection, member_id, period)
    return ScoreCardExplained.of(found, reading.includes_requested_events)


@router.get("/members/{member_id}/ledger", responses=_MEMBER_404)
async def get_ledger(
    member_id: uuid.UUID,
    reading: ReadingDep,
    principal: CardReader,
    year: Year = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> LedgerPage:
    """A member's points ledger (积分台账) for a year, newest first: every entry an event caused and every
    reversal of an entry whose event was later corrected; their deltas sum to the ledger's part of the card."""
    year = _period(reading, year, None).year
    async with reading.engine.connect() as connection:
        await require_member(principal, connection, member_id)
        rows, total = await service.ledger_page(connection, member_id, year, page, page_size)
    return LedgerPage(
        member_id=member_id,
        year=year,
        items=[LedgerEntryPublic.of(row) for row in rows],
        total=total,
        page=page,
        page_size=page_size,
        includes_requested_events=reading.includes_requested_events,
    )


@router.get("/branches/{branch_id}/ranking", responses=_BRANCH_404)
async def get_branch_ranking(
    branch_id: uuid.UUID, reading: ReadingDep, principal: RankingReader, year: Year = None, as_of: AsOf = None
) -> BranchRanking:
    """The branch's roll on as_of (default: today this year, 31 December in a past one), as it was then: the
    Party members (full and probationary) by score total, highest first, with their suggested appraisal
    band and alert, equal totals sharing a rank (党员积分排名); and apart from them, not ranked, the
    applicants, activists and candidates with their totals and alerts."""
    require_ranking(principal, branch_id)
    period = _period(reading, year, as_of)
    async with reading.engine.connect() as connection:
        cards = await service.branch_ranking(connection, branch_id, period)
    return BranchRanking.of(branch_id, cards, period.rule_set.version, period.as_of, reading.includes_requested_events)
