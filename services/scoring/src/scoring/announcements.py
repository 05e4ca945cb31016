"""Announcements: ``bastion.scoring.*`` events when a member's total or a branch's total or stars change.

The consumer marks what an event may have moved (``dirty_scores``); this worker recomputes those
branches (a member's card depends on the branch's figures, so a branch is recomputed whole), compares
with what was last announced and records an event per real change through the outbox, in the same
transaction that updates ``announced_scores`` and removes the marks it saw. Scores also move with time
alone (dues months fall due, learning targets accrue), so once a day (and at start) every branch is
marked again.

One branch at a time under an advisory lock: replicas share the work and never announce a change twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from sqlalchemy import and_, or_, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bastion.clock import local_today, utc_now
from bastion.db import create_session_factory
from bastion.failures import log_failure
from bastion.outbox import UnitOfWork
from bastion.runtime import ServiceRuntime
from bastion_contracts.scoring import BranchAssessmentChanged, MemberScoreChanged
from bastion_contracts.vocabulary import OrgUnitKind
from scoring.adapters.generations import for_generation
from scoring.adapters.orm import announced_scores, dirty_scores, f_members, f_units
from scoring.assessment.service import assess_branch
from scoring.generations import LIVE, RULES, consumer_name
from scoring.period import Period
from scoring.rules import RuleBook
from scoring.scorecards.service import branch_cards
from scoring.settings import ScoringSettings

log = logging.getLogger(__name__)
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Mark:
    subject: str
    year: int
    revision: int


class Announcer:
    """Recomputes marked branches and records an event for every total or star that changed."""

    name = "scoring-announcer"

    def __init__(
        self,
        runtime: ServiceRuntime,
        poll_seconds: float = 1.0,
        branches_per_round: int = 20,
        duty_cycle: float = 0.25,
        backlog: int = 5_000,
    ) -> None:
        self._runtime = runtime
        self._settings = cast(ScoringSettings, runtime.settings)
        self._poll = poll_seconds
        self._per_round = branches_per_round
        # While events pour in, every batch marks branches again: recomputing them back to back would take
        # the CPU the consumer needs and announce states that are already stale. Busy rounds therefore rest
        # (1 - duty_cycle) / duty_cycle times as long as they took; marks made meanwhile coalesce. And while
        # the consumer is far behind (a backlog, a replay), announcing waits until it has caught up.
        self._rest_factor = (1 - duty_cycle) / duty_cycle
        self._backlog = backlog
        self._stopping = asyncio.Event()
        self._swept_on: tuple[str, date] | None = None

    def stop(self) -> None:
        self._stopping.set()

    async def prepare(self) -> None:
        return None

    async def run(self) -> None:
        while not self._stopping.is_set():
            busy = False
            started = time.monotonic()
            try:
                busy = await self.round()
            except Exception as exc:  # noqa: BLE001 - e.g. the database away: try again at the next round
                log_failure(log, "announcing scores failed; retrying", exc)
            rest = (time.monotonic() - started) * self._rest_factor if busy else self._poll
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), rest)

    async def round(self) -> bool:
        """One pass: the daily sweep if due, then up to ``branches_per_round`` branches; True if any."""
        generation = self._runtime.state.get(LIVE)
        rules = self._runtime.state.get(RULES)
        if not generation or not isinstance(rules, RuleBook) or self._catching_up(str(generation)):
            return False
        engine = for_generation(self._runtime.engine, str(generation), kit_tables=False)
        today = local_today(self._settings.timezone)
        if self._swept_on != (str(generation), today):
            # A past year's figures are as at 31 December, final once January has come (unless events
            # arrive for it, which mark it themselves).
            await mark_every_branch(engine, (today.year - 1, today.year) if today.month == 1 else (today.year,))
            self._swept_on = (str(generation), today)
        targets = await marked_branches(engine, self._per_round)
        for branch_id, year, marks in targets:
            await self._announce(engine, rules, branch_id, year, marks, today)
        return bool(targets)

    def _catching_up(self, generation: str) -> bool:
        runner = self._runtime.consumers.get(consumer_name(generation))
        return runner is not None and runner.lag is not None and runner.lag > self._backlog

    async def _announce(
        self,
        engine: AsyncEngine,
        rules: RuleBook,
        branch_id: uuid.UUID,
        year: int,
        marks: list[Mark],
        today: date,
    ) -> None:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            connection = await uow.session.connection()
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"announce:{branch_id}"}
            )
            if year <= today.year:
                as_of = today if year == today.year else date(year, 12, 31)
                period = Period.of(year, as_of, rules, self._settings.timezone)
                for change in await changes(connection, branch_id, period):
                    uow.record(change)
            await _unmark(connection, marks)
            await uow.commit()


async def changes(
    connection: AsyncConnection, branch_id: uuid.UUID, period: Period
) -> list[MemberScoreChanged | BranchAssessmentChanged]:
    """The branch's totals now, against what was announced; records the new ones as announced."""
    now, year = utc_now(), period.year
    found: list[MemberScoreChanged | BranchAssessmentChanged] = []
    cards = await branch_cards(connection, branch_id, period)
    assessment = await assess_branch(connection, branch_id, period)
    subjects = [f"member:{c.member_id}" for c in cards] + [f"branch:{branch_id}"]
    before = {
        row.subject: (row.total, row.stars)
        for row in await connection.execute(
            select(announced_scores.c.subject, announced_scores.c.total, announced_scores.c.stars).where(
                announced_scores.c.subject.in_(subjects), announced_scores.c.year == year
            )
        )
    }
    updates = []
    for card in cards:
        if not card.person.is_party_member:
            continue
        total = card.total.quantize(CENT)
        previous = before.get(f"member:{card.member_id}")
        if previous is None or previous[0] != total:
            found.append(
                MemberScoreChanged(
                    member_id=card.member_id,
                    branch_id=branch_id,
                    year=year,
                    total=total,
                    previous_total=previous[0] if previous else None,
                    appraisal_band=card.band.value if card.band else None,
                    rule_set_version=card.rule_set_version,
                    computed_at=now,
                )
            )
            updates.append({"subject": f"member:{card.member_id}", "year": year, "total": total, "stars": None})
    if assessment is not None:
        total = Decimal(str(assessment.total)).quantize(CENT)
        previous = before.get(f"branch:{branch_id}")
        if previous is None or previous != (total, assessment.stars):
            found.append(
                BranchAssessmentChanged(
                    branch_id=branch_id,
                    year=year,
                    total=total,
                    previous_total=previous[0] if previous else None,
                    stars=assessment.stars,
                    previous_stars=previous[1] if previous else None,
                    cap_applied=assessment.cap_applied,
                    rule_set_version=assessment.rule_set_version,
                    computed_at=now,
                )
            )
            updates.append({"subject": f"branch:{branch_id}", "year": year, "total": total, "stars": assessment.stars})
    if updates:
        statement = insert(announced_scores).values([{**u, "announced_at": now} for u in updates])
        await connection.execute(
            statement.on_conflict_do_update(
                index_elements=[announced_scores.c.subject, announced_scores.c.year],
                set_={
                    "total": statement.excluded.total,
                    "stars": statement.excluded.stars,
                    "announced_at": statement.excluded.announced_at,
                },
            )
        )
    return found


async def marked_branches(engine: AsyncEngine, limit: int) -> list[tuple[uuid.UUID, int, list[Mark]]]:
    """Up to ``limit`` (branch, year) pairs with marks, each with the marks that lead to it. A member's
    mark leads to the member's current branch; the marks of people no longer known are removed."""
    async with engine.connect() as connection:
        rows = (
            await connection.execute(
                select(dirty_scores.c.subject, dirty_scores.c.year, dirty_scores.c.revision)
                .order_by(dirty_scores.c.year, dirty_scores.c.subject)
                .limit(limit * 50)
            )
        ).all()
        marks = [Mark(subject, year, revision) for subject, year, revision in rows]
        people = {uuid.UUID(m.subject.partition(":")[2]) for m in marks if m.subject.startswith("member:")}
        found = await connection.execute(
            select(f_members.c.member_id, f_members.c.branch_id).where(f_members.c.member_id.in_(people))
        )
        branch_of: dict[uuid.UUID, uuid.UUID] = {row.member_id: row.branch_id for row in found}
    grouped: dict[tuple[uuid.UUID, int], list[Mark]] = {}
    orphans: list[Mark] = []
    for mark in marks:
        kind, _, ident = mark.subject.partition(":")
        branch = branch_of.get(uuid.UUID(ident)) if kind == "member" else uuid.UUID(ident)
        if branch is None:
            orphans.append(mark)
        else:
            grouped.setdefault((branch, mark.year), []).append(mark)
    if orphans:
        async with engine.begin() as connection:
            await _unmark(connection, orphans)
    return [(branch, year, found) for (branch, year), found in list(grouped.items())[:limit]]


async def mark_every_branch(engine: AsyncEngine, years: tuple[int, ...]) -> None:
    """The daily sweep: every branch's scores of these years are looked at again."""
    async with engine.begin() as connection:
        branches = (
            await connection.scalars(
                select(f_units.c.org_unit_id).where(f_units.c.kind == OrgUnitKind.BRANCH.value, ~f_units.c.dissolved)
            )
        ).all()
        if not branches:
            return
        statement = insert(dirty_scores).values(
            [{"subject": f"branch:{b}", "year": y, "revision": 1} for b in branches for y in years]
        )
        await connection.execute(
            statement.on_conflict_do_update(
                index_elements=[dirty_scores.c.subject, dirty_scores.c.year],
                set_={"revision": dirty_scores.c.revision + 1},
            )
        )


async def _unmark(connection: AsyncConnection, marks: list[Mark]) -> None:
    """Remove the marks seen, unless marked again since (then the next round looks again)."""
    if not marks:
        return
    await connection.execute(
        dirty_scores.delete().where(
            or_(
                *(
                    and_(
                        dirty_scores.c.subject == m.subject,
                        dirty_scores.c.year == m.year,
                        dirty_scores.c.revision == m.revision,
                    )
                    for m in marks
                )
            )
        )
    )
