"""Scoring's batch handler: facts, ledger entries and the scores to re-announce, in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bastion.consumer import ReceivedEvent
from bastion.db.bulk import batch_insert, execute_batch
from bastion.faults import failpoint
from scoring.adapters.orm import dirty_scores
from scoring.ingest import ledger
from scoring.ingest.entries import score_event
from scoring.ingest.facts import store_facts
from scoring.rules import RuleBook


@dataclass(frozen=True, slots=True)
class ScoringHandler:
    """Applies a batch; the same events in any order leave the same facts and ledger."""

    rules: RuleBook
    timezone: str

    async def __call__(self, session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
        await store_facts(session, events)
        postings = []
        for event in events:
            scored = score_event(event.payload, event.envelope.id, self.rules, self.timezone)
            if scored is not None:
                postings.append(ledger.posting(event, scored))
        touched = await ledger.post(session, postings)
        await _mark_dirty(session, events, touched, self.timezone)
        failpoint("scoring.before_batch_commit")


async def _mark_dirty(
    session: AsyncSession, events: Sequence[ReceivedEvent], touched: set[tuple[uuid.UUID, int]], timezone: str
) -> None:
    """Scores to recompute and, if they changed, announce: members with entries, and their branches'."""
    subjects = {(f"member:{member}", year) for member, year in touched}
    years = {year for _, year in touched}
    for event in events:
        branch = getattr(event.payload, "branch_id", None) or getattr(
            getattr(event.payload, "member", None) or getattr(event.payload, "activity", None), "branch_id", None
        )
        if branch is not None:
            # The branch's figures of the event's year, and of any year whose points the batch moved
            # (a correction can land in January for December's meeting).
            for year in {event.envelope.time.astimezone(ZoneInfo(timezone)).year, *years}:
                subjects.add((f"branch:{branch}", year))
    if subjects:
        rows = [{"subject": subject, "year": year, "revision": 1} for subject, year in sorted(subjects)]
        statement = batch_insert(dirty_scores, ["subject", "year", "revision"]).on_conflict_do_update(
            index_elements=[dirty_scores.c.subject, dirty_scores.c.year],
            set_={"revision": dirty_scores.c.revision + 1},
        )
        await execute_batch(session, statement, rows)
