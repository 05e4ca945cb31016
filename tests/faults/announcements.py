"""Scoring's announcements on the wire (``bastion.scoring.scores``): one event per real change, never twice.

Scoring announces a member's total or a branch's total and stars when they change, recording the event and
what it announced (``announced_scores``) in one transaction. So, per subject and year, in partition order
(the key is the subject): no change repeats the one before (same total, and same stars for a branch), and
each names as ``previous`` exactly what the one before announced. A message delivered twice (the same event
id: the outbox publishes at least once) is a redelivery, not a second change; subscribers skip it by id.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from bastion.db import create_engine
from bastion.db.tables import outbox
from bastion.settings import ServiceSettings
from bastion.testing.kafka import read_topic
from bastion.testing.outbox import outbox_events
from bastion_contracts.topics import SCORING_SCORES
from scoring.adapters.generations import for_generation
from scoring.adapters.orm import dirty_scores, generations

Value = tuple[Decimal, int | None]  # total, and stars (branches only)


@dataclass
class Announcements:
    """What the topic held, and what is wrong with it (``problems``: empty when all is well)."""

    changes: int = 0
    subjects: int = 0
    redelivered: int = 0
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        head = f"{self.changes} changes of {self.subjects} subjects, {self.redelivered} redelivered"
        return head if not self.problems else head + ":\n" + "\n".join(f"- {p}" for p in self.problems[:20])


async def settled(scoring: ServiceSettings, *, timeout: float) -> None:
    """Wait until scoring has nothing left to announce: no marks in the live generation, its outbox published."""
    engine = create_engine(scoring.require_database_url(), pool_size=1)
    deadline = time.monotonic() + timeout
    try:
        while True:
            async with engine.connect() as connection:
                live = await connection.scalar(select(generations.c.name).where(generations.c.state == "live"))
                pending = await connection.scalar(
                    select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
                )
            async with for_generation(engine, str(live), kit_tables=False).connect() as connection:
                marks = await connection.scalar(select(func.count()).select_from(dirty_scores))
            if marks == 0 and pending == 0:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"scoring still has {marks} marks and {pending} unpublished announcements")
            await asyncio.sleep(0.5)
    finally:
        await engine.dispose()


async def check_announcements(bootstrap: str, topic_prefix: str, scoring: ServiceSettings) -> Announcements:
    """Every announcement scoring recorded is on the topic, and the topic holds nothing else and no repeated
    change (see the module docstring). Call it once scoring has :func:`settled`."""
    engine = create_engine(scoring.require_database_url(), pool_size=1)
    try:
        recorded = {str(event.id) for event in await outbox_events(engine)}
    finally:
        await engine.dispose()
    records = await read_topic(bootstrap, SCORING_SCORES.qualified(topic_prefix), expected=len(recorded), timeout=30)
    result = Announcements()
    seen: Counter[str] = Counter()
    last: dict[tuple[str, int], Value] = {}
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        event = json.loads(record.value)
        seen[event["id"]] += 1
        if seen[event["id"]] > 1:
            result.redelivered += 1
            continue
        result.changes += 1
        _check_one(result, event, last)
    result.subjects = len(last)
    missing, unknown = recorded - set(seen), set(seen) - recorded
    if missing:
        result.problems.append(f"recorded by scoring but not on the topic: {len(missing)}: {sorted(missing)[:5]}")
    if unknown:
        result.problems.append(f"on the topic but never recorded by scoring: {len(unknown)}: {sorted(unknown)[:5]}")
    return result


def _check_one(result: Announcements, event: dict[str, Any], last: dict[tuple[str, int], Value]) -> None:
    data = event["data"]
    is_branch = "stars" in data
    key = (f"{'branch' if is_branch else 'member'}:{event['subject']}", int(data["year"]))
    now: Value = (Decimal(str(data["total"])), data.get("stars"))
    previous_total = data.get("previous_total")
    previous: Value | None = (
        None
        if previous_total is None
        else (Decimal(str(previous_total)), data.get("previous_stars") if is_branch else None)
    )
    before = last.get(key)
    if before is not None and now == before:
        result.problems.append(f"{key}: the same change announced twice in a row: {now} (event {event['id']})")
    if previous != before:
        result.problems.append(f"{key}: event {event['id']} says the previous was {previous}, but it was {before}")
    last[key] = now
