"""An operator's view of poison messages: activity's consumer meets a roster event that fails its schema,
dead-letters it, parks the member's later event behind it, and ``bastion dead-letters`` lists, shows,
redrives and skips it (the command runs as a separate process, as an operator would run it)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from activity.main import SERVICE as ACTIVITY
from activity.projections import CONSUMER_NAME
from bastion.events import CloudEvent
from bastion.testing import TestStack, running_service
from bastion.testing.kafka import envelope, produce
from bastion_contracts import ROSTER_MEMBERS
from bastion_contracts.roster import MemberRegistered, MemberUpdated
from bastion_contracts.testing import member_snapshot

# A system of processes (seconds to a minute each): in `make test-slow`, beside the fault tests.
pytestmark = pytest.mark.slow


def dead_letters(database_url: str, *args: str) -> str:
    """Run ``bastion dead-letters activity ...`` with the service's settings, as an operator would."""
    env = {**os.environ, "ACTIVITY_DATABASE_URL": database_url}
    done = subprocess.run(
        [sys.executable, "-m", "bastion.cli", "dead-letters", "activity", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


async def applied(http: httpx.AsyncClient, event: CloudEvent, wait: float = 10) -> bool:
    answer = await http.get("/consumption", params={"after": [str(event.id)], "wait_seconds": wait})
    return bool(answer.json()["applied"])


async def until_listed(database_url: str, text: str) -> str:
    for _ in range(100):
        listing = await asyncio.to_thread(dead_letters, database_url, "list")
        if text in listing:
            return listing
        await asyncio.sleep(0.3)
    raise AssertionError(f"{text!r} never listed:\n{listing}")


async def until_shown(database_url: str, letter: str, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    for _ in range(100):
        shown: dict[str, Any] = json.loads(await asyncio.to_thread(dead_letters, database_url, "show", letter))
        if done(shown):
            return shown
        await asyncio.sleep(0.3)
    raise AssertionError(f"dead letter {letter} never got there: {shown}")


async def test_a_poison_event_is_listed_shown_redriven_and_skipped_by_the_operator(stack: TestStack) -> None:
    settings = await stack.settings_for(ACTIVITY)
    url, topic = settings.require_database_url(), ROSTER_MEMBERS.qualified(settings.kafka_topic_prefix)
    branch, member, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    registered = envelope(MemberRegistered(member=member_snapshot(member, branch, "张伟")), sequence=1)
    broken = registered.model_copy(update={"id": uuid.uuid4(), "data": {"member": {"member_id": str(member)}}})
    updated = envelope(
        MemberUpdated(member=member_snapshot(member, branch, "张伟", position="班长"), changed_fields=["position"]),
        sequence=2,
    )
    unrelated = envelope(MemberRegistered(member=member_snapshot(other, branch, "李娜")), sequence=1)

    async with running_service(ACTIVITY, settings) as activity:
        await produce(settings.kafka_bootstrap_servers, topic, [broken, updated, unrelated])
        assert await applied(activity.http, unrelated), "another member's event flows on"
        listing = await until_listed(url, "parked")
        assert not await applied(activity.http, updated, wait=0.5), "the member's later event waits"

        rows = [line.split() for line in listing.splitlines()[1:]]
        dead = next(row for row in rows if row[1] == "dead")
        assert dead[2:4] == ["invalid_data", CONSUMER_NAME]
        assert [row[1] for row in rows] == ["dead", "parked"]
        shown = json.loads(await asyncio.to_thread(dead_letters, url, "show", dead[0]))
        assert shown["event_id"] == str(broken.id)
        assert "member" in shown["reason"]
        assert shown["original"]["data"] == {"member": {"member_id": str(member)}}

        # Redriven with the data still broken: it fails again and stays dead, with one more attempt.
        await asyncio.to_thread(dead_letters, url, "redrive", dead[0], "--note", "ops: try again")
        again = await until_shown(url, dead[0], lambda letter: letter["state"] != "redrive")
        assert (again["state"], again["attempts"]) == ("dead", 2)

        said = await asyncio.to_thread(dead_letters, url, "skip", dead[0], "--note", "ops: roster re-sent it")
        assert "skipped" in said
        assert await applied(activity.http, updated), "the parked event follows once the letter is skipped"
        metrics = (await activity.http.get("/metrics")).text

    everything = await asyncio.to_thread(dead_letters, url, "list", "--all")
    assert "skipped" in everything
    assert "applied" in everything
    counted = f'bastion_dead_letters_total{{consumer="{CONSUMER_NAME}",kind="invalid_data",topic="{topic}"}} 1.0'
    assert counted in metrics
