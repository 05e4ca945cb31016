"""With the broker away, roster still accepts members; scoring counts them once it is back.

The broker is made unreachable by cutting the network in front of it (see
``bastion.testing.network``): clients see what they would see of a stopped Kafka broker,
while the broker keeps its log as Kafka does across a restart.
"""

from __future__ import annotations

import asyncio
import time

from bastion.testing import TestStack, running_service
from bastion.testing.network import ReachableBroker
from roster.main import SERVICE as ROSTER
from scoring.main import SERVICE as SCORING
from tests.e2e.helpers import eventually, member_count
from tests.support.roster import create_branch, member_body


async def test_members_registered_during_an_outage_arrive_once_the_broker_is_back(
    stack: TestStack, unreachable_broker: ReachableBroker
) -> None:
    on_own_broker = {"kafka_bootstrap_servers": unreachable_broker.bootstrap_servers}
    async with (
        running_service(ROSTER, await stack.settings_for(ROSTER, **on_own_broker)) as roster,
        running_service(SCORING, await stack.settings_for(SCORING, **on_own_broker)) as scoring,
    ):
        branch = (await create_branch(roster.http))["id"]
        first = await roster.http.post("/members", json=member_body(branch, name="李明"))
        assert (await member_count(scoring.http, branch, first.json()["event_ids"]))["member_count"] == 1

        unreachable_broker.cut()
        during = []
        for index in range(5):
            started = time.monotonic()
            answer = await roster.http.post("/members", json=member_body(branch, name=f"王{index}"))
            assert answer.status_code == 201
            assert time.monotonic() - started < 1.0, "the API answers after the commit, not after a publish"
            during.extend(answer.json()["event_ids"])
        assert (await member_count(scoring.http, branch, []))["member_count"] == 1

        await asyncio.sleep(3)  # long enough for the relay and the consumer to notice
        unreachable_broker.restore()

        async def all_arrived() -> bool:
            return (await member_count(scoring.http, branch, during))["includes_requested_events"] is True

        await eventually(all_arrived, timeout=60, what="the members registered during the outage reach scoring")
        final = await member_count(scoring.http, branch, during)

    assert final["member_count"] == 6
