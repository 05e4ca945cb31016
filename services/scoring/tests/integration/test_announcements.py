"""Scoring announces real changes, once: ``bastion.scoring.*`` events on the broker, read as a subscriber would."""

from __future__ import annotations

import asyncio
import json
import uuid
from decimal import Decimal
from typing import Any

import httpx

from bastion.clock import local_today
from bastion.events import CloudEvent
from bastion.testing import TestStack, running_service
from bastion.testing.kafka import produce, read_topic
from bastion_contracts.topics import SCORING_SCORES
from bastion_contracts.vocabulary import HonourLevel
from scoring.main import SERVICE
from tests.support.scoring import TIMEZONE, branch_created, honour, member_registered, publish

MEMBER_CHANGED = "bastion.scoring.member_score.changed.v1"
BRANCH_CHANGED = "bastion.scoring.branch_assessment.changed.v1"


async def applied(http: httpx.AsyncClient, events: list[CloudEvent]) -> None:
    answer = await http.get("/consumption", params={"after": [str(e.id) for e in events], "wait_seconds": 10})
    assert answer.json()["applied"], answer.text


async def announcements(bootstrap: str, prefix: str, expected: int) -> list[dict[str, Any]]:
    """Every announcement so far, once at least ``expected`` arrived and the announcer had time for more."""
    topic = SCORING_SCORES.qualified(prefix)
    await read_topic(bootstrap, topic, expected=expected, timeout=20)
    await asyncio.sleep(2)  # an extra (wrong) announcement would arrive within the announcer's rounds
    everything = await read_topic(bootstrap, topic, expected=expected + 1000, timeout=2)
    return sorted((json.loads(record.value) for record in everything), key=lambda e: str(e["time"]))


async def test_totals_and_stars_are_announced_once_and_again_only_when_they_change(stack: TestStack) -> None:
    settings = await stack.settings_for(SERVICE)
    prefix, bootstrap = settings.kafka_topic_prefix, stack.kafka_bootstrap
    branch, members = uuid.uuid4(), [uuid.uuid4() for _ in range(3)]
    year = local_today(TIMEZONE).year
    async with running_service(SERVICE, settings) as scoring:
        first = await publish(
            bootstrap,
            prefix,
            [branch_created(branch), *(member_registered(m, branch, f"党员{i}") for i, m in enumerate(members))],
        )
        await applied(scoring.http, first)
        initial = await announcements(bootstrap, prefix, expected=4)

        card = (await scoring.http.get(f"/members/{members[0]}/score-card", params={"year": year})).json()
        assessment = (await scoring.http.get(f"/branches/{branch}/assessment", params={"year": year})).json()

        awarded = honour(members[0], branch, HonourLevel.PROVINCIAL, local_today(TIMEZONE))
        second = await publish(bootstrap, prefix, [awarded])
        await applied(scoring.http, second)
        after_honour = await announcements(bootstrap, prefix, expected=5)
        card_after = (await scoring.http.get(f"/members/{members[0]}/score-card", params={"year": year})).json()

        # The same event delivered again (a producer's retry) moves nothing, so says nothing.
        await produce(bootstrap, awarded.topic.qualified(prefix), second)
        await applied(scoring.http, second)
        after_duplicate = await announcements(bootstrap, prefix, expected=len(after_honour))

    # A restart sweeps every branch again (time alone can move scores): nothing moved, nothing is said.
    async with running_service(SERVICE, settings) as scoring:
        await asyncio.sleep(2)
        after_restart = await announcements(bootstrap, prefix, expected=len(after_honour))
    this_year = [e for e in after_restart if e["data"]["year"] == year]  # in January, last year's are final

    by_type = {kind: [e for e in initial if e["type"] == kind] for kind in (MEMBER_CHANGED, BRANCH_CHANGED)}
    assert sorted(e["data"]["member_id"] for e in by_type[MEMBER_CHANGED]) == sorted(map(str, members))
    assert all(e["data"]["previous_total"] is None for e in initial)
    first_card = next(e["data"] for e in by_type[MEMBER_CHANGED] if e["data"]["member_id"] == str(members[0]))
    assert Decimal(first_card["total"]) == Decimal(str(card["total"]))
    assert first_card["year"] == year
    assert first_card["appraisal_band"] == card["band"]
    assert [e["data"]["stars"] for e in by_type[BRANCH_CHANGED]] == [assessment["stars"]]
    assert all(e["subject"] in {str(branch), *map(str, members)} for e in initial)

    new = after_honour[len(initial) :]
    moved = [e["data"] for e in new if e["type"] == MEMBER_CHANGED]
    assert [m["member_id"] for m in moved] == [str(members[0])], "only the honoured member's total moved"
    assert Decimal(moved[0]["previous_total"]) == Decimal(first_card["total"])
    assert Decimal(moved[0]["total"]) == Decimal(str(card_after["total"])) == Decimal(first_card["total"]) + 5
    assert len(after_duplicate) == len(after_honour)
    assert len(this_year) == len(after_honour)
