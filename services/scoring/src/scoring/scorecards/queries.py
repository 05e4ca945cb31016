"""Loading score card inputs from the live projection: one query per table for all the people asked about."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from scoring.adapters.orm import f_discipline, f_dues, f_learning, f_ratings, f_units, ledger
from scoring.period import Period
from scoring.scorecards.card import Discipline


@dataclass(frozen=True, slots=True)
class Facts:
    """The period's facts of several people, by member (and the branch's ratings)."""

    ledger: dict[uuid.UUID, dict[str, Decimal]] = field(default_factory=dict)
    dues_paid: dict[uuid.UUID, frozenset[str]] = field(default_factory=dict)
    learning_hours: dict[uuid.UUID, Decimal] = field(default_factory=dict)
    member_ratings: dict[uuid.UUID, Counter[tuple[str, str]]] = field(default_factory=dict)
    branch_ratings: Counter[tuple[str, str]] = field(default_factory=Counter)
    discipline: dict[uuid.UUID, tuple[Discipline, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LedgerRow:
    entry_id: uuid.UUID
    kind: str
    category: str
    rule: str
    delta: Decimal
    note: str
    occurred_at: datetime
    source_event_id: uuid.UUID
    source_event_type: str
    rule_set_version: str
    reverses: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class LearningRecord:
    record_id: uuid.UUID
    hours: Decimal
    learned_on: date


async def branch_exists(connection: AsyncConnection, branch_id: uuid.UUID) -> bool:
    found = await connection.scalar(
        select(f_units.c.org_unit_id).where(f_units.c.org_unit_id == branch_id, f_units.c.kind == "branch")
    )
    return found is not None


async def load_facts(
    connection: AsyncConnection, member_ids: Sequence[uuid.UUID], branch_id: uuid.UUID, period: Period
) -> Facts:
    """Every fact the cards of ``member_ids`` need, and the ratings of their branch, in the period."""
    ids = list(member_ids)
    member_ratings, branch_ratings = await _ratings(connection, ids, branch_id, period)
    return Facts(
        await _ledger_sums(connection, ids, period),
        await _dues_paid(connection, ids, period),
        await _learning_hours(connection, ids, period),
        member_ratings,
        branch_ratings,
        await _discipline(connection, ids, period),
    )


def _in_ledger_window(member_ids: list[uuid.UUID], period: Period) -> ColumnElement[bool]:
    return and_(ledger.c.member_id.in_(member_ids), ledger.c.year == period.year, ledger.c.occurred_at < period.end)


async def _ledger_sums(
    connection: AsyncConnection, ids: list[uuid.UUID], period: Period
) -> dict[uuid.UUID, dict[str, Decimal]]:
    rows = await connection.execute(
        select(ledger.c.member_id, ledger.c.category, func.sum(ledger.c.delta))
        .where(_in_ledger_window(ids, period))
        .group_by(ledger.c.member_id, ledger.c.category)
    )
    sums: dict[uuid.UUID, dict[str, Decimal]] = defaultdict(dict)
    for member_id, category, total in rows:
        sums[member_id][category] = Decimal(total)
    return dict(sums)


async def _dues_paid(
    connection: AsyncConnection, ids: list[uuid.UUID], period: Period
) -> dict[uuid.UUID, frozenset[str]]:
    rows = await connection.execute(
        select(f_dues.c.member_id, f_dues.c.month).where(
            f_dues.c.member_id.in_(ids), f_dues.c.month.startswith(f"{period.year:04d}-")
        )
    )
    paid: dict[uuid.UUID, set[str]] = defaultdict(set)
    for member_id, month in rows:
        paid[member_id].add(month)
    return {member_id: frozenset(months) for member_id, months in paid.items()}


def _learned_in(period: Period) -> ColumnElement[bool]:
    return f_learning.c.learned_on.between(period.first_day, period.as_of)


async def _learning_hours(
    connection: AsyncConnection, ids: list[uuid.UUID], period: Period
) -> dict[uuid.UUID, Decimal]:
    rows = await connection.execute(
        select(f_learning.c.member_id, func.sum(f_learning.c.hours))
        .where(f_learning.c.member_id.in_(ids), _learned_in(period))
        .group_by(f_learning.c.member_id)
    )
    return {member_id: Decimal(hours) for member_id, hours in rows}


async def _ratings(
    connection: AsyncConnection, ids: list[uuid.UUID], branch_id: uuid.UUID, period: Period
) -> tuple[dict[uuid.UUID, Counter[tuple[str, str]]], Counter[tuple[str, str]]]:
    """Counts per (group, answer): of each member's service, and of everything the branch was rated on."""
    of_members = and_(f_ratings.c.subject_kind == "member", f_ratings.c.member_id.in_(ids))
    columns = (f_ratings.c.subject_kind, f_ratings.c.member_id, f_ratings.c.branch_id)
    grouped = (*columns, f_ratings.c.respondent_group, f_ratings.c.answer)
    rows = await connection.execute(
        select(*grouped, func.count())
        .where(
            f_ratings.c.submitted_at >= period.start,
            f_ratings.c.submitted_at < period.end,
            or_(f_ratings.c.branch_id == branch_id, of_members),
        )
        .group_by(*grouped)
    )
    members: dict[uuid.UUID, Counter[tuple[str, str]]] = defaultdict(Counter)
    branch: Counter[tuple[str, str]] = Counter()
    for subject_kind, member_id, rated_branch, group, answer, n in rows:
        if subject_kind == "member" and member_id in ids:
            members[member_id][(group, answer)] += n
        if rated_branch == branch_id:
            branch[(group, answer)] += n
    return dict(members), branch


async def _discipline(
    connection: AsyncConnection, ids: list[uuid.UUID], period: Period
) -> dict[uuid.UUID, tuple[Discipline, ...]]:
    rows = await connection.execute(
        select(f_discipline)
        .where(f_discipline.c.member_id.in_(ids), f_discipline.c.decided_on.between(period.first_day, period.as_of))
        .order_by(f_discipline.c.decided_on, f_discipline.c.record_id)
    )
    found: dict[uuid.UUID, list[Discipline]] = defaultdict(list)
    for row in rows:
        found[row.member_id].append(Discipline(row.record_id, row.level, row.decided_on, row.criminal_conviction))
    return {member_id: tuple(records) for member_id, records in found.items()}


async def ledger_rows(connection: AsyncConnection, member_id: uuid.UUID, period: Period) -> list[LedgerRow]:
    """The member's entries and reversals in the period, oldest first."""
    rows = await connection.execute(
        select(*_LEDGER_COLUMNS)
        .where(_in_ledger_window([member_id], period))
        .order_by(ledger.c.occurred_at, ledger.c.kind, ledger.c.entry_id)
    )
    return [LedgerRow(*row) for row in rows]


async def ledger_page(
    connection: AsyncConnection, member_id: uuid.UUID, year: int, page: int, page_size: int
) -> tuple[list[LedgerRow], int]:
    """One page of the member's ledger in a year, newest first, and how many rows there are in all."""
    where = and_(ledger.c.member_id == member_id, ledger.c.year == year)
    total = await connection.scalar(select(func.count()).select_from(ledger).where(where))
    rows = await connection.execute(
        select(*_LEDGER_COLUMNS)
        .where(where)
        .order_by(ledger.c.occurred_at.desc(), ledger.c.kind.desc(), ledger.c.entry_id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return [LedgerRow(*row) for row in rows], int(total or 0)


async def learning_records(connection: AsyncConnection, member_id: uuid.UUID, period: Period) -> list[LearningRecord]:
    rows = await connection.execute(
        select(f_learning.c.record_id, f_learning.c.hours, f_learning.c.learned_on)
        .where(f_learning.c.member_id == member_id, _learned_in(period))
        .order_by(f_learning.c.learned_on, f_learning.c.record_id)
    )
    return [LearningRecord(*row) for row in rows]


_LEDGER_COLUMNS = (
    ledger.c.entry_id,
    ledger.c.kind,
    ledger.c.category,
    ledger.c.rule,
    ledger.c.delta,
    ledger.c.note,
    ledger.c.occurred_at,
    ledger.c.source_event_id,
    ledger.c.source_event_type,
    ledger.c.rule_set_version,
    ledger.c.reverses,
)
