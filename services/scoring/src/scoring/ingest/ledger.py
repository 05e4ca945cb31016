"""The ledger: one entry per (rule, source event); a superseded event's entries are reversed.

For every fact key (what events are about, e.g. one person's attendance at one meeting) the ledger
holds each event's entries and, for every event but the newest (by ``sequence``), their reversal.
That set does not depend on the order the events arrived in, and entry ids derive from (kind, rule,
member, source event), so a replayed event adds nothing.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, select
from sqlalchemy.ext.asyncio import AsyncSession

from bastion.consumer import ReceivedEvent
from bastion.db.bulk import any_array, batch_insert, execute_batch
from scoring.adapters.orm import ledger, ledger_keys
from scoring.ingest.scorers import Entry, Scored

LEDGER_NAMESPACE = uuid.UUID("6b2c7f0e-0d1a-4f57-9d8e-1c2b3a4d5e6f")


@dataclass(frozen=True, slots=True)
class Posting:
    """A scored event as the ledger needs it."""

    event_id: uuid.UUID
    event_type: str
    sequence: int
    scored: Scored


def posting(event: ReceivedEvent, scored: Scored) -> Posting:
    return Posting(event.envelope.id, event.envelope.type, event.envelope.sequence, scored)


def _entry_id(kind: str, entry_rule: str, member: uuid.UUID, source: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(LEDGER_NAMESPACE, f"{kind}:{entry_rule}:{member}:{source}")


def _row(p: Posting, entry: Entry) -> dict[str, Any]:
    return {
        "entry_id": _entry_id("entry", entry.rule, entry.member_id, p.event_id),
        "member_id": entry.member_id,
        "branch_id": entry.branch_id,
        "year": p.scored.year,
        "category": entry.category,
        "rule": entry.rule,
        "delta": entry.delta,
        "rule_set_version": p.scored.rule_set_version,
        "source_event_id": p.event_id,
        "source_event_type": p.event_type,
        "kind": "entry",
        "reverses": None,
        "occurred_at": p.scored.occurred_at,
        "note": entry.note,
    }


def _reversal(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "entry_id": _entry_id("reversal", row["rule"], row["member_id"], row["source_event_id"]),
        "delta": -row["delta"],
        "kind": "reversal",
        "reverses": row["entry_id"],
        "note": f"更正：撤销「{row['note']}」",
    }


async def post(session: AsyncSession, postings: Sequence[Posting]) -> set[tuple[uuid.UUID, int]]:
    """Write the postings' entries and the reversals superseding calls for; the (member, year) touched."""
    by_key: dict[str, list[Posting]] = defaultdict(list)
    for p in postings:
        by_key[p.scored.fact_key].append(p)
    current = await _current_winners(session, list(by_key))
    rows: list[dict[str, Any]] = []
    winners: list[dict[str, Any]] = []
    for key, group in by_key.items():
        winner = max(group, key=lambda p: p.sequence)
        known = current.get(key)
        for p in group:
            entries = [_row(p, entry) for entry in p.scored.entries]
            rows += entries
            if p is not winner or (known is not None and known[1] > winner.sequence):
                rows += [_reversal(row) for row in entries]
        if known is not None and known[1] < winner.sequence:
            rows += [_reversal(row) for row in await _entries_of(session, known[0])]
        if known is None or known[1] < winner.sequence:
            winners.append({"fact_key": key, "event_id": winner.event_id, "sequence": winner.sequence})
    if rows:
        await execute_batch(session, batch_insert(ledger, list(rows[0])).on_conflict_do_nothing(), rows)
    if winners:
        statement = batch_insert(ledger_keys, ["fact_key", "event_id", "sequence"])
        await execute_batch(
            session,
            statement.on_conflict_do_update(
                index_elements=[ledger_keys.c.fact_key],
                set_={"event_id": statement.excluded.event_id, "sequence": statement.excluded.sequence},
                where=ledger_keys.c.sequence < statement.excluded.sequence,
            ),
            winners,
        )
    return {(row["member_id"], row["year"]) for row in rows}


async def _current_winners(session: AsyncSession, keys: list[str]) -> dict[str, tuple[uuid.UUID, int]]:
    if not keys:
        return {}
    found = await session.execute(select(ledger_keys).where(ledger_keys.c.fact_key == any_array(keys, Text)))
    return {row.fact_key: (row.event_id, row.sequence) for row in found}


async def _entries_of(session: AsyncSession, event_id: uuid.UUID) -> list[dict[str, Any]]:
    found = await session.execute(select(ledger).where(ledger.c.source_event_id == event_id, ledger.c.kind == "entry"))
    return [dict(row._mapping) for row in found]
