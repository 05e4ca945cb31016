"""Score cards read from the live projection: one member's, a branch's ranking, the explanation of a card.

A card is computed when it is read (never stored), from the ledger's sums and the facts of the year, so it
is always current and two replicas always agree. The people are taken as they stood on the card's day
(their branch, stage and status then). A rank is among the Party members on the branch's roll that day,
so a card is computed together with the cards of its branch (one query per table for all of them).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncConnection

from bastion.errors import NotFoundError, RuleViolationError
from scoring.period import Period
from scoring.roll import ACTIVE, MemberHistory
from scoring.roll import queries as roll
from scoring.rules.model import RuleSet
from scoring.scorecards import appraisals, queries
from scoring.scorecards.card import ZERO, Discipline, Person, ScoreCard, ScoreInputs
from scoring.scorecards.compute import ranks
from scoring.scorecards.compute import score_card as compute_card
from scoring.scorecards.queries import Facts, LearningRecord, LedgerRow


@dataclass(frozen=True, slots=True)
class Explanation:
    """A card with what it rests on: ledger entries, learning records, ratings, discipline, the rules."""

    card: ScoreCard
    rules: RuleSet
    entries: tuple[LedgerRow, ...]
    learning: tuple[LearningRecord, ...]
    dues_paid: tuple[str, ...]
    member_ratings: Counter[tuple[str, str]]
    branch_ratings: Counter[tuple[str, str]]
    discipline: tuple[Discipline, ...]


def resolve_period(year: int | None, as_of: date | None, today: date) -> tuple[int, date]:
    """The year asked about (default: this one) and the day its card is as at (default: today in this
    year, 31 December in a past one). A future year, or a day outside the year or after today, is refused."""
    year = year if year is not None else today.year
    if year > today.year:
        raise RuleViolationError(f"{year} 年尚未开始，没有积分（今天是 {today}）", code="period_in_future")
    if as_of is None:
        return year, today if year == today.year else date(year, 12, 31)
    if as_of.year != year:
        raise RuleViolationError(f"as_of（{as_of}）必须是 {year} 年中的一天", code="as_of_outside_year")
    if as_of > today:
        raise RuleViolationError(f"as_of（{as_of}）不能晚于今天（{today}）", code="as_of_in_future")
    return year, as_of


async def member_totals_of_branch(
    connection: AsyncConnection, branch_id: uuid.UUID, period: Period
) -> dict[uuid.UUID, Decimal]:
    """Totals of the Party members (probationary and full) on the branch's roll on the period's last day."""
    cards = await branch_cards(connection, branch_id, period)
    return {card.member_id: card.total for card in cards if card.person.is_party_member}


async def score_card(connection: AsyncConnection, member_id: uuid.UUID, period: Period) -> ScoreCard:
    """One member's card, as they stood on the period's last day, ranked among the Party members of their
    branch then (if they were one); ``member_not_found`` if unknown."""
    history = await roll.member_history(connection, member_id)
    if history is None:
        raise NotFoundError(f"没有这名党员或入党申请人：{member_id}", code="member_not_found")
    period = _within(period)
    day = period.as_of
    person = person_on(history, day)
    people = [person_on(h, day) for h in await roll.roll_on(connection, person.branch_id, day)]
    if all(other.member_id != member_id for other in people):
        people.append(person)  # not on the roll that day: they get a card, but no rank
    cards = await _cards(connection, people, person.branch_id, period)
    return next(card for card in cards if card.member_id == member_id)


async def branch_cards(connection: AsyncConnection, branch_id: uuid.UUID, period: Period) -> list[ScoreCard]:
    """The cards of the people on the branch's roll on the period's last day: the Party members by rank (then
    name), then the others (applicants, activists, candidates) by total (then name)."""
    period = _within(period)
    people = [person_on(h, period.as_of) for h in await roll.roll_on(connection, branch_id, period.as_of)]
    cards = await _cards(connection, people, branch_id, period)
    return sorted(cards, key=lambda card: (card.rank is None, card.rank or -card.total, card.person.name))


def person_on(history: MemberHistory, day: date) -> Person:
    """The person as they stood on ``day``."""
    standing = history.on(day)
    joined = history.stage_dates.get("probationary")
    return Person(
        history.member_id, history.name, standing.branch_id, standing.stage, standing.status, joined, standing.left_on
    )


async def branch_ranking(connection: AsyncConnection, branch_id: uuid.UUID, period: Period) -> list[ScoreCard]:
    """Like :func:`branch_cards`, for a branch that must exist (``branch_not_found``)."""
    if not await queries.branch_exists(connection, branch_id):
        raise NotFoundError(f"没有这个党支部：{branch_id}", code="branch_not_found")
    return await branch_cards(connection, branch_id, period)


async def explain(connection: AsyncConnection, member_id: uuid.UUID, period: Period) -> Explanation:
    """The member's card and every entry, record and rule number behind it."""
    card = await score_card(connection, member_id, period)
    period = period.until(card.as_of)
    facts = await queries.load_facts(connection, [member_id], card.person.branch_id, period)
    return Explanation(
        card,
        period.rule_set,
        tuple(await queries.ledger_rows(connection, member_id, period)),
        tuple(await queries.learning_records(connection, member_id, period)),
        tuple(sorted(facts.dues_paid.get(member_id, frozenset()))),
        facts.member_ratings.get(member_id, Counter()),
        facts.branch_ratings,
        facts.discipline.get(member_id, ()),
    )


async def ledger_page(
    connection: AsyncConnection, member_id: uuid.UUID, year: int, page: int, page_size: int
) -> tuple[list[LedgerRow], int]:
    """A page of the member's ledger (newest first) and the number of rows; ``member_not_found`` if unknown."""
    if await roll.member_history(connection, member_id) is None:
        raise NotFoundError(f"没有这名党员或入党申请人：{member_id}", code="member_not_found")
    return await queries.ledger_page(connection, member_id, year, page, page_size)


def _within(period: Period) -> Period:
    """The period ending inside its year: a later day means the year's end."""
    if period.as_of.year < period.year:
        raise RuleViolationError(f"as_of（{period.as_of}）早于 {period.year} 年", code="as_of_outside_year")
    return period.until(min(period.as_of, date(period.year, 12, 31)))


async def _cards(
    connection: AsyncConnection, people: list[Person], branch_id: uuid.UUID, period: Period
) -> list[ScoreCard]:
    """The cards of ``people`` (one query per table), ranked among those of them who were Party members on the
    roll that day (domain.md §3: rankings cover full and probationary members; the others are listed apart)."""
    facts = await queries.load_facts(connection, [p.member_id for p in people], branch_id, period)
    cards = [compute_card(_inputs(p, facts, period)) for p in people]
    ranked = {card.member_id: card.total for card in cards if _ranked(card.person)}
    rank = ranks(ranked)
    decided = await appraisals.decisions(connection, [p.member_id for p in people], period)
    return [
        replace(card, rank=rank.get(card.member_id), rank_of=len(ranked), appraisal=decided.get(card.member_id))
        for card in cards
    ]


def _ranked(person: Person) -> bool:
    return person.status == ACTIVE and person.is_party_member


def _inputs(person: Person, facts: Facts, period: Period) -> ScoreInputs:
    member = person.member_id
    return ScoreInputs(
        person,
        period.rule_set,
        period.year,
        period.as_of,
        ledger=facts.ledger.get(member, {}),
        dues_paid=facts.dues_paid.get(member, frozenset()),
        learning_hours=facts.learning_hours.get(member, ZERO),
        member_ratings=facts.member_ratings.get(member, Counter()),
        branch_ratings=facts.branch_ratings,
        discipline=facts.discipline.get(member, ()),
    )
